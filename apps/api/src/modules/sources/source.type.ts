import { Field, Int, ObjectType } from "type-graphql";
import type { SourceRecord } from "@ilms/query";

/** A row of `data_sources` as the database returns it (numeric as text, timestamps as dates or ISO text). */
export type DbDataSource = Omit<SourceRecord, "createdAt" | "updatedAt"> & { createdAt: Date | string; updatedAt: Date | string };

@ObjectType({ description: "A data source of a reporting country (`BA:544`) with the quality fields of the source-quality map." })
export class DataSource {
  @Field(() => String, { description: "ILOSTAT source code: type letters, colon, number (`BA:544`)." })
  code: string;

  @Field(() => String, { description: "Reporting country (ISO alpha-3)." })
  refArea: string;

  @Field(() => String, { description: "Name of the survey, census or register." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "Source type code (list `SOURCE_TYPE`: `BA` labour force survey, `AA` census, `FX` administrative records...).",
  })
  sourceType: string | null;

  @Field(() => String, { nullable: true, description: "Agency that produces the source." })
  agency: string | null;

  @Field(() => String, { nullable: true, description: "Geographic coverage (national, urban only...)." })
  geographicCoverage: string | null;

  @Field(() => String, { nullable: true, description: "Population covered (private households, registered workers...)." })
  populationCoverage: string | null;

  @Field(() => Int, { nullable: true, description: "Lowest age covered, in years." })
  ageFloor: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether migrants in an irregular situation are in scope." })
  irregularMigrantsCovered: boolean | null;

  @Field(() => String, { nullable: true, description: "How migrants are identified: `CBR` place of birth or `CCT` citizenship." })
  migrantBasis: string | null;

  @Field(() => String, { nullable: true, description: "Reference period (a week, a quarter, the calendar year...)." })
  referencePeriod: string | null;

  @Field(() => String, { nullable: true, description: "How often the source is collected (monthly, quarterly, annual, decennial...)." })
  periodicity: string | null;

  @Field(() => Int, { nullable: true, description: "Sample size (surveys)." })
  sampleSize: number | null;

  @Field(() => String, { nullable: true, description: "Coefficient of variation of the key estimate, as an exact decimal (surveys)." })
  coefficientOfVariation: string | null;

  @Field(() => String, { nullable: true, description: "Comparability with the ILMS definition: `full`, `partial` or `not_comparable`." })
  comparability: string | null;

  @Field(() => String, { nullable: true, description: "Why the source is only partly or not comparable." })
  comparabilityNote: string | null;

  @Field(() => String, { nullable: true, description: "Known gaps in coverage or content." })
  knownGaps: string | null;

  @Field(() => String, { nullable: true, description: "Breaks in series (years and reasons)." })
  seriesBreaks: string | null;

  @Field(() => String, { nullable: true, description: "Free-text notes." })
  notes: string | null;

  @Field(() => String, { description: "When the record was created (ISO 8601)." })
  createdAt: string;

  @Field(() => String, { description: "When the record last changed (ISO 8601)." })
  updatedAt: string;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** Database row -> API object. */
export function toDataSource(row: DbDataSource): DataSource {
  return {
    ...row,
    coefficientOfVariation: row.coefficientOfVariation === null ? null : String(row.coefficientOfVariation),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
