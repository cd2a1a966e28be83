import { expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { seedReferenceData } from "@ilms/db";

describeOnDrivers("star schema integrity", (db) => {
  const insertFact = (table: string, columns: Record<string, unknown>) => {
    const names = Object.keys(columns);
    return db().handle.query(
      `insert into ${table} (${names.join(", ")}) values (${names.map((_, i) => `$${i + 1}`).join(", ")})`,
      Object.values(columns),
    );
  };

  it("seeds the real code lists with their published counts", async () => {
    const rows = await db().handle.query<{ list: string; level: string; n: number }>(
      `select codelist_id as list, level, count(*)::int as n from codes group by 1, 2`,
    );
    const count = (list: string, level?: string) =>
      rows.filter((r) => r.list === list && (!level || r.level === level)).reduce((n, r) => n + r.n, 0);
    expect(count("AREA", "country")).toBe(249);
    expect([count("ISIC4", "section"), count("ISIC4", "division"), count("ISIC4", "group"), count("ISIC4", "class")]).toEqual([
      21, 88, 238, 419,
    ]);
    expect([count("ISCO08", "major"), count("ISCO08", "sub_major"), count("ISCO08", "minor"), count("ISCO08", "unit")]).toEqual([
      10, 43, 130, 436,
    ]);
    expect(count("ISCED11")).toBe(16);
    expect(count("ICSE93")).toBe(6);
  });

  it("changes nothing when seeded twice", async () => {
    const before = await db().handle.query(`select count(*)::int as n from codes`);
    const { inserted } = await seedReferenceData(db().handle);
    expect(Object.values(inserted).every((n) => n === 0)).toBe(true);
    expect(await db().handle.query(`select count(*)::int as n from codes`)).toEqual(before);
  });

  it("refuses a code of another list in a dimension column, and a duplicate cell in one round", async () => {
    const h = db().handle;
    await h.query(`insert into data_sources (code, ref_area, name) values ('BA:1', 'BRN', 'Labour force survey')`);
    const [round] = await h.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year) values ('R1', 'Round 1', 2024) returning id`,
    );
    const [later] = await h.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year) values ('R2', 'Round 2', 2025) returning id`,
    );
    const cell = {
      ref_area: "BRN",
      time: 2020,
      sex: "SEX_T",
      economic_activity: "ECO_ISIC4_A",
      migrant_status: "CBR_BIR_TOTAL",
      basis: "CBR",
      indicator: "MST_TEMP_SEX_ECO_CBR_NB",
      source_code: "BA:1",
      round_id: round!.id,
      obs_value: "1.234",
    };
    await insertFact("fact_t05", cell);
    // An ISCO-08 occupation code in the ISIC economic-activity column.
    await expect(insertFact("fact_t05", { ...cell, economic_activity: "OCU_ISCO08_1" })).rejects.toThrow(/fact_t05_economic_activity_fk/);
    // A sex code in the migrant-status column, and an unknown reporting area.
    await expect(insertFact("fact_t05", { ...cell, migrant_status: "SEX_T" })).rejects.toThrow(/fact_t05_migrant_status_fk/);
    await expect(insertFact("fact_t05", { ...cell, ref_area: "XXX" })).rejects.toThrow(/fact_t05_ref_area_fk/);
    // The same cell twice in one round.
    await expect(insertFact("fact_t05", { ...cell, obs_value: "2" })).rejects.toThrow(/fact_t05_cell_round/);
    // A revision in a later round is a new row; the earlier value stays.
    await insertFact("fact_t05", { ...cell, round_id: later!.id, obs_value: "1.5" });
    const values = await h.query<{ v: string }>(`select obs_value::text as v from fact_t05 order by round_id`);
    expect(values.map((r) => r.v)).toEqual(["1.234", "1.5"]);
  });
});
