/**
 * The code lists the warehouse knows. Codes themselves are data (seeded from `@ilms/codelists`, extended by
 * administrators); this file only names the lists and says what each is for.
 */

export type CodelistKind =
  /** ILOSTAT classification codes as they appear in `sex`, `classif1`, `classif2` (`ECO_ISIC4_A`). */
  | "ilostat"
  /** An international reference classification (ISIC Rev.4, ISCO-08, ISCED 2011, ICSE-93). */
  | "classification"
  /** Codes defined by the ILMS collection itself (labour market status, migrant basis, areas). */
  | "ilms"
  /** Observation attributes (status flags, source types). Administrators extend these. */
  | "attribute";

export interface CodelistDef {
  readonly id: string;
  readonly kind: CodelistKind;
  readonly title: string;
  readonly description: string;
}

function list(id: string, kind: CodelistKind, title: string, description: string): CodelistDef {
  return { id, kind, title, description };
}

export const CODELISTS = [
  list(
    "AREA",
    "ilms",
    "Areas",
    "ISO 3166-1 countries (alpha-3) with the ILOSTAT totals, 'other countries', regional aggregates and historical areas used as reporting areas and as counterpart countries.",
  ),
  list("SEX", "ilostat", "Sex", "ILOSTAT sex codes."),
  list(
    "AGE",
    "ilostat",
    "Age",
    "ILOSTAT age bands in several families (5-year, 10-year, aggregate, youth); a total in one family is not a total in another.",
  ),
  list(
    "LMS",
    "ilms",
    "Labour market status",
    "Labour market status, carried by the measure part of the ILOSTAT indicator (XWAP, TEAP, TEMP, TUNE, TEIP).",
  ),
  list("MIG", "ilostat", "Migrant status", "Migrant status by place of birth (CBR_BIR_*) or by citizenship (CCT_CIT_*)."),
  list("BASIS", "ilms", "Migrant basis", "Whether migrants are identified by place of birth (CBR) or by citizenship (CCT)."),
  list("EDU", "ilostat", "Education", "ILOSTAT education codes: ISCED 2011 levels and the ILO aggregate levels."),
  list(
    "ECO",
    "ilostat",
    "Economic activity",
    "ILOSTAT economic activity codes: ISIC Rev.4 sections and divisions, broad sectors and aggregates.",
  ),
  list("OCU", "ilostat", "Occupation", "ILOSTAT occupation codes: ISCO-08 major and sub-major groups and skill levels."),
  list("STE", "ilostat", "Status in employment", "ILOSTAT status in employment codes: ICSE-93 groups and aggregates."),
  list("OBS_STATUS", "attribute", "Observation status", "Flags attached to an observation (break in series, unreliable, imputed...)."),
  list("SOURCE_TYPE", "attribute", "Source type", "Kinds of data source, keyed by the ILOSTAT source type letters."),
  list(
    "ISIC4",
    "classification",
    "ISIC Rev.4",
    "International Standard Industrial Classification of All Economic Activities, Revision 4 (UNSD).",
  ),
  list("ISCO08", "classification", "ISCO-08", "International Standard Classification of Occupations 2008 (ILO)."),
  list(
    "ISCED11",
    "classification",
    "ISCED 2011",
    "International Standard Classification of Education 2011 levels with the ILO aggregate levels.",
  ),
  list("ICSE93", "classification", "ICSE-93", "International Classification of Status in Employment 1993 (ILO)."),
] as const satisfies readonly CodelistDef[];

export type CodelistId = (typeof CODELISTS)[number]["id"];

export const CODELIST_IDS: readonly CodelistId[] = CODELISTS.map((c) => c.id);

export function isCodelistId(value: string): value is CodelistId {
  return (CODELIST_IDS as readonly string[]).includes(value);
}
