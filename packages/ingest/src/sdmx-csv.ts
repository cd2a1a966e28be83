/**
 * SDMX-CSV input (1.0: a `DATAFLOW` column first; 2.0: `STRUCTURE`, `STRUCTURE_ID`, `ACTION`), recognised by
 * its header and mapped onto the catalogue through the warehouse's dataflows (`@ilms/sdmx`): each record
 * becomes the ILOSTAT record the importer already validates, so every refusal rule applies unchanged, and
 * problems are reported at the file's own line under the SDMX column they came from (`CDS`, `TIME_PERIOD`).
 * Indicator flows (`ILO:DF_MNA_OEMP_SEX_CDS_NB(1.0)`) carry ILOSTAT's classif codes in their key; table flows
 * (`ILO:DF_ILMS_T15(1.0)`) carry the table's dimensions, and the indicator is the table's one whose fixed
 * values (labour market status, migrant basis) the row has. `labels=both` files (`IDN: Indonesia`) are read
 * by their codes. A .Stat or ILOSTAT extract of these flows loads as it is. The indicator flow of one of the
 * active region's extra indicator ids (`DF_<id>`, its region file's `indicators`) is the flow of the catalogue
 * indicator it is `sameAs`, and the row keeps the file's id.
 */
import { ILOSTAT_COLUMNS, INDICATORS, encodeIlostatCodes } from "@ilms/domain";
import type { DimensionKey, DimensionValues, IlostatColumn, IndicatorDef } from "@ilms/domain";
import { AGENCY, FREQ_ANNUAL, VERSION, dimensionId, getDataflow, measureOf } from "@ilms/sdmx";
import type { SdmxDataflow } from "@ilms/sdmx";
import type { ImportError } from "./report";

/** The ILOSTAT columns an SDMX-CSV record is mapped onto, in this order: ILOSTAT's own. */
export const SDMX_ILOSTAT_HEADER: readonly IlostatColumn[] = ILOSTAT_COLUMNS;

/** `REF_AREA: Reference area` (labels=both) -> `REF_AREA`. */
const idOf = (text: string) => {
  const t = text.trim();
  const colon = t.indexOf(": ");
  return colon === -1 ? t : t.slice(0, colon);
};

/** Whether a header row is SDMX-CSV 1.0 or 2.0 rather than ILOSTAT bulk CSV. */
export function isSdmxCsvHeader(record: readonly string[]): boolean {
  const ids = record.map(idOf);
  return ids[0] === "DATAFLOW" || (ids.includes("STRUCTURE") && ids.includes("STRUCTURE_ID"));
}

export type SdmxMapped =
  { ok: true; record: string[]; columns: Partial<Record<IlostatColumn, string>> } | { ok: false; errors: ImportError[] };

export interface SdmxCsvAdapter {
  version: "1.0" | "2.0";
  /** Columns that no flow component reads (named in the report). */
  ignored: string[];
  /** The ILOSTAT record for an SDMX-CSV record, or the problems found in SDMX terms. */
  map(record: string[], line: number): SdmxMapped;
}

const FLOW_REF = /^([A-Za-z0-9_@$.-]+):([A-Za-z0-9_@$-]+)\(([0-9.]+)\)$/;
const KNOWN_EXTRA = new Set([
  "DATAFLOW",
  "STRUCTURE",
  "STRUCTURE_ID",
  "ACTION",
  "TIME_PERIOD",
  "OBS_VALUE",
  "OBS_STATUS",
  "SOURCE",
  "UNIT_MEASURE",
  "UNIT_MULT",
  "NOTE_CLASSIF",
  "NOTE_INDICATOR",
  "NOTE_SOURCE",
]);
const UNIT_MULT = (flow: SdmxDataflow) => flow.attributes.find((a) => a.id === "UNIT_MULT")!.valueOf({} as never);

/**
 * Reads an SDMX-CSV header; the adapter maps each following record. `sameAs`: the active region's extra
 * indicator ids (id -> catalogue indicator).
 */
