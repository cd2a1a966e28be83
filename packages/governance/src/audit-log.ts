/** Reading the audit trail (administrators): newest first, filtered by actor, action, entity and time, paged by cursor. */
import type { ReadHandle } from "@ilms/db";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";

export const MAX_AUDIT_PAGE = 500;

export interface AuditFilter {
  /** A user or API key id, or part of an email. */
  actor?: string | null;
  action?: string | null;
  entity?: string | null;
  entityId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditPage {
  nodes: AuditRecord[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

interface Row {
  id: string | number | bigint;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

const encode = (id: string) => Buffer.from(`audit:${id}`).toString("base64url");
function decode(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^audit:(\d{1,18})$/.exec(text);
  if (!m) throw new GovernanceError(GovernanceCode.BadUserInput, "Invalid cursor for auditLog", { field: "after" });
  return m[1]!;
}

/** One page of the audit trail (`first` entries, default 50, after the cursor `after`). */
export async function readAuditLog(
  db: ReadHandle,
  caller: Caller | null,
  options: { filter?: AuditFilter | null; first?: number | null; after?: string | null } = {},
): Promise<AuditPage> {
  if (caller) authorize(caller, "audit.read");
  const { filter, after } = options;
  const size = options.first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIT_PAGE)
    throw new GovernanceError(GovernanceCode.BadUserInput, `first must be between 1 and ${MAX_AUDIT_PAGE}`, { field: "first" });
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter?.actor) {
    const a = filter.actor.trim();
    where.push(
      /^[0-9a-f-]{36}$/i.test(a) ? `actor_id = ${p(a)}::uuid` : `actor_email ilike ${p(`%${a.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`,
    );
  }
  if (filter?.action) where.push(`action = ${p(filter.action)}`);
  if (filter?.entity) where.push(`entity = ${p(filter.entity)}`);
  if (filter?.entityId) where.push(`entity_id = ${p(filter.entityId)}`);
  if (filter?.from) where.push(`at >= ${p(filter.from.toISOString())}::timestamptz`);
  if (filter?.to) where.push(`at < ${p(filter.to.toISOString())}::timestamptz`);
  if (after) where.push(`id < ${p(decode(after))}::bigint`);
  const rows = await db.query<Row>(
    `select id::text as id, at, actor_kind, actor_id::text as actor_id, actor_email, action, entity, entity_id, before, after, ip from audit_log
      ${where.length ? `where ${where.join(" and ")}` : ""} order by audit_log.id desc limit ${size + 1}`,
    params,
  );
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return {
    nodes: page.map((r) => ({
      id: String(r.id),
      at: new Date(r.at),
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
    pageInfo: { endCursor: last ? encode(String(last.id)) : null, hasNextPage: rows.length > size },
  };
}
