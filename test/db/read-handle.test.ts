/**
 * The read handle the query engine takes: every statement runs in a read-only transaction, so the database
 * itself refuses a write that reaches it through a read path; reads through it answer as through the full handle.
 */
import { expect, it } from "vitest";
import { readOnly } from "@ilms/db";
import { PUBLIC, countCells, guardReads, listSources, planFilter } from "@ilms/query";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";

describeOnDrivers("read handle", (db: () => TestDb, driver) => {
  it("refuses writes in the database and reads like the full handle", async () => {
    const h = db().handle;
    const reader = readOnly(h);
    expect(readOnly(h)).toBe(reader);
    await expect(
      reader.query("insert into collection_rounds (code, title, reference_year) values ('RO', 'read only', 2024)"),
    ).rejects.toThrow(/read-only transaction/);
    await expect(reader.query("update codes set labels = labels where false")).rejects.toThrow(/read-only transaction/);
    expect(await h.query("select 1 from collection_rounds where code = 'RO'")).toEqual([]);

    await h.query("insert into data_sources (code, ref_area, name) values ('BA:RO1', 'THA', 'Labour Force Survey')");
    expect(await listSources(reader, true, ["THA"])).toEqual(await listSources(h, true, ["THA"]));
    expect(await countCells(reader, planFilter({ indicator: "MNA_OEMP_SEX_CDS_NB" }), PUBLIC)).toBe(0);
    // The full handle still writes (imports and governance go through it).
    await h.query("delete from data_sources where code = 'BA:RO1'");
  });

  it("runs a GraphQL query's statements read-only on PostgreSQL (the request guard), and mutations' freely", async () => {
    const h = db().handle;
    let active = true;
    const guarded = guardReads(h, { signal: new AbortController().signal, statementTimeoutMs: 5_000, active: () => active });
    const insert = "insert into collection_rounds (code, title, reference_year) values ('RG', 'guarded', 2024)";
    if (driver === "postgres") await expect(guarded.query(insert)).rejects.toThrow(/read-only transaction/);
    else await guarded.query("select 1"); // PGlite ignores statement_timeout: its guard runs no transaction
    expect(await guarded.query<{ n: number }>("select 1 as n")).toEqual([{ n: 1 }]);
    active = false; // a mutation turns the guard off
    await guarded.query(insert);
    await h.query("delete from collection_rounds where code = 'RG'");
  });
});

describeOnDrivers("session settings", (db: () => TestDb, driver) => {
  it("opens PostgreSQL connections with JIT off, on the main pool, the priority lane and the read handle", async () => {
    // PGlite is built without LLVM: nothing to turn off there.
    if (driver !== "postgres") return;
    const h = db().handle;
    const jit = async (r: { query: typeof h.query }) => (await r.query<{ jit: string }>("show jit"))[0]!.jit;
    // The server's own default is on (PostgreSQL 11+); the product's sessions say off.
    expect(await jit(h)).toBe("off");
    expect(await jit(readOnly(h))).toBe("off");
    expect(await jit(h.priority ?? h)).toBe("off");
  });
});
