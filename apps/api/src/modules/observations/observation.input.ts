import { Field, InputType, Int } from "type-graphql";
import { ALL_DIMENSIONS, tableRange } from "@ilms/domain";
import type { DimensionKey } from "@ilms/domain";
import type { ObservationFilter } from "@ilms/query";

@InputType({
  description:
    "Which observations to read. Lists are ORs, different fields are ANDed. Hierarchy nodes select the codes below them (an ISIC section its divisions, a country group its members) unless `expandHierarchy` is false. Besides the ILOSTAT columns, every table dimension can be filtered by name with its stored codes.",
})
export class ObservationFilterInput {
  @Field(() => Int, { nullable: true, description: `ILMS table number (${tableRange()}). Either \`table\` or \`indicator\` is required.` })
  table?: number | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT indicator id, e.g. `MNA_OEMP_SEX_CDS_NB`; selects its table." })
  indicator?: string | null;

  @Field(() => [String], { nullable: true, description: "Reporting countries (ISO alpha-3) or groups (`ASEAN`, `X84`)." })
  refArea?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Sex codes: `SEX_T`, `SEX_M`, `SEX_F`." })
  sex?: string[] | null;

  @Field(() => [String], { nullable: true, description: "ILOSTAT `classif1` codes, e.g. `ECO_ISIC4_C`, `CDS_DES_KOR`." })
  classif1?: string[] | null;

  @Field(() => [String], { nullable: true, description: "ILOSTAT `classif2` codes, e.g. `CBR_BIR_FOREIGN`." })
  classif2?: string[] | null;

  @Field(() => Int, { nullable: true, description: "First year (inclusive)." })
  timeFrom?: number | null;

  @Field(() => Int, { nullable: true, description: "Last year (inclusive)." })
  timeTo?: number | null;

  @Field(() => [String], { nullable: true, description: "Source codes, e.g. `BA:544`." })
  source?: string[] | null;

  @Field(() => Int, { nullable: true, description: "Only the latest N years of each series (as SDMX `lastNObservations`)." })
  lastN?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether hierarchy nodes select the codes below them (default true)." })
  expandHierarchy?: boolean | null;

  /** Table dimensions by name, declared below from the catalogue. */
  [dimension: string]: unknown;
}

// One optional list field per dimension of the catalogue: `economicActivity: ["ECO_ISIC4_C"]`, `destination: ["KOR"]`.
for (const d of ALL_DIMENSIONS) {
  Field(() => [String], {
    nullable: true,
    description: `${d.title} codes (code list ${d.codelist}${d.counterpart ? ", bare area codes such as `KOR`" : ""}): ${d.description}`,
  })(ObservationFilterInput.prototype, d.key);
}

/** The engine's filter from the GraphQL input. */
export function toEngineFilter(input: ObservationFilterInput): ObservationFilter {
  const dimensions: Partial<Record<DimensionKey, string[]>> = {};
  for (const d of ALL_DIMENSIONS) {
    const value = input[d.key];
    if (Array.isArray(value)) dimensions[d.key] = value as string[];
  }
  return {
    table: input.table,
    indicator: input.indicator,
    refArea: input.refArea,
    sex: input.sex,
    classif1: input.classif1,
    classif2: input.classif2,
    timeFrom: input.timeFrom,
    timeTo: input.timeTo,
    source: input.source,
    lastN: input.lastN,
    expandHierarchy: input.expandHierarchy,
    dimensions,
  };
}

@InputType({ description: "One cell, named the ILOSTAT way, for its revision history." })
export class CellInput {
  @Field(() => String, { description: "ILOSTAT indicator id." })
  indicator: string;

  @Field(() => String, { description: "Reporting country (ISO alpha-3)." })
  refArea: string;

  @Field(() => String, { description: "Sex code." })
  sex: string;

  @Field(() => String, { nullable: true, description: "ILOSTAT `classif1` code, when the indicator has one." })
  classif1?: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT `classif2` code, when the indicator has one." })
  classif2?: string | null;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => String, { nullable: true, description: "Source code; without it, the history of every source's value." })
  source?: string | null;
}
