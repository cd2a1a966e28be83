/**
 * `npm run bench:api`: the public API against a raw baseline, same run, same database, same SQL.
 *
 * 1. creates a fresh PostgreSQL database (from TEST_DATABASE_URL), migrates, seeds, and COPYs >= 1,000,000
 *    synthetic observations into table 5 (30 countries x 35 years x 3 sexes x 111 activity codes x 3 migrant
 *    statuses) plus a published revision round re-stating 5% of the cells, so that the latest-vintage logic
 *    has real work to do;
 * 2. for a small slice (75 cells) and a large one (~5,000 cells), serves the same request from a child process
 *    in three ways: `raw` (node http + the engine's SQL through `postgres` + JSON.stringify of the rows),
 *    `api` (the real API, response cache off) and `api-cached` (the real API with its memory cache);
 * 3. drives each with autocannon (8 connections), the three servers in turn for BENCH_ROUNDS rounds (default
 *    3) of BENCH_SECONDS seconds (default 5) so that load from elsewhere on the machine falls on all alike, and
 *    prints the median req/s, p50, p99 and the API/raw ratios.
 *
 * BENCH_KEEP=1 keeps the loaded database for the next run (and reuses it). Goals: uncached >= 0.5x raw (small)
 * and >= 0.8x raw (large); cached >= 1x.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { openDb, seedReferenceData } from "@ilms/db";
import { PUBLIC, allCellsSql, MAX_SLICE_CELLS, planFilter } from "@ilms/query";
import type { ObservationFilter } from "@ilms/query";

// The bench entry's own environment reader (the only process.env use here).
const env = {
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
  BENCH_SECONDS: process.env.BENCH_SECONDS,
  BENCH_ROUNDS: process.env.BENCH_ROUNDS,
  BENCH_KEEP: process.env.BENCH_KEEP === "1",
};
const DB_NAME = "ilms_bench_api";
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const MODES = ["raw", "api", "api-cached"] as const;

const COUNTRIES = [
  "BRN",
  "KHM",
  "IDN",
  "LAO",
  "MYS",
  "MMR",
  "PHL",
  "SGP",
  "THA",
  "VNM",
  "CHN",
  "IND",
  "JPN",
  "KOR",
  "AUS",
  "USA",
  "GBR",
  "FRA",
  "DEU",
  "BGD",
  "PAK",
  "NPL",
  "LKA",
  "TWN",
  "HKG",
  "SAU",
  "ARE",
  "QAT",
  "KWT",
  "NZL",
];
const YEARS = Array.from({ length: 35 }, (_, i) => 1990 + i);
const SEXES = ["SEX_T", "SEX_M", "SEX_F"];
const MIGRANT = ["CBR_BIR_TOTAL", "CBR_BIR_NATIVE", "CBR_BIR_FOREIGN"];

interface Case {
  name: string;
  filter: ObservationFilter;
  /** The GraphQL operation the API serves. */
  query: string;
}

function cases(activities: string[]): Case[] {
  const five = activities.filter((c) => /^ECO_ISIC4_[A-E]$/.test(c));
  const small: ObservationFilter = {
    table: 5,
    refArea: ["THA"],
    dimensions: { migrantStatus: ["CBR_BIR_FOREIGN"], economicActivity: five },
    timeFrom: 2020,
    timeTo: 2024,
    expandHierarchy: false,
  };
  const large: ObservationFilter = {
    table: 5,
    refArea: ["THA", "VNM", "IDN", "PHL", "MYS"],
    sex: ["SEX_T"],
    timeFrom: 2022,
    timeTo: 2024,
    expandHierarchy: false,
  };
  const gql = (f: ObservationFilter, dims: string[]) =>
    `query Bench { slice(filter: { table: 5, refArea: ${JSON.stringify(f.refArea)}${f.sex ? `, sex: ${JSON.stringify(f.sex)}` : ""}${f.dimensions?.migrantStatus ? `, migrantStatus: ${JSON.stringify(f.dimensions.migrantStatus)}` : ""}${f.dimensions?.economicActivity ? `, economicActivity: ${JSON.stringify(f.dimensions.economicActivity)}` : ""}, timeFrom: ${f.timeFrom}, timeTo: ${f.timeTo}, expandHierarchy: false }, dimensions: [${dims.map((d) => `{ dimension: "${d}" }`).join(", ")}]) { size dimensions { id codes { code label } } observations { keys values statuses } } }`;
  return [
    { name: "small", filter: small, query: gql(small, ["sex", "economicActivity", "time"]) },
    { name: "large", filter: large, query: gql(large, ["refArea", "economicActivity", "migrantStatus", "time"]) },
  ];
}

