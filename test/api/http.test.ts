/**
 * GraphQL over HTTP as the ecosystem expects it, through the real server: the graphql-http audit, GET
 * queries, ETag and 304, Cache-Control, compression, the response cache and its invalidation, and the limits
 * that protect the service.
 */
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { auditServer } from "graphql-http";
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import { startTestApi, useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

const SLICE = `{ slice(filter: { table: 15, refArea: ["IDN"], sex: ["SEX_T"], destination: ["TOTAL"] }, dimensions: [{ dimension: "time" }]) { size observations { values } } }`;

describeOnDrivers("GraphQL over HTTP", (db) => {
  beforeAll(async () => {
    await loadDemoData(db().handle);
  });
  const api = useTestApi(db);
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${api().url}/graphql?query=${encodeURIComponent(query)}`, { headers });

  it("passes every MUST of the graphql-http server audit", async () => {
    const results = await auditServer({ url: `${api().url}/graphql` });
    const failures = results.filter((r) => r.status === "error");
    expect(failures.map((f) => `${f.id} ${f.name}`)).toEqual([]);
    // No SHOULD (warning) nor MAY (notice) is left unmet either.
    expect(results.filter((r) => r.status !== "ok").map((r) => `${r.status} ${r.id} ${r.name}`)).toEqual([]);
  });

  it("serves queries over GET with an ETag, answers 304 to If-None-Match and caches the answer", async () => {
    await invalidateResponseCache();
    const first = await get(SLICE);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const body = (await first.json()) as any;
    expect(body.data.slice.size).toBeGreaterThan(10);

    const second = await get(SLICE);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.json()).toEqual(body);

    const conditional = await get(SLICE, { "if-none-match": etag });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe("");
  });

  it("refuses mutations over GET", async () => {
    const res = await get(`mutation { logout }`);
    expect(res.status).toBe(405);
  });

  it("compresses large answers when the client accepts gzip", async () => {
    const body = JSON.stringify({
      query: `{ observations(filter: { table: 15 }, first: 500) { nodes { refArea sex classif1 time obsValue } } }`,
    });
    // node:http rather than fetch, which would decompress transparently.
    const { headers, raw } = await new Promise<{ headers: Record<string, unknown>; raw: Buffer }>((resolve, reject) => {
      const req = request(
        `${api().url}/graphql`,
        { method: "POST", headers: { "content-type": "application/json", "accept-encoding": "gzip" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, raw: Buffer.concat(chunks) }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(headers["content-encoding"]).toBe("gzip");
    const text = gunzipSync(raw).toString("utf8");
    expect(raw.length).toBeLessThan(text.length / 3);
    expect(JSON.parse(text).data.observations.nodes).toHaveLength(500);
  });

  it("does not share authenticated answers and marks them private", async () => {
    const res = await fetch(`${api().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not-a-token" },
      body: JSON.stringify({ query: SLICE }),
    });
    expect(res.headers.get("x-cache")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("drops cached answers when the data change (publication calls invalidateResponseCache)", async () => {
    const query = `{ observations(filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["VNM"], destination: ["TOTAL"], sex: ["SEX_T"] }, first: 1) { totalCount } }`;
    const before = (await (await get(query)).json()) as any;
    const h = db().handle;
    const [round] = await h.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, status) values ('HTTP-REV', 'x', 2025, 'published') returning id`,
    );
    await h.query(
      `insert into fact_t15 (ref_area, time, sex, destination, indicator, source_code, round_id, obs_value) values ('VNM', 2030, 'SEX_T', 'TOTAL', 'MNA_OEMP_SEX_CDS_NB', 'DEMO:VNM', $1, '1')`,
      [round!.id],
    );
    const stale = await get(query);
    expect(stale.headers.get("x-cache")).toBe("HIT");
    expect(await stale.json()).toEqual(before);
    await invalidateResponseCache();
    const fresh = (await (await get(query)).json()) as any;
    expect(fresh.data.observations.totalCount).toBe(before.data.observations.totalCount + 1);
  });

  it("limits depth and the number of data reads per operation, with coded errors", async () => {
    const deep = await api().gql(
      `{ codelist(id: "ECO") { codes(first: 1) { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } }`,
    );
    expect(deep.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_EXPENSIVE");
    expect(deep.errors?.[0]?.message).toMatch(/levels deep/);
    const many = await api().gql(
      `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: estimate(filter: { table: 15 }) { cells }`).join(" ")} }`,
    );
    expect(many.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_EXPENSIVE");
    // Introspection (GraphiQL's query is deep) is not limited.
    const introspection = await api().gql(
      `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`,
    );
    expect(introspection.errors).toBeUndefined();
  });

  it("caps how long answers are cached at the next embargo release", async () => {
    await db().handle.query(
      `insert into collection_rounds (code, title, reference_year, status, release_at) values ('HTTP-EMBARGO', 'x', 2025, 'published', now() + interval '30 seconds')`,
    );
    const fresh = await startTestApi(db().handle); // a new process: nothing memoised about releases yet
    try {
      const res = await fetch(`${fresh.url}/graphql?query=${encodeURIComponent(`{ tables { id } }`)}`);
      const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "")?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(30);
    } finally {
      await fresh.app.close();
    }
  });

  it("masks internal errors and keeps coded ones", async () => {
    const res = await api().gql(`{ slice(filter: { table: 99 }) { size } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(res.errors)).not.toMatch(/select|fact_t|stack/i);
  });
});
