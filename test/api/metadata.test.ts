import { expect, it } from "vitest";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

describeOnDrivers("metadata API over HTTP", (db) => {
  const api = useTestApi(db);

  it("lists the 17 tables with dimensions, code lists and indicators", async () => {
    const res = await api().gql(
      `{ tables { id title additive unit dimensions { key codelist { id } } indicators { id classif1 { dimension prefix } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const tables = res.data!.tables as any[];
    expect(tables.map((t) => t.id)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const t8 = tables.find((t) => t.id === 8);
    expect(t8.additive).toBe(false);
    expect(t8.unit).toMatch(/local currency/i);
    const t15 = tables.find((t) => t.id === 15);
    expect(t15.dimensions).toEqual([{ key: "destination", codelist: { id: "AREA" } }]);
    expect(t15.indicators).toEqual([{ id: "MNA_OEMP_SEX_CDS_NB", classif1: { dimension: "destination", prefix: "CDS_DES" } }]);
  });

  it("reports the code-list counts of the real classifications", async () => {
    const res = await api().gql(`{
      isic: codelist(id: "ISIC4") { codeCount levels { level count } }
      isco: codelist(id: "ISCO08") { levels { level count } }
      isced: codelist(id: "ISCED11") { codeCount }
      icse: codelist(id: "ICSE93") { codeCount }
      countries { code }
    }`);
    expect(res.errors).toBeUndefined();
    const d = res.data as any;
    expect(d.isic.levels).toEqual([
      { level: "section", count: 21 },
      { level: "division", count: 88 },
      { level: "group", count: 238 },
      { level: "class", count: 419 },
    ]);
    expect(d.isic.codeCount).toBe(766);
    expect(Object.fromEntries(d.isco.levels.map((l: any) => [l.level, l.count]))).toEqual({
      major: 10,
      sub_major: 43,
      minor: 130,
      unit: 436,
    });
    expect(d.isced.codeCount).toBe(16);
    expect(d.icse.codeCount).toBe(6);
    expect(d.countries).toHaveLength(249);
  });

  it("walks hierarchies both ways and follows mappings to reference classifications", async () => {
    const res = await api().gql(`{
      code(codelist: "ECO", code: "EC2_ISIC4_A01") { label parent { code } mappings { kind target { codelistId code label } } }
      section: code(codelist: "ISIC4", code: "A") { children { code } }
      lms: code(codelist: "LMS", code: "TEAP") { children { code } parent { code } }
    }`);
    expect(res.errors).toBeUndefined();
    const d = res.data as any;
    expect(d.code.parent).toEqual({ code: "EC2_ISIC4_TOTAL" });
    expect(d.code.mappings).toEqual(
      expect.arrayContaining([
        { kind: "rollup", target: expect.objectContaining({ codelistId: "ECO", code: "ECO_ISIC4_A" }) },
        { kind: "classification", target: expect.objectContaining({ codelistId: "ISIC4", code: "01" }) },
      ]),
    );
    expect(d.section.children.map((c: any) => c.code)).toEqual(["01", "02", "03"]);
    expect(d.lms).toEqual({ children: [{ code: "TEMP" }, { code: "TUNE" }], parent: { code: "XWAP" } });
  });

  it("lists ASEAN members as of a date", async () => {
    const res = await api().gql(`{
      before: countries(group: "ASEAN", at: "1990-01-01") { code }
      now: countries(group: "ASEAN", at: "2024-01-01") { code }
      countryGroups { code ilostatCode members { country { code } validFrom } }
    }`);
    expect(res.errors).toBeUndefined();
    const d = res.data as any;
    expect(d.before.map((c: any) => c.code).sort()).toEqual(["BRN", "IDN", "MYS", "PHL", "SGP", "THA"]);
    expect(d.now).toHaveLength(10);
    expect(d.countryGroups[0].ilostatCode).toBe("X84");
  });

  it("answers /healthz with the driver", async () => {
    const res = await fetch(`${api().url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("ok");
  });
});
