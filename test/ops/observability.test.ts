/**
 * Observability over real HTTP: `/metrics` (Prometheus text) counts requests by face and operation, cache hits
 * and misses, imported rows and database statements in flight, with the process metrics; it answers loopback
 * callers, or others with METRICS_TOKEN; every answer carries a request id (the caller's `X-Request-Id` or a
 * new one), GraphQL errors report it in `extensions.requestId`, and the JSON log lines of a request name it.
 */
import { networkInterfaces } from "node:os";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { configureLog, logTo } from "../../apps/api/src/observability";
import { authConfig } from "@ilms/governance/tokens";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { TEST_SECRET, createTestUser, login } from "../helpers/auth";
import type { TestApi } from "../helpers/api";

const METRICS_TOKEN = "scraper-token-0123456789abcdef";

/** The value of one sample (`name{labels} value`) in a Prometheus text answer; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? "";
    const has = Object.entries(labels).every(([k, v]) => inner.split(",").includes(`${k}="${v}"`));
    if (has) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

/** A non-loopback IPv4 address of this machine, to reach the API the way a remote scraper would. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}

describeOnDrivers("observability: metrics, request ids, JSON logs", (db: () => TestDb) => {
  let app: App;
  let base: string;
  let external: string | undefined;
  let api: TestApi;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    app = await createApp({ db: db().handle, auth: authConfig(TEST_SECRET), metricsToken: METRICS_TOKEN });
    // All interfaces, so the same process can be reached over loopback and over the machine's own address.
    const url = await app.listen(0, "0.0.0.0");
    const port = new URL(url).port;
    base = `http://127.0.0.1:${port}`;
    const address = externalAddress();
    external = address ? `http://${address}:${port}` : undefined;
    api = {
      url: base,
      app,
      gql: async (query, variables, headers = {}) => {
        const res = await fetch(`${base}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as never;
      },
    };
    logTo(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      }),
      "debug",
    );
  });
  afterAll(async () => {
    await configureLog({ level: "info", pretty: false });
    await app.close();
  });

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it("counts GraphQL requests by operation name, with latency, and shows process metrics", async () => {
    const before = await scrape();
    const query = encodeURIComponent("query TablesForMetrics { tables { id } }");
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/graphql?query=${query}`)).status).toBe(200);
    const after = await scrape();
    const labels = { face: "graphql", operation: "TablesForMetrics", status: "200" };
    expect(sample(after, "ilms_http_requests_total", labels) - sample(before, "ilms_http_requests_total", labels)).toBe(3);
    // One registry per process (both drivers' suites run in this one): compare with the scrape before.
    const delta = (name: string, l: Record<string, string>) => sample(after, name, l) - sample(before, name, l);
    const op = { face: "graphql", operation: "TablesForMetrics" };
    expect(delta("ilms_http_request_duration_seconds_count", op)).toBe(3);
    expect(delta("ilms_http_request_duration_seconds_bucket", { ...op, le: "+Inf" })).toBe(3);
    expect(delta("ilms_http_request_duration_seconds_bucket", { ...op, le: "30" })).toBe(3);
    // The first of three identical anonymous reads misses the response cache, the other two hit it.
    expect(
      sample(after, "ilms_response_cache_total", { result: "hit" }) - sample(before, "ilms_response_cache_total", { result: "hit" }),
    ).toBe(2);
    expect(
      sample(after, "ilms_response_cache_total", { result: "miss" }) - sample(before, "ilms_response_cache_total", { result: "miss" }),
    ).toBe(1);
    // The probe that scraped before is itself counted; other faces have their own label.
    expect(sample(after, "ilms_http_requests_total", { face: "probe", operation: "metrics" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(after).toMatch(/^ilms_db_in_flight\{kind="query"\} \d+$/m);
    expect(after).toMatch(/^ilms_db_in_flight\{kind="transaction"\} \d+$/m);
  });

  it("labels SDMX, export and static requests by face, and bounds operation names", async () => {
    const before = await scrape();
    await fetch(`${base}/sdmx/rest/dataflow/ILO/all/latest`);
    await fetch(`${base}/export?table=99&format=csv`);
    await fetch(`${base}/no-such-file.txt`);
    const bad = encodeURIComponent("query { tables { id } }");
    await fetch(`${base}/graphql?query=${bad}&operationName=${encodeURIComponent("not a name; drop")}`);
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      sample(after, "ilms_http_requests_total", labels) - sample(before, "ilms_http_requests_total", labels);
    expect(delta({ face: "sdmx", operation: "dataflow", status: "200" })).toBe(1);
    expect(delta({ face: "export", operation: "export", status: "400" })).toBe(1);
    expect(delta({ face: "static", operation: "static", status: "404" })).toBe(1);
    expect(after).not.toContain("drop");
  });

  it("counts the rows an import stores", async () => {
    await createTestUser(db().handle, "metrics-admin@example.org", "admin");
    const admin = (await login(api, "metrics-admin@example.org")).headers;
    const round = await api.gql(
      `mutation { createRound(input: { code: "MET", title: "Metrics", referenceYear: 2023 }) { code } }`,
      {},
      admin,
    );
    expect(round.errors).toBeUndefined();
    const before = await scrape();
    const csv =
      "ref_area,indicator,sex,classif1,time,obs_value\n" +
      "THA,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n" +
      "THA,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_JPN,2023,2.5\n";
    const imported = await api.gql(
      `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "MET", source: "MET:{ref_area}", createSources: true }) { status rowsWritten } }`,
      { csv },
      admin,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importObservations).toMatchObject({ rowsWritten: 2 });
    const after = await scrape();
    expect(sample(after, "ilms_import_rows_total") - sample(before, "ilms_import_rows_total")).toBe(2);
    const status = (imported.data!.importObservations as { status: string }).status;
    expect(sample(after, "ilms_imports_total", { status }) - sample(before, "ilms_imports_total", { status })).toBe(1);
  });

  it("echoes the caller's X-Request-Id or makes one, in the header, in GraphQL errors and in the log", async () => {
    const own = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "lb-7f3a-0001" },
      body: JSON.stringify({ query: `{ observations(filter: { table: 15, refArea: ["ZZZ"] }, first: 1) { totalCount } }` }),
    });
    expect(own.headers.get("x-request-id")).toBe("lb-7f3a-0001");
    const body = (await own.json()) as { errors?: { extensions: Record<string, unknown> }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(body.errors![0]!.extensions.requestId).toBe("lb-7f3a-0001");

    // Refused before execution (a syntax error, a cost refusal) and by the HTTP layer: the same id.
    const refused = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ tables { id " }),
    });
    const generated = refused.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(((await refused.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]!.extensions.requestId).toBe(
      generated,
    );
    const notJson = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(((await notJson.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]!.extensions.requestId).toBe(
      notJson.headers.get("x-request-id"),
    );

    // An id that is not a sane token (header injection, megabytes) is replaced.
    const odd = await fetch(`${base}/healthz`, { headers: { "x-request-id": "a b<script>" } });
    expect(odd.headers.get("x-request-id")).not.toBe("a b<script>");

    const line = lines.find((l) => l.requestId === "lb-7f3a-0001" && l.msg === "request");
    expect(line, JSON.stringify(lines.slice(-5))).toMatchObject({
      level: 20,
      service: "ilms-api",
      method: "POST",
      path: "/graphql",
      status: 200,
    });
    expect(typeof line!.time).toBe("string");
  });

  it("serves /metrics to loopback, and to others only with the token", async () => {
    // Behind a trusted proxy a forwarded request is not the machine's own, even over loopback.
    const proxied = await createApp({ db: db().handle, trustProxy: true, metricsToken: METRICS_TOKEN });
    try {
      const url = await proxied.listen(0);
      const forwarded = await fetch(`${url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(forwarded.status).toBe(403);
      expect(((await forwarded.json()) as { error: { message: string } }).error.message).toMatch(/METRICS_TOKEN/);
      const withToken = await fetch(`${url}/metrics`, {
        headers: { "x-forwarded-for": "203.0.113.9", authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(withToken.status).toBe(200);
      expect(await withToken.text()).toContain("ilms_http_requests_total");
    } finally {
      await proxied.close();
    }
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.status).toBe(401);

    if (!external) {
      console.warn("no non-loopback IPv4 address on this machine: the remote-scraper case is not exercised");
      return;
    }
    const remote = await fetch(`${external}/metrics`);
    expect(remote.status).toBe(403);
    const remoteWithToken = await fetch(`${external}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(remoteWithToken.status).toBe(200);
  });
});
