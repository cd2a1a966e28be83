/**
 * `npm run bench:report [-- ROWS]`: the analytical report of a round of ROWS synthetic observations (default
 * 100,000), against a baseline measured in the same run on the same database: the ILOSTAT CSV export of the
 * whole round (every cell read once and written out).
 *
 * 1. imports a deterministic synthetic round (packages/ingest/src/synthetic.ts) into a fresh PostgreSQL database
 *    from TEST_DATABASE_URL (or an in-memory PGlite without it) and publishes it;
 * 2. in a child process each (so that peak RSS is the job's own): the export, then the report in html, pdf
 *    and xlsx;
 * 3. prints seconds and peak RSS of each, and the report's time as a ratio of the export's, with where the
 *    report's seconds go (each section's engine reads, the charts, the writer), the machine load (`uptime`),
 *    and the goal (each format under 10 s and 300 MB).
 *
 * `BENCH_CPU_PROF=DIR` runs each child with `--cpu-prof --cpu-prof-dir=DIR` (open the .cpuprofile files in
 * Chrome DevTools). `BENCH_BUILT=1` runs the children on the built packages (`--conditions=ilms-dist`, after
 * `npm run build`): only this script goes through tsx, so the figures hold no transpiler.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { prepareExport } from "@ilms/formats";
import { SYNTHETIC_SOURCE, importIlostat, prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import { requireServer, withScratchDatabase } from "./scratch";
import { buildReport, renderCharts, renderHtml, renderPdf, renderXlsx } from "@ilms/report";
import type { ReportFormat } from "@ilms/report";

const env = { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL };
const ROUND = "BENCH";

interface Measure {
  job: string;
  seconds: number;
  peakRss: number;
  bytes: number;
  /** Seconds per phase of a report: each section (its engine reads and computing), charts, writing. */
  phases?: Record<string, number>;
}

/** `BENCH_SQL_TRACE=1`: each statement's milliseconds and first line on stderr, the slowest first at the end. */
function traceQueries(db: DbHandle): void {
  const query = db.query.bind(db);
  const seen: [number, string][] = [];
  db.query = (async (text: string, params?: unknown[]) => {
    const t = performance.now();
    try {
      return await query(text, params);
    } finally {
      seen.push([performance.now() - t, text.replace(/\s+/g, " ").slice(0, 160)]);
    }
  }) as typeof db.query;
  process.on("beforeExit", () => {
    for (const [ms, text] of seen.sort((a, b) => b[0] - a[0]).slice(0, 12))
      process.stderr.write(`${ms.toFixed(0).padStart(7)} ms  ${text}\n`);
  });
}

/** Child: one job on the prepared database, then its time and peak RSS as JSON on stdout. */
async function child(url: string, job: string): Promise<void> {
  const db = await openDb({ url, max: 2 });
  if (process.env.BENCH_SQL_TRACE) traceQueries(db);
  const started = performance.now();
  let bytes = 0;
  const phases: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const now = performance.now();
    phases[name] = (now - mark) / 1000;
    mark = now;
  };
  if (job === "export") {
    const out = new Writable({
      write(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        done();
      },
    });
    const prepared = await prepareExport(db, { format: "ilostat-csv" });
    await prepared.write(out);
  } else {
    // What generateReport does, a phase at a time.
    const format = job as ReportFormat;
    const model = await buildReport(db, { round: ROUND, drafts: false, lang: "en", onProgress: (s) => lap(s.section) });
    if (format !== "xlsx") {
      await renderCharts(model);
      lap("charts");
    }
    const out =
      format === "html" ? Buffer.from(renderHtml(model), "utf8") : format === "pdf" ? await renderPdf(model) : await renderXlsx(model);
    lap(`write ${format}`);
    bytes = out.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  const measure: Measure = {
    job,
    seconds,
    peakRss: process.resourceUsage().maxRSS * 1024,
    bytes,
    phases: job === "export" ? undefined : phases,
  };
  process.stdout.write(JSON.stringify(measure) + "\n");
}

function run(url: string, job: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const flags = ["--import", "tsx"];
    if (process.env.BENCH_BUILT) flags.push("--conditions=ilms-dist");
    if (process.env.BENCH_CPU_PROF)
      flags.push("--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=report-${job}.cpuprofile`);
    const p = spawn(process.execPath, [...flags, fileURLToPath(import.meta.url), "--child", url, job], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    p.stdout.on("data", (d: Buffer) => (text += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(text.trim().split("\n").pop()!) as Measure) : reject(new Error(`${job} exited with ${code}`)),
    );
  });
}

async function prepare(db: DbHandle, rows: number, dir: string): Promise<void> {
  await db.migrate();
  await seedReferenceData(db);
  await db.query("insert into collection_rounds (code, title, reference_year) values ($1, 'Benchmark round', 2024)", [ROUND]);
  const options = await prepareSynthetic(db, rows);
  const file = join(dir, "synthetic.csv");
  await pipeline(Readable.from(syntheticIlostatCsv(options)), createWriteStream(file));
  const report = await importIlostat(db, { path: file }, { round: ROUND, source: SYNTHETIC_SOURCE });
  if (report.rowsWritten !== rows) throw new Error(`the import wrote ${report.rowsWritten} of ${rows} rows (${report.status})`);
  await db.query("update collection_rounds set status = 'published', published_at = now() where code = $1", [ROUND]);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`ROWS must be a positive integer, got ${process.argv[2]}`);
  const server = requireServer(env.TEST_DATABASE_URL, "bench:report");
  const dir = mkdtempSync(join(tmpdir(), "ilms-bench-report-"));
  try {
    await withScratchDatabase(
      server,
      async ({ name, url: scratch }) => {
        const url = new URL(scratch);
        const db = await openDb({ url: url.toString(), max: 2 });
        try {
          await prepare(db, rows, dir);
        } finally {
          await db.close();
        }
        console.log(`${rows.toLocaleString("en")} synthetic observations in round ${ROUND}, PostgreSQL database ${name}`);
        const baseline = await run(url.toString(), "export");
        const results = [baseline];
        for (const format of ["html", "pdf", "xlsx"]) results.push(await run(url.toString(), format));
        const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
        for (const r of results)
          console.log(
            `${r.job.padEnd(7)} ${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${mb(r.peakRss).padStart(6)}  ${(r.bytes / 1024).toFixed(0).padStart(6)} KB  ${r === baseline ? "(baseline: the round's ILOSTAT CSV export)" : `ratio ${(r.seconds / baseline.seconds).toFixed(2)} of the export`}`,
          );
        for (const r of results)
          if (r.phases)
            console.log(
              `  ${r.job.padEnd(5)} ${Object.entries(r.phases)
                .map(([name, s]) => `${name} ${s.toFixed(2)}`)
                .join(", ")}`,
            );
        const load = loadavg().map((l) => l.toFixed(2));
        console.log(
          `machine load (1, 5, 15 min): ${load.join(", ")}; children ${process.env.BENCH_BUILT ? "on the built packages" : "under tsx"}`,
        );
        for (const r of results.slice(1))
          console.log(
            `goal: the ${r.job} report under 10 s and 300 MB: ${r.seconds < 10 && r.peakRss < 300 * 1024 * 1024 ? "met" : "NOT met"} (${r.seconds.toFixed(2)} s, ${mb(r.peakRss)})`,
          );
      },
      { keep: Boolean(process.env.BENCH_KEEP) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else await main();
