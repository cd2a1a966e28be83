/**
 * The embedded database's reads as the API runs them: a parameterised read is prepared once (SQL `PREPARE`, then
 * `EXECUTE` with its parameters as literals) so that PGlite plans it once, with answers identical to the
 * unprepared path for every kind of value, and the same errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { PUBLIC, planFilter, readSlice } from "@ilms/query";
import { createTestDb } from "../helpers/db";
import { loadSyntheticT05 } from "../helpers/synthetic-t05";
import type { TestDb } from "../helpers/db";

/** Statements the handle prepared (PREPARE from SQL shows as `from_sql`). */
const PREPARED = "select statement, generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where from_sql";

describe("prepared reads [pglite]", () => {
  let test: TestDb;
  let unprepared: DbHandle;
  beforeAll(async () => {
    test = await createTestDb("pglite");
    await loadSyntheticT05(test.handle, 12_000);
    unprepared = await openDb({ dataDir: "memory", preparedStatements: false });
    await unprepared.migrate();
    await seedReferenceData(unprepared);
    await loadSyntheticT05(unprepared, 12_000);
  });
  afterAll(async () => {
    await unprepared?.close();
    await test?.dispose();
  });

  const preparedLike = async (db: DbHandle, start: string) =>
    (await db.query<{ statement: string; generic: number; custom: number }>(PREPARED)).filter(
      (s) => s.statement.startsWith("prepare ") && s.statement.includes(start),
    );

  it("prepares a repeated read once per size class of its arrays, and PostgreSQL may keep its plan", async () => {
    const text = "select code from codes where codelist_id = $1 and code = any($2::text[]) order by code";
    for (let i = 0; i < 8; i++)
      expect(await test.handle.query(text, ["SEX", ["SEX_F", "SEX_M"]])).toEqual([{ code: "SEX_F" }, { code: "SEX_M" }]);
    const areas = (
      await test.handle.query<{ code: string }>("select code from codes where codelist_id = 'AREA' order by code limit 30")
    ).map((r) => r.code);
    expect(await test.handle.query(text, ["AREA", areas])).toHaveLength(30);
    const statements = await preparedLike(test.handle, text);
    expect(statements).toHaveLength(2); // lists of two codes and of thirty are statements of their own
    expect(statements.find((s) => s.statement.includes("up to 4 */"))).toMatchObject({ custom: expect.any(Number) });
    // A lookup by key: after five plans for its values, PostgreSQL keeps the generic one (plan_cache_mode = auto).
    const lookup = "select code from codes where codelist_id = $1 and code = $2";
    for (let i = 0; i < 8; i++) expect(await test.handle.query(lookup, ["SEX", "SEX_F"])).toEqual([{ code: "SEX_F" }]);
    expect(await preparedLike(test.handle, lookup)).toMatchObject([{ custom: 5, generic: 3 }]);
  });

  it("answers exactly as the unprepared path for every kind of parameter", async () => {
    const text = `select $1::text as t, $2::int as i, $3::numeric as n, $4::boolean as b, $5::text as nul,
      $6::text[] as arr, $7::int[] as ints, array_length($6::text[], 1) as len where $2::int > -1`;
    const cases: unknown[][] = [
      ["it's", 2024, 1.5, true, null, ["a", "b"], [1, 2]],
      ["back\\slash \"quoted\" ''", -0, 1e-7, false, null, ["co,ma", 'qu"ote', "back\\slash", "", null, "{brace}", "NULL"], []],
      ["ünïcödé — 中文", 0, 123456789012, true, "x", [], [null, 3]],
    ];
    for (const params of cases) expect(await test.handle.query(text, params)).toEqual(await unprepared.query(text, params));
    // Arrays of 2 and 2, 7 and 0, 0 and 2 items: three size classes, three statements.
    expect(await preparedLike(test.handle, "select $1::text as t")).toHaveLength(3);
  });

  it("runs as given what PREPARE cannot spell or refuses, with the error the caller would have had", async () => {
    const json = "select $1::jsonb ->> 'a' as a where $2::int = 1";
    expect(await test.handle.query(json, [{ a: "x" }, 1])).toEqual([{ a: "x" }]); // an object: not a literal
    // A NUL character would end EXECUTE's text: bound as given, it gets PostgreSQL's own refusal.
    const nul = "select code from codes where codelist_id = $1 and label ilike $2";
    const refusal = (db: DbHandle) =>
      db.query(nul, ["AREA", "%a\0b%"]).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    expect(await refusal(test.handle)).toBe(await refusal(unprepared));
    expect(await refusal(test.handle)).not.toBe("08P01");
    const bad = "select nosuchcolumn from codes where codelist_id = $1";
    const errorOf = (db: DbHandle) =>
      db.query(bad, ["SEX"]).then(
        () => null,
        (e: { message: string; position?: string }) => e,
      );
    const [prepared, plain] = await Promise.all([errorOf(test.handle), errorOf(unprepared)]);
    expect(prepared?.message).toBe('column "nosuchcolumn" does not exist');
    expect(prepared?.position).toBe(plain?.position);
    expect(await errorOf(test.handle)).toMatchObject({ message: prepared!.message, position: plain!.position });
    expect(await preparedLike(test.handle, "select nosuchcolumn")).toHaveLength(0);
  });

  it("prepares afresh what was deallocated", async () => {
    const text = "select count(*)::int as n from codes where codelist_id = $1";
    expect(await test.handle.query(text, ["SEX"])).toEqual([{ n: 4 }]);
    await test.handle.query("deallocate all");
    expect(await test.handle.query(text, ["SEX"])).toEqual([{ n: 4 }]);
    expect(await preparedLike(test.handle, text)).toHaveLength(1);
  });

  it("prepares nothing inside a transaction, nor when turned off", async () => {
    const write = "select count(*)::int as n from codes where codelist_id = $1 and code <> $2";
    await test.handle.transaction((tx) => tx.query(write, ["SEX", "SEX_T"]));
    expect(await preparedLike(test.handle, write)).toHaveLength(0);
    await unprepared.query("select count(*)::int as n from codes where codelist_id = $1", ["SEX"]);
    expect(await unprepared.query(PREPARED)).toEqual([]);
  });

  it("reads the same slices prepared or not", async () => {
    for (const refArea of [["BRN"], ["ASEAN"], ["BRN"]]) {
      const plan = planFilter({ table: 5, refArea });
      const [prepared, plain] = [await readSlice(test.handle, plan, PUBLIC), await readSlice(unprepared, plan, PUBLIC)];
      expect(prepared.encoded).toEqual(plain.encoded);
      expect(prepared.dimensions).toEqual(plain.dimensions);
      expect(prepared.encoded!.cells).toBeGreaterThan(0);
    }
  });
});
