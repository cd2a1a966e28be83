/**
 * ILOSTAT codes <-> warehouse dimension values, driven by the catalogue. Pure: the code lists are passed in
 * as a {@link CodeIndex}, so the same rules serve the importer, the API filters and the tests.
 */
import type { ClassifSlot, DimensionKey, IndicatorDef } from "./catalogue";
import { DIMENSIONS } from "./catalogue";
import type { CodelistId } from "./codelists";

/** The columns of ILOSTAT's bulk CSV layout, in ILOSTAT's order. */
export const ILOSTAT_COLUMNS = [
  "ref_area",
  "source",
  "indicator",
  "sex",
  "classif1",
  "classif2",
  "time",
  "obs_value",
  "obs_status",
  "note_classif",
  "note_indicator",
  "note_source",
] as const;
export type IlostatColumn = (typeof ILOSTAT_COLUMNS)[number];

/** Columns a file must have; the others are present only when used. */
export const REQUIRED_COLUMNS: readonly IlostatColumn[] = ["ref_area", "indicator", "time", "obs_value"];

/** What the codec needs to know about the code lists. */
export interface CodeIndex {
  /** The code's family (`ECO_ISIC4`) or `null` when it exists without one; `undefined` when it does not exist. */
  family(codelist: CodelistId, code: string): string | null | undefined;
  /** The lists that hold this code, for a helpful message when it is in the wrong one. */
  listsOf(code: string): readonly CodelistId[];
}

export type ClassifColumn = "classif1" | "classif2";

export interface CodecProblem {
  readonly column: ClassifColumn | "sex";
  readonly value: string;
  readonly reason: string;
  readonly code: "UNKNOWN_CODE" | "WRONG_CODELIST" | "WRONG_FAMILY" | "MISSING_VALUE" | "UNEXPECTED_VALUE";
}

export type DimensionValues = Partial<Record<DimensionKey, string>>;

function decodeSlot(slot: ClassifSlot, column: ClassifColumn, value: string, index: CodeIndex): { code: string } | CodecProblem {
  const dimension = DIMENSIONS[slot.dimension];
  if (slot.prefix) {
    const head = `${slot.prefix}_`;
    if (!value.startsWith(head)) {
      return { column, value, code: "WRONG_CODELIST", reason: `${dimension.title} is coded ${head}<area> for this indicator` };
    }
    const area = value.slice(head.length);
    if (index.family("AREA", area) === undefined) {
      return { column, value, code: "UNKNOWN_CODE", reason: `unknown area '${area}' after ${head}` };
    }
    return { code: area };
  }
  const family = index.family(dimension.codelist, value);
  if (family === undefined) {
    const elsewhere = index.listsOf(value);
    return elsewhere.length > 0
      ? {
          column,
          value,
          code: "WRONG_CODELIST",
          reason: `code of list ${elsewhere.join(", ")}, not of ${dimension.codelist} (${dimension.title})`,
        }
      : { column, value, code: "UNKNOWN_CODE", reason: `unknown ${dimension.title.toLowerCase()} code` };
  }
  const families = slot.families ?? dimension.families;
  if (families && (family === null || !families.includes(family))) {
    return {
      column,
      value,
      code: "WRONG_FAMILY",
      reason: `${family ?? "this code"} is not accepted here; expected ${families.join(" or ")}`,
    };
  }
  return { code: value };
}

/**
 * Turns an ILOSTAT row's sex and classif codes into the dimension values of the indicator's table, or lists
 * every problem with them.
 */
export function decodeIlostatCodes(
  indicator: IndicatorDef,
  codes: { sex?: string | undefined; classif1?: string | undefined; classif2?: string | undefined },
  index: CodeIndex,
): { ok: true; sex: string; values: DimensionValues } | { ok: false; problems: CodecProblem[] } {
  const problems: CodecProblem[] = [];
  const values: DimensionValues = { ...indicator.fixed };
  const sex = codes.sex ?? "";
  if (sex === "")
    problems.push({ column: "sex", value: "", code: "MISSING_VALUE", reason: "a sex code is required (SEX_T, SEX_M, SEX_F)" });
  else if (index.family("SEX", sex) === undefined)
    problems.push({ column: "sex", value: sex, code: "UNKNOWN_CODE", reason: "unknown sex code" });

  for (const column of ["classif1", "classif2"] as const) {
    const slot = indicator[column];
    const value = codes[column] ?? "";
    if (!slot) {
      if (value !== "") problems.push({ column, value, code: "UNEXPECTED_VALUE", reason: `indicator ${indicator.id} has no ${column}` });
      continue;
    }
    if (value === "") {
      problems.push({
        column,
        value,
        code: "MISSING_VALUE",
        reason: `${DIMENSIONS[slot.dimension].title} is required for ${indicator.id}`,
      });
      continue;
    }
    const decoded = decodeSlot(slot, column, value, index);
    if ("reason" in decoded) problems.push(decoded);
    else values[slot.dimension] = decoded.code;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sex, values };
}

/** The ILOSTAT classif codes of a cell: the inverse of {@link decodeIlostatCodes}. */
export function encodeIlostatCodes(indicator: IndicatorDef, values: DimensionValues): { classif1: string; classif2: string } {
  const encode = (slot: ClassifSlot | undefined): string => {
    if (!slot) return "";
    const value = values[slot.dimension] ?? "";
    return slot.prefix ? `${slot.prefix}_${value}` : value;
  };
  return { classif1: encode(indicator.classif1), classif2: encode(indicator.classif2) };
}
