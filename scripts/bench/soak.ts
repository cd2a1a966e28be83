/**
 * `npm run bench:soak [-- --seconds N]`: the API under a long mixed read load, on PostgreSQL with one read replica.
 *
 * 1. creates a fresh database on the PostgreSQL of TEST_DATABASE_URL and a loopback hot standby of that server
 *    (`scripts/pg-replica.sh start`);
 * 2. starts the API as `npm start` does (apps/api/src/main.ts) with DATABASE_URL on the primary and
 *    DATABASE_REPLICA_URLS on the standby; it migrates, seeds and loads the real sample;
 * 3. drives it with 8 keep-alive clients for `--seconds` (default 600) of mixed reads: GraphQL observations
 *    pages, counts, sources and rounds over varied countries and years, and SDMX-REST data messages
 *    (`/sdmx/rest/data/...`, SDMX-JSON and SDMX-CSV);
 * 4. prints requests, errors, p50 / p99 latency, the API's RSS after a warm-up and at the end and its growth,
 *    and the share of transactions the replica served (pg_stat_database on each server). Goals: 0 errors, RSS
 *    growth under 10 %.
 * Everything it started is stopped and removed at the end.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);
// The bench entry's own environment reader (the only process.env use here).
const env = { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL };
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPLICA_SCRIPT = fileURLToPath(new URL("../pg-replica.sh", import.meta.url));
const DB_NAME = "ilms_bench_soak";
const CLIENTS = 8;
/** Seconds of load before the RSS baseline is taken: caches and JIT settle first. */
const WARMUP_SECONDS_DEFAULT = 20;

const argIndex = process.argv.indexOf("--seconds");
const SECONDS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 600;
if (!Number.isFinite(SECONDS) || SECONDS <= 0) throw new Error("--seconds takes a positive number");
const WARMUP_SECONDS = Math.min(60, Math.max(WARMUP_SECONDS_DEFAULT, Math.round(SECONDS / 10)));
if (!env.TEST_DATABASE_URL) throw new Error("bench:soak needs TEST_DATABASE_URL (a PostgreSQL server it may create a database on)");

const AREAS = ["IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM", "BRN"];
const FLOW = "DF_MNA_OEMP_SEX_CDS_NB";
/** Countries and years the SDMX flow has data for (read from the sample once loaded): each SDMX question has an answer. */
let flowSpans: { area: string; from: number; to: number }[] = [];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** One request of the mix: a path and, for GraphQL, a body. */
function nextRequest(): { face: "graphql" | "sdmx"; path: string; body?: string; accept?: string } {
  const area = pick(AREAS);
  const year = 2012 + Math.floor(Math.random() * 12);
  const r = Math.random();
  const graphql = (query: string, variables: Record<string, unknown>) => ({
    face: "graphql" as const,
    path: "/graphql",
    body: JSON.stringify({ query, variables }),
  });
  if (r < 0.3)
    return graphql(
      `
        query ($a: [String!], $y: Int) {
          observations(filter: { table: 15, refArea: $a, timeFrom: $y }, first: 50) {
            totalCount
            nodes {
              refArea
              indicator
              sex
              classif1
              time
              obsValue
              obsStatus
              source
            }
          }
        }
      `,
      { a: [area], y: year },
    );
  if (r < 0.45)
    return graphql(
      `
        query ($a: [String!]) {
          observations(filter: { table: 1, refArea: $a }, first: 1) {
            totalCount
          }
        }
      `,
      { a: [area] },
    );
  if (r < 0.55)
    return graphql(
      `
        query ($a: [String!]) {
          sources(refArea: $a) {
            code
            name
          }
        }
      `,
      { a: [area] },
    );
  if (r < 0.6)
    return graphql(
      `
        {
          rounds {
            code
            status
          }
        }
      `,
      {},
    );
  const span = pick(flowSpans);
  const from = span.from + Math.floor(Math.random() * (span.to - span.from + 1));
  if (r < 0.8)
    return {
      face: "sdmx",
      path: `/sdmx/rest/data/${FLOW}/${span.area}.A..SEX_T.?startPeriod=${from}`,
      accept: "application/vnd.sdmx.data+json;version=2.0.0",
    };
  return { face: "sdmx", path: `/sdmx/rest/data/${FLOW}/all?startPeriod=${from}&format=csvdata` };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function commits(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<
      { n: string }[]
    >`select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = ${DB_NAME}`;
    return Number(row?.n ?? 0);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const adminUrl = new URL(env.TEST_DATABASE_URL);
adminUrl.pathname = "/postgres";
const primaryUrl = new URL(env.TEST_DATABASE_URL);
primaryUrl.pathname = `/${DB_NAME}`;
const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
await admin.unsafe(`create database ${DB_NAME}`);

console.log("starting a loopback hot standby (scripts/pg-replica.sh)");
const { stdout } = await run("bash", [REPLICA_SCRIPT, "start", primaryUrl.toString()], { timeout: 300_000 });
const vars = Object.fromEntries(
  stdout
    .trim()
    .split("\n")
    .map((l) => l.split("=", 2) as [string, string]),
);
const replicaUrl = vars.REPLICA_URL!;
const replicaDir = vars.REPLICA_DIR!;

const api = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATABASE_URL: primaryUrl.toString(),
    DATABASE_REPLICA_URLS: replicaUrl,
    PORT: "0",
    ILMS_DEMO_DATA: "true",
    ILMS_RATE_LIMIT: "0",
    ILMS_CONSOLE_DIR: "",
    ILMS_JWT_SECRET: "soak-bench-secret-0123456789-abcdefghijklmnop",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
api.stdout.on("data", (d: Buffer) => (log += d.toString()));
api.stderr.on("data", (d: Buffer) => (log += d.toString()));

async function cleanup() {
  api.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 2_000));
  api.kill("SIGKILL");
  await run("bash", [REPLICA_SCRIPT, "stop", replicaDir]).catch(() => {});
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).catch(() => {});
  await admin.end({ timeout: 1 });
}

