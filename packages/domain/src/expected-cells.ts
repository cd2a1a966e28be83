/**
 * The cells each ILMS table is expected to have for one reporting country and year: the yardstick of the
 * completeness measure in the source-quality map. Data, not code: the core breakdown the questionnaire asks
 * for (totals and the standard groups of each classification), by sex. Counterpart-country tables expect
 * their total by sex; the list of partner countries varies by country and is not held against it.
 */
import type { Basis, DimensionKey } from "./catalogue";

export interface ExpectedCells {
  readonly sexes: readonly string[];
  /** Expected codes per dimension; migrant status depends on the basis of the source. */
  readonly dimensions: Partial<Record<Exclude<DimensionKey, "basis" | "migrantStatus">, readonly string[]>>;
  /** Expected migrant-status codes per basis, for tables with a migrant breakdown. */
  readonly migrantStatus?: Readonly<Record<Basis, readonly string[]>>;
}

const SEXES = ["SEX_T", "SEX_M", "SEX_F"] as const;
const MIGRANT = {
  CBR: ["CBR_BIR_TOTAL", "CBR_BIR_NATIVE", "CBR_BIR_FOREIGN"],
  CCT: ["CCT_CIT_TOTAL", "CCT_CIT_CITIZEN", "CCT_CIT_NONCIT"],
} as const;
const ISIC_SECTIONS = ["ECO_ISIC4_TOTAL", ..."ABCDEFGHIJKLMNOPQRSTU".split("").map((s) => `ECO_ISIC4_${s}`)];
const ISCO_MAJOR = ["OCU_ISCO08_TOTAL", ..."0123456789".split("").map((g) => `OCU_ISCO08_${g}`)];
const ISCED_AGGREGATES = ["EDU_AGGREGATE_TOTAL", "EDU_AGGREGATE_LTB", "EDU_AGGREGATE_BAS", "EDU_AGGREGATE_INT", "EDU_AGGREGATE_ADV"];
const ICSE_GROUPS = ["STE_ICSE93_TOTAL", "STE_ICSE93_1", "STE_ICSE93_2", "STE_ICSE93_3", "STE_ICSE93_4", "STE_ICSE93_5", "STE_ICSE93_6"];
const AGE_BANDS = ["AGE_AGGREGATE_TOTAL", "AGE_AGGREGATE_Y15-24", "AGE_AGGREGATE_Y25-54", "AGE_AGGREGATE_Y55-64", "AGE_AGGREGATE_YGE65"];
const LMS = ["XWAP", "TEAP", "TEMP", "TUNE", "TEIP"];

const base = (dimensions: ExpectedCells["dimensions"], migrant = false): ExpectedCells => ({
  sexes: SEXES,
  dimensions,
  ...(migrant ? { migrantStatus: MIGRANT } : {}),
});

/** Expected cells by table number. */
export const EXPECTED_CELLS: Readonly<Record<number, ExpectedCells>> = {
  1: base({ lms: LMS, age: AGE_BANDS }, true),
  2: base({ education: ISCED_AGGREGATES }, true),
  3: base({ origin: ["TOTAL"] }),
  4: base({ origin: ["TOTAL"] }),
  5: base({ economicActivity: ISIC_SECTIONS }, true),
  6: base({ occupation: ISCO_MAJOR }, true),
  7: base({ statusInEmployment: ICSE_GROUPS }, true),
  8: base({}, true),
  9: base({ origin: ["TOTAL"] }),
  10: base({ education: ISCED_AGGREGATES }),
  11: base({ economicActivity: ISIC_SECTIONS }),
  12: base({ occupation: ISCO_MAJOR }),
  13: base({ residence: ["TOTAL"] }),
  14: base({ destination: ["TOTAL"] }),
  15: base({ destination: ["TOTAL"] }),
  16: base({ economicActivity: ISIC_SECTIONS }),
  17: base({ occupation: ISCO_MAJOR }),
};

/** Number of expected cells for one country and year, given the migrant bases its data use. */
export function expectedCellCount(table: number, bases: readonly Basis[]): number {
  const spec = EXPECTED_CELLS[table];
  if (!spec) return 0;
  let n = spec.sexes.length;
  for (const codes of Object.values(spec.dimensions)) n *= codes.length;
  if (spec.migrantStatus)
    n *= Math.max(1, bases.reduce((sum, b) => sum + spec.migrantStatus![b].length, 0) || spec.migrantStatus.CBR.length);
  return n;
}
