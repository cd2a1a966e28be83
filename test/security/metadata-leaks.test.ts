/**
 * Metadata does not reveal unpublished data: a code's `usedBy` and the `sources` list answer anonymous
 * callers from published (and released) data only, so that a table does not start "using" a code, nor a source
 * appear, while its data are in a draft round or under embargo. Signed-in staff see every use (positive control).
 */
import { beforeAll, expect, it } from "vitest";
import { importIlostat } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";

const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value\n";
const USED_BY = `query($c: String!) { code(codelist: "AREA", code: $c) { code usedBy } }`;
const SOURCES = `{ sources(refArea: ["THA", "VNM", "LAO"]) { code } p: source(code: "BA:81") { code } d: source(code: "BA:82") { code } e: source(code: "BA:83") { code } }`;

describeOnDrivers("metadata shows no unpublished data to anonymous callers", (db) => {
  const api = useSecureApi(db);
  let viewer: Record<string, string>;

  beforeAll(async () => {
    const h = db().handle;
    await h.query(
      "insert into data_sources (code, ref_area, name) values ('BA:81', 'THA', 'LFS'), ('BA:82', 'VNM', 'LFS draft'), ('BA:83', 'LAO', 'LFS embargoed')",
    );
    await h.query(
      "insert into collection_rounds (code, title, reference_year) values ('META-P', 'published', 2023), ('META-D', 'draft', 2023), ('META-E', 'embargoed', 2023)",
    );
    const load = async (round: string, rows: string) => {
      const report = await importIlostat(h, { text: HEADER + rows, fileName: `${round}.csv` }, { round });
      expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
    };
    // Destinations: KOR in published data, JPN only in a draft round, SGP only under embargo.
    await load("META-P", "THA,BA:81,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n");
    await load("META-D", "VNM,BA:82,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_JPN,2023,2.5\n");
    await load("META-E", "LAO,BA:83,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_SGP,2023,3.5\n");
    await h.query(
      "update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 day' where code = 'META-P'",
    );
    await h.query(
      "update collection_rounds set status = 'published', published_at = now(), release_at = now() + interval '30 days' where code = 'META-E'",
    );
    await createTestUser(h, "viewer@meta.org", "viewer");
    viewer = (await login(api(), "viewer@meta.org")).headers;
  });

  const factUses = (usedBy: string[]) => usedBy.filter((p) => p.startsWith("fact_"));

  it("usedBy counts published data only for anonymous callers", async () => {
    const kor = await api().gql(USED_BY, { c: "KOR" });
    expect(factUses(kor.data!.code.usedBy)).toContain("fact_t15.destination");
    for (const c of ["JPN", "SGP"]) {
      const res = await api().gql(USED_BY, { c });
      expect(res.errors).toBeUndefined();
      expect(factUses(res.data!.code.usedBy), c).toEqual([]);
    }
    // A country whose only source has draft data: the source does not count as a use either.
    const vnm = await api().gql(USED_BY, { c: "VNM" });
    expect(vnm.data!.code.usedBy).not.toContain("data_sources.ref_area");
    expect(vnm.data!.code.usedBy).not.toContain("fact_t15.ref_area");
    const tha = await api().gql(USED_BY, { c: "THA" });
    expect(tha.data!.code.usedBy).toEqual(expect.arrayContaining(["data_sources.ref_area", "fact_t15.ref_area"]));
  });

  it("usedBy shows every use to staff (positive control)", async () => {
    for (const c of ["JPN", "SGP"]) {
      const res = await api().gql(USED_BY, { c }, viewer);
      expect(factUses(res.data!.code.usedBy), c).toContain("fact_t15.destination");
    }
    const vnm = await api().gql(USED_BY, { c: "VNM" }, viewer);
    expect(vnm.data!.code.usedBy).toEqual(expect.arrayContaining(["data_sources.ref_area", "fact_t15.ref_area"]));
  });

  it("sources lists only sources of published data for anonymous callers", async () => {
    const anonymous = await api().gql(SOURCES);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data).toEqual({ sources: [{ code: "BA:81" }], p: { code: "BA:81" }, d: null, e: null });
    const staff = await api().gql(SOURCES, {}, viewer);
    expect(staff.data).toEqual({
      sources: [{ code: "BA:83" }, { code: "BA:81" }, { code: "BA:82" }],
      p: { code: "BA:81" },
      d: { code: "BA:82" },
      e: { code: "BA:83" },
    });
  });
});
