/**
 * `npm run bench:api`: the public API against a raw baseline and against its peer, same run, same database.
 *
 * 1. creates a fresh PostgreSQL database (from TEST_DATABASE_URL), migrates, seeds, and COPYs synthetic
 *    observations into table 5 (countries x years x 3 sexes x 111 activity codes x 3 migrant statuses; by default
 *    30 x 35, about 1.05 M, `--rows 10000000` for more countries and years) plus a published revision round
 *    re-stating 5% of the cells, so that the latest-vintage logic has real work to do;
 * 2. serves each case from child processes: `raw` (node http + the engine's SQL through `postgres` + JSON.stringify
 *    of the rows), `api` (the real API, response cache off), `api-cached` (with its memory cache, slices only) and
 *    `postgraphile` (PostGraphile 4 + connection-filter over a view with the same latest-vintage logic, see
 *    peer.ts); with `--driver pglite` also `api-pglite`, the API over an embedded database holding the same rows;
 *    with `--rows` above the default also `api-base`, the API over the default-size database (loaded too), so that
 *    the run prints how latency grows with the rows (goal: p50 within 1.3x from 1 M to 10 M);
 * 3. cases: a small slice (75 cells), a large one (5,040 cells) and a page of 1,000 `observations`;
 * 4. drives each with autocannon (8 connections), the servers in turn for BENCH_ROUNDS rounds (default 3) of
 *    BENCH_SECONDS seconds (default 5) so that load from elsewhere on the machine falls on all alike, and prints
 *    the median req/s, p50, p99, the first request's latency after start, and the ratios.
 *
 * BENCH_KEEP=1 keeps the loaded databases for the next run (and reuses them): PostgreSQL's, and with `--driver pglite`
 * the embedded one's folder.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { PUBLIC, allCellsSql, MAX_SLICE_CELLS, pageSql, planFilter } from "@ilms/query";
import type { ObservationFilter } from "@ilms/query";
import { PEER_ORDER, createPeerView, peerFilter, servePeer } from "./peer";

// The bench entry's own environment reader (the only process.env use here).
const env = {
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
  BENCH_SECONDS: process.env.BENCH_SECONDS,
  BENCH_ROUNDS: process.env.BENCH_ROUNDS,
  BENCH_KEEP: process.env.BENCH_KEEP === "1",
};
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
/** Cells of the default table: 30 countries x 35 years x 3 sexes x 112 activity codes x 3 migrant statuses. */
const DEFAULT_ROWS = 1_058_400;

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
const SEXES = ["SEX_T", "SEX_M", "SEX_F"];
const MIGRANT = ["CBR_BIR_TOTAL", "CBR_BIR_NATIVE", "CBR_BIR_FOREIGN"];

type Mode = "raw" | "api" | "api-cached" | "postgraphile" | "api-pglite" | "api-base";

