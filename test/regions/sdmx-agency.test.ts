/**
 * Issue 16, the region file's `sdmxAgency` takes effect: the ILMS table flows (`DF_ILMS_T01..T17`) and their
 * data structures are maintained by the active region's agency in SDMX structure messages and accepted under
 * it in the paths; the ILOSTAT indicator flows (`DF_<indicator>`), the code lists and the concept scheme stay
 * `ILO`. ASEAN's agency is ILO: its answers are today's.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { INDICATORS, TABLES } from "@ilms/domain";
import { applyRegion } from "@ilms/governance/regions";
import { importIlostat } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { createRound, createSource, csv } from "../ingest/helpers";

const ROOT = new URL("../../", import.meta.url);
const ASEAN = readFileSync(new URL("regions/asean.yaml", ROOT), "utf8");
const ECOWAS = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8");
const INDICATOR_FLOW = "DF_MST_TEMP_SEX_ECO_CBR_NB";

/** `agencyID` of every `<str:Dataflow>` of a structure message, by flow id. */
function flowAgencies(xml: string): Map<string, string> {
  return new Map([...xml.matchAll(/<str:Dataflow id="([^"]+)" agencyID="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

describeOnDrivers("The active region's SDMX agency", (db) => {
  const ecowas = useTestApi(db, { region: "ecowas", responseCache: null });
  const asean = useTestApi(db, { responseCache: null });
  const get = async (api: () => { url: string }, path: string) => {
    const res = await fetch(`${api().url}/sdmx/rest/${path}`);
    return { status: res.status, text: await res.text() };
  };

  it("lists the table flows under ECOWAS and the indicator flows under ILO", async () => {
    const h = db().handle;
    await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "regions/asean.yaml" }));
    await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    const all = await get(ecowas, "dataflow/all/all/latest");
    expect(all.status).toBe(200);
    const agencies = flowAgencies(all.text);
    expect(agencies.size).toBe(INDICATORS.length + TABLES.length);
    for (const t of TABLES) expect(agencies.get(`DF_ILMS_T${String(t.id).padStart(2, "0")}`)).toBe("ECOWAS");
    for (const i of INDICATORS) expect(agencies.get(`DF_${i.id}`)).toBe("ILO");
    // Their structures: the flow refers to its data structure under ECOWAS.
    expect(all.text).toMatch(
      /<str:Dataflow id="DF_ILMS_T05" agencyID="ECOWAS"[^>]*>.*?<Ref id="DSD_ILMS_T05" version="1.0" agencyID="ECOWAS"/s,
    );
    // By agency: ECOWAS maintains the 17 table flows only, ILO the indicator flows only.
    expect([...flowAgencies((await get(ecowas, "dataflow/ECOWAS/all/latest")).text).keys()]).toHaveLength(TABLES.length);
    expect([...flowAgencies((await get(ecowas, "dataflow/ILO/all/latest")).text).values()].every((a) => a === "ILO")).toBe(true);
    expect((await get(ecowas, "dataflow/ILO/DF_ILMS_T05/1.0")).status).toBe(404);
    expect((await get(ecowas, `dataflow/ECOWAS/${INDICATOR_FLOW}/1.0`)).status).toBe(404);
    // A table's data structure is ECOWAS's; its code lists and concepts stay ILO's.
    const dsd = await get(ecowas, "datastructure/ECOWAS/DSD_ILMS_T05/1.0");
    expect(dsd.status).toBe(200);
    expect(dsd.text).toContain('<str:DataStructure id="DSD_ILMS_T05" agencyID="ECOWAS"');
    expect(dsd.text).toMatch(/<Ref id="CL_SEX" version="1.0" agencyID="ILO" package="codelist"/);
    expect((await get(ecowas, "codelist/ECOWAS/CL_SEX/1.0")).status).toBe(404);
    expect((await get(ecowas, "codelist/ILO/CL_SEX/1.0")).status).toBe(200);
    // ASEAN's agency is ILO: every flow is ILO's, as before.
    const aseanFlows = flowAgencies((await get(asean, "dataflow/ILO/all/latest")).text);
    expect(aseanFlows.size).toBe(INDICATORS.length + TABLES.length);
    expect((await get(asean, "dataflow/ILO/DF_ILMS_T05/1.0")).status).toBe(200);
  });

  it("serves a table flow's data under ECOWAS, not ILO, and an indicator flow's under ILO", async () => {
    const h = db().handle;
    await createRound(h, "T-SDMX-AG", "published");
    await createSource(h, "T:GHA-AG", "GHA", "Ghana test source");
    const row = [
      "GHA",
      "T:GHA-AG",
      "MST_TEMP_SEX_ECO_CBR_NB",
      "SEX_T",
      "ECO_SECTOR_TOTAL",
      "CBR_BIR_TOTAL",
      "2020",
      "120.000",
      "",
      "",
      "",
      "",
    ];
    expect((await importIlostat(h, { text: csv([row]) }, { round: "T-SDMX-AG", allowPublishedRound: true })).status).toBe("loaded");
    const table = await get(ecowas, "data/ECOWAS,DF_ILMS_T05,1.0/all?format=csvdata");
    expect(table.status).toBe(200);
    expect(table.text).toContain("ECOWAS:DF_ILMS_T05(1.0)");
    expect(table.text).toContain("120");
    expect((await get(ecowas, "data/DF_ILMS_T05/all?format=csvdata")).status).toBe(200);
    expect((await get(ecowas, "data/DF_ILMS_T05/all/ECOWAS?format=csvdata")).status).toBe(200);
    const ilo = await get(ecowas, "data/ILO,DF_ILMS_T05,1.0/all?format=csvdata");
    expect(ilo.status).toBe(404);
    expect(ilo.text).toContain("ECOWAS,DF_ILMS_T01..T17,1.0");
    // SDMX 3.0 paths, and the ILOSTAT indicator flow under ILO as scripts written against ILOSTAT ask it.
    expect((await get(ecowas, "data/dataflow/ECOWAS/DF_ILMS_T05/1.0/*?format=csvdata")).status).toBe(200);
    expect((await get(ecowas, "data/dataflow/ILO/DF_ILMS_T05/1.0/*?format=csvdata")).status).toBe(404);
    const indicator = await get(ecowas, `data/ILO,${INDICATOR_FLOW},1.0/all?format=csvdata`);
    expect(indicator.status).toBe(200);
    expect(indicator.text).toContain(`ILO:${INDICATOR_FLOW}(1.0)`);
    // ASEAN: the table flow under ILO, as before.
    const aseanTable = await get(asean, "data/ILO,DF_ILMS_T05,1.0/all?format=csvdata");
    expect(aseanTable.status).toBe(200);
    expect(aseanTable.text).toContain("ILO:DF_ILMS_T05(1.0)");
  });
});
