/**
 * `npm run bench:checks [-- ROWS]`: the statistical checks of a round against a plain read of the same rows,
 * same run, same database.
 *
 * 1. imports ROWS deterministic synthetic rows (default 150,000) into a fresh PostgreSQL database from
 *    TEST_DATABASE_URL, and the real sample into the published demo round (so checks look across rounds);
 * 2. re-checks the synthetic round (`recheckRound`, dry run: nothing stored) and the sample's round, timing
 *    each check kind;
 * 3. baseline: one read of every value of the round (the least any check must do), measured before and after;
 * 4. prints seconds per kind, findings per kind, and the checks' time as a multiple of the baseline.
 */
import { TABLES, factTableName } from "@ilms/domain";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { SYNTHETIC_SOURCE, importIlostat, loadDemoData, prepareSynthetic, recheckRound, syntheticIlostatCsv } from "@ilms/ingest";
import type { RecheckReport } from "@ilms/ingest";
import { requireServer, withScratchDatabase } from "./scratch";

// The bench entry's own environment reader (the only process.env use here).
const env = { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL };

/** Reads every value of a round once, table by table: the floor under any check. */
async function readRound(db: DbHandle, round: string): Promise<number> {
  const started = performance.now();
  for (const table of TABLES)
    await db.query(
      `select count(*), sum(f.obs_value) from ${factTableName(table)} f join collection_rounds r on r.id = f.round_id where r.code = $1`,
      [round],
    );
  return (performance.now() - started) / 1000;
}

function print(label: string, report: RecheckReport, baseline: number): void {
  const seconds = report.durationMs / 1000;
  console.log(
    `${label}: ${report.findingCount} findings in ${seconds.toFixed(2)} s = ${(seconds / baseline).toFixed(1)} x the baseline read`,
  );
  console.log(
    `  per kind: ${Object.entries(report.timings)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s (${report.byKind[k] ?? 0})`)
      .join(", ")}`,
  );
  console.log(`  findings by kind: ${JSON.stringify(report.byKind)}`);
}

async function main(): Promise<void> {
  const server = requireServer(env.TEST_DATABASE_URL, "bench:checks");
  const rows = Number(process.argv[2] ?? 150_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`ROWS must be a positive integer, got ${process.argv[2]}`);
  await withScratchDatabase(server, async ({ name, url }) => {
    const db = await openDb({ url, max: 2 });
    await db.migrate();
    await seedReferenceData(db);
    const demo = await loadDemoData(db);
    if (demo.status !== "loaded") throw new Error(`the sample did not load: ${demo.status}`);
    await db.query("insert into collection_rounds (code, title, reference_year) values ('BENCH', 'Benchmark round', 2024)");
    const options = await prepareSynthetic(db, rows);
    const imported = await importIlostat(
      db,
      { text: [...syntheticIlostatCsv(options)].join("") },
      { round: "BENCH", source: SYNTHETIC_SOURCE },
    );
    if (imported.status !== "loaded") throw new Error(`the synthetic rows did not load: ${imported.status}`);
    console.log(`${rows.toLocaleString("en")} synthetic rows in round BENCH, the real sample in DEMO-ILOSTAT, PostgreSQL database ${name}`);

    const before = await readRound(db, "BENCH");
    const bench = await recheckRound(db, "BENCH", { dryRun: true });
    const after = await readRound(db, "BENCH");
    const baseline = (before + after) / 2;
    console.log(
      `baseline: one read of the round's values, ${baseline.toFixed(3)} s (mean of ${before.toFixed(3)} and ${after.toFixed(3)})`,
    );
    print("synthetic round", bench, baseline);
    const sample = await recheckRound(db, "DEMO-ILOSTAT", { dryRun: true });
    print("real sample", sample, await readRound(db, "DEMO-ILOSTAT"));
    await db.close();
  });
}

await main();
