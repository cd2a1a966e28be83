import type { CodeRecord, EncodedObservations } from "@ilms/query";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { hasDimension, tableList, tablesOfKind } from "@ilms/domain";

export enum DerivedKind {
  MIGRANT_SHARE = "MIGRANT_SHARE",
  SEX_RATIO = "SEX_RATIO",
  PERCENT_DISTRIBUTION = "PERCENT_DISTRIBUTION",
  CHANGE = "CHANGE",
  PERCENT_CHANGE = "PERCENT_CHANGE",
}

registerEnumType(DerivedKind, {
  name: "DerivedKind",
  description: "Indicators computed on request from the published counts.",
  valuesConfig: {
    MIGRANT_SHARE: {
      description: `Foreign-born (or non-citizen) share of the total, in percent; for tables ${tableList(tablesOfKind("employment").filter((t) => hasDimension(t, "migrantStatus")))} the migrant share of employment.`,
    },
    SEX_RATIO: { description: "Men per 100 women." },
    PERCENT_DISTRIBUTION: { description: "Each code of `dimension` as a percentage of that dimension's total." },
    CHANGE: { description: "Change from the previous reported year, in the table's unit." },
    PERCENT_CHANGE: { description: "Change from the previous reported year, in percent." },
  },
});

@InputType({ description: "A dimension of a slice, optionally rolled up to a coarser level of its hierarchy." })
export class SliceDimensionInput {
  @Field(() => String, { description: "`refArea`, `time`, `sex`, `source` or a table dimension such as `economicActivity`." })
  dimension: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Roll up to this level: `section`, `sector`, `aggregate` (ISIC, ISCED, ICSE), `major`, `skill_level` (ISCO), `group` (areas: country groups).",
  })
  level?: string | null;
}

@ObjectType({ description: "A code of a slice dimension; its position in `codes` is the index used by observation keys." })
export class SliceCode {
  @Field(() => String, { description: "The code (a year for `time`, a source code for `source`)." })
  code: string;

  codelistId: string | null;
  dimension: string;
  /** The code's record (labels) as read with the slice: its label then needs no loader (see {@link labelNow}). */
  record?: CodeRecord | undefined;
}

@ObjectType({ description: "A dimension of a slice with the codes that occur, in index order." })
export class SliceDimension {
  @Field(() => String, { description: "Dimension name." })
  id: string;

  @Field(() => String, { nullable: true, description: "Code list of the codes; null for `time` and `source`." })
  codelist: string | null;

  @Field(() => String, { nullable: true, description: "Level the dimension was rolled up to; null when not rolled up." })
  level: string | null;

  @Field(() => [SliceCode], { description: "Codes, in index order." })
  codes: SliceCode[];
}

@ObjectType({
  description:
    "Observations of a slice as parallel arrays (SDMX-JSON style): `keys[i]` holds, for observation i, the index of its code in each dimension of `dimensions`.",
})
export class SliceObservations {
  @Field(() => [[Int]], { description: "Per observation, one code index per dimension." })
  keys: number[][];

  @Field(() => [String], { nullable: "items", description: "Values as exact decimal text; null for a missing value." })
  values: (string | null)[];

  @Field(() => [String], {
    nullable: "items",
    description:
      "Status per observation. For an aggregate: the distinct flags of its contributors joined by `+`, and `INCOMPLETE` when expected contributors are absent or empty.",
  })
  statuses: (string | null)[];

  @Field(() => [Int], { description: "Cells summed into each observation (1 when not aggregated)." })
  contributors: number[];

  @Field(() => [Int], { description: "Expected contributors absent from the data or without a value (0 when not aggregated)." })
  missing: number[];

  @Field(() => [Int], { description: "Contributors carrying a status flag." })
  flagged: number[];

  /** The database's JSON of `keys`, `values` and `statuses`, when it wrote them (not a GraphQL field). */
  encoded?: EncodedObservations | undefined;
}

@ObjectType({ description: "A compact, chart-ready slice of one table, possibly aggregated along hierarchies." })
export class Slice {
  @Field(() => Int, { description: "ILMS table number." })
  table: number;

  @Field(() => String, { description: "What the values measure." })
  measure: string;

  @Field(() => String, { description: "Unit of the values." })
  unit: string;

  @Field(() => Boolean, { description: "Whether observations were rolled up." })
  aggregated: boolean;

  @Field(() => String, { nullable: true, description: "The round the data are as of; null for the latest." })
  asOfRound: string | null;

  @Field(() => Int, { description: "Number of observations." })
  size: number;

  @Field(() => [SliceDimension], { description: "Dimensions, in key order." })
  dimensions: SliceDimension[];

  @Field(() => SliceObservations, { description: "The observations." })
  observations: SliceObservations;
}
