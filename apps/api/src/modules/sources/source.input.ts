import { Field, InputType, Int } from "type-graphql";

/** The quality fields shared by create and update (every one optional on update). */
@InputType({ description: "Quality fields of a data source; on update, a field left out keeps its value and `null` clears it." })
export class DataSourceFields {
  @Field(() => String, { nullable: true, description: "Name of the survey, census or register." })
  name?: string;

  @Field(() => String, { nullable: true, description: "Source type code from list `SOURCE_TYPE`." })
  sourceType?: string | null;

  @Field(() => String, { nullable: true, description: "Producing agency." })
  agency?: string | null;

  @Field(() => String, { nullable: true, description: "Geographic coverage." })
  geographicCoverage?: string | null;

  @Field(() => String, { nullable: true, description: "Population covered." })
  populationCoverage?: string | null;

  @Field(() => Int, { nullable: true, description: "Lowest age covered (0-99)." })
  ageFloor?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether irregular migrants are in scope." })
  irregularMigrantsCovered?: boolean | null;

  @Field(() => String, { nullable: true, description: "`CBR` (place of birth) or `CCT` (citizenship)." })
  migrantBasis?: string | null;

  @Field(() => String, { nullable: true, description: "Reference period." })
  referencePeriod?: string | null;

  @Field(() => String, { nullable: true, description: "Periodicity." })
  periodicity?: string | null;

  @Field(() => Int, { nullable: true, description: "Sample size." })
  sampleSize?: number | null;

  @Field(() => String, { nullable: true, description: "Coefficient of variation as a decimal string, e.g. `0.042`." })
  coefficientOfVariation?: string | null;

  @Field(() => String, { nullable: true, description: "`full`, `partial` or `not_comparable`." })
  comparability?: string | null;

  @Field(() => String, { nullable: true, description: "Why not fully comparable." })
  comparabilityNote?: string | null;

  @Field(() => String, { nullable: true, description: "Known gaps." })
  knownGaps?: string | null;

  @Field(() => String, { nullable: true, description: "Breaks in series." })
  seriesBreaks?: string | null;

  @Field(() => String, { nullable: true, description: "Free-text notes." })
  notes?: string | null;
}

@InputType({ description: "A new data source." })
export class DataSourceCreateInput extends DataSourceFields {
  @Field(() => String, { description: "ILOSTAT source code (`BA:544`)." })
  code: string;

  @Field(() => String, { description: "Reporting country (ISO alpha-3)." })
  refArea: string;
}
