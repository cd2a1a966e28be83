/**
 * The read handle the query engine takes: every statement runs in a read-only transaction, so the database
 * itself refuses a write that reaches it through a read path; reads through it answer as through the full handle.
 */
import { expect, it } from "vitest";
import { readOnly } from "@ilms/db";
import { PUBLIC, countCells, listSources, planFilter } from "@ilms/query";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";

describeOnDrivers("read handle", (db: () => TestDb) => {
  it("refuses writes in the database and reads like the full handle", async () => {
    const h = db().handle;
    const reader = readOnly(h);
    expect(readOnly(h)).toBe(reader);
    await expect(
      reader.query("insert into collection_rounds (code, title, reference_year) values ('RO', 'read only', 2024)"),
    ).rejects.toThrow(/read-only transaction/);
    await expect(reader.query("update codes set labels = labels where false")).rejects.toThrow(/read-only transaction/);
    expect(await h.query("select 1 from collection_rounds where code = 'RO'")).toEqual([]);

    await h.query("insert into data_sources (code, ref_area, name) values ('BA:RO1', 'THA', 'Labour Force Survey')");
    expect(await listSources(reader, true, ["THA"])).toEqual(await listSources(h, true, ["THA"]));
    expect(await countCells(reader, planFilter({ indicator: "MNA_OEMP_SEX_CDS_NB" }), PUBLIC)).toBe(0);
    // The full handle still writes (imports and governance go through it).
    await h.query("delete from data_sources where code = 'BA:RO1'");
  });
});
