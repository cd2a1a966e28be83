/**
 * Turns a client's filter (ILOSTAT codes, table dimensions by name, hierarchy nodes) into a plan over one
 * fact table, using only the catalogue: no database access, so a bad filter fails before any SQL runs.
 */
import { DIMENSIONS, getIndicator, getTable, tableRange } from "@ilms/domain";
import type { ClassifSlot, DimensionKey, IlmsTable, IndicatorDef } from "@ilms/domain";
import { QueryError } from "./errors";

/** What every front end can ask for; every list is an OR, lists of different fields are ANDed. */
export interface ObservationFilter {
  /** ILMS table number (see the catalogue). Either this or `indicator` is required. */
  table?: number | null | undefined;
  /** ILOSTAT indicator id; narrows the table to that indicator's rows. */
  indicator?: string | null | undefined;
  /** Reporting countries (ISO alpha-3) or country groups (`ASEAN`, `X84`), which select their members. */
  refArea?: readonly string[] | null | undefined;
  /** `SEX_T`, `SEX_M`, `SEX_F`. */
  sex?: readonly string[] | null | undefined;
  /** ILOSTAT `classif1` codes (`ECO_ISIC4_C`, `CDS_DES_KOR`). */
  classif1?: readonly string[] | null | undefined;
  /** ILOSTAT `classif2` codes (`CBR_BIR_FOREIGN`). */
  classif2?: readonly string[] | null | undefined;
  timeFrom?: number | null | undefined;
  timeTo?: number | null | undefined;
  /** Source codes (`BA:544`). */
  source?: readonly string[] | null | undefined;
  /** The latest N years of each series. */
  lastN?: number | null | undefined;
  /** Any dimension of the table by name, with its stored codes (bare area codes for counterpart dimensions). */
  dimensions?: Partial<Record<DimensionKey, readonly string[] | null | undefined>> | null | undefined;
  /** Whether a hierarchy node also selects the codes below it (default true). */
  expandHierarchy?: boolean | null | undefined;
}

/** A condition on one coded column: the codes, and whether nodes select their descendants. */
export interface CodeCondition {
  column: string;
  codelist: string;
  codes: string[];
  expand: boolean;
}

/** Codes of one ILOSTAT classif column that go with one indicator. */
export interface ClassifCondition {
  indicator: string;
  column: string;
  codelist: string;
  codes: string[];
  /** Whether nodes select the codes below them. */
  expand: boolean;
}

export interface FilterPlan {
  table: IlmsTable;
  /** Indicators the rows may have; null for any of the table's. */
  indicators: string[] | null;
  codes: CodeCondition[];
  /** ORed per indicator, ANDed across classif columns. */
  classif: ClassifCondition[][];
  timeFrom: number | null;
  timeTo: number | null;
  sources: string[] | null;
  lastN: number | null;
}

