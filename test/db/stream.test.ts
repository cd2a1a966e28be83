/**
 * The engine's stream of cells (what exports read): exactly the cells of a filter that the caller may see, in
 * the stable order, read in keyset batches of the given size (one statement per batch), so that an export of
 * any size holds one batch at a time.
 */
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { PUBLIC, allCellsSql, planFilter, streamCells } from "@ilms/query";
import type { CellRow } from "@ilms/query";
import { countingHandle, describeOnDrivers } from "../helpers/db";

describeOnDrivers("streamed cells", (db) => {
  beforeAll(async () => {
    await loadDemoData(db().handle);
  });

  const key = (r: CellRow) => JSON.stringify([r.ref_area, r.time, r.sex, r.destination, r.source_code]);

  it("yields every visible cell once, in order, one statement per batch", async () => {
    const h = db().handle;
    const plan = planFilter({ table: 15 });
    const all = allCellsSql(plan, PUBLIC, 1_000_000);
    const expected = await h.query<CellRow>(all.text, all.params);
    expect(expected.length).toBeGreaterThan(500);

    const statements: string[] = [];
    const counting = countingHandle(h, (text) => statements.push(text));
    const batch = 97;
    const streamed: CellRow[] = [];
    for await (const row of streamCells(counting, plan, PUBLIC, batch)) streamed.push(row);

    // The DISTINCT ON of the full read orders by the cell key too, under the database's collation.
    expect(streamed.map(key)).toEqual(expected.map(key));
    expect(new Set(streamed.map(key)).size).toBe(streamed.length);
    expect(streamed.map((r) => r.obs_value)).toEqual(streamed.map((r) => expected.find((e) => key(e) === key(r))!.obs_value));
    expect(statements).toHaveLength(Math.ceil(expected.length / batch));
  });

  it("stops reading when the consumer stops", async () => {
    const h = db().handle;
    let statements = 0;
    const counting = countingHandle(h, () => statements++);
    let n = 0;
    for await (const _row of streamCells(counting, planFilter({ table: 15 }), PUBLIC, 50)) if (++n === 120) break;
    expect(statements).toBe(3);
  });
});
