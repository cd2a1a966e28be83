/**
 * The shape of the catalogue: dimensions (as data) and the types of tables, indicators, measures, expected
 * cells and cross-table memberships. The tables themselves are in `tables.ts`; the questions every consumer
 * asks of them (`cellAxes`, `getTable`, ...) in `catalogue.ts`.
 */
import type { CodelistId } from "./codelists";

export type DimensionKey =
  | "lms"
  | "age"
  | "education"
  | "economicActivity"
  | "occupation"
  | "statusInEmployment"
  | "migrantStatus"
  | "basis"
  | "origin"
  | "residence"
  | "destination";

export interface DimensionDef {
  /** Name in the API and in TypeScript (camelCase). */
  readonly key: DimensionKey;
  /** Column name in the fact tables (snake_case). */
  readonly column: string;
  readonly codelist: CodelistId;
  readonly title: string;
  readonly description: string;
  /** ILOSTAT code families (`classif_version`) this dimension accepts; undefined for non-ILOSTAT lists. */
  readonly families?: readonly string[];
  /** Whether the ILOSTAT code of this dimension names a country after a prefix (`CDS_DES_KOR`). */
  readonly counterpart?: boolean;
}

function dim(
  key: DimensionKey,
  column: string,
  codelist: CodelistId,
  title: string,
  description: string,
  extra: Pick<DimensionDef, "families" | "counterpart"> = {},
): DimensionDef {
  return { key, column, codelist, title, description, ...extra };
}

export const DIMENSIONS = {
  lms: dim(
    "lms",
    "lms",
    "LMS",
    "Labour market status",
    "Working-age population, labour force, employed, unemployed or outside the labour force; carried by the indicator's measure part.",
  ),
  age: dim("age", "age", "AGE", "Age", "Age band (ILOSTAT AGE_* families).", {
    families: ["AGE_5YRBANDS", "AGE_10YRBANDS", "AGE_AGGREGATE", "AGE_YTHADULT", "AGE_YTHBANDS"],
  }),
  education: dim("education", "education", "EDU", "Education", "Level of education (ISCED 2011 or ILO aggregate levels).", {
    families: ["EDU_ISCED11", "EDU_AGGREGATE"],
  }),
  economicActivity: dim(
    "economicActivity",
    "economic_activity",
    "ECO",
    "Economic activity",
    "Economic activity (ISIC Rev.4 sections and divisions, broad sectors, aggregates).",
    {
      families: ["ECO_ISIC4", "EC2_ISIC4", "ECO_SECTOR", "ECO_AGGREGATE"],
    },
  ),
  occupation: dim("occupation", "occupation", "OCU", "Occupation", "Occupation (ISCO-08 major and sub-major groups, skill levels).", {
    families: ["OCU_ISCO08", "OC2_ISCO08", "OCU_SKILL"],
  }),
  statusInEmployment: dim(
    "statusInEmployment",
    "status_in_employment",
    "STE",
    "Status in employment",
    "Status in employment (ICSE-93 and aggregates).",
    {
      families: ["STE_ICSE93", "STE_AGGREGATE"],
    },
  ),
  migrantStatus: dim(
    "migrantStatus",
    "migrant_status",
    "MIG",
    "Migrant status",
    "Native-born / foreign-born, or citizen / non-citizen, following the migrant basis.",
    {
      families: ["CBR_BIR", "CCT_CIT"],
    },
  ),
  basis: dim(
    "basis",
    "basis",
    "BASIS",
    "Migrant basis",
    "Whether migrants are identified by place of birth (CBR) or citizenship (CCT); a property of the source, kept per value.",
  ),
  origin: dim(
    "origin",
    "origin",
    "AREA",
    "Country of origin",
    "Country of birth or of citizenship of the migrants, following the migrant basis.",
    { counterpart: true },
  ),
  residence: dim("residence", "residence", "AREA", "Country of residence", "Country where the nationals abroad reside.", {
    counterpart: true,
  }),
  destination: dim("destination", "destination", "AREA", "Country of destination", "Country of destination of the outflow.", {
    counterpart: true,
  }),
} as const satisfies Record<DimensionKey, DimensionDef>;

/** How an ILOSTAT `classif1`/`classif2` column maps onto one of the table's dimensions. */
export interface ClassifSlot {
  readonly dimension: DimensionKey;
  /** Code families accepted here; narrower than the dimension's when the indicator fixes the basis. */
  readonly families?: readonly string[];
  /** Counterpart dimensions: the ILOSTAT prefix in front of the area code (`CDS_DES`). */
  readonly prefix?: CountryPrefix;
}

