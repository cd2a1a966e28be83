/**
 * SDMX and JSON-stat exports (`ilms export --format sdmx-csv|sdmx-json|sdmx-ml|jsonstat`): the same writers the
 * SDMX REST face uses, fed from the query engine with the caller's visibility. A table is exported as its
 * table flow (`DF_ILMS_T15`), an indicator as its indicator flow (`DF_MNA_OEMP_SEX_CDS_NB`); every table at
 * once only as a JSON-stat collection (SDMX-CSV, SDMX-JSON and SDMX-ML messages hold one dataflow here).
 * {@link prepareSdmxExport} checks everything before the first byte.
 */
import type { Writable } from "node:stream";
import type { DbHandle } from "@ilms/db";
import { TABLES } from "@ilms/domain";
import { QueryError, visibilityAsOf } from "@ilms/query";
import type { Visibility } from "@ilms/query";
import { CODELISTS_SDMX, dataFilter, dataflowsOf, getDataflow, loadCodelists, prepareData } from "@ilms/sdmx";
import type { SdmxDataflow } from "@ilms/sdmx";
import { batched } from "./batched";
import { writeJsonStatCollection } from "./jsonstat";
import type { SdmxDataInput, SdmxHeader } from "./types";
// A cycle with index.ts, harmless: the writers' table is read only when an export is written.
import { writeSdmxData } from "./index";
import type { SdmxDataFormat } from "./index";

/** The export names of the command line, each one of the `format=` names of the REST face. */
export const SDMX_EXPORT_FORMATS = {
  "sdmx-csv": "csvdata",
  "sdmx-csv-labels": "csvfilewithlabels",
  "sdmx-csv2": "csvdata2",
  "sdmx-json": "jsondata",
  "sdmx-json1": "jsondata1",
  "sdmx-ml": "genericdata",
  "sdmx-ml-specific": "structurespecificdata",
  jsonstat: "jsonstat",
} as const satisfies Record<string, SdmxDataFormat>;
export type SdmxExportFormat = keyof typeof SDMX_EXPORT_FORMATS;

export interface SdmxExportOptions {
  format: SdmxExportFormat;
  table?: number | undefined;
  indicator?: string | undefined;
  /** Values as they stood when this round was the latest. */
  asOfRound?: string | null | undefined;
  /** Include draft, submitted, validated and embargoed rounds (staff only). */
  includeUnpublished?: boolean | undefined;
  /** The active region's `sdmxAgency`, which maintains the table flows (default `ILO`). */
  agency?: string | null | undefined;
}

export interface PreparedSdmxExport {
  flows: readonly SdmxDataflow[];
  /** Writes the message to `out` (left open); resolves with the number of observations. */
  write(out: Writable): Promise<number>;
}

const tableFlowId = (table: number) => `DF_ILMS_T${String(table).padStart(2, "0")}`;

function codelistsOf(flows: readonly SdmxDataflow[]) {
  const ids = new Set(
    flows.flatMap((f) => [...f.dimensions.map((d) => d.codelist), ...f.attributes.flatMap((a) => (a.codelist ? [a.codelist] : []))]),
  );
  return CODELISTS_SDMX.filter((c) => ids.has(c.id));
}

const bad = (message: string, field: string) => new QueryError("BAD_USER_INPUT", message, { field });

/** The flows an export selects; errors name the option. */
function flowsOf(options: SdmxExportOptions): SdmxDataflow[] {
  const all = dataflowsOf(options.agency);
  if (options.indicator !== undefined) {
    const flow = getDataflow(`DF_${options.indicator}`, all);
    if (!flow)
      throw bad(`No dataflow for indicator '${options.indicator.slice(0, 40)}' (DF_<indicator> of a catalogued indicator)`, "indicator");
    if (options.table !== undefined && flow.table.id !== options.table)
      throw bad(`Indicator ${options.indicator} belongs to table ${flow.table.id}, not ${options.table}`, "table");
    return [flow];
  }
  if (options.table !== undefined) {
    const flow = getDataflow(tableFlowId(options.table), all);
    if (!flow) throw bad(`No table ${options.table}: tables are ${TABLES[0]!.id}-${TABLES[TABLES.length - 1]!.id}`, "table");
    return [flow];
  }
  if (options.format !== "jsonstat")
    throw bad(
      `${options.format} holds one dataflow: give --table N or --indicator ID (jsonstat exports every table as a collection)`,
      "format",
    );
  return TABLES.map((t) => getDataflow(tableFlowId(t.id), all)!);
}

/** Checks the options and what the caller may see; returns the export ready to write. */
export async function prepareSdmxExport(db: DbHandle, options: SdmxExportOptions, header: SdmxHeader): Promise<PreparedSdmxExport> {
  const format = SDMX_EXPORT_FORMATS[options.format];
  if (!format)
    throw bad(`Unknown SDMX format '${String(options.format).slice(0, 40)}': use ${Object.keys(SDMX_EXPORT_FORMATS).join(", ")}`, "format");
  const flows = flowsOf(options);
  const vis: Visibility = await visibilityAsOf(db, options.includeUnpublished === true, options.asOfRound);
  const prepared = await Promise.all(flows.map((flow) => prepareData(db, flow, dataFilter(flow, undefined), vis)));
  return {
    flows,
    write: async (out) => {
      const lists = await loadCodelists(db, codelistsOf(flows));
      const names = new Map(lists.flatMap((l) => l.codes.map((c) => [`${l.id}\u0000${c.id}`, c.name] as const)));
      const inputs = prepared.map((p): SdmxDataInput => ({
        flow: p.flow,
        rows: p.rows(),
        header,
        dataOnly: false,
        name: (codelist, code) => names.get(`${codelist}\u0000${code}`) ?? code,
      }));
      if (flows.length > 1) {
        const { out: gathered, flush } = batched(out);
        const count = await writeJsonStatCollection("ILMS tables", inputs, gathered, header.prepared);
        flush();
        return count;
      }
      return writeSdmxData(format, inputs[0]!, out);
    },
  };
}
