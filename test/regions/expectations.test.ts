/**
 * Issue 16, the region file's settings take effect: completeness (`qualityMap`) and the data-gaps map hold
 * only the active region's reporting countries to the questionnaire, only for the tables it collects, and
 * count a table's expected cells in the breakdowns the file names (ECOWAS: table 5 in broad sectors only).
 * ASEAN's file gives today's figures exactly.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { TABLES } from "@ilms/domain";
import { applyRegion } from "@ilms/governance/regions";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { GAPS } from "../helpers/gaps";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import { createRound, createSource, csv } from "../ingest/helpers";

const ROOT = new URL("../../", import.meta.url);
const ASEAN = readFileSync(new URL("regions/asean.yaml", ROOT), "utf8");
const ECOWAS = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8");
const ECOWAS_REPORTING = ["BEN", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB", "LBR", "NGA", "SEN", "SLE", "TGO"];

const QUALITY = `query($c: [String!]!, $t: [Int!], $from: Int, $to: Int) {
  qualityMap(countries: $c, tables: $t, yearFrom: $from, yearTo: $to) {
    refArea table time observations expectedCells reportedExpectedCells completeness expectedBreakdowns missingCells
  }
}`;

/**
 * Ghana's table 5 for 2020 in ISIC sections (all 22 codes, total sex, total by place of birth) and two broad
 * sectors, and one value of its table 15.
 */
