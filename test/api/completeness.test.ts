/**
 * Completeness in the source-quality map, on the real sample: expected cells accept the alternative
 * breakdowns a table may be reported in, the map says "reported of expected" and names what is missing.
 */
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

interface Cell {
  refArea: string;
  table: number;
  time: number;
  observations: number;
  expectedCells: number;
  reportedExpectedCells: number;
  completeness: number;
  expectedBreakdowns: string[];
  missingCells: string[];
}

describeOnDrivers("completeness on the real sample", (db) => {
  beforeAll(async () => {
    await loadDemoData(db().handle);
  });
  const api = useTestApi(db);

  async function cell(refArea: string, table: number, time: number): Promise<Cell> {
    const res = await api().gql(
      `query ($c: [String!]!, $t: [Int!], $y: Int) { qualityMap(countries: $c, tables: $t, yearFrom: $y, yearTo: $y) {
        refArea table time observations expectedCells reportedExpectedCells completeness expectedBreakdowns missingCells } }`,
      { c: [refArea], t: [table], y: time },
    );
    expect(res.errors).toBeUndefined();
    const found = (res.data!.qualityMap as Cell[]).find((c) => c.refArea === refArea && c.table === table && c.time === time);
    expect(found, `${refArea} table ${table} ${time}`).toBeDefined();
    return found!;
  }

  it("counts a table reported in broad sectors against the broad sectors (IDN table 16 2024: 18 cells, not 0 of 66)", async () => {
    const idn = await cell("IDN", 16, 2024);
    // Total, agriculture, industry and services by sex, all reported; the not-classified and non-agriculture
    // cells are reported too but not expected.
    expect(idn).toMatchObject({ observations: 18, expectedCells: 12, reportedExpectedCells: 12, completeness: 1 });
    expect(idn.expectedBreakdowns).toEqual(["sex", "broad sectors"]);
    expect(idn.missingCells).toEqual([]);
  });

  it("counts occupations reported by skill level against the skill levels (IDN table 6 2024)", async () => {
    const idn = await cell("IDN", 6, 2024);
    expect(idn.observations).toBe(18);
    expect(idn.expectedBreakdowns).toEqual(["sex", "skill levels", "place of birth"]);
    // 3 sexes x 4 skill groups x 3 migrant statuses by place of birth.
    expect(idn.expectedCells).toBe(36);
    expect(idn.reportedExpectedCells).toBeGreaterThan(0);
    expect(idn.reportedExpectedCells).toBeLessThanOrEqual(idn.observations);
    expect(idn.completeness).toBeCloseTo(idn.reportedExpectedCells / 36, 10);
    expect(idn.missingCells).toHaveLength(36 - idn.reportedExpectedCells);
  });

  it("never reports more than expected: counterpart tables count their expected totals, not every partner (LAO table 15 2023)", async () => {
    const lao = await cell("LAO", 15, 2023);
    expect(lao.observations).toBe(12);
    expect(lao).toMatchObject({ expectedCells: 3, reportedExpectedCells: 3, completeness: 1, missingCells: [] });
  });

  it("names the missing cells with labels: women only means the men and total cells are missing (BRN table 5 2019)", async () => {
    const brn = await cell("BRN", 5, 2019);
    expect(brn.expectedBreakdowns).toEqual(["sex", "ISIC sections", "place of birth"]);
    expect(brn.expectedCells).toBe(3 * 22 * 3);
    expect(brn.missingCells.length).toBe(Math.min(50, brn.expectedCells - brn.reportedExpectedCells));
    expect(brn.missingCells[0]).toMatch(/^Total · .+ · /);
    expect(brn.missingCells.join("\n")).not.toMatch(/SEX_|ECO_|CBR_/);
    const reported = await api().gql(
      `{ observations(filter: { table: 5, refArea: ["BRN"], timeFrom: 2019, timeTo: 2019, sex: ["SEX_F"], economicActivity: ["ECO_ISIC4_C"], migrantStatus: ["CBR_BIR_FOREIGN"] }) { nodes { obsValue } } }`,
    );
    expect(reported.data!.observations.nodes).toHaveLength(1);
    expect(brn.missingCells).not.toContain("Female · C. Manufacturing · Foreign-born");
  });
});
