/**
 * The shipped demo data: 2,756 real published ILOSTAT ILMS rows (see `demo/PROVENANCE.md`), loaded into a
 * published demo round with one clearly labelled demo source per reporting country, so a fresh install
 * shows real ASEAN figures.
 */
import { fileURLToPath } from "node:url";
import type { DbHandle } from "@ilms/db";
import { importIlostat } from "./import";
import type { ImportReport } from "./report";

export const DEMO_FILE = fileURLToPath(new URL("../demo/ilms-asean-sample.csv", import.meta.url));
export const DEMO_ROUND = "DEMO-ILOSTAT";
/** Demo sources are `DEMO:<country>`: the sample carries no source column. */
export const DEMO_SOURCE = "DEMO:{ref_area}";
const DEMO_COUNTRIES = ["BRN", "IDN", "KHM", "LAO", "MYS", "THA", "VNM"];

/**
 * Creates the demo round and sources if missing and imports the sample into them. Idempotent: a second call
 * finds every row already there and reports `unchanged`.
 */
export async function loadDemoData(db: DbHandle): Promise<ImportReport> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into collection_rounds (code, title, reference_year, kind, status, published_at)
       values ($1, 'Demo: ILOSTAT ILMS sample (real published figures)', 2024, 'regular', 'published', now())
       on conflict (code) do nothing`,
      [DEMO_ROUND],
    );
    for (const area of DEMO_COUNTRIES) {
      await tx.query(
        `insert into data_sources (code, ref_area, name, notes)
         select $1, $2, 'ILOSTAT ILMS collection, best source per indicator (demo) - ' || coalesce(c.labels->>'en', $2),
                'Demo source for the shipped sample: ILOSTAT publishes one best source per country and indicator, which the open-numbers export (open-numbers/ddf--ilo--ilostat, CC-BY-4.0) does not name. Replace with the real national sources.'
         from codes c where c.codelist_id = 'AREA' and c.code = $2
         on conflict (code) do nothing`,
        [DEMO_SOURCE.replace("{ref_area}", area), area],
      );
    }
  });
  return importIlostat(
    db,
    { path: DEMO_FILE, fileName: "ilms-asean-sample.csv" },
    { round: DEMO_ROUND, source: DEMO_SOURCE, allowPublishedRound: true, createdBy: "demo" },
  );
}