function ghanaTable5(): string {
  const sections = ["TOTAL", ..."ABCDEFGHIJKLMNOPQRSTU".split("")].map((s) => `ECO_ISIC4_${s}`);
  const rows = [...sections, "ECO_SECTOR_TOTAL", "ECO_SECTOR_AGR"].map((code, i) => [
    "GHA",
    "T:GHA-5",
    "MST_TEMP_SEX_ECO_CBR_NB",
    "SEX_T",
    code,
    "CBR_BIR_TOTAL",
    "2020",
    (100 + i).toFixed(3),
    "",
    "",
    "",
    "",
  ]);
  // Ghana's outflow of workers to Nigeria (table 15).
  rows.push(["GHA", "T:GHA-5", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_NGA", "", "2020", "10.500", "", "", "", ""]);
  // Burkina Faso, a member in 2020 that is not among ECOWAS's reporting countries, reports table 5 too.
  rows.push(["BFA", "T:BFA-5", "MST_TEMP_SEX_ECO_CBR_NB", "SEX_T", "ECO_SECTOR_TOTAL", "CBR_BIR_TOTAL", "2020", "50.000", "", "", "", ""]);
  return csv(rows);
}

describeOnDrivers("The active region's reporting countries, tables and expected cells", (db) => {
  // No response cache: the same question is asked before and after a region file is applied.
  const asean = useTestApi(db, { responseCache: null });
  const ecowas = useTestApi(db, { region: "ecowas", responseCache: null });

  it("ASEAN's file gives today's gaps map and quality map exactly, and expects Timor-Leste from its accession in 2025", async () => {
    const h = db().handle;
    expect((await loadDemoData(h)).status).toBe("loaded");
    const ask = async () => ({
      gaps: await asean().gql(GAPS, { from: 2015, to: 2024 }),
      asked: await asean().gql(GAPS, { countries: ["ASEAN"], from: 2010, to: 2024 }),
      quality: await asean().gql(QUALITY, { c: ["ASEAN"], from: 2015, to: 2024 }),
    });
    const before = await ask();
    expect(before.gaps.errors).toBeUndefined();
    expect(before.quality.errors).toBeUndefined();
    expect(before.gaps.data!.gaps.countries).toHaveLength(10);
    expect(before.quality.data!.qualityMap.length).toBeGreaterThan(100);
    const applied = await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "regions/asean.yaml" }));
    expect(applied.changes).toEqual(["added region asean"]);
    expect(await ask()).toEqual(before);
    // 2025: Timor-Leste is a member and, by the file, expected to report from then on; before 2025 it is neither.
    const y2025 = await asean().gql(GAPS, { from: 2025, to: 2025 });
    expect(y2025.errors).toBeUndefined();
    expect(y2025.data!.gaps.countries.map((c: any) => c.country)).toEqual([
      "BRN",
      "IDN",
      "KHM",
      "LAO",
      "MMR",
      "MYS",
      "PHL",
      "SGP",
      "THA",
      "TLS",
      "VNM",
    ]);
    const y2024 = await asean().gql(GAPS, { from: 2024, to: 2024 });
    expect(y2024.data!.gaps.countries.map((c: any) => c.country)).not.toContain("TLS");
  });

  it("ECOWAS: the gaps map expects its twelve reporting countries, every year they are members, and not Burkina Faso", async () => {
    const h = db().handle;
    expect((await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }))).changes.length).toBeGreaterThan(0);
    await createRound(h, "T-ECOWAS-5", "published");
    await createSource(h, "T:GHA-5", "GHA", "Ghana test source");
    await createSource(h, "T:BFA-5", "BFA", "Burkina Faso test source");
    const report = await importIlostat(h, { text: ghanaTable5() }, { round: "T-ECOWAS-5", allowPublishedRound: true });
    expect(report.status).toBe("loaded");
    const res = await ecowas().gql(GAPS, { from: 2020, to: 2020 });
    expect(res.errors).toBeUndefined();
    const g = res.data!.gaps;
    expect(g.tables).toEqual(TABLES.map((t) => t.id));
    expect(g.countries.map((c: any) => c.country)).toEqual(ECOWAS_REPORTING);
    const gha = g.countries.find((c: any) => c.country === "GHA");
    expect(gha).toMatchObject({ years: [2020], expected: TABLES.length, reported: 2 });
    expect(gha.tablesAbsent).toEqual(TABLES.map((t) => t.id).filter((id) => id !== 5 && id !== 15));
    // The group asked by name on the ASEAN warehouse: every member of 2020 counts (ASEAN's file says nothing of ECOWAS).
    const other = await asean().gql(GAPS, { countries: ["ECOWAS"], from: 2020, to: 2020 });
    expect(other.data!.gaps.countries.map((c: any) => c.country)).toContain("BFA");
  });

  it("ECOWAS counts table 5 in broad sectors only, where ASEAN counts the sections Ghana reported", async () => {
    const inEcowas = await ecowas().gql(QUALITY, { c: ["ECOWAS"], t: [5], from: 2020, to: 2020 });
    expect(inEcowas.errors).toBeUndefined();
    const cells = inEcowas.data!.qualityMap as any[];
    // Burkina Faso reported, but is not held to the questionnaire.
    expect(cells.map((c) => c.refArea)).toEqual(["GHA"]);
    // 3 sexes x 4 broad sectors x 3 statuses by place of birth; of them, the total and agriculture (total sex and status) reported.
    expect(cells[0]).toMatchObject({
      table: 5,
      time: 2020,
      observations: 24,
      expectedCells: 36,
      reportedExpectedCells: 2,
      expectedBreakdowns: ["sex", "broad sectors", "place of birth"],
    });
    expect(cells[0].completeness).toBeCloseTo(2 / 36, 10);
    expect(cells[0].missingCells).toHaveLength(34);
    // The same data in the ASEAN warehouse: the ISIC sections, complete for the total sex and status.
    const inAsean = await asean().gql(QUALITY, { c: ["GHA"], t: [5], from: 2020, to: 2020 });
    expect(inAsean.data!.qualityMap[0]).toMatchObject({
      expectedCells: 3 * 22 * 3,
      reportedExpectedCells: 22,
      expectedBreakdowns: ["sex", "ISIC sections", "place of birth"],
    });
  });

  it("a region that collects some tables only is expected in those tables, in the gaps map and the quality map", async () => {
    const h = db().handle;
    const narrowed = ECOWAS.replace(/^tables: all$/m, "tables: [1, 5]");
    expect(narrowed).not.toBe(ECOWAS);
    await h.transaction((tx) => applyRegion(tx, null, narrowed, { file: "regions/ecowas.yaml" }));
    // Written beside the API, in its own process: the API keeps the active region's expectations per data epoch,
    // which such a write must move (another process's write moves it by itself: test/cache/cross-process.test.ts).
    await invalidateResponseCache();
    try {
      const g = (await ecowas().gql(GAPS, { from: 2020, to: 2020 })).data!.gaps;
      expect(g.tables).toEqual([1, 5]);
      const gha = g.countries.find((c: any) => c.country === "GHA");
      // Table 15, which the region no longer collects, counts neither as expected nor as reported.
      expect(gha).toMatchObject({ expected: 2, reported: 1, tablesAbsent: [1] });
      expect(gha.missing.map((m: any) => m.table)).toEqual([1]);
      const quality = (await ecowas().gql(QUALITY, { c: ["GHA"], from: 2020, to: 2020 })).data!.qualityMap as any[];
      expect(quality.map((c) => c.table)).toEqual([5]);
      // Asked by name, table 15 is answered.
      const asked = (await ecowas().gql(QUALITY, { c: ["GHA"], t: [15], from: 2020, to: 2020 })).data!.qualityMap as any[];
      expect(asked.map((c) => c.table)).toEqual([15]);
    } finally {
      await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
      await invalidateResponseCache();
    }
  });
});