export function sdmxCsvAdapter(header: readonly string[], sameAs?: ReadonlyMap<string, string>): SdmxCsvAdapter {
  const ids = header.map(idOf);
  const version = ids[0] === "DATAFLOW" ? "1.0" : "2.0";
  const position = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!position.has(id)) position.set(id, i);
  });
  const flowColumn = version === "1.0" ? "DATAFLOW" : "STRUCTURE_ID";
  const flowIds = new Set<string>();
  const flows = new Map<string, SdmxDataflow | string>();
  /** Flow id -> the region's extra indicator id it was named by (`DF_<extra id>`). */
  const extraIds = new Map<string, string>();

  /** The flow a reference names, or why not. */
  const resolve = (ref: string): SdmxDataflow | string => {
    let known = flows.get(ref);
    if (known !== undefined) return known;
    const m = FLOW_REF.exec(ref);
    let flow = m ? getDataflow(m[2]!) : undefined;
    const extra = m && !flow && m[2]!.startsWith("DF_") ? m[2]!.slice(3) : undefined;
    const same = extra === undefined ? undefined : sameAs?.get(extra);
    if (same !== undefined) {
      flow = getDataflow(`DF_${same}`);
      if (flow) extraIds.set(ref, extra!);
    }
    if (!m) known = `not a dataflow reference: expected ${AGENCY}:DF_<indicator>(${VERSION}) or ${AGENCY}:DF_ILMS_T01(${VERSION})`;
    else if (m[1] !== AGENCY) known = `dataflows of agency ${m[1]} are not served here: the agency is ${AGENCY}`;
    else if (!flow) known = `no dataflow ${m[2]} (flows are DF_<indicator> and DF_ILMS_T01..T17)`;
    else if (m[3] !== VERSION) known = `${m[2]} has version ${VERSION}, not ${m[3]}`;
    else known = flow;
    if (flows.size < 1000) flows.set(ref, known);
    if (typeof known !== "string") flowIds.add(known.id);
    return known;
  };

  return {
    version,
    get ignored() {
      const read = new Set<string>(KNOWN_EXTRA);
      for (const id of flowIds) for (const d of getDataflow(id)!.dimensions) read.add(d.id);
      return header.filter((_, i) => !read.has(ids[i]!));
    },
    map(record, line) {
      const errors: ImportError[] = [];
      const fail = (column: string, value: string, code: string, message: string) => errors.push({ line, column, value, code, message });
      if (record.length !== header.length) {
        fail(
          "*",
          record.join(","),
          "MALFORMED_LINE",
          `expected ${header.length} fields as in the header, found ${record.length} (truncated or malformed line)`,
        );
        return { ok: false, errors };
      }
      const raw = (id: string) => {
        const i = position.get(id);
        return i === undefined ? undefined : (record[i] ?? "").trim();
      };
      const code = (id: string) => {
        const v = raw(id);
        return v === undefined ? undefined : idOf(v);
      };
      if (version === "2.0") {
        const structure = code("STRUCTURE") ?? "";
        if (structure.toLowerCase() !== "dataflow")
          fail(
            "STRUCTURE",
            structure,
            "UNSUPPORTED_STRUCTURE",
            "STRUCTURE must be 'dataflow': rows are mapped onto the catalogue through a dataflow",
          );
        const action = (code("ACTION") ?? "").toUpperCase();
        if (action === "D")
          fail(
            "ACTION",
            action,
            "UNSUPPORTED_ACTION",
            "ACTION D (delete) is not imported: published values are never deleted, corrections go into a revision round",
          );
        else if (action !== "" && action !== "I" && action !== "A" && action !== "R")
          fail("ACTION", action, "BAD_CODE", "ACTION must be I (information), A (append), R (replace) or D (delete)");
      }
      const ref = code(flowColumn) ?? "";
      const flow = ref === "" ? "a dataflow reference is required" : resolve(ref);
      if (typeof flow === "string") {
        fail(flowColumn, ref, ref === "" ? "MISSING_VALUE" : "UNKNOWN_DATAFLOW", flow);
        return { ok: false, errors };
      }
      const values = new Map<string, string>();
      for (const d of flow.dimensions) {
        const v = code(d.id);
        if (v === undefined)
          fail(
            d.id,
            "",
            "MISSING_COLUMN",
            `column ${d.id} of ${flow.id} (key ${flow.dimensions.map((x) => x.id).join(".")}) is missing from the header`,
          );
        else values.set(d.id, v);
      }
      for (const id of ["TIME_PERIOD", "OBS_VALUE"])
        if (!position.has(id)) fail(id, "", "MISSING_COLUMN", `required column ${id} is missing from the header`);
      if (errors.length > 0) return { ok: false, errors };
      const freq = values.get("FREQ")!;
      if (freq !== FREQ_ANNUAL) fail("FREQ", freq, "BAD_CODE", `the warehouse holds annual data: FREQ must be ${FREQ_ANNUAL}`);
      const unitMult = code("UNIT_MULT");
      if (unitMult !== undefined && unitMult !== "" && unitMult !== UNIT_MULT(flow))
        fail(
          "UNIT_MULT",
          unitMult,
          "BAD_UNIT",
          `${flow.id} is stored with UNIT_MULT ${UNIT_MULT(flow)} (${flow.table.measure.unit}); these values would be off by a power of ten`,
        );

      const columns: Partial<Record<IlostatColumn, string>> = {
        ref_area: "REF_AREA",
        sex: "SEX",
        time: "TIME_PERIOD",
        obs_value: "OBS_VALUE",
        obs_status: "OBS_STATUS",
        source: "SOURCE",
        note_classif: "NOTE_CLASSIF",
        note_indicator: "NOTE_INDICATOR",
        note_source: "NOTE_SOURCE",
        indicator: flowColumn,
      };
      let indicator: IndicatorDef;
      let classif: { classif1: string; classif2: string };
      if (flow.indicator) {
        indicator = flow.indicator;
        const measure = values.get("MEASURE")!;
        if (measure !== measureOf(indicator)) fail("MEASURE", measure, "BAD_CODE", `the measure of ${flow.id} is ${measureOf(indicator)}`);
        classif = { classif1: values.get(flow.dimensions[4]?.id ?? "") ?? "", classif2: values.get(flow.dimensions[5]?.id ?? "") ?? "" };
        columns.classif1 = flow.dimensions[4]?.id;
        columns.classif2 = flow.dimensions[5]?.id;
      } else {
        const dims: DimensionValues = {};
        for (const d of flow.table.dimensions) dims[d.key] = values.get(dimensionId(d.key));
        const candidates = INDICATORS.filter((i) => i.table === flow.table.id);
        const found = candidates.find((i) => Object.entries(i.fixed).every(([k, v]) => dims[k as DimensionKey] === v));
        if (!found) {
          const fixedKeys = [...new Set(candidates.flatMap((i) => Object.keys(i.fixed)))] as DimensionKey[];
          const what = fixedKeys.map((k) => `${dimensionId(k)} ${dims[k] || "(empty)"}`).join(", ");
          fail(
            fixedKeys.map(dimensionId).join("+") || flowColumn,
            what,
            "NO_INDICATOR",
            `no ILOSTAT indicator of table ${flow.table.id} has ${what}`,
          );
          return { ok: false, errors };
        }
        indicator = found;
        classif = encodeIlostatCodes(indicator, dims);
        columns.classif1 = indicator.classif1 ? dimensionId(indicator.classif1.dimension) : undefined;
        columns.classif2 = indicator.classif2 ? dimensionId(indicator.classif2.dimension) : undefined;
      }
      if (errors.length > 0) return { ok: false, errors };
      const indicatorId = extraIds.get(ref) ?? indicator.id;
      // `2018` or `2018-A1` (an annual reporting period) is the year; anything else goes on to the year check.
      const period = raw("TIME_PERIOD")!;
      const year = /^(\d{4})(-A1)?$/.exec(period)?.[1] ?? period;
      return {
        ok: true,
        columns,
        record: [
          values.get("REF_AREA")!,
          raw("SOURCE") ?? "",
          indicatorId,
          values.get("SEX")!,
          classif.classif1,
          classif.classif2,
          year,
          raw("OBS_VALUE")!,
          code("OBS_STATUS") ?? "",
          raw("NOTE_CLASSIF") ?? "",
          raw("NOTE_INDICATOR") ?? "",
          raw("NOTE_SOURCE") ?? "",
        ],
      };
    },
  };
}