interface Case {
  name: string;
  kind: "slice" | "page";
  filter: ObservationFilter;
  /** The GraphQL operation the API serves. */
  query: string;
  /** The same read through PostGraphile. */
  peerQuery: string;
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
  const page: ObservationFilter = { table: 5, refArea: ["THA"], timeFrom: 2000, expandHierarchy: false };
  const args = (f: ObservationFilter) =>
    `table: 5, refArea: ${JSON.stringify(f.refArea)}${f.sex ? `, sex: ${JSON.stringify(f.sex)}` : ""}${f.dimensions?.migrantStatus ? `, migrantStatus: ${JSON.stringify(f.dimensions.migrantStatus)}` : ""}${f.dimensions?.economicActivity ? `, economicActivity: ${JSON.stringify(f.dimensions.economicActivity)}` : ""}${f.timeFrom ? `, timeFrom: ${f.timeFrom}` : ""}${f.timeTo ? `, timeTo: ${f.timeTo}` : ""}, expandHierarchy: false`;
  const gql = (f: ObservationFilter, dims: string[]) =>
    `query Bench { slice(filter: { ${args(f)} }, dimensions: [${dims.map((d) => `{ dimension: "${d}" }`).join(", ")}]) { size dimensions { id codes { code label } } observations { keys values statuses } } }`;
  const peer = (f: ObservationFilter, page: string) =>
    `query Bench { allT05Latests(${page}filter: ${peerFilter({ refArea: f.refArea as string[], sex: f.sex as string[] | undefined, migrantStatus: f.dimensions?.migrantStatus as string[] | undefined, economicActivity: f.dimensions?.economicActivity as string[] | undefined, timeFrom: f.timeFrom ?? undefined, timeTo: f.timeTo ?? undefined })}) { nodes { refArea time sex economicActivity migrantStatus basis sourceCode obsValue obsStatus } } }`;
  return [
    { name: "small", kind: "slice", filter: small, query: gql(small, ["sex", "economicActivity", "time"]), peerQuery: peer(small, "") },
    {
      name: "large",
      kind: "slice",
      filter: large,
      query: gql(large, ["refArea", "economicActivity", "migrantStatus", "time"]),
      peerQuery: peer(large, ""),
    },
    {
      name: "page",
      kind: "page",
      filter: page,
      query: `query Bench { observations(filter: { ${args(page)} }, first: 1000) { nodes { refArea time sex classif1 classif2 source obsValue obsStatus } pageInfo { hasNextPage endCursor } } }`,
      peerQuery: peer(page, `first: 1000, orderBy: ${PEER_ORDER}, `).replace("} } }", "} pageInfo { hasNextPage endCursor } } }"),
    },
  ];
}

const ACTIVITIES_SQL = `select code from codes where codelist_id = 'ECO' and family in ('ECO_ISIC4', 'EC2_ISIC4') and code <> 'EC2_ISIC4_TOTAL' order by sort_order, code`;
const AREAS_SQL = `select code from codes where codelist_id = 'AREA' and level = 'country' order by code`;

/**
 * Countries and years of a synthetic table of about `rows` cells (`perCountryYear` cells per country and year): the
 * 30 countries first, 35 years up to 2024, then more countries, then more years.
 */
function shapeOf(rows: number, perCountryYear: number, allCountries: string[]): { countries: string[]; years: number[] } {
  const countryYears = Math.ceil(rows / perCountryYear);
  const others = allCountries.filter((c) => !COUNTRIES.includes(c));
  const pool = [...COUNTRIES, ...others];
  let count = 30;
  let years = Math.ceil(countryYears / count);
  if (years > 35) {
    count = Math.min(pool.length, Math.ceil(countryYears / 35));
    years = Math.ceil(countryYears / count);
  }
  return { countries: pool.slice(0, count), years: Array.from({ length: years }, (_, i) => 2024 - years + 1 + i) };
}

/** Loads the synthetic rows into an open, migrated and seeded database. */
async function load(db: DbHandle, rows: number, chunked: boolean): Promise<{ activities: string[]; rows: number }> {
  const activities = (await db.query<{ code: string }>(ACTIVITIES_SQL)).map((r) => r.code);
  const { countries, years } = shapeOf(
    rows,
    SEXES.length * activities.length * MIGRANT.length,
    (await db.query<{ code: string }>(AREAS_SQL)).map((r) => r.code),
  );
  let loaded = 0;
  await db.transaction(async (tx) => {
    const [r1] = await tx.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, status, published_at) values ('BENCH-1', 'Bench', 2024, 'published', now()) returning id`,
    );
    const [r2] = await tx.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, kind, status, published_at) values ('BENCH-2', 'Bench revision', 2024, 'revision', 'published', now()) returning id`,
    );
    for (const area of countries)
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
      for (const area of countries)
        for (const year of years)
          for (const sex of SEXES)
            for (const eco of activities)
              for (const mig of MIGRANT) {
                n++;
                if (n % every !== 0) continue;
                const value = ((n * 7919) % 100000) / 1000 + (round === r2!.id ? 0.5 : 0);
                chunk += `${area},${year},${sex},${eco},${mig},CBR,MST_TEMP_SEX_ECO_CBR_NB,BA:${area},${round},${value.toFixed(3)}\n`;
                if (chunk.length > 1 << 22) {
                  yield chunk;
                  chunk = "";
                }
              }
      if (chunk) yield chunk;
    }
    for (const [round, every] of [
      [r1!.id, 1],
      [r2!.id, 20],
    ] as const) {
      // PGlite's COPY reads one blob: chunks of a few MB keep the loader's memory flat.
      if (chunked) for (const chunk of lines(round, every)) loaded += await tx.copyFrom("fact_t05", columns, chunk);
      else
        loaded += await tx.copyFrom(
          "fact_t05",
          columns,
          (async function* () {
            yield* lines(round, every);
          })(),
        );
    }
  });
  await db.query("analyze fact_t05");
  return { activities, rows: loaded };
}

