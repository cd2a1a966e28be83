/** The set-wise foreign-key path of the bulk insert: used only when every referenced key exists and is locked. */
import { expect, it } from "vitest";
import { STAGE_TABLE, createStage, noteReferences, verifyReferencesSetwise } from "../../packages/ingest/src/load";
import type { StagedValues } from "../../packages/ingest/src/load";
import { importIlostat } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { HEADER, createRound, createSource } from "./helpers";

describeOnDrivers("set-wise reference check", (db) => {
  it("accepts keys that all exist, refuses as soon as one does not, and steps aside for tables with triggers", async () => {
    const h = db().handle;
    await createRound(h, "T-FK");
    await createSource(h, "FK:LAO", "LAO");
    const [round] = await h.query<{ id: number }>("select id from collection_rounds where code = 'T-FK'");
    const used = (destination: string): StagedValues => {
      const map: StagedValues = new Map();
      noteReferences(map, 15, {
        ref_area: "LAO",
        sex: "SEX_T",
        destination,
        obs_status: null,
        indicator: "MNA_OEMP_SEX_CDS_NB",
        source_code: "FK:LAO",
      });
      return map;
    };
    const run = (values: StagedValues) =>
      h.transaction(async (tx) => {
        await createStage(tx);
        return verifyReferencesSetwise(tx, 15, Number(round!.id), values);
      });
    expect(await run(used("KOR"))).toBe(true);
    expect(await run(used("ZZZ"))).toBe(false);
    // A trigger of its own on the fact table would be skipped in bulk mode: the importer must not use it then.
    await h.query("create function t_fk_noop() returns trigger language plpgsql as $$ begin return new; end $$");
    await h.query("create trigger t_fk_noop before insert on fact_t15 for each row execute function t_fk_noop()");
    try {
      expect(await run(used("KOR"))).toBe(false);
      // ... and a whole import then takes the per-row path, with the same result.
      const text = `${HEADER}\nLAO,FK:LAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,,2020,4.250,,,,\n`;
      const report = await importIlostat(h, { text }, { round: "T-FK" });
      expect(report).toMatchObject({ status: "loaded", rowsWritten: 1, foreignKeys: "per-row" });
    } finally {
      await h.query("drop trigger t_fk_noop on fact_t15");
      await h.query("drop function t_fk_noop()");
    }
    expect(STAGE_TABLE).toBe("ingest_stage");
    const bulk = await importIlostat(
      h,
      { text: `${HEADER}\nLAO,FK:LAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_JPN,,2020,1.5,,,,\n` },
      { round: "T-FK" },
    );
    expect(bulk).toMatchObject({ status: "loaded", rowsWritten: 1, foreignKeys: "set-wise" });
  });
});