export type CountryPrefix = "CBR_BRT" | "CCT_CTZ" | "CRS_RES" | "CDS_DES" | "CPR_PRV";
export type Basis = "CBR" | "CCT";

export interface IndicatorDef {
  /** ILOSTAT indicator id, e.g. `MST_TEMP_SEX_ECO_CBR_NB`. */
  readonly id: string;
  readonly table: number;
  readonly title: string;
  /** Dimension values fixed by the indicator itself (labour market status from the measure part, basis). */
  readonly fixed: Partial<Record<DimensionKey, string>>;
  readonly classif1?: ClassifSlot;
  readonly classif2?: ClassifSlot;
}

export type Module = "A" | "B" | "C";

/**
 * What a table counts: resident persons (`population`), employed persons (`employment`), persons moving in
 * the year (`flow`), or a mean (`mean`: never summed or rolled up).
 */
export type MeasureKind = "population" | "employment" | "flow" | "mean";

export interface Measure {
  readonly kind: MeasureKind;
  readonly title: string;
  readonly unit: string;
  /** Counts add up; means are never summed. Follows from the kind. */
  readonly additive: boolean;
}

/** One way a table's breakdown may be reported: its expected codes (e.g. ISIC sections, or broad sectors). */
export interface ExpectedBreakdown {
  readonly name: string;
  readonly codes: readonly string[];
  /** For migrant status: the migrant basis whose values use these codes. */
  readonly basis?: Basis;
}

/**
 * The expected codes of one axis of the cell (sex or a dimension): one breakdown among alternatives. A country
 * reporting any one alternative completely is complete on that axis; migrant status is expected per basis the
 * values use.
 */
export interface ExpectedAxis {
  readonly key: "sex" | DimensionKey;
  readonly breakdowns: readonly ExpectedBreakdown[];
  /** Whether the breakdown follows the migrant basis of the values (migrant status) instead of a choice. */
  readonly perBasis?: boolean;
}

/**
 * The cells a table is expected to have for one reporting country and year: the yardstick of the completeness
 * measure in the source-quality map. Axes not listed (counterpart countries beyond their total, the basis)
 * are not held against a country.
 */
export interface ExpectedCells {
  readonly axes: readonly ExpectedAxis[];
}

/** A table's part in a coherence group: its total cell, optionally restricted on some dimensions. */
export interface CoherenceMembership {
  /** Key of the group in {@link COHERENCE_GROUP_TITLES}. */
  readonly group: CoherenceGroupKey;
  /** Dimension values the member is restricted to (e.g. migrant status foreign-born or non-citizen). */
  readonly where?: Partial<Record<DimensionKey, readonly string[]>>;
}

export type CoherenceGroupKey = "employed-migrants" | "outflows-for-employment";

/**
 * A table's side in a pair of mirror statistics: the same movement or stock seen from both countries (one
 * country's outflows to a destination against the destination's inflows from it).
 */
export interface MirrorMembership {
  readonly group: MirrorGroupKey;
  /** `origin`: the reporting country is where the persons come from; `destination`: where they live or arrive. */
  readonly side: "origin" | "destination";
}

export type MirrorGroupKey = "migrant-stock" | "migrant-flows";

export interface IlmsTable {
  readonly id: number;
  /** Stable machine name, used for SQL and GraphQL names. */
  readonly key: string;
  readonly module: Module;
  readonly title: string;
  readonly description: string;
  readonly measure: Measure;
  /** Dimensions beyond reporting country, year and sex, in ILOSTAT order. */
  readonly dimensions: readonly DimensionDef[];
  readonly indicators: readonly IndicatorDef[];
  readonly expected: ExpectedCells;
  readonly coherence: readonly CoherenceMembership[];
  readonly mirror: readonly MirrorMembership[];
}

/**
 * One axis of a table's cells: a fixed axis (reporting country, year, sex, source) or one of its dimensions.
 * In {@link cellAxes} order, the axes are the cell's identity and the fact table's unique key.
 */
export interface CellAxis {
  /** Name in the API: `refArea`, `time`, `sex`, `source` or a dimension key. */
  readonly key: "refArea" | "time" | "sex" | "source" | DimensionKey;
  /** Column of the fact table (snake_case). */
  readonly column: string;
  /** Code list of the values; null for the year and the source. */
  readonly codelist: CodelistId | null;
  /** The dimension, for the table's own axes. */
  readonly dimension?: DimensionDef;
}
