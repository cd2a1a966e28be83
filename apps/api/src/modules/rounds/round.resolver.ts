/**
 * Collection rounds and their publication workflow over GraphQL. The rules (draft -> submitted -> validated ->
 * published, who may take which step, the embargo) live in `@ilms/governance/rounds`; this face only maps them
 * and drops the response caches after a publication.
 */
import { DateTimeResolver } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { createRound, findRound, listRounds, rescheduleRelease, stepRound, updateRound } from "@ilms/governance/rounds";
import type { RoundRecord } from "@ilms/governance/rounds";
import type { Step } from "@ilms/governance/workflow";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { invalidateAfterPublish } from "./publication";
import { Round, RoundCreateInput, RoundKindName, RoundStatusName, RoundUpdateInput } from "./round.type";

function toRound(r: RoundRecord): Round {
  return { ...r, kind: r.kind as RoundKindName, status: r.status as RoundStatusName };
}

async function transition(
  ctx: Context,
  step: Step,
  code: string,
  extra: { releaseAt?: Date | null; reason?: string | null } = {},
): Promise<Round> {
  const round = await stepRound(ctx.db, ctx, step, code, extra);
  if (step === "publish") await invalidateAfterPublish(ctx, round.code);
  return toRound(round);
}

@Resolver(() => Round)
export class RoundResolver {
  @Query(() => [Round], { description: "Collection rounds in order. Anonymous callers see published rounds past their release time only." })
  async rounds(@Ctx() ctx: Context): Promise<Round[]> {
    return (await listRounds(ctx.db, { drafts: canReadDrafts(ctx) })).map(toRound);
  }

  @Query(() => Round, { nullable: true, description: "One round by code (null when unknown, or unpublished for anonymous callers)." })
  async round(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round | null> {
    const row = await findRound(ctx.db, code, { drafts: canReadDrafts(ctx) });
    return row ? toRound(row) : null;
  }

  @Mutation(() => Round, { description: "Opens a new round in draft. A revision round names the published round it revises." })
  async createRound(@Arg("input", () => RoundCreateInput) input: RoundCreateInput, @Ctx() ctx: Context): Promise<Round> {
    return toRound(await createRound(ctx.db, ctx, input));
  }

  @Mutation(() => Round, { description: "Changes a draft round's title, year or dates." })
  async updateRound(
    @Arg("code", () => String) code: string,
    @Arg("input", () => RoundUpdateInput) input: RoundUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    return toRound(await updateRound(ctx.db, ctx, code, input));
  }

  @Mutation(() => Round, { description: "Closes a draft round for changes and sends it for review (draft -> submitted)." })
  submitRound(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round> {
    return transition(ctx, "submit", code);
  }

  @Mutation(() => Round, { description: "Sends a submitted or validated round back to draft, with the reason (kept in the audit trail)." })
  reopenRound(
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String, { nullable: true }) reason: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    return transition(ctx, "reopen", code, { reason: reason ?? null });
  }

  @Mutation(() => Round, { description: "Marks a submitted round as reviewed (submitted -> validated)." })
  validateRound(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round> {
    return transition(ctx, "validate", code);
  }

  @Mutation(() => Round, {
    description: "Moves the embargo (release time) of a published round that is not public yet, to a later or earlier future instant.",
  })
  async rescheduleRelease(
    @Arg("code", () => String) code: string,
    @Arg("releaseAt", () => DateTimeResolver, { description: "New release instant (in the future)." }) releaseAt: Date,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    const round = await rescheduleRelease(ctx.db, ctx, code, releaseAt);
    // Cached answers expire at the release time they were computed with; an earlier release must not wait for it.
    await invalidateAfterPublish(ctx, round.code);
    return toRound(round);
  }

  @Mutation(() => Round, {
    description:
      "Publishes a validated round (validated -> published). Its data become public at `releaseAt` (embargo; now when left out). Response caches are invalidated.",
  })
  publishRound(
    @Arg("code", () => String) code: string,
    @Arg("releaseAt", () => DateTimeResolver, { nullable: true, description: "Embargo end; now when left out." })
    releaseAt: Date | undefined,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    return transition(ctx, "publish", code, { releaseAt: releaseAt ?? null });
  }
}
