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

/** Number of expected cells of a table for one country and year in its first breakdowns (for the bases given). */
export function expectedCellCount(table: Pick<IlmsTable, "expected">, bases: readonly Basis[]): number {
  let n = 1;
  for (const axis of table.expected.axes) {
    if (!axis.perBasis) n *= axis.breakdowns[0]!.codes.length;
    else {
      const used = axis.breakdowns.filter((b) => b.basis && bases.includes(b.basis));
      n *= (used.length > 0 ? used : axis.breakdowns.slice(0, 1)).reduce((sum, b) => sum + b.codes.length, 0);
    }
  }
  return n;
}
