/**
 * Stored findings of the statistical checks, for the quality map's cell panel. Findings of unpublished (or
 * embargoed) rounds are read by signed-in users only, like the values they are about.
 */
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { publicRoundSql } from "@ilms/query";
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
    return ctx.db.query<StoredFinding>(
      `select f.id, f."check", f.severity, f.table_id as "table", f.ref_area as "refArea", f.time::int as time, f.source_code as "sourceCode", f.message,
              f.expected::text as expected, f.actual::text as actual, r.code as round, f.import_id as "importId"
         from check_findings f join collection_rounds r on r.id = f.round_id
        where ($1::text[] is null or f.ref_area = any($1::text[])) and ($2::int is null or f.table_id = $2)
          and ($3::int is null or f.time >= $3) and ($4::int is null or f.time <= $4)
          and ($5::boolean or ${publicRoundSql("r")})
        order by f.time desc, f.id desc limit 500`,
      [refArea ?? null, table ?? null, timeFrom ?? null, timeTo ?? null, canReadDrafts(ctx)],
    );
  }
}
