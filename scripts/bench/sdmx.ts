/**
 * `npm run bench:sdmx`: SDMX data messages against the GraphQL `slice` and a raw baseline, same run, same
 * database, same query.
 *
 * 1. creates a fresh PostgreSQL database (from TEST_DATABASE_URL), migrates, seeds and COPYs 500,000 synthetic
 *    published observations into table 5 (`MST_TEMP_SEX_ECO_CBR_NB`; `test/helpers/synthetic-t05.ts`);
 * 2. for a 5,000-cell query (5 countries, both sexes' total, 2022-2024) and a 500,000-cell one (the whole flow),
 *    serves it from child processes in four ways: `raw` (node http + the engine's own SQL through a `postgres`
 *    cursor, each row written as a CSV line: the floor of any streamed answer), `sdmx-csv` and `sdmx-json` (the
 *    real API, `/sdmx/rest/data/...?format=csvdata|jsondata`, response cache off) and `graphql-slice` (the real
 *    API's `slice`, which refuses more than 50,000 cells);
 * 3. reads each answer whole BENCH_ROUNDS times (default 3; once for the large query), the servers in turn, and
 *    prints observations per second (median) and the server's peak RSS (VmHWM, reset before each request) with
 *    its growth over the resting RSS, and the ratios to raw.
 *
 * BENCH_KEEP=1 keeps the loaded database for the next run (and reuses it).
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { openDb, seedReferenceData } from "@ilms/db";
import { PUBLIC, allCellsSql, planFilter } from "@ilms/query";
import type { ObservationFilter } from "@ilms/query";
import { dataFilter, getDataflow } from "@ilms/sdmx";
import { SYNTHETIC_COUNTRIES, loadSyntheticT05 } from "../../test/helpers/synthetic-t05";

// The bench entry's own environment reader (the only process.env use here).
const env = {
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
  BENCH_ROUNDS: process.env.BENCH_ROUNDS,
  BENCH_KEEP: process.env.BENCH_KEEP === "1",
};
const DB_NAME = "ilms_bench_sdmx";
const CELLS = 500_000;
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const FLOW = "DF_MST_TEMP_SEX_ECO_CBR_NB";
const MODES = ["raw", "sdmx-csv", "sdmx-json", "graphql-slice"] as const;
type Mode = (typeof MODES)[number];

interface Case {
  name: string;
  /** The SDMX key and period parameters. */
  key: string;
  params: string;
  rounds: number;
}

const FIVE = SYNTHETIC_COUNTRIES.slice(0, 5);
const CASES: Case[] = [
  { name: "5k", key: `${FIVE.join("+")}.A.MST_TEMP_NB.SEX_T..`, params: "startPeriod=2022&endPeriod=2024", rounds: ROUNDS },
  { name: "500k", key: "all", params: "", rounds: 1 },
];

/** The engine filter of a case: exactly what the SDMX face derives from the key. */
function filterOf(c: Case): ObservationFilter {
  const params = new URLSearchParams(c.params);
  return dataFilter(getDataflow(FLOW)!, c.key, { startPeriod: params.get("startPeriod"), endPeriod: params.get("endPeriod") });
}

function sliceQuery(f: ObservationFilter): string {
  const list = (name: string, v: unknown) => (v === undefined ? "" : `, ${name}: ${JSON.stringify(v)}`);
  return `query Bench { slice(filter: { indicator: "${f.indicator}"${list("refArea", f.refArea)}${list("sex", f.sex)}${list("timeFrom", f.timeFrom)}${list("timeTo", f.timeTo)}, expandHierarchy: false }, dimensions: [{ dimension: "refArea" }, { dimension: "economicActivity" }, { dimension: "migrantStatus" }, { dimension: "sex" }, { dimension: "time" }]) { size observations { keys values statuses } } }`;
}

