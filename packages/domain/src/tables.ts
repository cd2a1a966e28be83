/**
 * The 17 ILMS tables, as data: dimensions, indicators, measure, expected cells and cross-table memberships.
 * Everything table-shaped in the warehouse (fact tables, importers, exports, GraphQL types, checks, the
 * quality map) is derived from this list through `catalogue.ts`; adding a table is an entry here.
 */
import { DIMENSIONS } from "./dimensions";
import type { Basis, CountryPrefix, DimensionKey, IndicatorDef, Measure, MeasureKind, Module } from "./dimensions";
import {
  AGE_BANDS,
  BROAD_SECTORS,
  COUNTERPART_TOTAL,
  ICSE_GROUPS,
  ISCED_AGGREGATES,
  ISCO_MAJOR_GROUPS,
  ISIC_SECTIONS,
  LMS,
  SKILL_LEVELS,
  expectCells,
} from "./expected-cells";
import type { IlmsTable } from "./dimensions";

export const MODULES: Record<Module, string> = {
  A: "Migrant stock",
  B: "Migrant flows",
  C: "Nationals abroad",
};

const persons = (kind: Exclude<MeasureKind, "mean">): Measure => ({ kind, title: "Persons", unit: "Thousands of persons", additive: true });
const POPULATION = persons("population");
const EMPLOYMENT = persons("employment");
const FLOW = persons("flow");
const MIG_FAMILY: Record<Basis, string> = { CBR: "CBR_BIR", CCT: "CCT_CIT" };
const BASES: readonly Basis[] = ["CBR", "CCT"];
/** Migrant status codes of the migrants themselves: the part of a table that other tables count too. */
const MIGRANTS = ["CBR_BIR_FOREIGN", "CCT_CIT_NONCIT"] as const;

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
    measure: POPULATION,
    dimensions: [D.lms, D.age, D.migrantStatus, D.basis],
    indicators: LABOUR_MARKET_STATUSES.flatMap((lms) =>
      byBasis(1, `Population (${lms}) by sex, age and migrant status`, `MST_${lms}_SEX_AGE`, "age", { lms }),
    ),
    expected: expectCells({ lms: [LMS], age: [AGE_BANDS] }, true),
    coherence: [],
    mirror: [],
  },
  {
    id: 2,
    key: "working_age_population",
    module: "A",
    title: "Working-age population by sex, education and migrant status",
    description: "Working-age population by level of education (ISCED 2011) and migrant status.",
    measure: POPULATION,
    dimensions: [D.education, D.migrantStatus, D.basis],
    indicators: byBasis(2, "Working-age population by sex, education and migrant status", "MST_XWAP_SEX_EDU", "education"),
    expected: expectCells({ education: [ISCED_AGGREGATES] }, true),
    coherence: [],
    mirror: [],
  },
  {
    id: 3,
    key: "migrants_by_origin",
    module: "A",
    title: "Migrants by sex and country of origin",
    description: "Working-age foreign-born population by country of birth, or non-citizens by country of citizenship.",
    measure: POPULATION,
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
    expected: expectCells({ origin: [COUNTERPART_TOTAL] }),
    coherence: [],
    mirror: [{ group: "migrant-stock", side: "destination" }],
  },
  {
    id: 4,
    key: "employed_migrants_by_origin",
    module: "A",
    title: "Employed migrants by sex and country of origin",
    description: "Employed foreign-born persons by country of birth, or employed non-citizens by country of citizenship.",
    measure: EMPLOYMENT,
    dimensions: [D.origin, D.basis],
    indicators: [
      byCountry("MST_FORE_SEX_CBR_NB", 4, "Employed foreign-born persons by sex and country of birth", "origin", "CBR_BRT", "CBR"),
      byCountry("MST_NCTE_SEX_CCT_NB", 4, "Employed non-citizens by sex and country of citizenship", "origin", "CCT_CTZ", "CCT"),
    ],
    expected: expectCells({ origin: [COUNTERPART_TOTAL] }),
    coherence: [{ group: "employed-migrants" }],
    mirror: [],
  },
  {
    id: 5,
    key: "employment_by_activity",
    module: "A",
    title: "Employed persons by sex, economic activity and migrant status",
    description: "Employment by economic activity (ISIC Rev.4) and migrant status.",
    measure: EMPLOYMENT,
    dimensions: [D.economicActivity, D.migrantStatus, D.basis],
    indicators: byBasis(5, "Employment by sex, economic activity and migrant status", "MST_TEMP_SEX_ECO", "economicActivity"),
    expected: expectCells({ economicActivity: [ISIC_SECTIONS, BROAD_SECTORS] }, true),
    coherence: [{ group: "employed-migrants", where: { migrantStatus: MIGRANTS } }],
    mirror: [],
  },
  {
    id: 6,
    key: "employment_by_occupation",
    module: "A",
    title: "Employed persons by sex, occupation and migrant status",
    description: "Employment by occupation (ISCO-08) and migrant status.",
    measure: EMPLOYMENT,
    dimensions: [D.occupation, D.migrantStatus, D.basis],
    indicators: byBasis(6, "Employment by sex, occupation and migrant status", "MST_TEMP_SEX_OCU", "occupation"),
    expected: expectCells({ occupation: [ISCO_MAJOR_GROUPS, SKILL_LEVELS] }, true),
    coherence: [{ group: "employed-migrants", where: { migrantStatus: MIGRANTS } }],
    mirror: [],
  },
  {
    id: 7,
    key: "employment_by_status",
    module: "A",
    title: "Employed persons by sex, status in employment and migrant status",
    description: "Employment by status in employment (ICSE-93) and migrant status.",
    measure: EMPLOYMENT,
    dimensions: [D.statusInEmployment, D.migrantStatus, D.basis],
    indicators: byBasis(7, "Employment by sex, status in employment and migrant status", "MST_TEMP_SEX_STE", "statusInEmployment"),
    expected: expectCells({ statusInEmployment: [ICSE_GROUPS] }, true),
    coherence: [{ group: "employed-migrants", where: { migrantStatus: MIGRANTS } }],
    mirror: [],
  },
  {
    id: 8,
    key: "average_monthly_wages",
    module: "A",
    title: "Average monthly wages of employees by sex and migrant status",
    description: "Mean nominal monthly earnings of employees in local currency. A mean: never summed or rolled up.",
    measure: { kind: "mean", title: "Mean monthly earnings", unit: "Local currency per month", additive: false },
    dimensions: [D.migrantStatus, D.basis],
    indicators: BASES.map((basis) => ({
      id: `MST_EARA_SEX_${basis}_NB`,
      table: 8,
      title: `Average monthly earnings of employees by sex and migrant status (${basis === "CBR" ? "place of birth" : "citizenship"})`,
      fixed: { basis },
      classif1: { dimension: "migrantStatus", families: [MIG_FAMILY[basis]] },
    })),
    expected: expectCells({}, true),
    coherence: [],
    mirror: [],
  },
  {
    id: 9,
    key: "inflows_by_origin",
    module: "B",
    title: "Inflows of working-age migrants by sex and country of origin",
    description: "Inflows of foreign-born persons by country of birth, or of non-citizens by country of citizenship.",
    measure: FLOW,
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
    expected: expectCells({ origin: [COUNTERPART_TOTAL] }),
    coherence: [],
    mirror: [{ group: "migrant-flows", side: "destination" }],
  },
  {
    id: 10,
    key: "inflows_by_education",
    module: "B",
    title: "Inflows of working-age migrants by sex and education",
    description: "Inflows of working-age migrants by level of education.",
    measure: FLOW,
    dimensions: [D.education, D.basis],
    indicators: [
      single("MFL_FWAP_SEX_EDU_NB", 10, "Inflows of foreign-born working-age population by sex and education", "education", "CBR"),
      single("MFL_NWAP_SEX_EDU_NB", 10, "Inflows of non-citizen working-age population by sex and education", "education", "CCT"),
    ],
    expected: expectCells({ education: [ISCED_AGGREGATES] }),
    coherence: [],
    mirror: [],
  },
  {
    id: 11,
    key: "inflows_by_activity",
    module: "B",
    title: "Inflows of employed migrants by sex and economic activity",
    description: "Inflows of employed migrants by economic activity (ISIC Rev.4).",
    measure: FLOW,
    dimensions: [D.economicActivity, D.basis],
    indicators: [
      single("MFL_FEMP_SEX_ECO_NB", 11, "Inflows of employed foreign-born persons by sex and economic activity", "economicActivity", "CBR"),
      single("MFL_NEMP_SEX_ECO_NB", 11, "Inflows of employed non-citizens by sex and economic activity", "economicActivity", "CCT"),
    ],
    expected: expectCells({ economicActivity: [ISIC_SECTIONS, BROAD_SECTORS] }),
    coherence: [],
    mirror: [],
  },
  {
    id: 12,
    key: "inflows_by_occupation",
    module: "B",
    title: "Inflows of employed migrants by sex and occupation",
    description: "Inflows of employed migrants by occupation (ISCO-08).",
    measure: FLOW,
    dimensions: [D.occupation, D.basis],
    indicators: [
      single("MFL_FEMP_SEX_OCU_NB", 12, "Inflows of employed foreign-born persons by sex and occupation", "occupation", "CBR"),
      single("MFL_NEMP_SEX_OCU_NB", 12, "Inflows of employed non-citizens by sex and occupation", "occupation", "CCT"),
    ],
    expected: expectCells({ occupation: [ISCO_MAJOR_GROUPS, SKILL_LEVELS] }),
    coherence: [],
    mirror: [],
  },
  {
    id: 13,
    key: "nationals_abroad",
    module: "C",
    title: "Stock of nationals abroad by sex and country of residence",
    description: "Nationals of the reporting country living abroad, by country of residence.",
    measure: POPULATION,
    dimensions: [D.residence],
    indicators: [byCountry("MNA_TPOP_SEX_CRS_NB", 13, "Nationals abroad by sex and country of residence", "residence", "CRS_RES")],
    expected: expectCells({ residence: [COUNTERPART_TOTAL] }),
    coherence: [],
    mirror: [{ group: "migrant-stock", side: "origin" }],
  },
  {
    id: 14,
    key: "outflows_by_destination",
    module: "C",
    title: "Outflow of nationals by sex and country of destination",
    description: "Nationals leaving the reporting country, by country of destination.",
    measure: FLOW,
    dimensions: [D.destination],
    indicators: [byCountry("MNA_OPOP_SEX_CDS_NB", 14, "Outflow of nationals by sex and country of destination", "destination", "CDS_DES")],
    expected: expectCells({ destination: [COUNTERPART_TOTAL] }),
    coherence: [],
    mirror: [{ group: "migrant-flows", side: "origin" }],
  },
  {
    id: 15,
    key: "employment_outflows_by_destination",
    module: "C",
    title: "Outflow of nationals for employment by sex and country of destination",
    description: "Nationals leaving for employment abroad, by country of destination.",
    measure: FLOW,
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
    expected: expectCells({ destination: [COUNTERPART_TOTAL] }),
    coherence: [{ group: "outflows-for-employment" }],
    mirror: [],
  },
  {
    id: 16,
    key: "employment_outflows_by_activity",
    module: "C",
    title: "Outflow of nationals for employment by sex and economic activity",
    description: "Nationals leaving for employment abroad, by economic activity of the job abroad.",
    measure: FLOW,
    dimensions: [D.economicActivity],
    indicators: [single("MNA_OEMP_SEX_ECO_NB", 16, "Outflow of nationals for employment by sex and economic activity", "economicActivity")],
    expected: expectCells({ economicActivity: [ISIC_SECTIONS, BROAD_SECTORS] }),
    coherence: [{ group: "outflows-for-employment" }],
    mirror: [],
  },
  {
    id: 17,
    key: "employment_outflows_by_occupation",
    module: "C",
    title: "Outflow of nationals for employment by sex and occupation",
    description: "Nationals leaving for employment abroad, by occupation of the job abroad.",
    measure: FLOW,
    dimensions: [D.occupation],
    indicators: [single("MNA_OEMP_SEX_OCU_NB", 17, "Outflow of nationals for employment by sex and occupation", "occupation")],
    expected: expectCells({ occupation: [ISCO_MAJOR_GROUPS, SKILL_LEVELS] }),
    coherence: [{ group: "outflows-for-employment" }],
    mirror: [],
  },
];
