/**
 * SDMX and JSON-stat writers, and the choice between them: by `format=` (the names NSI and ECB services and
 * their clients use) or by `Accept` with the exact SDMX media types. Nothing acceptable is `null` (406).
 */
import { writeGenericData, writeStructureSpecificData } from "./data-ml";
import { writeJsonStat } from "./jsonstat";
import { writeSdmxCsv } from "./sdmx-csv";
import { writeSdmxJsonData } from "./sdmx-json";
import { writeSdmxJson1Data } from "./sdmx-json1";
import { structureJson } from "./structure-json";
import { structureMessage } from "./structure-ml";
import type { SdmxStructures } from "./structure-ml";
import type { Writable } from "node:stream";
import { batched } from "./batched";
import type { SdmxDataInput, SdmxDataWriter, SdmxHeader } from "./types";

export * from "./types";
export { writeGenericData, writeStructureSpecificData, structureSpecificNamespace } from "./data-ml";
export { structureMessage, writeStructure, errorMessageXml } from "./structure-ml";
export type { SdmxStructures } from "./structure-ml";
export { writeSdmxCsv } from "./sdmx-csv";
export { writeSdmxJsonData, sdmxJsonError, SDMX_JSON_DATA_SCHEMA } from "./sdmx-json";
export { writeJsonStat, writeJsonStatCollection } from "./jsonstat";
export { writeSdmxJson1Data } from "./sdmx-json1";
export { structureJson, SDMX_JSON_STRUCTURE_SCHEMA } from "./structure-json";
export { SDMX_EXPORT_FORMATS, prepareSdmxExport } from "./export";
export type { SdmxExportFormat, SdmxExportOptions, PreparedSdmxExport } from "./export";

export type SdmxDataFormat =
  "genericdata" | "structurespecificdata" | "csvdata" | "csvfilewithlabels" | "csvdata2" | "jsondata" | "jsondata1" | "jsonstat";
export type SdmxStructureFormat = "structure" | "jsonstructure" | "jsonstructure1";

interface FormatDef<F extends string> {
  format: F;
  /** The media type answered (Content-Type). */
  contentType: string;
  /** Media types (type/subtype) accepted for it, with the `version` parameter they must carry, if any. */
  accepts: { type: string; versions: readonly string[] | null }[];
}

const DATA_FORMATS: readonly FormatDef<SdmxDataFormat>[] = [
  {
    format: "genericdata",
    contentType: "application/vnd.sdmx.genericdata+xml; version=2.1; charset=utf-8",
    accepts: [
      { type: "application/vnd.sdmx.genericdata+xml", versions: ["2.1"] },
      { type: "application/xml", versions: null },
      { type: "text/xml", versions: null },
    ],
  },
  {
    format: "structurespecificdata",
    contentType: "application/vnd.sdmx.structurespecificdata+xml; version=2.1; charset=utf-8",
    accepts: [{ type: "application/vnd.sdmx.structurespecificdata+xml", versions: ["2.1"] }],
  },
  {
    format: "csvdata",
    contentType: "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
    accepts: [
      { type: "application/vnd.sdmx.data+csv", versions: ["1.0.0", "1.0"] },
      { type: "text/csv", versions: null },
    ],
  },
  {
    format: "csvdata2",
    contentType: "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8",
    accepts: [{ type: "application/vnd.sdmx.data+csv", versions: ["2.0.0", "2.0"] }],
  },
  { format: "csvfilewithlabels", contentType: "application/vnd.sdmx.data+csv; version=1.0.0; labels=both; charset=utf-8", accepts: [] },
  {
    format: "jsondata",
    contentType: "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8",
    accepts: [{ type: "application/vnd.sdmx.data+json", versions: ["2.0.0", "2.0"] }],
  },
  {
    format: "jsondata1",
    contentType: "application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8",
    accepts: [{ type: "application/vnd.sdmx.data+json", versions: ["1.0.0", "1.0"] }],
  },
  { format: "jsonstat", contentType: "application/json; charset=utf-8", accepts: [{ type: "application/json", versions: null }] },
];

const STRUCTURE_FORMATS: readonly FormatDef<SdmxStructureFormat>[] = [
  {
    format: "structure",
    contentType: "application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8",
    accepts: [
      { type: "application/vnd.sdmx.structure+xml", versions: ["2.1"] },
      { type: "application/xml", versions: null },
      { type: "text/xml", versions: null },
    ],
  },
  {
    format: "jsonstructure",
    contentType: "application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8",
    accepts: [
      { type: "application/vnd.sdmx.structure+json", versions: ["2.0.0", "2.0"] },
      { type: "application/json", versions: null },
    ],
  },
  {
    format: "jsonstructure1",
    contentType: "application/vnd.sdmx.structure+json; version=1.0.0; charset=utf-8",
    accepts: [{ type: "application/vnd.sdmx.structure+json", versions: ["1.0.0", "1.0"] }],
  },
];