async function prepare(adminUrl: string): Promise<string> {
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (env.BENCH_KEEP && (await admin.unsafe(`select 1 from pg_database where datname = '${DB_NAME}'`)).length > 0) {
    await admin.end();
    console.log(`Reusing database ${DB_NAME} (BENCH_KEEP=1)`);
    return url.toString();
  }
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  const db = await openDb({ url: url.toString(), max: 2 });
  await db.migrate();
  await seedReferenceData(db);
  const started = performance.now();
  const rows = await loadSyntheticT05(db, CELLS);
  console.log(`Loaded ${rows.toLocaleString("en")} observations into fact_t05 in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.close();
  return url.toString();
}

/** Child process: one server (raw baseline or the real API) on a free port; prints the port. */
async function serve(mode: "raw" | "api", url: string): Promise<void> {
  let port: number;
  if (mode === "raw") {
    const sql = postgres(url, { max: 4, onnotice: () => {} });
    const server = createServer(async (req, res) => {
      const filter = JSON.parse(decodeURIComponent(new URL(req.url!, "http://x").searchParams.get("filter")!)) as ObservationFilter;
      const statement = allCellsSql(planFilter(filter), PUBLIC, 10_000_000);
      res.writeHead(200, { "content-type": "text/csv" });
      for await (const batch of sql.unsafe(statement.text, statement.params as never[]).cursor(5000)) {
        let chunk = "";
        for (const r of batch)
          chunk += `${r.ref_area},${r.time},${r.sex},${r.economic_activity},${r.migrant_status},${r.obs_value},${r.obs_status ?? ""},${r.source_code}\n`;
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  } else {
    const { createApp } = await import("../../apps/api/src/app");
    const db = await openDb({ url, max: 10 });
    const app = await createApp({
      db,
      responseCache: null,
      rateLimit: null,
      maxResponseBytes: 2 ** 31 - 1,
      requestTimeoutMs: 600_000,
    });
    port = Number(new URL(await app.listen(0)).port);
  }
  process.stdout.write(`PORT ${port}\n`);
}

interface Server {
  pid: number;
  base: string;
  stop(): void;
}

async function start(mode: "raw" | "api", url: string): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve", mode, url], {
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
  return { pid: child.pid!, base: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

const kb = (pid: number, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);

function request(mode: Mode, c: Case, servers: { raw: Server; api: Server }): { server: Server; url: string; init?: RequestInit } {
  const f = filterOf(c);
  const q = c.params ? `?${c.params}&` : "?";
  switch (mode) {
    case "raw":
      return { server: servers.raw, url: `${servers.raw.base}/?filter=${encodeURIComponent(JSON.stringify(f))}` };
    case "sdmx-csv":
      return { server: servers.api, url: `${servers.api.base}/sdmx/rest/data/${FLOW}/${c.key}${q}format=csvdata` };
    case "sdmx-json":
      return { server: servers.api, url: `${servers.api.base}/sdmx/rest/data/${FLOW}/${c.key}${q}format=jsondata` };
    case "graphql-slice":
      return {
        server: servers.api,
        url: `${servers.api.base}/graphql`,
        init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: sliceQuery(f) }) },
      };
  }
}

interface Measured {
  obsPerSecond: number | null;
  peakMb: number;
  growthMb: number;
  bytes: number;
  note: string;
}

/** One whole answer; counts its observations (lines, observation keys, or the slice's size). */
async function once(mode: Mode, c: Case, servers: { raw: Server; api: Server }) {
  const { server, url, init } = request(mode, c, servers);
  const resting = kb(server.pid, "VmRSS");
  writeFileSync(`/proc/${server.pid}/clear_refs`, "5"); // VmHWM := VmRSS
  const started = performance.now();
  const res = await fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "accept-encoding": "identity" } });
  let bytes = 0;
  let count = 0;
  let text = "";
  let tail = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (mode === "graphql-slice") text += Buffer.from(chunk).toString("utf8");
    else if (mode === "sdmx-json") {
      // Each observation is `"0:1:...":[value...]`; the end of the previous chunk is kept for a key split across
      // chunks, and a key is counted once, in the piece where it ends past that kept part.
      const piece = tail + Buffer.from(chunk).toString("latin1");
      for (const m of piece.matchAll(/"[0-9]+(?::[0-9]+)+":\[/g)) if (m.index + m[0].length > tail.length) count++;
      tail = piece.slice(-64);
    } else for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = kb(server.pid, "VmHWM");
  let note = "";
  if (mode === "sdmx-csv") count--; // header line
  if (mode === "graphql-slice") {
    const body = JSON.parse(text) as {
      data?: { slice: { observations: { values: unknown[] } } };
      errors?: { extensions?: { code?: string } }[];
    };
    if (body.errors) note = `refused: ${body.errors[0]?.extensions?.code ?? "error"}`;
    else count = body.data!.slice.observations.values.length;
  }
  return { count, seconds, bytes, peakMb: peak / 1024, growthMb: (peak - resting) / 1024, note, status: res.status };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!env.TEST_DATABASE_URL) {
    console.error(
      "bench:sdmx needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database), e.g.\n  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:sdmx",
    );
    process.exit(2);
  }
  const url = await prepare(env.TEST_DATABASE_URL);
  const servers = { raw: await start("raw", url), api: await start("api", url) };
  try {
    // Warm-up: JIT, pools, the code lists' names.
    for (const mode of MODES) await once(mode, CASES[0]!, servers);
    const results: Record<string, Record<Mode, Measured>> = {};
    for (const c of CASES) {
      const runs: Record<string, Awaited<ReturnType<typeof once>>[]> = {};
      for (let round = 0; round < c.rounds; round++) for (const mode of MODES) (runs[mode] ??= []).push(await once(mode, c, servers));
      const out = {} as Record<Mode, Measured>;
      for (const mode of MODES) {
        const list = runs[mode]!;
        const counts = new Set(list.map((r) => r.count));
        const refused = list[0]!.note !== "";
        out[mode] = {
          obsPerSecond: refused ? null : median(list.map((r) => r.count / r.seconds)),
          peakMb: Math.max(...list.map((r) => r.peakMb)),
          growthMb: Math.max(...list.map((r) => r.growthMb)),
          bytes: list[0]!.bytes,
          note: list[0]!.note || `${[...counts].join("/")} observations`,
        };
        const m = out[mode];
        console.log(
          `  ${c.name.padEnd(4)} ${mode.padEnd(13)} ${m.obsPerSecond === null ? "         -" : m.obsPerSecond.toFixed(0).padStart(10)} obs/s  peak RSS ${m.peakMb.toFixed(0).padStart(4)} MB (+${m.growthMb.toFixed(0)} MB)  ${(m.bytes / 2 ** 20).toFixed(1)} MB  ${m.note}  (runs: ${list.map((r) => (r.count / r.seconds).toFixed(0)).join(", ")})`,
        );
      }
      results[c.name] = out;
    }
    console.log("\nRatios to raw (observations/s; peak RSS growth in MB beside raw's)");
    for (const [name, r] of Object.entries(results)) {
      const ratio = (m: Mode) => (r[m].obsPerSecond === null ? r[m].note : `${(r[m].obsPerSecond! / r.raw.obsPerSecond!).toFixed(2)}x`);
      console.log(
        `  ${name.padEnd(4)} sdmx-csv ${ratio("sdmx-csv")} (+${r["sdmx-csv"].growthMb.toFixed(0)} MB)   sdmx-json ${ratio("sdmx-json")} (+${r["sdmx-json"].growthMb.toFixed(0)} MB)   graphql-slice ${ratio("graphql-slice")} (+${r["graphql-slice"].growthMb.toFixed(0)} MB)   raw +${r.raw.growthMb.toFixed(0)} MB`,
      );
    }
  } finally {
    servers.raw.stop();
    servers.api.stop();
  }
  if (env.BENCH_KEEP) return;
  const admin = postgres(env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.end();
}

if (process.argv[2] === "serve") await serve(process.argv[3] as "raw" | "api", process.argv[4]!);
else await main();
