/**
 * A cached answer never outlives a publication: an anonymous read that is still running while `publishRound`
 * empties the cache must not store its pre-publication answer afterwards (the epoch is taken when the request
 * starts). The read is made slow deterministically by holding the result of its fact-table statement until the
 * round is published. Runs with the memory cache, and with Redis when TEST_REDIS_URL is set.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { DbHandle } from "@ilms/db";
import { importIlostat } from "@ilms/ingest";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { MemoryResponseCache, RedisResponseCache } from "../../apps/api/src/http/response-cache";
import type { ResponseCache } from "../../apps/api/src/http/response-cache";
import { authConfig } from "@ilms/governance/tokens";
import { describeOnDrivers, interceptReads } from "../helpers/db";
import { TEST_PASSWORD, TEST_SECRET, createTestUser } from "../helpers/auth";

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
if (!TEST_REDIS_URL) console.warn("cache-publication: TEST_REDIS_URL is not set, the Redis case is skipped");

const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value\n";
const QUERY = `{ observations(filter: { table: 15 }) { nodes { time obsValue } } }`;

const BACKENDS: [string, (() => ResponseCache) | null][] = [
  ["memory", () => new MemoryResponseCache()],
  ["redis", TEST_REDIS_URL ? () => new RedisResponseCache(TEST_REDIS_URL, `ilms:test:${randomBytes(4).toString("hex")}:`) : null],
];

describeOnDrivers("no stale answer cached across a publication", (db) => {
  /** When set, the next fact-table read holds its result until the promise settles. */
  let hold: { until: Promise<void>; reached: () => void } | null = null;
  let slow: DbHandle;
  let n = 0;

  beforeAll(async () => {
    const h = db().handle;
    slow = interceptReads(h, async (text, run) => {
      const rows = await run();
      if (hold && /\bfact_t15\b/.test(text)) {
        const { until, reached } = hold;
        hold = null;
        reached();
        await until;
      }
      return rows;
    });
    await h.query("insert into data_sources (code, ref_area, name) values ('BA:71', 'THA', 'LFS')");
    await createTestUser(h, "reviewer@cache.org", "reviewer");
  });

  for (const [name, open] of BACKENDS) {
    it.skipIf(!open)(`${name}: a read in flight during publishRound does not keep its old answer`, async () => {
      const h = db().handle;
      const round = (i: number) => `CACHE-${name}-${n}-${i}`;
      n++;
      // A public round with one value, and a validated round with another cell, ready to publish.
      await h.query("delete from fact_t15");
      await h.query(
        `insert into collection_rounds (code, title, reference_year) values ('${round(1)}', 'one', 2023), ('${round(2)}', 'two', 2023)`,
      );
      for (const [r, line] of [
        [round(1), "THA,BA:71,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2022,1.5\n"],
        [round(2), "THA,BA:71,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,2.5\n"],
      ] as const) {
        const report = await importIlostat(h, { text: HEADER + line, fileName: `${r}.csv` }, { round: r });
        expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
      }
      await h.query(
        `update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 day' where code = '${round(1)}'`,
      );
      await h.query(`update collection_rounds set status = 'validated' where code = '${round(2)}'`);

      const app: App = await createApp({ db: slow, responseCache: open!(), auth: authConfig(TEST_SECRET) });
      const url = await app.listen(0);
      const gql = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
        const res = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return { cache: res.headers.get("x-cache"), body: (await res.json()) as any };
      };
      try {
        const login = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
          e: "reviewer@cache.org",
          p: TEST_PASSWORD,
        });
        const reviewer = { authorization: `Bearer ${login.body.data.login.accessToken}` };

        let release!: () => void;
        let reached!: () => void;
        const atRead = new Promise<void>((resolve) => (reached = resolve));
        hold = { until: new Promise<void>((resolve) => (release = resolve)), reached };
        const inFlight = gql(QUERY);
        await atRead; // the anonymous read has its pre-publication rows and is held there

        const published = await gql(`mutation($c: String!) { publishRound(code: $c) { status isPublic } }`, { c: round(2) }, reviewer);
        expect(published.body.data?.publishRound, JSON.stringify(published.body)).toEqual({ status: "published", isPublic: true });

        release();
        const old = await inFlight;
        expect(old.body.data.observations.nodes).toEqual([{ time: 2022, obsValue: "1.5" }]);

        const next = await gql(QUERY);
        expect(next.cache).toBe("MISS");
        expect(next.body.data.observations.nodes).toEqual([
          { time: 2022, obsValue: "1.5" },
          { time: 2023, obsValue: "2.5" },
        ]);
        expect((await gql(QUERY)).cache).toBe("HIT");
      } finally {
        await app.close();
      }
    });
  }
});
