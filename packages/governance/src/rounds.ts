/**
 * Collection rounds in the database: listing, creating, changing and moving them through the workflow
 * ({@link ./workflow}), each change checked against the caller's role and recorded in the audit trail in the
 * same transaction. The API's resolvers and the CLI's `ilms round` call these; neither writes rounds itself.
 */
import type { DbHandle } from "@ilms/db";
import { publicRoundSql } from "@ilms/query";
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";
import { STEPS, stepRefusal, updateRefusal } from "./workflow";
import type { RoundKind, RoundStatus, Step } from "./workflow";

export interface RoundRecord {
  id: number;
  code: string;
  title: string;
  referenceYear: number;
  kind: RoundKind;
  revisesRound: string | null;
  status: RoundStatus;
  opensOn: string | null;
  closesOn: string | null;
  releaseAt: Date | null;
  publishedAt: Date | null;
  isPublic: boolean;
  createdAt: Date;
}

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

function toRecord(r: RoundRow): RoundRecord {
  return {
    id: Number(r.id),
    code: r.code,
    title: r.title,
    referenceYear: r.reference_year,
    kind: r.kind as RoundKind,
    revisesRound: r.revises,
    status: r.status as RoundStatus,
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
  throw new GovernanceError(GovernanceCode.BadUserInput, `${field}: ${message}`, { field });
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
  if (!row) throw new GovernanceError(GovernanceCode.NotFound, `No round with code ${JSON.stringify(code)}`);
  return row;
}

async function readRound(tx: Runner, code: string): Promise<RoundRow> {
  const [row] = await tx.query<RoundRow>(`${SELECT} where r.code = $1`, [code]);
  return row!;
}

/** Rounds in order; without draft access (anonymous callers) only published rounds past their release time. */
export async function listRounds(db: Runner, options: { drafts: boolean }): Promise<RoundRecord[]> {
  const rows = await db.query<RoundRow>(`${SELECT} ${options.drafts ? "" : `where ${PUBLIC}`} order by r.id`);
  return rows.map(toRecord);
}

/** One round by code; undefined when unknown (or not public, without draft access). */
export async function findRound(db: Runner, code: string, options: { drafts: boolean }): Promise<RoundRecord | undefined> {
  const [row] = await db.query<RoundRow>(`${SELECT} where r.code = $1 ${options.drafts ? "" : `and ${PUBLIC}`}`, [code]);
  return row ? toRecord(row) : undefined;
}

export interface NewRound {
  code: string;
  title: string;
  referenceYear: number;
  kind?: RoundKind | null;
  revisesRound?: string | null;
  opensOn?: string | null;
  closesOn?: string | null;
}

/** Opens a new round in draft. A revision round names the published round it revises. */
export async function createRound(db: DbHandle, caller: Caller | null, input: NewRound): Promise<RoundRecord> {
  if (caller) authorize(caller, "rounds.create");
  const code = input.code.trim();
  if (!CODE.test(code)) bad("code", `'${input.code}' must be 1-40 letters, digits, '.', '-' or '_'`);
  const title = input.title.trim();
  if (!title) bad("title", "must not be empty");
  const year = checkYear(input.referenceYear);
  const kind = input.kind ?? "regular";
  if (kind !== "regular" && kind !== "revision") bad("kind", `'${kind}' is not a round kind (regular or revision)`);
  const opensOn = checkDay("opensOn", input.opensOn);
  const closesOn = checkDay("closesOn", input.closesOn);
  if (opensOn && closesOn && closesOn < opensOn) bad("closesOn", `${closesOn} is before opensOn ${opensOn}`);
  return db.transaction(async (tx) => {
    const [taken] = await tx.query("select 1 from collection_rounds where code = $1", [code]);
    if (taken) bad("code", `a round ${code} already exists`);
    let revises: number | null = null;
    if (kind === "revision") {
      if (!input.revisesRound) bad("revisesRound", "a revision round must name the round it revises");
      const [target] = await tx.query<{ id: number; status: string }>("select id, status from collection_rounds where code = $1", [
        input.revisesRound,
      ]);
      if (!target) bad("revisesRound", `no round ${input.revisesRound}`);
      if (target.status !== "published")
        bad("revisesRound", `round ${input.revisesRound} is ${target.status}; only a published round is revised (change a draft directly)`);
      revises = target.id;
    } else if (input.revisesRound) bad("revisesRound", "only a revision round revises another round (set kind: revision)");
    await tx.query(
      "insert into collection_rounds (code, title, reference_year, kind, revises_round_id, opens_on, closes_on) values ($1, $2, $3, $4, $5, $6, $7)",
      [code, title, year, kind, revises, opensOn, closesOn],
    );
    const after = await readRound(tx, code);
    await recordAudit(tx, caller, { action: "createRound", entity: "round", entityId: code, after });
    return toRecord(after);
  });
}

export interface RoundChanges {
  title?: string | null;
  referenceYear?: number | null;
  /** Undefined: unchanged; null or empty: cleared. */
  opensOn?: string | null;
  closesOn?: string | null;
}

/** Changes a draft round's title, year or dates. */
export async function updateRound(db: DbHandle, caller: Caller | null, code: string, input: RoundChanges): Promise<RoundRecord> {
  if (caller) authorize(caller, "rounds.update");
  return db.transaction(async (tx) => {
    const before = await lockRound(tx, code);
    const refused = updateRefusal(code, before.status);
    if (refused) throw new GovernanceError(GovernanceCode.InvalidTransition, refused, { status: before.status });
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
    await recordAudit(tx, caller, { action: "updateRound", entity: "round", entityId: code, before, after });
    return toRecord(after);
  });
}

/**
 * Takes one workflow step (submit, reopen, validate, publish) on a round, after checking the caller's role
 * (`null`: the local administrator, i.e. the CLI) and the round's status. Publishing sets the release time
 * (`releaseAt`, now when left out); a reopening keeps its reason in the audit trail.
 */
export async function stepRound(
  db: DbHandle,
  caller: Caller | null,
  step: Step,
  code: string,
  extra: { releaseAt?: Date | null; reason?: string | null } = {},
): Promise<RoundRecord> {
  const { action, to } = STEPS[step];
  if (caller) authorize(caller, action);
  if (extra.releaseAt && Number.isNaN(extra.releaseAt.getTime())) bad("releaseAt", "is not a date and time");
  return db.transaction(async (tx) => {
    const before = await lockRound(tx, code);
    const refused = stepRefusal(code, before.status, step);
    if (refused)
      throw new GovernanceError(GovernanceCode.InvalidTransition, refused, { status: before.status, allowedFrom: STEPS[step].from });
    if (step === "publish") {
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
    await recordAudit(tx, caller, {
      action: `${step}Round`,
      entity: "round",
      entityId: code,
      before,
      after: extra.reason ? { ...after, reason: extra.reason } : after,
    });
    return toRecord(after);
  });
}

/** Moves the embargo of a published round that is not public yet; the new time must lie in the future. */
export async function rescheduleRelease(db: DbHandle, caller: Caller | null, code: string, releaseAt: Date): Promise<RoundRecord> {
  if (caller) authorize(caller, "rounds.publish");
  if (Number.isNaN(releaseAt.getTime()) || releaseAt.getTime() <= Date.now())
    bad("releaseAt", "must be in the future (publishing already makes a round public now)");
  return db.transaction(async (tx) => {
    const before = await lockRound(tx, code);
    if (before.status !== "published" || before.is_public) {
      const why =
        before.status !== "published"
          ? `it is ${before.status}; set the release time when publishing`
          : "it is already public, and published data are not withdrawn";
      throw new GovernanceError(GovernanceCode.InvalidTransition, `Round ${code}: cannot move its release; ${why}`, {
        status: before.status,
      });
    }
    await tx.query("update collection_rounds set release_at = $2 where id = $1", [before.id, releaseAt.toISOString()]);
    const after = await readRound(tx, code);
    await recordAudit(tx, caller, { action: "rescheduleRelease", entity: "round", entityId: code, before, after });
    return toRecord(after);
  });
}