function databaseName(rows: number): string {
  return rows === DEFAULT_ROWS ? "ilms_bench_api" : `ilms_bench_api_${rows}`;
}

async function prepare(adminUrl: string, rows: number): Promise<{ url: string; activities: string[] }> {
  const name = databaseName(rows);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (env.BENCH_KEEP) {
    // BENCH_KEEP=1 keeps the loaded database between runs (for profiling); reuse it when it is there.
    const [found] = await admin.unsafe(`select 1 from pg_database where datname = '${name}'`);
    if (found) {
      await admin.end();
      const db = await openDb({ url: url.toString(), max: 1 });
      await db.migrate(); // a database kept by an older checkout gets this one's migrations
      const activities = (await db.query<{ code: string }>(ACTIVITIES_SQL)).map((r) => r.code);
      await db.close();
      await createPeerView(url.toString());
      console.log(`Reusing database ${name} (BENCH_KEEP=1)`);
      return { url: url.toString(), activities };
    }
  }
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const db = await openDb({ url: url.toString(), max: 2 });
  await db.migrate();
  await seedReferenceData(db);
  const started = performance.now();
  const loaded = await load(db, rows, false);
  console.log(
    `Loaded ${loaded.rows.toLocaleString("en")} observations into fact_t05 on PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await db.close();
  await createPeerView(url.toString());
  return { url: url.toString(), activities: loaded.activities };
}

/** An embedded database folder with the same rows (for `--driver pglite`). */
async function preparePglite(rows: number): Promise<string> {
  // BENCH_KEEP=1 keeps the folder too (in the system's temporary folder, named by the row count).
  const kept = join(tmpdir(), `ilms-bench-pglite-${rows}`);
  // Written once the load committed: a folder left by a killed load is loaded again.
  const complete = `${kept}.loaded`;
  if (env.BENCH_KEEP && existsSync(complete)) {
    const db = await openDb({ dataDir: kept });
    await db.migrate();
    await db.close();
    console.log(`Reusing embedded database ${kept} (BENCH_KEEP=1)`);
    return kept;
  }
  const dir = env.BENCH_KEEP ? kept : mkdtempSync(join(tmpdir(), "ilms-bench-pglite-"));
  if (env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  rmSync(complete, { force: true });
  const db = await openDb({ dataDir: dir });
  await db.migrate();
  await seedReferenceData(db);
  const started = performance.now();
  const loaded = await load(db, rows, true);
  console.log(
    `Loaded ${loaded.rows.toLocaleString("en")} observations into fact_t05 on PGlite in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await db.close();
  if (env.BENCH_KEEP) writeFileSync(complete, `${loaded.rows}\n`);
  return dir;
}

/** Child process: serve one case in one mode and print the port. */
async function serve(mode: Mode, url: string, caseJson: string): Promise<void> {
  const c = JSON.parse(caseJson) as Case;
  let port: number;
  if (mode === "raw") {
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    const plan = planFilter(c.filter);
    const statement = c.kind === "page" ? pageSql(plan, PUBLIC, 1000, null) : allCellsSql(plan, PUBLIC, MAX_SLICE_CELLS + 1);
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
  } else if (mode === "postgraphile") {
    port = await servePeer(url);
  } else {
    const { createApp } = await import("../../apps/api/src/app");
    const db = mode === "api-pglite" ? await openDb({ dataDir: url }) : await openDb({ url, max: 10 });
    // Every guard on, as `npm start` runs it: the request deadline is also each read's statement timeout.
    const app = await createApp({
      db,
      requestTimeoutMs: 30_000,
      statementTimeoutMs: 30_000,
      ...(mode === "api-cached" ? {} : { responseCache: null }),
    });
    port = Number(new URL(await app.listen(0)).port);
    const stop = () => void app.close().then(() => db.close().then(() => process.exit(0)));
    process.once("SIGTERM", stop);
  }
  process.stdout.write(`PORT ${port}\n`);
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  cells: number;
  /** Latency of the first request after the server said it listens. */
  firstMs: number;
}

interface Server {
  mode: Mode;
  target: string;
  /** Milliseconds from spawn to listening. */
  startMs: number;
  stop(): Promise<void>;
}

async function start(mode: Mode, url: string, c: Case): Promise<Server> {
  // Every server runs as in production (graphql-js skips its development-only checks).
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve", mode, url, JSON.stringify(c)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`server ${mode} exited with ${code}`)));
  });
  return {
    mode,
    target: `http://127.0.0.1:${port}/graphql`,
    startMs: performance.now() - started,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Cells (or rows) in an answer, to check that every server answered the same question. */
function cellsOf(mode: Mode, text: string): number {
  const parsed = JSON.parse(text) as {
    errors?: unknown;
    data?: { slice?: { size: number }; observations?: { nodes: unknown[] }; allT05Latests?: { nodes: unknown[] } };
  };
  if (mode === "raw") return (parsed as unknown as unknown[]).length;
  if (parsed.errors) throw new Error(`${mode} answered with errors: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
  if (mode === "postgraphile") return parsed.data!.allT05Latests!.nodes.length;
  return parsed.data!.slice?.size ?? parsed.data!.observations!.nodes.length;
}

/**
 * Runs the servers of a case in turn, ROUNDS times (interleaved, so that load from elsewhere on the machine
 * falls on all of them alike), and keeps the median of each measure.
 */
async function measureCase(
  targets: { url: string; pglite: string | null; base: string | null },
  c: Case,
): Promise<Partial<Record<Mode, Measured>>> {
  const modes: Mode[] = ["raw", "api", ...(c.kind === "slice" ? (["api-cached"] as const) : []), "postgraphile"];
  if (targets.pglite) modes.push("api-pglite");
  if (targets.base) modes.push("api-base");
  const target = (mode: Mode) => (mode === "api-pglite" ? targets.pglite! : mode === "api-base" ? targets.base! : targets.url);
  const servers: Server[] = [];
  for (const mode of modes) servers.push(await start(mode, target(mode), c));
  try {
    const bodyOf = (s: Server) => JSON.stringify({ query: s.mode === "postgraphile" ? c.peerQuery : c.query });
    const opts = (s: Server, duration: number) => ({
      url: s.target,
      connections: 8,
      duration,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body: bodyOf(s),
    });
    const shape: Record<string, { bytes: number; cells: number; firstMs: number }> = {};
    for (const s of servers) {
      const began = performance.now();
      const text = await (
        await fetch(s.target, { method: "POST", headers: { "content-type": "application/json" }, body: bodyOf(s) })
      ).text();
      const firstMs = performance.now() - began;
      shape[s.mode] = { bytes: text.length, cells: cellsOf(s.mode, text), firstMs };
      await autocannon(opts(s, 2)); // warm-up: JIT, pools, caches
    }
    const runs: Record<string, { rps: number; p50: number; p99: number }[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of servers) {
        const r = await autocannon(opts(s, SECONDS));
        if (r.errors + r.non2xx > 0) throw new Error(`${s.mode}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
        (runs[s.mode] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
      }
    }
    const out: Partial<Record<Mode, Measured>> = {};
    for (const s of servers) {
      const list = runs[s.mode]!;
      const m: Measured = {
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        ...shape[s.mode]!,
      };
      out[s.mode] = m;
      console.log(
        `  ${c.name.padEnd(5)} ${s.mode.padEnd(12)} cells ${String(m.cells).padStart(5)}  ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms  start ${s.startMs.toFixed(0).padStart(5)} ms  first ${m.firstMs.toFixed(0).padStart(4)} ms  (runs: ${list.map((r) => r.rps.toFixed(0)).join(", ")} req/s)`,
      );
    }
    return out;
  } finally {
    for (const s of servers) await s.stop();
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    args: process.argv.slice(2),
    options: { rows: { type: "string" }, driver: { type: "string", default: "postgres" } },
  });
  if (!env.TEST_DATABASE_URL) {
    console.error(
      "bench:api needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database), e.g.\n  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api [-- --rows 10000000] [-- --driver pglite]",
    );
    process.exit(2);
  }
  if (args.driver !== "postgres" && args.driver !== "pglite") throw new Error(`--driver is postgres or pglite, not ${args.driver}`);
  const rows = args.rows ? Number(args.rows) : DEFAULT_ROWS;
  if (!Number.isInteger(rows) || rows < DEFAULT_ROWS / 10)
    throw new Error(`--rows must be a whole number of at least ${DEFAULT_ROWS / 10}`);
  const { url, activities } = await prepare(env.TEST_DATABASE_URL, rows);
  const pglite = args.driver === "pglite" ? await preparePglite(rows) : null;
  // Above the default size, the default-size database too: latency at both sizes, in the same interleaved runs.
  const base = rows > DEFAULT_ROWS ? (await prepare(env.TEST_DATABASE_URL, DEFAULT_ROWS)).url : null;
  console.log(`autocannon: 8 connections, ${ROUNDS} interleaved runs of ${SECONDS} s per server, medians`);
  const results: Record<string, Partial<Record<Mode, Measured>>> = {};
  try {
    for (const c of cases(activities)) results[c.name] = await measureCase({ url, pglite, base }, c);
  } finally {
    if (pglite && !env.BENCH_KEEP) rmSync(pglite, { recursive: true, force: true });
  }
  if (base) {
    console.log(`\nLatency at ${rows.toLocaleString("en")} rows against ${DEFAULT_ROWS.toLocaleString("en")} (goal: p50 within 1.3x)`);
    for (const [name, r] of Object.entries(results))
      if (r.api && r["api-base"])
        console.log(
          `  ${name.padEnd(5)} p50 ${r.api.p50} ms / ${r["api-base"].p50} ms = ${(r.api.p50 / r["api-base"].p50).toFixed(2)}x   p99 ${r.api.p99} / ${r["api-base"].p99} ms   req/s ${(r.api.rps / r["api-base"].rps).toFixed(2)}x`,
        );
  }
  console.log(
    "\nRatios of req/s (goals: slice small >= 1.5x PostGraphile and >= 1x raw; large >= 1.5x and >= 1.2x; page >= 1.5x PostGraphile)",
  );
  for (const [name, r] of Object.entries(results)) {
    const ratio = (a: Mode, b: Mode) => (r[a] && r[b] ? `${(r[a].rps / r[b].rps).toFixed(2)}x` : "-");
    console.log(
      `  ${name.padEnd(5)} API/PostGraphile ${ratio("api", "postgraphile")}   API/raw ${ratio("api", "raw")}   cached/raw ${ratio("api-cached", "raw")}   PostGraphile/raw ${ratio("postgraphile", "raw")}${pglite ? `   PGlite/PostgreSQL ${ratio("api-pglite", "api")}` : ""}   (bytes: raw ${r.raw?.bytes}, api ${r.api?.bytes}, PostGraphile ${r.postgraphile?.bytes})`,
    );
  }
  if (env.BENCH_KEEP) return;
  const admin = postgres(env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${databaseName(rows)} with (force)`);
  if (base) await admin.unsafe(`drop database if exists ${databaseName(DEFAULT_ROWS)} with (force)`);
  await admin.end();
}

if (process.argv[2] === "serve") await serve(process.argv[3] as Mode, process.argv[4]!, process.argv[5]!);
else await main();
