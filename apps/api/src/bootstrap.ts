/**
 * What a start does before serving: apply migrations, and on a database without code lists, seed them.
 * Shared by the API process and the CLI so both leave the database in the same state.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DbHandle } from "@ilms/db";
import { migrateAndSeed } from "@ilms/db";
import { loadDemoData } from "@ilms/ingest";
import { recordAudit } from "@ilms/governance/audit";
import { applyRegion } from "@ilms/governance/regions";
import { findRegion, listRegions } from "@ilms/query";

export interface PrepareOptions {
  /** Load the shipped ILOSTAT sample into an empty warehouse. */
  demoData?: boolean;
  /** The active region (`ILMS_REGION`): applied from `regions/<id>.yaml` when the warehouse lacks it. */
  region?: string;
}

/** The region files shipped in the repository (`regions/<id>.yaml`). */
export const SHIPPED_REGIONS = fileURLToPath(new URL("../../../regions/", import.meta.url));

/**
 * Makes sure the active region is in the warehouse: one already applied is used as it is (`ilms region apply`
 * updates it); otherwise the shipped `regions/<id>.yaml` is applied (audited as `system`). An unknown id stops
 * the start with the regions there are.
 */
export async function ensureRegion(db: DbHandle, id: string): Promise<string[]> {
  const found = await findRegion(db, id);
  const describe = (r: NonNullable<typeof found>) =>
    `Active region: ${r.id} (group ${r.groupCode}; languages ${r.definition.languages.join(", ")}; ${r.definition.reportingCountries.length} reporting countries)`;
  if (found) return [describe(found)];
  const file = `${SHIPPED_REGIONS}${id}.yaml`;
  if (!existsSync(file)) {
    const applied = (await listRegions(db)).map((r) => r.id);
    throw new Error(
      `ILMS_REGION=${id}: no such region in the warehouse (${applied.length ? applied.join(", ") : "none applied"}) and no file regions/${id}.yaml; apply one with: ilms region apply FILE`,
    );
  }
  const readLogo = (path: string): Uint8Array | null => {
    const full = resolve(SHIPPED_REGIONS, path);
    return statSync(full, { throwIfNoEntry: false })?.isFile() ? readFileSync(full) : null;
  };
  const result = await db.transaction((tx) => applyRegion(tx, null, readFileSync(file, "utf8"), { file: `regions/${id}.yaml`, readLogo }));
  return [`Applied regions/${id}.yaml: ${result.changes.length} change${result.changes.length === 1 ? "" : "s"}`, describe(result.region)];
}

/** Migrates and seeds as needed; returns lines describing what it did. */
export async function prepareDatabase(db: DbHandle, options: PrepareOptions = {}): Promise<string[]> {
  const lines = await migrateAndSeed(db);
  if (options.region) lines.push(...(await ensureRegion(db, options.region)));
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