const ACTIVITIES_SQL = `select code from codes where codelist_id = 'ECO' and family in ('ECO_ISIC4', 'EC2_ISIC4') and code <> 'EC2_ISIC4_TOTAL' order by sort_order, code`;

async function prepare(adminUrl: string): Promise<{ url: string; activities: string[] }> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (env.BENCH_KEEP) {
    // BENCH_KEEP=1 keeps the loaded database between runs (for profiling); reuse it when it is there.
    const [found] = await admin.unsafe(`select 1 from pg_database where datname = '${DB_NAME}'`);
    if (found) {
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${DB_NAME}`;
      const db = await openDb({ url: url.toString(), max: 1 });
      const activities = (await db.query<{ code: string }>(ACTIVITIES_SQL)).map((r) => r.code);
      await db.close();
      console.log(`Reusing database ${DB_NAME} (BENCH_KEEP=1)`);
      return { url: url.toString(), activities };
    }
  }
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  const db = await openDb({ url: url.toString(), max: 2 });
  await db.migrate();
  await seedReferenceData(db);
  const activities = (await db.query<{ code: string }>(ACTIVITIES_SQL)).map((r) => r.code);
  const started = performance.now();
  let rows = 0;
  await db.transaction(async (tx) => {
    const [r1] = await tx.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, status, published_at) values ('BENCH-1', 'Bench', 2024, 'published', now()) returning id`,
    );
    const [r2] = await tx.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, kind, status, published_at) values ('BENCH-2', 'Bench revision', 2024, 'revision', 'published', now()) returning id`,
    );
    for (const area of COUNTRIES)
      await tx.query(`insert into data_sources (code, ref_area, name) values ($1, $2, 'Synthetic bench source')`, [`BA:${area}`, area]);
    const columns = [
      "ref_area",
      "time",
      "sex",
      "economic_activity",
      "migrant_status",
      "basis",
      "indicator",
      "source_code",
      "round_id",
      "obs_value",
    ];
    function* lines(round: number, every: number): Generator<string> {
      let n = 0;
      let chunk = "";
      for (const area of COUNTRIES)
        for (const year of YEARS)
          for (const sex of SEXES)
            for (const eco of activities)
              for (const mig of MIGRANT) {
                n++;
                if (n % every !== 0) continue;
                const value = ((n * 7919) % 100000) / 1000 + (round === r2!.id ? 0.5 : 0);
                chunk += `${area},${year},${sex},${eco},${mig},CBR,MST_TEMP_SEX_ECO_CBR_NB,BA:${area},${round},${value.toFixed(3)}\n`;
                if (chunk.length > 1 << 20) {
                  yield chunk;
                  chunk = "";
                }
              }
      if (chunk) yield chunk;
    }
    async function* iterate(round: number, every: number) {
      yield* lines(round, every);
    }
    rows += await tx.copyFrom("fact_t05", columns, iterate(r1!.id, 1));
    rows += await tx.copyFrom("fact_t05", columns, iterate(r2!.id, 20));
  });
  await db.query("analyze fact_t05");
  console.log(
    `Loaded ${rows.toLocaleString("en")} observations into fact_t05 in ${((performance.now() - started) / 1000).toFixed(1)} s (${activities.length} activity codes)`,
  );
  await db.close();
  return { url: url.toString(), activities };
}

/** Child process: serve one case in one mode and print the port. */
async function serve(mode: string, url: string, caseJson: string): Promise<void> {
  const c = JSON.parse(caseJson) as Case;
  let port: number;
  if (mode === "raw") {
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    const statement = allCellsSql(planFilter(c.filter), PUBLIC, MAX_SLICE_CELLS + 1);
    const server = createServer(async (req, res) => {
      for await (const _ of req) {
        // drain the request body
      }
      const rows = await sql.unsafe(statement.text, statement.params as never[]);
      const body = JSON.stringify(rows);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  } else {
    const { createApp } = await import("../../apps/api/src/app");
    const db = await openDb({ url, max: 10 });
    const app = await createApp({ db, ...(mode === "api" ? { responseCache: null } : {}) });
    port = Number(new URL(await app.listen(0)).port);
  }
  process.stdout.write(`PORT ${port}\n`);
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  cells: number;
}

interface Server {
  mode: string;
  target: string;
  stop(): void;
}

async function start(mode: string, url: string, c: Case): Promise<Server> {
  // Both servers run as in production (graphql-js skips its development-only checks).
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve", mode, url, JSON.stringify(c)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`server ${mode} exited with ${code}`)));
  });
  return { mode, target: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill("SIGTERM") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs the three servers of a case in turn, ROUNDS times (interleaved, so that load from elsewhere on the
 * machine falls on all of them alike), and keeps the median of each measure.
 */
async function measureCase(url: string, c: Case): Promise<Record<string, Measured>> {
  const servers = [];
  for (const mode of MODES) servers.push(await start(mode, url, c));
  try {
    const body = JSON.stringify({ query: c.query });
    const opts = (target: string, duration: number) => ({
      url: target,
      connections: 8,
      duration,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body,
    });
    const shape: Record<string, { bytes: number; cells: number }> = {};
    for (const s of servers) {
      const text = await (await fetch(s.target, { method: "POST", headers: { "content-type": "application/json" }, body })).text();
      const cells =
        s.mode === "raw"
          ? (JSON.parse(text) as unknown[]).length
          : (JSON.parse(text) as { data: { slice: { size: number } } }).data.slice.size;
      shape[s.mode] = { bytes: text.length, cells };
      await autocannon(opts(s.target, 2)); // warm-up: JIT, pools, caches
    }
    const runs: Record<string, { rps: number; p50: number; p99: number }[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of servers) {
        const r = await autocannon(opts(s.target, SECONDS));
        if (r.errors + r.non2xx > 0) throw new Error(`${s.mode}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
        (runs[s.mode] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
      }
    }
    const out: Record<string, Measured> = {};
    for (const s of servers) {
      const list = runs[s.mode]!;
      out[s.mode] = {
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        ...shape[s.mode]!,
      };
      const m = out[s.mode]!;
      console.log(
        `  ${c.name.padEnd(5)} ${s.mode.padEnd(10)} cells ${String(m.cells).padStart(5)}  ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms  (runs: ${list.map((r) => r.rps.toFixed(0)).join(", ")} req/s)`,
      );
    }
    return out;
  } finally {
    for (const s of servers) s.stop();
  }
}

