/**
 * Writes made by another process reach the API's caches at once (issue 16's closing note). The real API runs as
 * a child process on a fresh database; anonymous answers are fetched twice (the second from the response cache,
 * `X-Cache: HIT`); then the real `ilms` CLI, another child process, imports French labels
 * (`ilms codelist labels import FILE --lang fr`) and applies a region file that narrows the tables the region
 * collects (`ilms region apply`): the very next anonymous answers show the change (polled for at most 2 s; the
 * cache's max-age is 60 s), through the response cache, the label cache and the active region's expectations.
 *
 * PostgreSQL: every such write signals `ilms_data_changed` at commit and the API listens on the primary; a
 * rolled-back write signals nothing; a lost listening connection, once back, drops the caches (a change made
 * meanwhile is not served stale from before); with Redis, two API processes are both fresh after one write.
 * PGlite: the CLI works through the API's socket, after every exchange on which the API drops its caches (the
 * same first scenario runs on it; the notification parts do not apply).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHANGE_LISTENER_NAME, DATA_CHANGED_CHANNEL } from "@ilms/db";
import { TEST_SECRET } from "../helpers/auth";
import { startApiChild, stopApiChildren } from "../helpers/child";
import type { ApiChild } from "../helpers/child";
import { ilms } from "../helpers/cli";
import { DRIVERS, createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";

const ASEAN = fileURLToPath(new URL("../../regions/asean.yaml", import.meta.url));
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

/** Far below the response cache's max-age (60 s), and above a notification's way on a loaded machine. */
const FRESH_WITHIN_MS = 2_000;
/** Starting the API (migrations, seed, demo data) and each CLI call take seconds on a loaded machine. */
const TIMEOUT = 300_000;

// Thailand in table 15 of the demo data: a slice labels its codes through the API's label cache.
const SLICE = `{ slice(filter: { table: 15, refArea: ["THA"], sex: ["SEX_T"] }, dimensions: [{ dimension: "refArea" }, { dimension: "destination" }, { dimension: "time" }]) {
  dimensions { codes { code label(lang: "fr") } } } }`;
const QUALITY = `{ qualityMap(countries: ["ASEAN"], yearFrom: 2015, yearTo: 2024) { table } }`;
const GAPS = `{ gaps(yearFrom: 2015, yearTo: 2024) { tables } }`;

/** The API as a child process, with the demo data and no rate limit. */
const startApi = (env: Record<string, string>) =>
  startApiChild({ ILMS_DEMO_DATA: "true", ILMS_JWT_SECRET: TEST_SECRET, ILMS_RATE_LIMIT: "0", ...env });

