/**
 * The catalogue of the 17 ILMS tables, as data. Everything table-shaped in the warehouse (fact tables,
 * importers, exports, GraphQL types, checks) is derived from this file; adding an indicator id or a
 * dimension is an edit here, not a new piece of code elsewhere.
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

export interface Measure {
  readonly title: string;
  readonly unit: string;
  /** Counts add up; means (table 8 wages) are never summed. */
  readonly additive: boolean;
}

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
}

export const MODULES: Record<Module, string> = {
  A: "Migrant stock",
  B: "Migrant flows",
  C: "Nationals abroad",
};

const THOUSANDS: Measure = { title: "Persons", unit: "Thousands of persons", additive: true };
const MIG_FAMILY: Record<Basis, string> = { CBR: "CBR_BIR", CCT: "CCT_CIT" };
const BASES: readonly Basis[] = ["CBR", "CCT"];

/** Labour market statuses carried by the measure part of table 1's indicators. */
export const LABOUR_MARKET_STATUSES = ["XWAP", "TEAP", "TEMP", "TUNE", "TEIP"] as const;

/** Indicators with one classif breakdown followed by migrant status, one per basis (tables 1, 2, 5-7). */
function byBasis(
  table: number,
  title: string,
  stem: string,
  classif: DimensionKey,
  fixed: Partial<Record<DimensionKey, string>> = {},
): IndicatorDef[] {
  return BASES.map((basis) => ({
    id: `${stem}_${basis}_NB`,
    table,
    title: `${title} (${basis === "CBR" ? "place of birth" : "citizenship"})`,
    fixed: { ...fixed, basis },
    classif1: { dimension: classif },
    classif2: { dimension: "migrantStatus", families: [MIG_FAMILY[basis]] },
  }));
}

/** An indicator whose classif1 is a country after a prefix (tables 3, 4, 9, 13-15). */
function byCountry(id: string, table: number, title: string, dimension: DimensionKey, prefix: CountryPrefix, basis?: Basis): IndicatorDef {
  return { id, table, title, fixed: basis ? { basis } : {}, classif1: { dimension, prefix } };
}

/** An indicator with a single classif breakdown (tables 10-12, 16, 17). */
function single(id: string, table: number, title: string, dimension: DimensionKey, basis?: Basis): IndicatorDef {
  return { id, table, title, fixed: basis ? { basis } : {}, classif1: { dimension } };
}

const D = DIMENSIONS;

