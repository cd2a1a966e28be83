/**
 * What a start does before serving: apply migrations, and on a database without code lists, seed them.
 * Shared by the API process and the CLI so both leave the database in the same state.
 */
import type { DbHandle } from "@ilms/db";
import { migrateAndSeed } from "@ilms/db";
import { loadDemoData } from "@ilms/ingest";
import { recordAudit } from "@ilms/governance/audit";

export interface PrepareOptions {
  /** Load the shipped ILOSTAT sample into an empty warehouse. */
  demoData?: boolean;
}

/** Migrates and seeds as needed; returns lines describing what it did. */
export async function prepareDatabase(db: DbHandle, options: PrepareOptions = {}): Promise<string[]> {
  const lines = await migrateAndSeed(db);
  if (options.demoData) {
    // Only an empty warehouse (nothing ever imported) gets the demo sample; a real one is never touched.
    const [imports] = await db.query<{ n: number }>("select count(*)::int as n from imports");
    if ((imports?.n ?? 0) === 0) {
      const report = await loadDemoData(db);
      await recordAudit(db, null, {
        action: "importObservations",
        entity: "import",
        entityId: report.id ?? null,
        after: { demo: true, round: report.round, fileName: report.fileName, status: report.status, rowsWritten: report.rowsWritten },
      });
      lines.push(
        `Loaded demo data (real ILOSTAT ILMS sample): ${report.rowsWritten} rows into round ${report.round}, ${report.findingCount} check findings`,
      );
    }
  }
  return lines;
}
