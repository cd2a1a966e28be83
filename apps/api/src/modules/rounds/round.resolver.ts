/**
 * Collection rounds and their publication workflow, enforced here (the console only mirrors it):
 * draft -> submitted -> validated -> published, with reviewers able to send a round back to draft before it is
 * published. Publishing is final and sets the embargo (`releaseAt`); corrections go into a revision round.
 */
import { DateTimeResolver } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { publicRoundSql } from "@ilms/query";
import { recordAudit } from "../../auth/audit";
import type { Runner } from "../../auth/audit";
import { authorize } from "../../auth/permissions";
import type { Action } from "../../auth/permissions";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { invalidateAfterPublish } from "./publication";
import { Round, RoundCreateInput, RoundKindName, RoundStatusName, RoundUpdateInput } from "./round.type";

interface RoundRow {
  id: number;
  code: string;
  title: string;
  reference_year: number;
  kind: string;
  revises: string | null;
  status: string;
  opens_on: string | null;
  closes_on: string | null;
  release_at: Date | null;
  published_at: Date | null;
  is_public: boolean;
  created_at: Date;
}

const SELECT = `select r.id, r.code, r.title, r.reference_year, r.kind, p.code as revises, r.status, r.opens_on::text as opens_on, r.closes_on::text as closes_on,
  r.release_at, r.published_at, ${publicRoundSql("r")} as is_public, r.created_at
  from collection_rounds r left join collection_rounds p on p.id = r.revises_round_id`;

/** The SQL condition for rounds anonymous callers may see (same rule as the data queries). */
const PUBLIC = publicRoundSql("r");

function toRound(r: RoundRow): Round {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    referenceYear: r.reference_year,
    kind: r.kind as RoundKindName,
    revisesRound: r.revises,
    status: r.status as RoundStatusName,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    releaseAt: r.release_at ? new Date(r.release_at) : null,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    isPublic: r.is_public,
    createdAt: new Date(r.created_at),
  };
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function bad(field: string, message: string): never {
  throw new UserError(ErrorCode.BadUserInput, `${field}: ${message}`, { field });
}

function checkDay(field: string, value: string | null | undefined): string | null {
  if (value == null || value === "") return null;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) bad(field, `'${value}' is not a date (YYYY-MM-DD)`);
  return value;
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1950 || year > 2100) bad("referenceYear", `${year} is not a year between 1950 and 2100`);
  return year;
}

async function lockRound(tx: Runner, code: string): Promise<RoundRow> {
  const [row] = await tx.query<RoundRow>(`${SELECT} where r.code = $1 for update of r`, [code]);
  if (!row) throw new UserError(ErrorCode.NotFound, `No round with code ${JSON.stringify(code)}`);
  return row;
}

async function readRound(tx: Runner, code: string): Promise<RoundRow> {
  const [row] = await tx.query<RoundRow>(`${SELECT} where r.code = $1`, [code]);
  return row!;
}

/** What each workflow step needs and does. */
const STEPS = {
  submitRound: { action: "rounds.submit", from: ["draft"], to: "submitted" },
  reopenRound: { action: "rounds.reopen", from: ["submitted", "validated"], to: "draft" },
  validateRound: { action: "rounds.validate", from: ["submitted"], to: "validated" },
  publishRound: { action: "rounds.publish", from: ["validated"], to: "published" },
} as const satisfies Record<string, { action: Action; from: readonly string[]; to: string }>;

type Step = keyof typeof STEPS;