export const TABLES: readonly IlmsTable[] = [
  {
    id: 1,
    key: "resident_population",
    module: "A",
    title: "Resident population by sex, age, labour market status and migrant status",
    description:
      "Working-age population, labour force, employed, unemployed and persons outside the labour force, by age and migrant status.",
    measure: THOUSANDS,
    dimensions: [D.lms, D.age, D.migrantStatus, D.basis],
    indicators: LABOUR_MARKET_STATUSES.flatMap((lms) =>
      byBasis(1, `Population (${lms}) by sex, age and migrant status`, `MST_${lms}_SEX_AGE`, "age", { lms }),
    ),
  },
  {
    id: 2,
    key: "working_age_population",
    module: "A",
    title: "Working-age population by sex, education and migrant status",
    description: "Working-age population by level of education (ISCED 2011) and migrant status.",
    measure: THOUSANDS,
    dimensions: [D.education, D.migrantStatus, D.basis],
    indicators: byBasis(2, "Working-age population by sex, education and migrant status", "MST_XWAP_SEX_EDU", "education"),
  },
  {
    id: 3,
    key: "migrants_by_origin",
    module: "A",
    title: "Migrants by sex and country of origin",
    description: "Working-age foreign-born population by country of birth, or non-citizens by country of citizenship.",
    measure: THOUSANDS,
    dimensions: [D.origin, D.basis],
    indicators: [
      byCountry("MST_FORP_SEX_CBR_NB", 3, "Foreign-born working-age population by sex and country of birth", "origin", "CBR_BRT", "CBR"),
      byCountry(
        "MST_NCTP_SEX_CCT_NB",
        3,
        "Non-citizen working-age population by sex and country of citizenship",
        "origin",
        "CCT_CTZ",
        "CCT",
      ),
    ],
  },
  {
    id: 4,
    key: "employed_migrants_by_origin",
    module: "A",
    title: "Employed migrants by sex and country of origin",
    description: "Employed foreign-born persons by country of birth, or employed non-citizens by country of citizenship.",
    measure: THOUSANDS,
    dimensions: [D.origin, D.basis],
    indicators: [
      byCountry("MST_FORE_SEX_CBR_NB", 4, "Employed foreign-born persons by sex and country of birth", "origin", "CBR_BRT", "CBR"),
      byCountry("MST_NCTE_SEX_CCT_NB", 4, "Employed non-citizens by sex and country of citizenship", "origin", "CCT_CTZ", "CCT"),
    ],
  },
  {
    id: 5,
    key: "employment_by_activity",
    module: "A",
    title: "Employed persons by sex, economic activity and migrant status",
    description: "Employment by economic activity (ISIC Rev.4) and migrant status.",
    measure: THOUSANDS,
    dimensions: [D.economicActivity, D.migrantStatus, D.basis],
    indicators: byBasis(5, "Employment by sex, economic activity and migrant status", "MST_TEMP_SEX_ECO", "economicActivity"),
  },
  {
    id: 6,
    key: "employment_by_occupation",
    module: "A",
    title: "Employed persons by sex, occupation and migrant status",
    description: "Employment by occupation (ISCO-08) and migrant status.",
    measure: THOUSANDS,
    dimensions: [D.occupation, D.migrantStatus, D.basis],
    indicators: byBasis(6, "Employment by sex, occupation and migrant status", "MST_TEMP_SEX_OCU", "occupation"),
  },
  {
    id: 7,
    key: "employment_by_status",
    module: "A",
    title: "Employed persons by sex, status in employment and migrant status",
    description: "Employment by status in employment (ICSE-93) and migrant status.",
    measure: THOUSANDS,
    dimensions: [D.statusInEmployment, D.migrantStatus, D.basis],
    indicators: byBasis(7, "Employment by sex, status in employment and migrant status", "MST_TEMP_SEX_STE", "statusInEmployment"),
  },
  {
    id: 8,
    key: "average_monthly_wages",
    module: "A",
    title: "Average monthly wages of employees by sex and migrant status",
    description: "Mean nominal monthly earnings of employees in local currency. A mean: never summed or rolled up.",
    measure: { title: "Mean monthly earnings", unit: "Local currency per month", additive: false },
    dimensions: [D.migrantStatus, D.basis],
    indicators: BASES.map((basis) => ({
      id: `MST_EARA_SEX_${basis}_NB`,
      table: 8,
      title: `Average monthly earnings of employees by sex and migrant status (${basis === "CBR" ? "place of birth" : "citizenship"})`,
      fixed: { basis },
      classif1: { dimension: "migrantStatus", families: [MIG_FAMILY[basis]] },
    })),
  },
  {
    id: 9,
    key: "inflows_by_origin",
    module: "B",
    title: "Inflows of working-age migrants by sex and country of origin",
    description: "Inflows of foreign-born persons by country of birth, or of non-citizens by country of citizenship.",
    measure: THOUSANDS,
    dimensions: [D.origin, D.basis],
    indicators: [
      byCountry(
        "MFL_FPOP_SEX_CBR_NB",
        9,
        "Inflows of foreign-born working-age population by sex and country of birth",
        "origin",
        "CBR_BRT",
        "CBR",
      ),
      byCountry(
        "MFL_NCIT_SEX_CCT_NB",
        9,
        "Inflows of non-citizen working-age population by sex and country of citizenship",
        "origin",
        "CCT_CTZ",
        "CCT",
      ),
    ],
  },
  {
    id: 10,
    key: "inflows_by_education",
    module: "B",
    title: "Inflows of working-age migrants by sex and education",
    description: "Inflows of working-age migrants by level of education.",
    measure: THOUSANDS,
    dimensions: [D.education, D.basis],
    indicators: [
      single("MFL_FWAP_SEX_EDU_NB", 10, "Inflows of foreign-born working-age population by sex and education", "education", "CBR"),
      single("MFL_NWAP_SEX_EDU_NB", 10, "Inflows of non-citizen working-age population by sex and education", "education", "CCT"),
    ],
  },
  {
    id: 11,
    key: "inflows_by_activity",
    module: "B",
    title: "Inflows of employed migrants by sex and economic activity",
    description: "Inflows of employed migrants by economic activity (ISIC Rev.4).",
    measure: THOUSANDS,
    dimensions: [D.economicActivity, D.basis],
    indicators: [
      single("MFL_FEMP_SEX_ECO_NB", 11, "Inflows of employed foreign-born persons by sex and economic activity", "economicActivity", "CBR"),
      single("MFL_NEMP_SEX_ECO_NB", 11, "Inflows of employed non-citizens by sex and economic activity", "economicActivity", "CCT"),
    ],
  },
  {
    id: 12,
    key: "inflows_by_occupation",
    module: "B",
    title: "Inflows of employed migrants by sex and occupation",
    description: "Inflows of employed migrants by occupation (ISCO-08).",
    measure: THOUSANDS,
    dimensions: [D.occupation, D.basis],
    indicators: [
      single("MFL_FEMP_SEX_OCU_NB", 12, "Inflows of employed foreign-born persons by sex and occupation", "occupation", "CBR"),
      single("MFL_NEMP_SEX_OCU_NB", 12, "Inflows of employed non-citizens by sex and occupation", "occupation", "CCT"),
    ],
  },
  {
    id: 13,
    key: "nationals_abroad",
    module: "C",
    title: "Stock of nationals abroad by sex and country of residence",
    description: "Nationals of the reporting country living abroad, by country of residence.",
    measure: THOUSANDS,
    dimensions: [D.residence],
    indicators: [byCountry("MNA_TPOP_SEX_CRS_NB", 13, "Nationals abroad by sex and country of residence", "residence", "CRS_RES")],
  },
  {
    id: 14,
    key: "outflows_by_destination",
    module: "C",
    title: "Outflow of nationals by sex and country of destination",
    description: "Nationals leaving the reporting country, by country of destination.",
    measure: THOUSANDS,
    dimensions: [D.destination],
    indicators: [byCountry("MNA_OPOP_SEX_CDS_NB", 14, "Outflow of nationals by sex and country of destination", "destination", "CDS_DES")],
  },
  {
    id: 15,
    key: "employment_outflows_by_destination",
    module: "C",
    title: "Outflow of nationals for employment by sex and country of destination",
    description: "Nationals leaving for employment abroad, by country of destination.",
    measure: THOUSANDS,
    dimensions: [D.destination],
    indicators: [
      byCountry(
        "MNA_OEMP_SEX_CDS_NB",
        15,
        "Outflow of nationals for employment by sex and country of destination",
        "destination",
        "CDS_DES",
      ),
    ],
  },
  {
    id: 16,
    key: "employment_outflows_by_activity",
    module: "C",
    title: "Outflow of nationals for employment by sex and economic activity",
    description: "Nationals leaving for employment abroad, by economic activity of the job abroad.",
    measure: THOUSANDS,
    dimensions: [D.economicActivity],
    indicators: [single("MNA_OEMP_SEX_ECO_NB", 16, "Outflow of nationals for employment by sex and economic activity", "economicActivity")],
  },
  {
    id: 17,
    key: "employment_outflows_by_occupation",
    module: "C",
    title: "Outflow of nationals for employment by sex and occupation",
    description: "Nationals leaving for employment abroad, by occupation of the job abroad.",
    measure: THOUSANDS,
    dimensions: [D.occupation],
    indicators: [single("MNA_OEMP_SEX_OCU_NB", 17, "Outflow of nationals for employment by sex and occupation", "occupation")],
  },
];

const tablesById = new Map(TABLES.map((t) => [t.id, t]));
const indicatorsById = new Map(TABLES.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)));

export const INDICATORS: readonly IndicatorDef[] = [...indicatorsById.values()];

export function getTable(id: number): IlmsTable | undefined {
  return tablesById.get(id);
}

/** The table, or an error naming the valid range: for code paths where an unknown id is a bug or bad input. */
export function requireTable(id: number): IlmsTable {
  const table = tablesById.get(id);
  if (!table) throw new RangeError(`No ILMS table ${id}: tables are numbered 1 to ${TABLES.length}`);
  return table;
}

export function getIndicator(id: string): IndicatorDef | undefined {
  return indicatorsById.get(id);
}

/** SQL name of a table's fact table: `fact_t05`. */
export function factTableName(table: Pick<IlmsTable, "id">): string {
  return `fact_t${String(table.id).padStart(2, "0")}`;
}

/** Every dimension used by any table, once. */
export const ALL_DIMENSIONS: readonly DimensionDef[] = Object.values(DIMENSIONS);
