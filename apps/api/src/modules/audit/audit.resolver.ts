/** The audit trail, read by administrators: newest first, filtered by actor, action, entity and time, paged by cursor. */
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { MAX_AUDIT_PAGE, readAuditLog } from "@ilms/governance/audit-log";
import type { Context } from "../../context";
import { AuditConnection, AuditFilter } from "./audit.type";

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnection, { description: "The audit trail, newest first (administrators only)." })
  auditLog(
    @Ctx() ctx: Context,
    @Arg("filter", () => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg("first", () => Int, { nullable: true, description: `Page size (default 50, at most ${MAX_AUDIT_PAGE}).` }) first?: number,
    @Arg("after", () => String, { nullable: true, description: "Cursor from the previous page." }) after?: string,
  ): Promise<AuditConnection> {
    return readAuditLog(ctx.db, ctx, { filter, first, after });
  }
}