const nonEmpty = (list: readonly string[] | null | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;

function classifConditions(
  table: IlmsTable,
  indicators: readonly IndicatorDef[],
  slotName: "classif1" | "classif2",
  codes: readonly string[],
  expand: boolean,
): ClassifCondition[] {
  const byIndicator = new Map<string, ClassifCondition>();
  for (const code of codes) {
    let matched = false;
    for (const indicator of indicators) {
      const slot: ClassifSlot | undefined = indicator[slotName];
      if (!slot) continue;
      const dimension = DIMENSIONS[slot.dimension];
      let value: string | undefined;
      if (slot.prefix) {
        if (code.startsWith(`${slot.prefix}_`)) value = code.slice(slot.prefix.length + 1);
      } else {
        const families = slot.families ?? dimension.families;
        if (!families || families.some((f) => code.startsWith(`${f}_`))) value = code;
      }
      if (value === undefined) continue;
      matched = true;
      const entry = byIndicator.get(indicator.id) ?? {
        indicator: indicator.id,
        column: dimension.column,
        codelist: dimension.codelist,
        codes: [],
        expand,
      };
      entry.codes.push(value);
      byIndicator.set(indicator.id, entry);
    }
    if (!matched) {
      const accepted = [
        ...new Set(
          indicators.flatMap((i) => {
            const slot = i[slotName];
            if (!slot) return [];
            return slot.prefix
              ? [`${slot.prefix}_<area>`]
              : (slot.families ?? DIMENSIONS[slot.dimension].families ?? []).map((f) => `${f}_*`);
          }),
        ),
      ];
      throw new QueryError(
        "BAD_USER_INPUT",
        accepted.length === 0
          ? `${slotName} '${code}': table ${table.id} has no ${slotName}`
          : `${slotName} '${code}' is not a code of table ${table.id}${indicators.length === 1 ? ` (indicator ${indicators[0]!.id})` : ""}; expected ${accepted.join(", ")}`,
        { field: slotName, value: code },
      );
    }
  }
  return [...byIndicator.values()];
}

/** Validates a filter against the catalogue and resolves it to one fact table. */
export function planFilter(filter: ObservationFilter): FilterPlan {
  let table: IlmsTable | undefined;
  let indicators: IndicatorDef[] | null = null;
  if (filter.indicator) {
    const indicator = getIndicator(filter.indicator);
    if (!indicator)
      throw new QueryError("BAD_USER_INPUT", `Unknown indicator '${filter.indicator}'`, { field: "indicator", value: filter.indicator });
    table = getTable(indicator.table);
    if (filter.table != null && filter.table !== indicator.table) {
      throw new QueryError("BAD_USER_INPUT", `Indicator ${indicator.id} feeds table ${indicator.table}, not table ${filter.table}`, {
        field: "table",
      });
    }
    indicators = [indicator];
  } else if (filter.table != null) {
    table = getTable(filter.table);
    if (!table)
      throw new QueryError("BAD_USER_INPUT", `No ILMS table ${filter.table}: ${tableRange()}`, {
        field: "table",
        value: filter.table,
      });
  } else {
    throw new QueryError("BAD_USER_INPUT", "The filter needs `table` or `indicator`: each ILMS table has its own dimensions", {
      field: "table",
    });
  }
  if (!table) throw new QueryError("BAD_USER_INPUT", "Unknown table", { field: "table" });

  const expand = filter.expandHierarchy ?? true;
  const codes: CodeCondition[] = [];
  if (nonEmpty(filter.refArea)) codes.push({ column: "ref_area", codelist: "AREA", codes: [...filter.refArea], expand });
  if (nonEmpty(filter.sex)) codes.push({ column: "sex", codelist: "SEX", codes: [...filter.sex], expand: false });
  for (const [key, list] of Object.entries(filter.dimensions ?? {})) {
    if (!nonEmpty(list)) continue;
    const dimension = table.dimensions.find((d) => d.key === key);
    if (!dimension) {
      throw new QueryError(
        "BAD_USER_INPUT",
        `Table ${table.id} has no dimension '${key}'; its dimensions are ${table.dimensions.map((d) => d.key).join(", ")}`,
        {
          field: key,
        },
      );
    }
    // Counterpart dimensions store bare area codes; accept ILOSTAT's prefixed form too.
    const values = dimension.counterpart ? list.map((c) => c.replace(/^(CBR_BRT|CCT_CTZ|CRS_RES|CDS_DES|CPR_PRV)_/, "")) : [...list];
    codes.push({ column: dimension.column, codelist: dimension.codelist, codes: values, expand });
  }

  const scope = indicators ?? [...table.indicators];
  const classif: ClassifCondition[][] = [];
  for (const slot of ["classif1", "classif2"] as const) {
    const list = filter[slot];
    if (nonEmpty(list)) classif.push(classifConditions(table, scope, slot, list, expand));
  }
  if (filter.timeFrom != null && filter.timeTo != null && filter.timeFrom > filter.timeTo) {
    throw new QueryError("BAD_USER_INPUT", `timeFrom ${filter.timeFrom} is after timeTo ${filter.timeTo}`, { field: "timeFrom" });
  }
  if (filter.lastN != null && (filter.lastN < 1 || filter.lastN > 100)) {
    throw new QueryError("BAD_USER_INPUT", `lastN must be between 1 and 100, got ${filter.lastN}`, { field: "lastN" });
  }
  return {
    table,
    indicators: indicators ? indicators.map((i) => i.id) : null,
    codes,
    classif,
    timeFrom: filter.timeFrom ?? null,
    timeTo: filter.timeTo ?? null,
    sources: nonEmpty(filter.source) ? [...filter.source] : null,
    lastN: filter.lastN ?? null,
  };
}
