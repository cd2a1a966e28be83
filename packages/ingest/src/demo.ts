/**
 * The shipped demo data: 2,756 real published ILOSTAT ILMS rows (see `demo/PROVENANCE.md`), loaded into a
 * published demo round with a clearly labelled demo source per reporting country and table (`demo/sources.json`),
 * so a fresh install shows real ASEAN figures and a source-quality map with every kind of mark.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DbHandle } from "@ilms/db";
import { signalDataChanged } from "@ilms/db/changes";
import { importIlostat } from "./import";
import type { ImportReport } from "./report";

export const DEMO_FILE = fileURLToPath(new URL("../demo/ilms-asean-sample.csv", import.meta.url));
const DEMO_SOURCES_FILE = fileURLToPath(new URL("../demo/sources.json", import.meta.url));
export const DEMO_ROUND = "DEMO-ILOSTAT";
/**
 * One demo source per country is `DEMO:<country>` (the country's outflow records, or its only source), so the
 * sample imports with this template; `demoCsv()` gives the sample with each row's own demo source.
 */
export const DEMO_SOURCE = "DEMO:{ref_area}";

export interface DemoSource {
  code: string;
  refArea: string;
  /** ILOSTAT indicators of the sample this source gives for its country. */
  indicators: string[];
  name: string;
  sourceType: string;
  agency: string;
  migrantBasis: string;
  comparability: "full" | "partial" | "not_comparable" | null;
  comparabilityNote: string | null;
  /** The fields the ILOSTAT indicator itself fixes, and why. */
  fixed: string;
  /** The fields assumed for the demo. */
  illustrative: string;
}

/** The demo's sources, with the quality fields the sample's provenance states or that are marked illustrative. */
export function demoSources(): DemoSource[] {
  return (JSON.parse(readFileSync(DEMO_SOURCES_FILE, "utf8")) as { sources: DemoSource[] }).sources;
}

/** The shipped sample with each row's demo source filled in (the file itself names none, as ILOSTAT's export). */
export function demoCsv(sources: readonly DemoSource[] = demoSources()): string {
  const byRow = new Map(sources.flatMap((s) => s.indicators.map((i) => [`${s.refArea} ${i}`, s.code] as const)));
  const lines = readFileSync(DEMO_FILE, "utf8").split("\n");
  const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
  const [area, source, indicator] = ["ref_area", "source", "indicator"].map((c) => header.indexOf(c)) as [number, number, number];
  return lines
    .map((line, i) => {
      if (i === 0 || line.trim() === "") return line;
      const fields = line.split(",");
      if (fields[source] === "") fields[source] = byRow.get(`${fields[area]} ${fields[indicator]}`) ?? "";
      return fields.join(",");
    })
    .join("\n");
}

/**
 * Creates the demo round and sources if missing and imports the sample into them. Idempotent: a second call
 * finds every row already there and reports `unchanged`. A demo source an administrator has already
 * described (it has a source type) is left as it is.
 */
export async function loadDemoData(db: DbHandle): Promise<ImportReport> {
  const sources = demoSources();
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into collection_rounds (code, title, reference_year, kind, status, published_at)
       values ($1, 'Demo: ILOSTAT ILMS sample (real published figures)', 2024, 'regular', 'published', now())
       on conflict (code) do nothing`,
      [DEMO_ROUND],
    );
    const rows = sources.map((s) => ({
      code: s.code,
      ref_area: s.refArea,
      name: s.name,
      source_type: s.sourceType,
      agency: s.agency,
      migrant_basis: s.migrantBasis,
      comparability: s.comparability,
      comparability_note: s.comparabilityNote,
      notes:
        `Demo source for the shipped ILOSTAT sample (open-numbers/ddf--ilo--ilostat, CC-BY-4.0), which names no source: ` +
        `ILOSTAT keeps one best source per country and indicator. Fixed by the ILOSTAT indicator: ${s.fixed}. ` +
        `Illustrative (assumed for the demo, not stated by the sample): ${s.illustrative}. Replace with the real national source.`,
    }));
    await tx.query(
      `insert into data_sources as d (code, ref_area, name, source_type, agency, migrant_basis, comparability, comparability_note, notes)
       select x.code, x.ref_area, coalesce(c.labels->>'en', x.ref_area) || ': ' || x.name, x.source_type, x.agency, x.migrant_basis,
              x.comparability, x.comparability_note, x.notes
       from jsonb_to_recordset($1::jsonb) as x(code text, ref_area text, name text, source_type text, agency text, migrant_basis text,
                                               comparability text, comparability_note text, notes text)
       join codes c on c.codelist_id = 'AREA' and c.code = x.ref_area
       on conflict (code) do update set name = excluded.name, source_type = excluded.source_type, agency = excluded.agency,
              migrant_basis = excluded.migrant_basis, comparability = excluded.comparability,
              comparability_note = excluded.comparability_note, notes = excluded.notes, updated_at = now()
       where d.source_type is null`,
      [JSON.stringify(rows)],
    );
    await signalDataChanged(tx, "loadDemoData");
  });
  return importIlostat(
    db,
    { text: demoCsv(sources), fileName: "ilms-asean-sample.csv" },
    { round: DEMO_ROUND, allowPublishedRound: true, createdBy: "demo" },
  );
}
