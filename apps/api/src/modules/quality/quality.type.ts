import { Field, Float, Int, ObjectType } from "type-graphql";
import { DataSource } from "../sources/source.type";

@ObjectType({ description: "How many observations a table has for one country and year." })
export class AvailabilityCell {
  @Field(() => String, { description: "Reporting country." })
  refArea: string;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => Int, { description: "Cells (latest visible value of each)." })
  observations: number;

  @Field(() => Int, { description: "Cells with a value (the others are flagged missing values)." })
  withValue: number;

  @Field(() => Int, { description: "Cells carrying a status flag." })
  flagged: number;
}

@ObjectType({ description: "The source-quality map for one reporting country, table and year." })
export class QualityMapCell {
  @Field(() => String, { description: "Reporting country." })
  refArea: string;

  @Field(() => Int, { description: "ILMS table number." })
  table: number;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => [String], { description: "Codes of the sources the figures come from." })
  sourceCodes: string[];

  @Field(() => [DataSource], { description: "The sources with their quality fields." })
  sources: DataSource[];

  @Field(() => [String], {
    description: "Migrant bases of the values: `CBR` (place of birth), `CCT` (citizenship); empty for tables without one.",
  })
  bases: string[];

  @Field(() => String, {
    nullable: true,
    description:
      "Worst comparability with the ILMS definitions among the sources (`full`, `partial`, `not_comparable`); null when undocumented.",
  })
  comparability: string | null;

  @Field(() => Int, { description: "Cells reported (latest visible value of each)." })
  observations: number;

  @Field(() => Int, { description: "Cells the table is expected to have for a country and year (see the catalogue's expected cells)." })
  expectedCells: number;

  @Field(() => Int, { description: "Expected cells reported with a value." })
  reportedExpectedCells: number;

  @Field(() => [String], {
    description:
      "Per expected axis, the breakdown held against the data: `sex`, then e.g. `ISIC sections` or `broad sectors`, `ISCO major groups` or `skill levels` (whichever the data cover best), `place of birth` or `citizenship`.",
  })
  expectedBreakdowns: string[];

  /** Codes of the expected cells not reported with a value (labelled by the `missingCells` field). */
  missing: { codelistId: string; code: string }[][];

  @Field(() => Float, { description: "Share (0-1) of the expected cells reported with a value." })
  completeness: number;

  @Field(() => Int, { description: "Cells carrying a status flag." })
  flagged: number;

  @Field(() => Float, { description: "Share (0-1) of the cells carrying a status flag." })
  flaggedShare: number;

  @Field(() => Int, {
    description: "Findings of the statistical checks (additivity, coherence) stored against this country, table and year.",
  })
  openFindings: number;

  @Field(() => Int, { description: "Id of the last round that touched these cells." })
  lastRoundId: number;
}