try {
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start:\n${log}`)), 180_000);
    api.stdout.on("data", () => {
      const m = /API on (http:\/\/[\d.]+:\d+)\/graphql/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    api.once("exit", () => reject(new Error(`the API exited:\n${log}`)));
  });
  const sql = postgres(primaryUrl.toString(), { max: 1, onnotice: () => {} });
  flowSpans = (
    await sql<{ area: string; from: number; to: number }[]>`
      select ref_area as area, min(time)::int as from, max(time)::int as to from fact_t15
       where indicator = 'MNA_OEMP_SEX_CDS_NB' and sex = 'SEX_T' group by ref_area order by ref_area`
  ).map((r) => ({ ...r }));
  await sql.end({ timeout: 1 });
  if (flowSpans.length === 0) throw new Error(`the sample has no ${FLOW} data: nothing to ask SDMX`);
  console.log(`API on ${base}, replica ${replicaUrl}; ${CLIENTS} clients for ${SECONDS} s (+${WARMUP_SECONDS} s warm-up)`);

  const latencies: number[] = [];
  const errors: string[] = [];
  const byFace = { graphql: 0, sdmx: 0 };
  let measuring = false;
  let stopAt = Date.now() + WARMUP_SECONDS * 1000;
  const client = async () => {
    while (Date.now() < stopAt) {
      const req = nextRequest();
      const start = performance.now();
      try {
        const res = await fetch(base + req.path, {
          method: req.body ? "POST" : "GET",
          headers: { ...(req.body ? { "content-type": "application/json" } : {}), ...(req.accept ? { accept: req.accept } : {}) },
          ...(req.body ? { body: req.body } : {}),
        });
        const text = await res.text();
        const failed = res.status !== 200 || (req.face === "graphql" && text.includes('"errors"'));
        if (measuring) {
          latencies.push(performance.now() - start);
          byFace[req.face]++;
          if (failed) errors.push(`${res.status} ${req.path} ${text.slice(0, 200)}`);
        }
      } catch (error) {
        if (measuring) errors.push(`${req.path}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));

  const rssStart = rssKb(api.pid!);
  const primaryBefore = await commits(primaryUrl.toString());
  const replicaBefore = await commits(replicaUrl);
  const samples: number[] = [rssStart];
  measuring = true;
  const startedAt = Date.now();
  stopAt = startedAt + SECONDS * 1000;
  const sampler = setInterval(() => {
    samples.push(rssKb(api.pid!));
    const done = (Date.now() - startedAt) / 1000;
    if (Math.round(done) % 60 < 5)
      console.log(
        `  ${Math.round(done)} s: ${latencies.length} requests, ${errors.length} errors, RSS ${(samples.at(-1)! / 1024).toFixed(0)} MB`,
      );
  }, 5_000);
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearInterval(sampler);
  const rssEnd = rssKb(api.pid!);
  const primaryServed = (await commits(primaryUrl.toString())) - primaryBefore;
  const replicaServed = (await commits(replicaUrl)) - replicaBefore;

  const sorted = [...latencies].sort((a, b) => a - b);
  const elapsed = (Date.now() - startedAt) / 1000;
  const growth = ((rssEnd - rssStart) / rssStart) * 100;
  console.log(`\nsoak: ${SECONDS} s, ${CLIENTS} clients, PostgreSQL primary + 1 streaming replica`);
  console.log(
    `requests   ${latencies.length} (${byFace.graphql} GraphQL, ${byFace.sdmx} SDMX), ${(latencies.length / elapsed).toFixed(1)} req/s`,
  );
  console.log(`errors     ${errors.length}`);
  console.log(
    `latency    p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`,
  );
  console.log(
    `RSS        start ${(rssStart / 1024).toFixed(0)} MB, end ${(rssEnd / 1024).toFixed(0)} MB, growth ${growth.toFixed(1)} % (min ${(Math.min(...samples) / 1024).toFixed(0)}, max ${(Math.max(...samples) / 1024).toFixed(0)} MB)`,
  );
  console.log(
    `database   transactions: replica ${replicaServed}, primary ${primaryServed} (replica share ${((replicaServed / Math.max(1, replicaServed + primaryServed)) * 100).toFixed(0)} %)`,
  );
  console.log(`goals      0 errors: ${errors.length === 0 ? "met" : "MISSED"}; RSS growth < 10 %: ${growth < 10 ? "met" : "MISSED"}`);
  if (errors.length) console.log(`first errors:\n  ${errors.slice(0, 5).join("\n  ")}`);
} finally {
  await cleanup();
}