export const SDMX_DATA_WRITERS: Record<SdmxDataFormat, SdmxDataWriter> = {
  genericdata: writeGenericData,
  structurespecificdata: writeStructureSpecificData,
  csvdata: (input, out) => writeSdmxCsv(input, out, "id"),
  csvfilewithlabels: (input, out) => writeSdmxCsv(input, out, "both"),
  csvdata2: (input, out) => writeSdmxCsv(input, out, "id", "2.0"),
  jsondata: writeSdmxJsonData,
  jsondata1: writeSdmxJson1Data,
  jsonstat: writeJsonStat,
};

/**
 * Writes a data message in a format, gathering the writer's small writes into large ones (see `batched.ts`);
 * `out` is left open. Resolves with the number of observations.
 */
export async function writeSdmxData(format: SdmxDataFormat, input: SdmxDataInput, out: Writable): Promise<number> {
  const { out: gathered, flush } = batched(out);
  const count = await SDMX_DATA_WRITERS[format](input, gathered);
  flush();
  return count;
}

/** Structure messages by format: SDMX-ML 2.1, SDMX-JSON 2.0.0 and 1.0.0. */
export const SDMX_STRUCTURE_WRITERS: Record<SdmxStructureFormat, (header: SdmxHeader, s: SdmxStructures) => string> = {
  structure: structureMessage,
  jsonstructure: (header, s) => structureJson(header, s, "2.0"),
  jsonstructure1: (header, s) => structureJson(header, s, "1.0"),
};

/** Whether a format's messages (and so its error messages) are JSON rather than XML or CSV. */
export function isJsonFormat(format: SdmxDataFormat | SdmxStructureFormat | undefined): boolean {
  return (
    format === "jsondata" || format === "jsondata1" || format === "jsonstat" || format === "jsonstructure" || format === "jsonstructure1"
  );
}

export interface Negotiated<F extends string> {
  format: F;
  contentType: string;
}

interface AcceptItem {
  type: string;
  params: Record<string, string>;
  q: number;
}

function parseAccept(accept: string): AcceptItem[] {
  return accept
    .split(",")
    .map((part) => {
      const [type, ...rest] = part.split(";").map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf("=");
        if (eq > 0)
          params[p.slice(0, eq).trim().toLowerCase()] = p
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, "");
      }
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type: (type ?? "").toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((i) => i.type !== "" && i.q > 0)
    .sort((a, b) => b.q - a.q);
}

function negotiate<F extends string>(
  defs: readonly FormatDef<F>[],
  accept: string | undefined,
  format: string | null,
): Negotiated<F> | null {
  if (format !== null && format !== "") {
    const def = defs.find((d) => d.format === format.toLowerCase());
    return def ? { format: def.format, contentType: def.contentType } : null;
  }
  if (accept === undefined || accept.trim() === "") return { format: defs[0]!.format, contentType: defs[0]!.contentType };
  for (const item of parseAccept(accept)) {
    if (item.type === "*/*" || item.type === "application/*") return { format: defs[0]!.format, contentType: defs[0]!.contentType };
    for (const def of defs) {
      const hit = def.accepts.find(
        (a) =>
          a.type === item.type && (a.versions === null || item.params.version === undefined || a.versions.includes(item.params.version)),
      );
      if (!hit) continue;
      // SDMX-CSV 2.0 is served with ids only: labels=both there is not served (406) rather than ignored.
      if (def.format === "csvdata2" && item.params.labels !== undefined && item.params.labels !== "id") continue;
      // `labels=both` on the SDMX-CSV 1.0 media type asks for the labelled variant.
      if (def.format === "csvdata" && item.params.labels === "both") {
        const labelled = defs.find((d) => d.format === "csvfilewithlabels")!;
        return { format: labelled.format, contentType: labelled.contentType };
      }
      return { format: def.format, contentType: def.contentType };
    }
  }
  return null;
}

/** The data format a request asks for, or null when none is supported (406). */
export function negotiateData(accept: string | undefined, format: string | null): Negotiated<SdmxDataFormat> | null {
  return negotiate(DATA_FORMATS, accept, format);
}

/** The structure format a request asks for, or null when none is supported (406). */
export function negotiateStructure(accept: string | undefined, format: string | null): Negotiated<SdmxStructureFormat> | null {
  return negotiate(STRUCTURE_FORMATS, accept, format);
}

/** The format names and media types served, for error messages and the README. */
export const SDMX_FORMAT_NAMES = { data: DATA_FORMATS.map((d) => d.format), structure: STRUCTURE_FORMATS.map((d) => d.format) };
export {
  writeGenericDataWithHistory,
  writeStructureSpecificDataWithHistory,
  writeGenericSeriesKeys,
  writeGenericSeries,
} from "./data-ml-history";
export type { SdmxHistorySet } from "./data-ml-history";