async function transition(
  ctx: Context,
  step: Step,
  code: string,
  extra: { releaseAt?: Date | null; reason?: string | null } = {},
): Promise<Round> {
  const { action, from, to } = STEPS[step];
  authorize(ctx, action);
  const round = await ctx.db.transaction(async (tx) => {
    const before = await lockRound(tx, code);
    if (!(from as readonly string[]).includes(before.status)) {
      const why =
        before.status === "published"
          ? "a published round is final; put corrections in a revision round"
          : `it must be ${from.join(" or ")} (workflow: draft -> submitted -> validated -> published)`;
      throw new UserError(
        ErrorCode.InvalidTransition,
        `Round ${code} is ${before.status}: cannot ${step.replace("Round", "")} it; ${why}`,
        {
          status: before.status,
          allowedFrom: from,
        },
      );
    }
    if (step === "publishRound") {
      await tx.query(
        "update collection_rounds set status = 'published', published_at = now(), release_at = coalesce($2, now()) where id = $1",
        [
          before.id,
          // ISO text, not a Date: the postgres driver's unsafe() does not serialise Date parameters.
          extra.releaseAt ? extra.releaseAt.toISOString() : null,
        ],
      );
    } else {
      await tx.query("update collection_rounds set status = $2 where id = $1", [before.id, to]);
    }
    const after = await readRound(tx, code);
    await recordAudit(tx, ctx, {
      action: step,
      entity: "round",
      entityId: code,
      before,
      after: extra.reason ? { ...after, reason: extra.reason } : after,
    });
    return after;
  });
  if (step === "publishRound") await invalidateAfterPublish(ctx, round.code);
  return toRound(round);
}

/** Moves the embargo of a published round that is not public yet; the new time must lie in the future. */
async function reschedule(ctx: Context, code: string, releaseAt: Date): Promise<Round> {
  authorize(ctx, "rounds.publish");
  if (Number.isNaN(releaseAt.getTime()) || releaseAt.getTime() <= Date.now())
    bad("releaseAt", "must be in the future (publishing already makes a round public now)");
  const round = await ctx.db.transaction(async (tx) => {
    const before = await lockRound(tx, code);
    if (before.status !== "published" || before.is_public) {
      const why =
        before.status !== "published"
          ? `it is ${before.status}; set the release time when publishing`
          : "it is already public, and published data are not withdrawn";
      throw new UserError(ErrorCode.InvalidTransition, `Round ${code}: cannot move its release; ${why}`, { status: before.status });
    }
    await tx.query("update collection_rounds set release_at = $2 where id = $1", [before.id, releaseAt.toISOString()]);
    const after = await readRound(tx, code);
    await recordAudit(tx, ctx, { action: "rescheduleRelease", entity: "round", entityId: code, before, after });
    return after;
  });
  // Cached answers expire at the release time they were computed with; an earlier release must not wait for it.
  await invalidateAfterPublish(ctx, round.code);
  return toRound(round);
}

@Resolver(() => Round)
export class RoundResolver {
  @Query(() => [Round], { description: "Collection rounds in order. Anonymous callers see published rounds past their release time only." })
  async rounds(@Ctx() ctx: Context): Promise<Round[]> {
    const rows = await ctx.db.query<RoundRow>(`${SELECT} ${canReadDrafts(ctx) ? "" : `where ${PUBLIC}`} order by r.id`);
    return rows.map(toRound);
  }

