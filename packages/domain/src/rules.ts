/**
 * Cross-cell rules of the catalogue, as data: which cells are part of which (subset rules: a part may never
 * exceed its whole), and which tables mirror which (the same persons reported by the country of origin and by
 * the country of destination, with the caveat of each pair). The checks (`@ilms/ingest`) and the analytics
 * (`@ilms/query`) read these lists; no other place names a table for them.
 */
import type { DimensionKey } from "./dimensions";

/** One side of a subset rule: a table's cells, optionally restricted on some dimensions. */
export interface RuleSide {
  readonly table: number;
  /** Dimension values the side is restricted to (e.g. labour market status `TEMP`). */
  readonly where?: Partial<Record<DimensionKey, readonly string[]>>;
}

/**
 * A part that may never exceed its whole, cell by cell: part and whole are matched on reporting country,
 * year, sex and every dimension both tables have that neither side restricts (a counterpart country, an age
 * band, the migrant basis); on the source too when `sameSource`.
 */
export interface SubsetRule {
  readonly key: string;
  /** "outflow for employment", read as "<part> ≤ <whole>" in messages. */
  readonly part: RuleSide & { readonly label: string };
  readonly whole: RuleSide & { readonly label: string };
  readonly sameSource: boolean;
}

const MIGRANTS = ["CBR_BIR_FOREIGN", "CCT_CIT_NONCIT"] as const;
const ALL_BY_STATUS = ["CBR_BIR_TOTAL", "CCT_CIT_TOTAL"] as const;

export const SUBSET_RULES: readonly SubsetRule[] = [
  {
    key: "employment-outflow-within-outflow",
    part: { table: 15, label: "outflow of nationals for employment" },
    whole: { table: 14, label: "outflow of nationals" },
    sameSource: false,
  },
  {
    key: "employed-migrants-within-migrants",
    part: { table: 4, label: "employed migrants" },
    whole: { table: 3, label: "working-age migrants" },
    sameSource: false,
  },
  ...[1, 2].map((table): SubsetRule => ({
    key: `migrants-within-population-${table}`,
    part: { table, where: { migrantStatus: MIGRANTS }, label: "migrants" },
    whole: { table, where: { migrantStatus: ALL_BY_STATUS }, label: "total population" },
    sameSource: true,
  })),
  {
    key: "employed-within-working-age",
    part: { table: 1, where: { lms: ["TEMP"] }, label: "employed persons" },
    whole: { table: 1, where: { lms: ["XWAP"] }, label: "working-age population" },
    sameSource: true,
  },
  ...[5, 6, 7].map((table): SubsetRule => ({
    key: `migrants-within-employment-${table}`,
    part: { table, where: { migrantStatus: MIGRANTS }, label: "employed migrants" },
    whole: { table, where: { migrantStatus: ALL_BY_STATUS }, label: "all employed persons" },
    sameSource: true,
  })),
];

/** What a corridor counts: persons living abroad, persons moving in a year, or persons moving for work. */
export type CorridorMeasure = "STOCK" | "FLOW" | "EMPLOYMENT_FLOW";

/** The ages a table covers: all ages (nationals abroad, outflows) or the working-age population only. */
export type AgeCoverage = "all ages" | "working age";

/**
 * Two tables that report the same persons from both countries: the origin table is reported by the country
 * the persons come from (by destination or residence), the destination table by the country where they live
 * or arrive (by origin). `measure` is the corridor measure the pair serves (the first pair of a measure is the
 * one corridors use); `caveat` says why the two reports may differ even when both are right.
 */
export interface MirrorPair {
  readonly key: string;
  readonly measure: CorridorMeasure;
  readonly origin: { readonly table: number; readonly ages: AgeCoverage };
  readonly destination: { readonly table: number; readonly ages: AgeCoverage };
  readonly caveat: string;
}

export const MIRROR_PAIRS: readonly MirrorPair[] = [
  {
    key: "stock",
    measure: "STOCK",
    origin: { table: 13, ages: "all ages" },
    destination: { table: 3, ages: "working age" },
    caveat:
      "Nationals abroad (all ages, by citizenship) against the destination's working-age migrants by country of birth or citizenship.",
  },
  {
    key: "flow",
    measure: "FLOW",
    origin: { table: 14, ages: "all ages" },
    destination: { table: 9, ages: "working age" },
    caveat: "Outflows of nationals (all ages) against the destination's inflows of working-age migrants.",
  },
  {
    key: "employment-flow",
    measure: "EMPLOYMENT_FLOW",
    origin: { table: 15, ages: "all ages" },
    destination: { table: 9, ages: "working age" },
    caveat: "Outflows for employment against all inflows of working-age migrants: the destination counts more than workers.",
  },
  {
    key: "employment-flow-to-stock",
    measure: "EMPLOYMENT_FLOW",
    origin: { table: 15, ages: "all ages" },
    destination: { table: 4, ages: "working age" },
    caveat:
      "A year's outflow for employment against the destination's stock of employed migrants: a flow against a stock, comparable in order of magnitude only.",
  },
];

/** The mirror pairs, optionally of one corridor measure, in catalogue order. */
export function mirrorPairs(measure?: CorridorMeasure): MirrorPair[] {
  return MIRROR_PAIRS.filter((p) => !measure || p.measure === measure);
}

/** Thresholds of the checks that are configuration, not rules: defaults, overridable per run. */
export interface CheckThresholds {
  /** A coherence disagreement where the smaller total is below this share of the larger is partial coverage. */
  partialCoverageBelow: number;
  /** A value more than this factor above or below the previous year of its series is a break. */
  jumpFactor: number;
  /**
   * A jump counts only when both values are at least this many thousand persons (tables of persons only):
   * a series of 3 people becoming 10 is noise, not a break.
   */
  jumpMinValue: number;
  /**
   * ...and when the change is at least this share of the reporting country's total of the same table, year,
   * sex and source, where that total is reported (0 to 1; 0 turns the condition off).
   */
  jumpMinShare: number;
}

export const DEFAULT_CHECK_THRESHOLDS: CheckThresholds = { partialCoverageBelow: 0.5, jumpFactor: 3, jumpMinValue: 1, jumpMinShare: 0.02 };

/**
 * The quality fields a source description should hold for its values to be read rightly (the source-quality
 * map's columns): a source lacking any of them is a gap of the data-gaps map. Keys are the source record's.
 */
export const SOURCE_QUALITY_FIELDS = [
  { key: "sourceType", title: "source type" },
  { key: "agency", title: "agency" },
  { key: "migrantBasis", title: "migrant basis" },
  { key: "populationCoverage", title: "population coverage" },
  { key: "ageFloor", title: "age floor" },
  { key: "referencePeriod", title: "reference period" },
  { key: "periodicity", title: "periodicity" },
  { key: "comparability", title: "comparability" },
] as const;

/** Thresholds of the data-gaps map: configuration, overridable per request. */
export interface GapThresholds {
  /** A corridor-year whose mirror asymmetry |(D-O)/(D+O)| is at least this is listed (0.5: one report three times the other). */
  asymmetryAtLeast: number;
  /** A table and year of a country with at least this many break findings is a cluster of breaks. */
  breaksAtLeast: number;
}

export const DEFAULT_GAP_THRESHOLDS: GapThresholds = { asymmetryAtLeast: 0.5, breaksAtLeast: 2 };