async function main(): Promise<void> {
  if (!env.TEST_DATABASE_URL) {
    console.error(
      "bench:api needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database), e.g.\n  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api",
    );
    process.exit(2);
  }
  const { url, activities } = await prepare(env.TEST_DATABASE_URL);
  console.log(`autocannon: 8 connections, ${ROUNDS} interleaved runs of ${SECONDS} s per server, medians`);
  const results: Record<string, Record<string, Measured>> = {};
  for (const c of cases(activities)) results[c.name] = await measureCase(url, c);
  console.log("\nAPI / raw (req/s; goals: uncached >= 0.5 small, >= 0.8 large; cached >= 1)");
  for (const [name, r] of Object.entries(results)) {
    const ratio = (m: string) => (r[m]!.rps / r.raw!.rps).toFixed(2);
    console.log(
      `  ${name.padEnd(5)} uncached ${ratio("api")}x   cached ${ratio("api-cached")}x   (raw ${r.raw!.bytes} bytes, api ${r.api!.bytes} bytes per response)`,
    );
  }
  if (env.BENCH_KEEP) return;
  const admin = postgres(env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.end();
}

if (process.argv[2] === "serve") await serve(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else if (process.argv[2] === "prepare") await prepare(env.TEST_DATABASE_URL!);
else await main();
