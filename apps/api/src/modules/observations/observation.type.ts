import { Field, Float, Int, ObjectType } from "type-graphql";
import type { FilterPlan, IlostatObservation, Visibility } from "@ilms/query";

@ObjectType({ description: "A value of one of the observation's dimensions, with the code behind it." })
export class DimensionValue {
  @Field(() => String, { description: "Dimension name: `refArea`, `sex` or a table dimension such as `economicActivity`." })
  dimension: string;

  @Field(() => String, { description: "Code list of the code." })
  codelistId: string;

  @Field(() => String, { description: "The stored code (bare area codes for counterpart countries)." })
  code: string;
}

@ObjectType({ description: "One observation in ILOSTAT's shape, with typed dimension values, its source, round and notes." })
export class Observation {
  @Field(() => Int, { description: "ILMS table number." })
  table: number;

  @Field(() => String, { description: "Reporting country (ISO alpha-3)." })
  refArea: string;

  @Field(() => String, { description: "ILOSTAT indicator id." })
  indicator: string;

  @Field(() => String, { description: "Sex code (`SEX_T`, `SEX_M`, `SEX_F`)." })
  sex: string;

  @Field(() => String, { nullable: true, description: "ILOSTAT `classif1` code (`ECO_ISIC4_C`, `CDS_DES_KOR`)." })
  classif1: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT `classif2` code (`CBR_BIR_FOREIGN`)." })
  classif2: string | null;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => String, { nullable: true, description: "The value exactly as published (decimal text); null for a flagged missing value." })
  obsValue: string | null;

  @Field(() => Float, { nullable: true, description: "The value as a number, for charts (may lose exactness beyond 15 digits)." })
  value: number | null;

  @Field(() => String, { nullable: true, description: "Status flag (list `OBS_STATUS`: B break, U unreliable, I imputed...)." })
  obsStatus: string | null;

  @Field(() => String, { description: "Source code (`BA:544`)." })
  source: string;

  @Field(() => Int, { description: "Id of the collection round the value comes from." })
  roundId: number;

  @Field(() => String, { nullable: true, description: "ILOSTAT `note_classif` references (`R1:3513_T2:85`)." })
  noteClassif: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT `note_indicator` references." })
  noteIndicator: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT `note_source` references." })
  noteSource: string | null;

  raw: IlostatObservation;
}

@ObjectType({ description: "A value a cell had in one round, for its revision history." })
export class Revision extends Observation {
  @Field(() => String, { description: "When the value was loaded (ISO 8601, UTC)." })
  createdAt: string;
}

@ObjectType({ description: "Where a page ends, for cursor pagination." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether more observations follow." })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to read the next page." })
  endCursor: string | null;
}

@ObjectType({ description: "An observation with its cursor." })
export class ObservationEdge {
  @Field(() => String, { description: "Opaque position of this observation in the stable order." })
  cursor: string;

  @Field(() => Observation, { description: "The observation." })
  node: Observation;
}

@ObjectType({
  description:
    "A page of observations in a stable order: country, year, sex, the table's dimensions, source (the order of the table's cell index, so pages stream).",
})
export class ObservationConnection {
  @Field(() => [ObservationEdge], { description: "Observations with cursors." })
  edges: ObservationEdge[];

  @Field(() => [Observation], { description: "The observations, without cursors." })
  nodes: Observation[];

  @Field(() => PageInfo, { description: "Whether more follow, and from where." })
  pageInfo: PageInfo;

  plan: FilterPlan;
  vis: Visibility;
}

@ObjectType({ description: "The cost of a read before running it: how many cells it touches, against the limit." })
export class CostEstimate {
  @Field(() => Int, { description: "The database planner's estimate of the rows the filter reads, made without reading them." })
  estimatedCells: number;

  @Field(() => Int, {
    nullable: true,
    description: "Exact number of cells (latest value per cell) the filter selects; counted only when asked.",
  })
  cells: number | null;

  @Field(() => Int, { description: "Most cells a `slice` or `derived` read may touch." })
  sliceLimit: number;

  @Field(() => Int, { description: "Largest page of `observations`." })
  pageLimit: number;

  @Field(() => Boolean, { description: "Whether a slice of this filter is within the limit, by the estimate." })
  withinLimit: boolean;

  plan: FilterPlan;
  vis: Visibility;
}
