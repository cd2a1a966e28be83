/**
 * `npm run bench:ingest [-- ROWS]`: the importer against raw COPY on the same rows, same run, same database.
 *
 * 1. writes a deterministic synthetic ILOSTAT CSV of ROWS rows (default 1,000,000) to a temp file;
 * 2. imports it with `importIlostat` in a child process (a fresh PostgreSQL database from TEST_DATABASE_URL),
 *    which reports its own peak RSS;
 * 3. COPYs the same file into a bare table with the same key (ILOSTAT's cell columns) in the same database;
 * 4. prints rows/s for both, the ratio (goal >= 0.5, issue 15) and the importer's peak RSS (goal < 300 MB);
 * 5. with `--driver pglite`, also imports the same file into a fresh embedded database (goal >= 60,000 rows/s).
 *
 * BENCH_KEEP=1 keeps the PostgreSQL database with its import (for EXPLAIN and re-running the checks).
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { SYNTHETIC_SOURCE, importIlostat, prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import type { SyntheticOptions } from "@ilms/ingest";
import { requireServer, withScratchDatabase } from "./scratch";

// The bench entry's own environment reader (the only process.env use here).
const env = { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL, BENCH_KEEP: process.env.BENCH_KEEP === "1" };

/** A PostgreSQL URL, or an embedded database's folder. */
const open = (target: string) => (/^postgres(ql)?:/.test(target) ? openDb({ url: target, max: 2 }) : openDb({ dataDir: target }));

interface ChildResult {
  timings: Record<string, number>;
  foreignKeys: string;
  status: string;
  rowsWritten: number;
  errorCount: number;
  findings: number;
  errors: unknown[];
  seconds: number;
  peakRss: number;
  baseRss: number;
}

/** The importer, in its own process so that its peak RSS is its own. */
function importInChild(target: string, file: string, rows: number): Promise<ChildResult> {
  return new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", target, file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    p.stdout.on("data", (d: Buffer) => (text += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`importer exited with ${code}`))));
  }).then((out) => {
    const result = JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
    if (result.status !== "loaded" || result.rowsWritten !== rows)
      throw new Error(`import did not load every row: ${JSON.stringify(result)}`);
    return result;
  });
}

async function prepareDatabase(db: DbHandle, rows: number): Promise<SyntheticOptions> {
  await db.migrate();
  await seedReferenceData(db);
  await db.query("insert into collection_rounds (code, title, reference_year) values ('BENCH', 'Benchmark round', 2024)");
  return prepareSynthetic(db, rows);
}

async function child(target: string, file: string): Promise<void> {
  const db = await open(target);
  const baseRss = process.memoryUsage().rss;
  const started = performance.now();
  const report = await importIlostat(db, { path: file }, { round: "BENCH", source: SYNTHETIC_SOURCE });
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      status: report.status,
      rowsWritten: report.rowsWritten,
      errorCount: report.errorCount,
      findings: report.findingCount,
      timings: report.timings,
      foreignKeys: report.foreignKeys,
      errors: report.errors.slice(0, 3),
      seconds,
      peakRss,
      baseRss,
    }) + "\n",
  );
}

async function main(): Promise<void> {
  const server = requireServer(env.TEST_DATABASE_URL, "bench:ingest");
  const { values: args, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { driver: { type: "string", default: "postgres" } },
    allowPositionals: true,
  });
  if (args.driver !== "postgres" && args.driver !== "pglite") throw new Error(`--driver is postgres or pglite, not ${args.driver}`);
  const rows = Number(positionals[0] ?? 1_000_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`ROWS must be a positive integer, got ${positionals[0]}`);
  const dir = mkdtempSync(join(tmpdir(), "ilms-bench-"));
  const file = join(dir, "synthetic.csv");
  try {
    await withScratchDatabase(
      server,
      async ({ name, url: scratch }) => {
        const url = new URL(scratch);
        const db = await openDb({ url: url.toString(), max: 2 });
        const options = await prepareDatabase(db, rows);
        await db.close();
        await pipeline(Readable.from(syntheticIlostatCsv(options)), createWriteStream(file));
        console.log(
          `${rows.toLocaleString("en")} synthetic rows, ${(statSync(file).size / 1e6).toFixed(1)} MB, PostgreSQL database ${name}`,
        );

        // Baseline: the same file, COPY into a bare table keyed like an ILOSTAT cell. Measured before and after
        // the import and averaged, because other processes share these machines.
        const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
        const rawCopy = async (table: string): Promise<number> => {
          await sql.unsafe(`create table ${table} (ref_area text, source text, indicator text, sex text, classif1 text, classif2 text, time smallint,
        obs_value numeric, obs_status text, note_classif text, note_indicator text, note_source text,
        primary key (ref_area, source, indicator, sex, classif1, time))`);
          const copyStarted = performance.now();
          const writable = await sql.unsafe(`copy ${table} from stdin with (format csv, header true)`).writable();
          await pipeline(createReadStream(file), writable);
          const seconds = (performance.now() - copyStarted) / 1000;
          const [count] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`);
          const n = count?.n;
          if (n !== rows) throw new Error(`raw COPY loaded ${n} rows, expected ${rows}`);
          return seconds;
        };
        const copyBefore = await rawCopy("bench_raw_before");

        const result = await importInChild(url.toString(), file, rows);
        const copyAfter = await rawCopy("bench_raw_after");
        await sql.end();
        const copySeconds = (copyBefore + copyAfter) / 2;

        const importRate = rows / result.seconds;
        const copyRate = rows / copySeconds;
        console.log(
          `importer  ${Math.round(importRate).toLocaleString("en").padStart(9)} rows/s  (${result.seconds.toFixed(1)} s, ${result.findings} check findings)`,
        );
        console.log(
          `raw COPY  ${Math.round(copyRate).toLocaleString("en").padStart(9)} rows/s  (mean of ${copyBefore.toFixed(1)} s before and ${copyAfter.toFixed(1)} s after the import)`,
        );
        console.log(`ratio     ${(importRate / copyRate).toFixed(2)} of raw COPY (goal >= 0.5)`);
        console.log(
          `phases    ${Object.entries(result.timings)
            .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
            .join(", ")}; foreign keys checked ${result.foreignKeys}`,
        );
        console.log(
          `peak RSS  ${(result.peakRss / 1024 / 1024).toFixed(0)} MB (importer process, of which ${(result.baseRss / 1024 / 1024).toFixed(0)} MB before the import started; goal < 300 MB)`,
        );
      },
      { keep: env.BENCH_KEEP },
    );
    if (args.driver === "pglite") {
      const folder = join(dir, "pglite");
      const db = await openDb({ dataDir: folder });
      await prepareDatabase(db, rows);
      await db.close();
      const result = await importInChild(folder, file, rows);
      console.log(
        `PGlite    ${Math.round(rows / result.seconds)
          .toLocaleString("en")
          .padStart(
            9,
          )} rows/s  (${result.seconds.toFixed(1)} s, ${result.findings} check findings; goal >= 60,000 rows/s), peak RSS ${(result.peakRss / 1024 / 1024).toFixed(0)} MB`,
      );
      console.log(
        `phases    ${Object.entries(result.timings)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(", ")}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else await main();
