/** The audit trail, read by administrators: newest first, filtered by actor, action, entity and time, paged by cursor. */
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { authorize } from "@ilms/governance/permissions";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { AuditConnection, AuditFilter } from "./audit.type";

const MAX_PAGE = 500;

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
  if (!m) throw new UserError(ErrorCode.BadUserInput, "Invalid cursor for auditLog", { field: "after" });
  return m[1]!;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnection, { description: "The audit trail, newest first (administrators only)." })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg("filter", () => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg("first", () => Int, { nullable: true, description: `Page size (default 50, at most ${MAX_PAGE}).` }) first?: number,
    @Arg("after", () => String, { nullable: true, description: "Cursor from the previous page." }) after?: string,
  ): Promise<AuditConnection> {
    authorize(ctx, "audit.read");
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
      throw new UserError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_PAGE}`, { field: "first" });
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
    const rows = await ctx.db.query<Row>(
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
}
