/**
 * Every cell of a filter as a stream: batches in the stable order, each read after the previous one's last
 * key (keyset pagination over the same statement as pages), so memory stays flat whatever the size of the
 * selection and no statement holds a cursor open between batches. Exports read their rows through this.
 */
import type { ReadHandle } from "@ilms/db";
import type { FilterPlan } from "./filter";
import { pageSql, stableOrder } from "./sql";
import type { CellRow, Visibility } from "./sql";

/** Rows per statement: large enough that round trips do not dominate, small enough to keep memory flat. */
export const STREAM_BATCH = 5000;

/** The latest visible value of every cell that passes the plan, in the stable order, batch by batch. */
export async function* streamCells(db: ReadHandle, plan: FilterPlan, vis: Visibility, batch = STREAM_BATCH): AsyncGenerator<CellRow> {
  const order = stableOrder(plan.table);
  let after: (string | number)[] | null = null;
  for (;;) {
    const sql = pageSql(plan, vis, batch, after);
    const rows = await db.query<CellRow>(sql.text, sql.params);
    const page = rows.slice(0, batch);
    for (const row of page) yield row;
    if (rows.length <= batch || page.length === 0) return;
    const last = page[page.length - 1]!;
    after = order.map((c) => (c === "time" ? Number(last[c]) : String(last[c])));
  }
}
