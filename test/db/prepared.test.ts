/**
 * PostgreSQL reads as the API runs them: parameterised statements prepared once per connection and size class of
 * their arrays (named statements whose plan PostgreSQL may keep), never queued behind another statement on a busy
 * connection, and a request's guarded reads read-only under the statement timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, readOnly } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { PUBLIC, guardReads, planFilter, readSlice } from "@ilms/query";
import { TEST_DATABASE_URL, createTestDb } from "../helpers/db";
import { countingProxy } from "../helpers/proxy";
import { loadSyntheticT05 } from "../helpers/synthetic-t05";
import type { TestDb } from "../helpers/db";

const PREPARED = "select statement from pg_prepared_statements where not from_sql";

describe.skipIf(!TEST_DATABASE_URL)("prepared and bounded reads [postgres]", () => {
  let test: TestDb;
  let one: DbHandle;
  let unprepared: DbHandle;
  beforeAll(async () => {
    test = await createTestDb("postgres");
    // Brunei, Cambodia, Indonesia and part of Laos: a country and a group of very different sizes.
    await loadSyntheticT05(test.handle, 110_000);
    // One connection each, so that the catalogue of prepared statements read is the one the statements used.
    one = await openDb({ url: test.url, max: 1 });
    unprepared = await openDb({ url: test.url, max: 1, preparedStatements: false });
  });
  afterAll(async () => {
    await one?.close();
    await unprepared?.close();
    await test?.dispose();
  });

  it("prepares a parameterised read once per connection and size class of its arrays", async () => {
    const text = "select code from codes where codelist_id = $1 and code = any($2::text[]) order by code";
    for (let i = 0; i < 8; i++) expect(await one.query(text, ["SEX", ["SEX_F", "SEX_M"]])).toEqual([{ code: "SEX_F" }, { code: "SEX_M" }]);
    const areas = (await one.query<{ code: string }>("select code from codes where codelist_id = 'AREA' order by code limit 30")).map(
      (r) => r.code,
    );
    expect(await one.query(text, ["AREA", areas])).toHaveLength(30);
    expect(await one.query(text, ["AREA", areas.slice(0, 3)])).toHaveLength(3); // the class of two codes (up to 4)
    const statements = await one.query<{ statement: string }>(
      "select statement from pg_prepared_statements where not from_sql and statement like $1",
      [`${text}%`],
    );
    // Two statements: lists of 2 and 3 codes share one, 30 codes have their own.
    expect(statements.map((s) => s.statement.slice(text.length).trim()).sort()).toEqual([
      "/* array sizes up to 4 */",
      "/* array sizes up to 64 */",
    ]);
  });

  it("plans a repeated statement once: PostgreSQL may keep a generic plan after five planned for their values", async () => {
    // PostgreSQL's own choice (plan_cache_mode = auto): here a generic plan costs what a planned one does. On the
    // bench's database the small slice's statement is kept too; there it saves 0.3 ms of 1.7 ms per request.
    const text = "select count(*)::int as n from codes where codelist_id = $1";
    for (let i = 0; i < 8; i++) expect(await one.query(text, ["SEX"])).toEqual([{ n: 4 }]);
    const [plans] = await one.query<{ generic: number; custom: number }>(
      "select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement = $1",
      [text],
    );
    expect(plans).toEqual({ custom: 5, generic: 3 });
  });

  it("prepares nothing when turned off, and nothing in a write transaction", async () => {
    const text = "select count(*)::int as n from codes where codelist_id = $1";
    expect(await unprepared.query(text, ["SEX"])).toEqual(await one.query(text, ["SEX"]));
    const prepared = async (db: DbHandle, t: string) =>
      (await db.query<{ statement: string }>(PREPARED)).some((r) => r.statement.startsWith(t));
    expect(await prepared(unprepared, text)).toBe(false);
    const write = "select count(*)::int as n from codes where codelist_id = $1 and code <> $2";
    await one.transaction((tx) => tx.query(write, ["SEX", "SEX_T"]));
    expect(await prepared(one, write)).toBe(false);
  });

  it("answers a slice of one country and of a whole group alike, prepared or not", async () => {
    const sizes: number[] = [];
    for (const refArea of [["IDN"], ["ASEAN"], ["IDN"]]) {
      const plan = planFilter({ table: 5, refArea, timeFrom: 2021 });
      const [prepared, plain] = await Promise.all([readSlice(one, plan, PUBLIC), readSlice(unprepared, plan, PUBLIC)]);
      expect(prepared.encoded).toEqual(plain.encoded);
      expect(prepared.dimensions).toEqual(plain.dimensions);
      sizes.push(prepared.encoded!.cells);
    }
    expect(sizes[0]).toBe(4 * 3 * 112 * 3);
    expect(sizes[1]).toBe(3 * sizes[0]!); // BRN, KHM and IDN (LAO has only early years)
  });

  it.each([
    ["prepared, with parameters", "select pg_sleep($1::float8) as slept", (s: number) => [s]],
    ["without parameters", "select pg_sleep(%s) as slept", () => undefined],
  ])("waits for the first free connection, never behind a long statement on a busy one (%s)", async (_, text, params) => {
    // Two connections: a long statement holds the first, a short one the second. A third statement belongs on
    // the second once it is free, not in the first's pipeline behind the long one (postgres.js pipelines a
    // statement it need not describe first onto a busy connection unless told otherwise).
    const two = await openDb({ url: test.url, max: 2 });
    const sleep = (seconds: number) => two.query(text.replace("%s", String(seconds)), params(seconds));
    try {
      await Promise.all([sleep(0), sleep(0)]); // both connected (and the statement prepared)
      const started = performance.now();
      const long = sleep(1.5);
      const short = sleep(0.1);
      const third = sleep(0).then(() => performance.now() - started);
      await short;
      expect(await third).toBeLessThan(1_000);
      await long;
    } finally {
      await two.close();
    }
  });

  it("sends a request's guarded read, its transaction and its timeout to the server in one round trip", async () => {
    // A TCP proxy between the pool and the server counts what the client writes: one burst per round trip.
    const proxy = await countingProxy(test.url!);
    const pool = await openDb({ url: proxy.url, max: 1 });
    try {
      const guarded = guardReads(pool, { signal: new AbortController().signal, statementTimeoutMs: 2_000 });
      const text = "select count(*)::int as n from codes where codelist_id = $1";
      await guarded.query(text, ["SEX"]); // connected, and the statement prepared
      await new Promise((r) => setTimeout(r, 50));
      proxy.reset();
      expect(await guarded.query(text, ["SEX"])).toEqual(await test.handle.query(text, ["SEX"]));
      expect(proxy.bursts()).toBe(1); // begin, setting, statement and commit in one write (four round trips before)
      // A refused statement rolls its transaction back; the one connection serves the next read as before.
      await expect(guarded.query("insert into collection_rounds (code, title, reference_year) values ('RT', 'x', 2024)")).rejects.toThrow(
        /read-only transaction/,
      );
      await expect(guarded.query("select pg_sleep(3)")).rejects.toThrow(/statement timeout/);
      expect(await guarded.query(text, ["SEX"])).toEqual(await test.handle.query(text, ["SEX"]));
      expect(await pool.query<{ ro: string }>("select current_setting('transaction_read_only') as ro")).toEqual([{ ro: "off" }]);
    } finally {
      await pool.close();
      await proxy.close();
    }
  });

  it("sends a guarded read to a read replica in one round trip too, and to the primary when asked", async () => {
    // The "replica" is the server itself behind the proxy (a server not in recovery counts as current): what
    // the proxy counts is the replica's traffic only. Lag checks, once a second, may add one burst.
    const proxy = await countingProxy(test.url!);
    const db = await openDb({ url: test.url!, replicaUrls: [proxy.url], max: 1 });
    try {
      const text = "select count(*)::int as n from codes where codelist_id = $1";
      const read = (primary: boolean) =>
        guardReads(db, { signal: new AbortController().signal, statementTimeoutMs: 2_000, primary: () => primary }).query(text, ["SEX"]);
      await read(false); // the replica's connection made, and the statement prepared there
      proxy.reset();
      for (let i = 0; i < 5; i++) expect(await read(false)).toEqual([{ n: 4 }]);
      const replicaBursts = proxy.bursts();
      expect(replicaBursts).toBeGreaterThanOrEqual(5); // served by the replica
      expect(replicaBursts).toBeLessThanOrEqual(6); // one write each (four before, in a transaction)
      proxy.reset();
      for (let i = 0; i < 5; i++) expect(await read(true)).toEqual([{ n: 4 }]);
      expect(proxy.bursts()).toBeLessThanOrEqual(1); // read-after-write: the primary answered
      // The read-only handle outside requests (SDMX answers from a replica) takes the same path.
      proxy.reset();
      for (let i = 0; i < 5; i++) expect(await readOnly(db).query(text, ["SEX"])).toEqual([{ n: 4 }]);
      expect(proxy.bursts()).toBeGreaterThanOrEqual(5);
      expect(proxy.bursts()).toBeLessThanOrEqual(6); // three each before (begin, statement, commit)
      await expect(
        readOnly(db).query("insert into collection_rounds (code, title, reference_year) values ('RO', 'x', 2024)"),
      ).rejects.toThrow(/read-only transaction/);
      await expect(
        guardReads(db, { signal: new AbortController().signal, statementTimeoutMs: 2_000 }).query(
          "insert into collection_rounds (code, title, reference_year) values ('RR', 'x', 2024)",
        ),
      ).rejects.toThrow(/read-only transaction/);
    } finally {
      await db.close();
      await proxy.close();
    }
  });

  it.each([
    ["a request's one-round-trip read (a reserved connection)", true],
    ["a statement on the pool", false],
  ])("serves on after the backend under %s is killed", async (_, guardedRead) => {
    // postgres.js kept a dead reserved connection among the open ones, and a connection closed mid-statement
    // replayed that statement's error onto the next one it connected for: reads then failed for good
    // (scripts/patch-postgres.mjs).
    const db = await openDb({ url: test.url!, max: 1, unavailableRetryMs: 50 });
    try {
      const reader = guardedRead ? guardReads(db, { signal: new AbortController().signal, statementTimeoutMs: 5_000 }) : db;
      const [{ pid }] = (await reader.query<{ pid: number }>("select pg_backend_pid() as pid")) as [{ pid: number }];
      const sleeping = reader.query("select pg_sleep(2)");
      await new Promise((r) => setTimeout(r, 200));
      await test.handle.query("select pg_terminate_backend($1)", [pid]);
      await expect(sleeping).rejects.toThrow();
      // The circuit breaker refuses for its retry interval; then the pool reconnects and reads again.
      const answers: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        await new Promise((r) => setTimeout(r, 150));
        answers.push(
          await reader.query<{ n: number }>("select 1 as n").then(
            (rows) => JSON.stringify(rows),
            (error: Error) => error.message,
          ),
        );
      }
      expect(answers.slice(-3)).toEqual(Array(3).fill('[{"n":1}]'));
    } finally {
      await db.close();
    }
  });

  it("runs a request's guarded reads read-only and under the timeout", async () => {
    const guarded = guardReads(test.handle, { signal: new AbortController().signal, statementTimeoutMs: 300 });
    const settings = await guarded.query<{ ro: string; timeout: string }>(
      "select current_setting('transaction_read_only') as ro, current_setting('statement_timeout') as timeout",
    );
    expect(settings).toEqual([{ ro: "on", timeout: "300ms" }]);
    await expect(guarded.query("insert into collection_rounds (code, title, reference_year) values ('PR', 'x', 2024)")).rejects.toThrow(
      /read-only transaction/,
    );
    await expect(guarded.query("select pg_sleep(2)")).rejects.toThrow(/statement timeout/);
    // The handle itself still writes, and its sessions keep no timeout.
    expect(await test.handle.query<{ timeout: string }>("select current_setting('statement_timeout') as timeout")).toEqual([
      { timeout: "0" },
    ]);
  });
});