  @Query(() => Round, { nullable: true, description: "One round by code (null when unknown, or unpublished for anonymous callers)." })
  async round(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round | null> {
    const [row] = await ctx.db.query<RoundRow>(`${SELECT} where r.code = $1 ${canReadDrafts(ctx) ? "" : `and ${PUBLIC}`}`, [code]);
    return row ? toRound(row) : null;
  }

  @Mutation(() => Round, { description: "Opens a new round in draft. A revision round names the published round it revises." })
  async createRound(@Arg("input", () => RoundCreateInput) input: RoundCreateInput, @Ctx() ctx: Context): Promise<Round> {
    authorize(ctx, "rounds.create");
    const code = input.code.trim();
    if (!CODE.test(code)) bad("code", `'${input.code}' must be 1-40 letters, digits, '.', '-' or '_'`);
    const title = input.title.trim();
    if (!title) bad("title", "must not be empty");
    const year = checkYear(input.referenceYear);
    const kind = input.kind ?? RoundKindName.regular;
    const opensOn = checkDay("opensOn", input.opensOn);
    const closesOn = checkDay("closesOn", input.closesOn);
    if (opensOn && closesOn && closesOn < opensOn) bad("closesOn", `${closesOn} is before opensOn ${opensOn}`);
    return ctx.db.transaction(async (tx) => {
      const [taken] = await tx.query("select 1 from collection_rounds where code = $1", [code]);
      if (taken) bad("code", `a round ${code} already exists`);
      let revises: number | null = null;
      if (kind === RoundKindName.revision) {
        if (!input.revisesRound) bad("revisesRound", "a revision round must name the round it revises");
        const [target] = await tx.query<{ id: number; status: string }>("select id, status from collection_rounds where code = $1", [
          input.revisesRound,
        ]);
        if (!target) bad("revisesRound", `no round ${input.revisesRound}`);
        if (target.status !== "published")
          bad(
            "revisesRound",
            `round ${input.revisesRound} is ${target.status}; only a published round is revised (change a draft directly)`,
          );
        revises = target.id;
      } else if (input.revisesRound) bad("revisesRound", "only a revision round revises another round (set kind: revision)");
      await tx.query(
        "insert into collection_rounds (code, title, reference_year, kind, revises_round_id, opens_on, closes_on) values ($1, $2, $3, $4, $5, $6, $7)",
        [code, title, year, kind, revises, opensOn, closesOn],
      );
      const after = await readRound(tx, code);
      await recordAudit(tx, ctx, { action: "createRound", entity: "round", entityId: code, after });
      return toRound(after);
    });
  }

  @Mutation(() => Round, { description: "Changes a draft round's title, year or dates." })
  async updateRound(
    @Arg("code", () => String) code: string,
    @Arg("input", () => RoundUpdateInput) input: RoundUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    authorize(ctx, "rounds.update");
    return ctx.db.transaction(async (tx) => {
      const before = await lockRound(tx, code);
      if (before.status !== "draft") {
        throw new UserError(
          ErrorCode.InvalidTransition,
          `Round ${code} is ${before.status}: only a draft round can be changed${before.status === "published" ? "" : " (reopen it first)"}`,
          {
            status: before.status,
          },
        );
      }
      const title = input.title != null ? input.title.trim() || bad("title", "must not be empty") : before.title;
      const year = input.referenceYear != null ? checkYear(input.referenceYear) : before.reference_year;
      const opensOn = input.opensOn !== undefined ? checkDay("opensOn", input.opensOn) : before.opens_on;
      const closesOn = input.closesOn !== undefined ? checkDay("closesOn", input.closesOn) : before.closes_on;
      if (opensOn && closesOn && closesOn < opensOn) bad("closesOn", `${closesOn} is before opensOn ${opensOn}`);
      await tx.query("update collection_rounds set title = $2, reference_year = $3, opens_on = $4, closes_on = $5 where id = $1", [
        before.id,
        title,
        year,
        opensOn,
        closesOn,
      ]);
      const after = await readRound(tx, code);
      await recordAudit(tx, ctx, { action: "updateRound", entity: "round", entityId: code, before, after });
      return toRound(after);
    });
  }

  @Mutation(() => Round, { description: "Closes a draft round for changes and sends it for review (draft -> submitted)." })
  submitRound(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round> {
    return transition(ctx, "submitRound", code);
  }

  @Mutation(() => Round, { description: "Sends a submitted or validated round back to draft, with the reason (kept in the audit trail)." })
  reopenRound(
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String, { nullable: true }) reason: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    return transition(ctx, "reopenRound", code, { reason: reason ?? null });
  }

  @Mutation(() => Round, { description: "Marks a submitted round as reviewed (submitted -> validated)." })
  validateRound(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<Round> {
    return transition(ctx, "validateRound", code);
  }

  @Mutation(() => Round, {
    description: "Moves the embargo (release time) of a published round that is not public yet, to a later or earlier future instant.",
  })
  rescheduleRelease(
    @Arg("code", () => String) code: string,
    @Arg("releaseAt", () => DateTimeResolver, { description: "New release instant (in the future)." }) releaseAt: Date,
    @Ctx() ctx: Context,
  ): Promise<Round> {
    return reschedule(ctx, code, releaseAt);
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
    return transition(ctx, "publishRound", code, { releaseAt: releaseAt ?? null });
  }
}
