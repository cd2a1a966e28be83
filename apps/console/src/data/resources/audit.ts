/**
 * The audit trail, newest first, paged by cursor. On the last page the total is known (rows before it plus
 * its own), so the pager says "1-17 of 17" rather than counting a full page.
 */
import { walkToPage } from "../cursors";
import { pick } from "../grammar";
import type { Params } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf, VariablesOf } from "../graphql";
import { request } from "../transport";

const AuditLog = graphql(`
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        at
        actorKind
        actorId
        actorEmail
        action
        entity
        entityId
        before
        after
        ip
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export type AuditEntry = ResultOf<typeof AuditLog>["auditLog"]["nodes"][number];

const FILTER_KEYS = ["actor", "action", "entity", "entityId", "from", "to"] as const;

export async function auditPage(params: Params) {
  const filter = pick(params.filter ?? {}, FILTER_KEYS) as NonNullable<VariablesOf<typeof AuditLog>["filter"]>;
  const perPage = params.pagination?.perPage ?? 25;
  const page = params.pagination?.page ?? 1;
  const conn = await walkToPage(["audit", filter], page, perPage, async (after, first) => {
    return (await request(AuditLog, { filter, first, after })).auditLog;
  });
  const data = conn.nodes.map((n) => ({ ...n, id: n.id }));
  const hasNextPage = conn.pageInfo.hasNextPage;
  return {
    data,
    ...(hasNextPage ? {} : { total: (page - 1) * perPage + data.length }),
    pageInfo: { hasNextPage, hasPreviousPage: page > 1 },
  };
}
