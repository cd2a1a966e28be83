/**
 * The building blocks of each table's expected cells (see {@link ExpectedCells}): the core breakdowns the
 * questionnaire asks for (totals and the standard groups of each classification), by sex, with the
 * alternatives a table may be reported in (ISIC sections or broad sectors, ISCO major groups or skill
 * levels). Counterpart-country tables expect their total by sex; the list of partner countries varies by
 * country and is not held against it. The tables use them in `tables.ts`.
 */
import type { Basis, DimensionKey, ExpectedAxis, ExpectedBreakdown, ExpectedCells, IlmsTable } from "./dimensions";

const breakdown = (name: string, codes: readonly string[], basis?: Basis): ExpectedBreakdown => ({
  name,
  codes,
  ...(basis ? { basis } : {}),
});

export const SEXES = breakdown("sex", ["SEX_T", "SEX_M", "SEX_F"]);
export const MIGRANT_STATUS: readonly ExpectedBreakdown[] = [
  breakdown("place of birth", ["CBR_BIR_TOTAL", "CBR_BIR_NATIVE", "CBR_BIR_FOREIGN"], "CBR"),
  breakdown("citizenship", ["CCT_CIT_TOTAL", "CCT_CIT_CITIZEN", "CCT_CIT_NONCIT"], "CCT"),
];
export const ISIC_SECTIONS = breakdown("ISIC sections", [
  "ECO_ISIC4_TOTAL",
  ..."ABCDEFGHIJKLMNOPQRSTU".split("").map((s) => `ECO_ISIC4_${s}`),
]);
export const BROAD_SECTORS = breakdown("broad sectors", ["ECO_SECTOR_TOTAL", "ECO_SECTOR_AGR", "ECO_SECTOR_IND", "ECO_SECTOR_SER"]);
export const ISCO_MAJOR_GROUPS = breakdown("ISCO major groups", [
  "OCU_ISCO08_TOTAL",
  ..."0123456789".split("").map((g) => `OCU_ISCO08_${g}`),
]);
export const SKILL_LEVELS = breakdown("skill levels", ["OCU_SKILL_TOTAL", "OCU_SKILL_L1", "OCU_SKILL_L2", "OCU_SKILL_L3-4"]);
export const ISCED_AGGREGATES = breakdown("education levels", [
  "EDU_AGGREGATE_TOTAL",
  "EDU_AGGREGATE_LTB",
  "EDU_AGGREGATE_BAS",
  "EDU_AGGREGATE_INT",
  "EDU_AGGREGATE_ADV",
]);
export const ICSE_GROUPS = breakdown("ICSE-93 groups", [
  "STE_ICSE93_TOTAL",
  "STE_ICSE93_1",
  "STE_ICSE93_2",
  "STE_ICSE93_3",
  "STE_ICSE93_4",
  "STE_ICSE93_5",
  "STE_ICSE93_6",
]);
export const AGE_BANDS = breakdown("age bands", [
  "AGE_AGGREGATE_TOTAL",
  "AGE_AGGREGATE_Y15-24",
  "AGE_AGGREGATE_Y25-54",
  "AGE_AGGREGATE_Y55-64",
  "AGE_AGGREGATE_YGE65",
]);
export const LMS = breakdown("labour market status", ["XWAP", "TEAP", "TEMP", "TUNE", "TEIP"]);
export const COUNTERPART_TOTAL = breakdown("total", ["TOTAL"]);

type ExpectedDimension = Exclude<DimensionKey, "basis" | "migrantStatus">;

/** Expected cells: sex, then each listed dimension (any one of its breakdowns), then migrant status per basis. */
export function expectCells(dimensions: Partial<Record<ExpectedDimension, readonly ExpectedBreakdown[]>>, migrant = false): ExpectedCells {
  const axes: ExpectedAxis[] = [
    { key: "sex", breakdowns: [SEXES] },
    ...Object.entries(dimensions).map(([key, breakdowns]) => ({ key: key as ExpectedDimension, breakdowns: breakdowns! })),
  ];
  if (migrant) axes.push({ key: "migrantStatus", breakdowns: MIGRANT_STATUS, perBasis: true });
  return { axes };
}

/** Most missing cells an assessment lists. */
export const MAX_MISSING_CELLS = 50;

export interface CompletenessAssessment {
  /** Cells expected in the breakdowns held against the data. */
  expected: number;
  /** Expected cells reported with a value. */
  reported: number;
  /** Name of the breakdown held against the data, per expected axis (`sex`, `broad sectors`, `place of birth`). */
  breakdowns: string[];
  /** Expected cells not reported with a value, as one code per expected axis; at most `limit`. */
  missing: string[][];
}

/**
 * Completeness of one country, table and year. `reported` holds, per cell reported with a value, its code on
 * each of the table's expected axes (in {@link ExpectedCells} order); `bases` are the migrant bases of the
 * values. On an axis with alternatives, the breakdown the data cover best is held against them (the first on
 * a tie): a complete alternative breakdown is complete. Migrant status is expected per basis used.
 */
export function assessCompleteness(
  table: Pick<IlmsTable, "expected">,
  reported: readonly (readonly string[])[],
  bases: readonly string[],
  limit = MAX_MISSING_CELLS,
): CompletenessAssessment {
  const chosen = table.expected.axes.map((axis, i) => {
    if (axis.perBasis) {
      const used = axis.breakdowns.filter((b) => b.basis && bases.includes(b.basis));
      return used.length > 0 ? used : axis.breakdowns.slice(0, 1);
    }
    const seen = new Set(reported.map((r) => r[i]));
    let best = axis.breakdowns[0]!;
    let bestShare = -1;
    for (const b of axis.breakdowns) {
      const share = b.codes.filter((c) => seen.has(c)).length / b.codes.length;
      if (share > bestShare) [best, bestShare] = [b, share];
    }
    return [best];
  });
  const codes = chosen.map((breakdowns) => breakdowns.flatMap((b) => b.codes));
  const sets = codes.map((list) => new Set(list));
  const key = (cell: readonly string[]) => cell.join("\u0000");
  const have = new Set(reported.filter((r) => r.every((code, i) => sets[i]!.has(code))).map(key));
  const expected = codes.reduce((n, list) => n * list.length, 1);
  const missing: string[][] = [];
  const walk = (prefix: string[]) => {
    if (missing.length >= limit) return;
    if (prefix.length === codes.length) {
      if (!have.has(key(prefix))) missing.push(prefix);
      return;
    }
    for (const code of codes[prefix.length]!) walk([...prefix, code]);
  };
  if (expected - have.size > 0) walk([]);
  return { expected, reported: have.size, breakdowns: chosen.map((bs) => bs.map((b) => b.name).join(" and ")), missing };
}