/** An anonymous GET, as a browser or a chart embed asks: the body and whether the response cache answered. */
async function anonymous(api: ApiChild, query: string): Promise<{ data: any; cache: string | null }> {
  const res = await fetch(`${api.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: "application/json" } });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return { data: body.data, cache: res.headers.get("x-cache") };
}

/** Asks until `ok` holds of the answer or `withinMs` have passed; the last answer and how long it took. */
async function poll(api: ApiChild, query: string, ok: (data: any) => boolean, withinMs = FRESH_WITHIN_MS) {
  const started = Date.now();
  for (;;) {
    const answer = await anonymous(api, query);
    const ms = Date.now() - started;
    if (ok(answer.data) || ms > withinMs) return { ...answer, ms, ok: ok(answer.data) };
    await new Promise((r) => setTimeout(r, 50));
  }
}

const thaiLabel = (data: any): string => data.slice.dimensions[0].codes.find((c: any) => c.code === "THA").label;
const tablesOf = (data: any): number[] => [...new Set<number>(data.qualityMap.map((c: any) => c.table))].sort((a, b) => a - b);

/** Two anonymous fetches of `query`: computed, then from the cache. */
async function cachedTwice(api: ApiChild, query: string) {
  const first = await anonymous(api, query);
  const second = await anonymous(api, query);
  expect(second.cache).toBe("HIT");
  expect(second.data).toEqual(first.data);
  return second.data;
}

afterEach(async () => {
  await stopApiChildren();
});

for (const driver of DRIVERS) {
  describe(`another process's writes reach the API's caches at once [${driver}]`, () => {
    let dir: string;
    let db: TestDb | undefined;
    /** What the API and the CLI are given to find the database. */
    let where: Record<string, string>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ilms-cross-process-"));
      if (driver === "postgres") {
        db = await createTestDb("postgres");
        where = { DATABASE_URL: db.url! };
      } else where = { ILMS_DATA_DIR: join(dir, "pglite") };
    }, TIMEOUT);
    afterAll(async () => {
      await stopApiChildren();
      await db?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      "ilms codelist labels import --lang fr and ilms region apply show in the very next anonymous answers",
      async () => {
        const api = await startApi(where);
        const labels = join(dir, "area-fr.csv");
        const label = `Thaïlande (${driver})`;
        writeFileSync(labels, `code,label\nTHA,${label}\n`);

        expect(thaiLabel(await cachedTwice(api, SLICE))).not.toBe(label);
        const imported = await ilms(["codelist", "labels", "import", labels, "--lang", "fr", "--codelist", "AREA"], where);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toContain("1 label in fr set");
        const relabelled = await poll(api, SLICE, (d) => thaiLabel(d) === label);
        expect(relabelled, `still '${thaiLabel(relabelled.data)}' after ${relabelled.ms} ms`).toMatchObject({ ok: true, cache: "MISS" });

        // The region collects table 15 only: completeness and the gaps map expect it alone.
        const before = await cachedTwice(api, QUALITY);
        expect(tablesOf(before).length).toBeGreaterThan(1);
        expect(tablesOf(before)).toContain(15);
        expect((await cachedTwice(api, GAPS)).gaps.tables.length).toBe(17);
        const narrowed = join(dir, "asean.yaml");
        writeFileSync(narrowed, readFileSync(ASEAN, "utf8").replace(/^tables: all$/m, "tables: [15]"));
        const applied = await ilms(["region", "apply", narrowed], where);
        expect(applied.code, applied.stderr).toBe(0);
        const quality = await poll(api, QUALITY, (d) => tablesOf(d).join() === "15");
        expect(quality, `tables ${tablesOf(quality.data).join(" ")} after ${quality.ms} ms`).toMatchObject({ ok: true });
        expect((await poll(api, GAPS, (d) => d.gaps.tables.join() === "15")).ok).toBe(true);
      },
      TIMEOUT,
    );

    if (driver === "pglite") {
      it.skip("change notifications: PostgreSQL only (on PGlite the API drops its caches after every exchange on its socket, tested above and in test/db/owner.test.ts)", () => {});
      return;
    }

    it(
      "a rolled-back write signals nothing; a lost listening connection, once back, drops what was cached",
      async () => {
        const api = await startApi(where);
        const admin = postgres(db!.url!, { max: 1, onnotice: () => {} });
        try {
          const before = thaiLabel(await cachedTwice(api, SLICE));
          // A write that signals and rolls back: nothing is delivered, the cached answer stays.
          await admin
            .begin(async (tx) => {
              await tx`update codes set labels = labels || '{"fr": "rolled back"}'::jsonb where codelist_id = 'AREA' and code = 'THA'`;
              await tx`select pg_notify(${DATA_CHANGED_CHANNEL}, 'test')`;
              throw new Error("roll back");
            })
            .catch(() => {});
          await new Promise((r) => setTimeout(r, 500));
          expect(await anonymous(api, SLICE)).toMatchObject({ cache: "HIT" });

          // A write that does not signal (as if its notification were lost): served from the cache as before...
          await admin`update codes set labels = labels || '{"fr": "Thaïlande (silencieux)"}'::jsonb where codelist_id = 'AREA' and code = 'THA'`;
          const stale = await anonymous(api, SLICE);
          expect({ cache: stale.cache, label: thaiLabel(stale.data) }).toEqual({ cache: "HIT", label: before });
          // ...until the API's listening connection is lost and comes back: notifications may have been missed
          // meanwhile, so it drops its caches.
          const killed = await admin<{ pid: number }[]>`
            select pg_terminate_backend(pid), pid from pg_stat_activity
            where datname = current_database() and application_name = ${CHANGE_LISTENER_NAME}`;
          expect(killed).toHaveLength(1);
          const after = await poll(api, SLICE, (d) => thaiLabel(d) === "Thaïlande (silencieux)", 5_000);
          expect(after, `still '${thaiLabel(after.data)}' after ${after.ms} ms`).toMatchObject({ ok: true });
          expect(api.output()).toContain("listening for data changes again");
          // And it listens again: the next signalled write is heard.
          const labels = join(dir, "again-fr.csv");
          writeFileSync(labels, "code,label\nTHA,Thaïlande (de nouveau)\n");
          expect(thaiLabel(await cachedTwice(api, SLICE))).toBe("Thaïlande (silencieux)");
          expect((await ilms(["codelist", "labels", "import", labels, "--lang", "fr", "--codelist", "AREA"], where)).code).toBe(0);
          expect((await poll(api, SLICE, (d) => thaiLabel(d) === "Thaïlande (de nouveau)")).ok).toBe(true);
        } finally {
          await admin.end();
        }
      },
      TIMEOUT,
    );

    it(
      "ilms round publish: the round is in the very next anonymous answer",
      async () => {
        const api = await startApi(where);
        const ROUNDS = `{ rounds { code } }`;
        const code = `XP-${Date.now() % 100000}`;
        for (const step of [
          ["round", "create", "--code", code, "--title", "Cross-process publication", "--year", "2024"],
          ["round", "submit", code],
          ["round", "validate", code],
        ]) {
          const done = await ilms(step, where);
          expect(done.code, done.stderr).toBe(0);
        }
        const before = await cachedTwice(api, ROUNDS);
        expect(before.rounds.map((r: any) => r.code)).not.toContain(code);
        const published = await ilms(["round", "publish", code], where);
        expect(published.code, published.stderr).toBe(0);
        const after = await poll(api, ROUNDS, (d) => d.rounds.some((r: any) => r.code === code));
        expect(after, `not listed after ${after.ms} ms`).toMatchObject({ ok: true });
      },
      TIMEOUT,
    );

    it.skipIf(!TEST_REDIS_URL)(
      "with Redis (TEST_REDIS_URL): two API processes sharing the cache are both fresh after one write of the CLI",
      async () => {
        // A database of the Redis server of its own, chosen at random: other suites' entries are never ours.
        const redis = new URL(TEST_REDIS_URL!);
        redis.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
        const one = await startApi({ ...where, REDIS_URL: redis.toString() });
        const two = await startApi({ ...where, REDIS_URL: redis.toString() });
        const label = `Thaïlande (Redis ${Date.now()})`;
        // One process computes, the other answers from the shared cache.
        const first = await anonymous(one, SLICE);
        expect(await anonymous(two, SLICE)).toMatchObject({ cache: "HIT", data: first.data });
        expect(thaiLabel(first.data)).not.toBe(label);
        const labels = join(dir, "redis-fr.csv");
        writeFileSync(labels, `code,label\nTHA,${label}\n`);
        expect((await ilms(["codelist", "labels", "import", labels, "--lang", "fr", "--codelist", "AREA"], where)).code).toBe(0);
        for (const api of [one, two]) {
          const fresh = await poll(api, SLICE, (d) => thaiLabel(d) === label);
          expect(fresh, `still '${thaiLabel(fresh.data)}' after ${fresh.ms} ms`).toMatchObject({ ok: true });
        }
      },
      TIMEOUT,
    );
  });
}
