/**
 * Stored findings of the statistical checks, for the quality map's cell panel. Findings of unpublished (or
 * embargoed) rounds are read by signed-in users only, like the values they are about.
 */
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { listStoredFindings } from "@ilms/query";
import { FindingFields } from "../imports/import.type";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";

@ObjectType({
  description:
    "A stored finding of a statistical check (additivity, coherence, subset, partial coverage, self-counterpart, break in series) against a country, table and year.",
})
export class StoredFinding extends FindingFields {
  @Field(() => Int, { description: "Identifier." })
  id: number;

  @Field(() => String, { description: "Code of the round the finding belongs to." })
  round: string;

  @Field(() => Int, { description: "Import that produced the finding." })
  importId: number;
}

@Resolver(() => StoredFinding)
export class FindingResolver {
  @Query(() => [StoredFinding], { description: "Stored check findings, newest first, narrowed by country, table and years (at most 500)." })
  checkFindings(
    @Ctx() ctx: Context,
    @Arg("refArea", () => [String], { nullable: true, description: "Reporting countries." }) refArea?: string[] | null,
    @Arg("table", () => Int, { nullable: true, description: "ILMS table number." }) table?: number | null,
    @Arg("timeFrom", () => Int, { nullable: true, description: "First year." }) timeFrom?: number | null,
    @Arg("timeTo", () => Int, { nullable: true, description: "Last year." }) timeTo?: number | null,
  ): Promise<StoredFinding[]> {
    return listStoredFindings(ctx.db, canReadDrafts(ctx), { refArea, table, timeFrom, timeTo });
  }
}
