/**
 * Nothing unpublished is readable anonymously: draft rounds and published rounds still under embargo stay out of
 * every data query (observations, slice, derived, availability, quality map, revisions, estimates, findings,
 * import reports), including through `asOfRound`. A signed-in viewer sees the same data (the positive control,
 * so that the test can fail).
 */
import { beforeAll, expect, it } from "vitest";
import { importIlostat } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";

const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value\n";
/** Values that exist only in unpublished rounds: none may appear in an anonymous answer. */
const SECRETS = ["9.991", "7.771", "8.881", "LEAK-D", "LEAK-E"];

const QUERIES: Record<string, string> = {
  observations: `{ observations(filter: { table: 15 }, first: 100) { totalCount nodes { refArea time obsValue roundCode } } }`,
  slice: `{ slice(filter: { table: 15 }) { size asOfRound observations { values } dimensions { key codes { code } } } }`,
  derived: `{ derived(filter: { table: 15 }, kind: PERCENT_DISTRIBUTION) { size observations { values } } }`,
  availability: `{ availability(table: 15) { refArea time observations } }`,
  qualityMap: `{ qualityMap(countries: ["THA", "VNM"], tables: [15]) { refArea time observations lastRoundCode sourceCodes } }`,
  revisions: `{ revisions(cell: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: "THA", sex: "SEX_T", classif1: "CDS_DES_KOR", time: 2023 }) { obsValue roundCode } }`,
  estimate: `{ estimate(filter: { table: 15 }) { cells } }`,
  checkFindings: `{ checkFindings(refArea: ["THA", "VNM"]) { round actual expected } }`,
  rounds: `{ rounds { code } d: round(code: "LEAK-D") { code } e: round(code: "LEAK-E") { code } }`,
};

describeOnDrivers("no unpublished data for anonymous callers", (db) => {
  const api = useSecureApi(db);
  let viewer: Record<string, string>;
  const importIds: Record<string, number> = {};

  beforeAll(async () => {
    const h = db().handle;
    await h.query("insert into data_sources (code, ref_area, name) values ('BA:61', 'THA', 'LFS'), ('BA:62', 'VNM', 'LFS')");
    await h.query(
      "insert into collection_rounds (code, title, reference_year) values ('LEAK-P', 'published', 2023), ('LEAK-D', 'draft', 2023), ('LEAK-E', 'embargoed', 2023)",
    );
    const load = async (round: string, rows: string) => {
      const report = await importIlostat(h, { text: HEADER + rows, fileName: `${round}.csv` }, { round });
      expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
      importIds[round] = report.id!;
    };
    await load("LEAK-P", "THA,BA:61,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n");
    await h.query(
      "update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 day' where code = 'LEAK-P'",
    );
    await load("LEAK-E", "VNM,BA:62,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,8.881\n");
    await h.query(
      "update collection_rounds set status = 'published', published_at = now(), release_at = now() + interval '30 days' where code = 'LEAK-E'",
    );
    await load(
      "LEAK-D",
      "THA,BA:61,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,9.991\nTHA,BA:61,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2022,7.771\n",
    );
    await createTestUser(h, "viewer@leaks.org", "viewer");
    viewer = (await login(api(), "viewer@leaks.org")).headers;
  });

  for (const [name, query] of Object.entries(QUERIES)) {
    it(`${name}: anonymous answers hold published values only`, async () => {
      const anonymous = await api().gql(query);
      expect(anonymous.errors?.filter((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR") ?? []).toEqual([]);
      const text = JSON.stringify(anonymous);
      for (const secret of SECRETS) expect(text, `${name} leaks ${secret}: ${text.slice(0, 400)}`).not.toContain(secret);
    });
  }

  it("counts and maps only published cells", async () => {
    const a = (await api().gql(QUERIES.availability!)).data!.availability;
    expect(a).toEqual([{ refArea: "THA", time: 2023, observations: 1 }]);
    const q = (await api().gql(QUERIES.qualityMap!)).data!.qualityMap.filter((c: any) => c.observations > 0);
    expect(q.map((c: any) => [c.refArea, c.time, c.lastRoundCode])).toEqual([["THA", 2023, "LEAK-P"]]);
    const e = (await api().gql(QUERIES.estimate!)).data!.estimate;
    expect(e.cells).toBeLessThanOrEqual(1);
    const o = (await api().gql(QUERIES.observations!)).data!.observations;
    expect(o.nodes.map((n: any) => [n.refArea, n.time, n.obsValue, n.roundCode])).toEqual([["THA", 2023, "1.5", "LEAK-P"]]);
  });

  it("refuses asOfRound on an unpublished round for anonymous callers", async () => {
    for (const round of ["LEAK-D", "LEAK-E"]) {
      const res = await api().gql(`{ observations(filter: { table: 15 }, asOfRound: "${round}") { nodes { obsValue } } }`);
      expect(res.data?.observations ?? null).toBeNull();
      expect(JSON.stringify(res)).not.toMatch(/9\.991|7\.771|8\.881/);
    }
  });

  it("keeps import reports of unpublished (and embargoed) rounds from anonymous callers", async () => {
    for (const round of ["LEAK-D", "LEAK-E"]) {
      const res = await api().gql(`{ importReport(id: ${importIds[round]}) { round rowsWritten } }`);
      expect(res.data?.importReport ?? null, round).toBeNull();
    }
    const published = await api().gql(`{ importReport(id: ${importIds["LEAK-P"]}) { round } }`);
    expect(published.data!.importReport).toEqual({ round: "LEAK-P" });
  });

  it("shows the unpublished values to a signed-in viewer (positive control)", async () => {
    const text = JSON.stringify(await api().gql(QUERIES.observations!, {}, viewer));
    expect(text).toContain("9.991");
    expect(text).toContain("7.771");
    expect(text).toContain("8.881");
    const a = (await api().gql(QUERIES.availability!, {}, viewer)).data!.availability;
    expect(a.length).toBeGreaterThan(1);
  });
});
