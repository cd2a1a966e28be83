/**
 * Vintages as the SDMX face asks for them: when each visible round's values became visible (`updatedAfter`,
 * `asOf`, `Last-Modified`), the earlier versions of cells that later rounds revised (`includeHistory`), and the
 * public publication state that HTTP validators are derived from (it changes exactly when what anonymous
 * callers see changes by a publication, a retraction or an embargo passing).
 */
import type { ReadHandle } from "@ilms/db";
import type { FilterPlan } from "./filter";
import { STREAM_BATCH } from "./stream";
import { stableOrder, supersededPageSql, visibleRoundsSql, Params } from "./sql";
import type { CellRow, Visibility } from "./sql";
import { publicRoundSql } from "./visibility";

export interface RoundStamp {
  id: number;
  code: string;
  status: string;
  /**
   * When the round's values became visible to the public: its publication or, when later, its release
   * (ISO 8601, UTC); null for a round not published yet (visible to staff only).
   */
  visibleSince: string | null;
}

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The rounds a caller may see, oldest first, with the time each became visible. */
export async function visibleRoundStamps(db: ReadHandle, vis: Visibility): Promise<RoundStamp[]> {
  const p = new Params();
  return db.query<RoundStamp>(
    `select r.id, r.code, r.status,
            case when r.status = 'published' then ${ISO("greatest(r.published_at, coalesce(r.release_at, r.published_at))")} end as "visibleSince"
       from collection_rounds r
      where r.id in (${visibleRoundsSql(vis, p)})
      order by r.id`,
    p.values,
  );
}

/**
 * Earlier versions of the cells of a filter: for each visible round (oldest first), the values it gave to cells
 * that a later visible round revised, in the stable order, batch by batch (flat memory).
 */
export async function* streamSuperseded(
  db: ReadHandle,
  plan: FilterPlan,
  vis: Visibility,
  roundId: number,
  batch = STREAM_BATCH,
): AsyncGenerator<CellRow> {
  const order = stableOrder(plan.table);
  let after: (string | number)[] | null = null;
  for (;;) {
    const sql = supersededPageSql(plan, vis, roundId, batch, after);
    const rows = await db.query<CellRow>(sql.text, sql.params);
    const page = rows.slice(0, batch);
    for (const row of page) yield row;
    if (rows.length <= batch || page.length === 0) return;
    const last = page[page.length - 1]!;
    after = order.map((c) => (c === "time" ? Number(last[c]) : String(last[c])));
  }
}

export interface PublicationState {
  /** Changes whenever the set of publicly visible rounds or their publication times change. */
  tag: string;
  /** When public data last changed (the latest visibility time of a public round); null when none is public. */
  lastModified: string | null;
}

/** What anonymous callers see, summed up for HTTP validators (`ETag`, `Last-Modified`). */
export async function publicationState(db: ReadHandle): Promise<PublicationState> {
  const [row] = await db.query<{ tag: string | null; last: string | null }>(
    `select string_agg(r.id || '@' || ${ISO("r.published_at")} || '/' || coalesce(${ISO("r.release_at")}, ''), ',' order by r.id) as tag,
            max(${ISO("greatest(r.published_at, coalesce(r.release_at, r.published_at))")}) as last
       from collection_rounds r
      where ${publicRoundSql("r")}`,
  );
  return { tag: row?.tag ?? "", lastModified: row?.last ?? null };
}
