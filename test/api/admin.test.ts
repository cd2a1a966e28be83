/** The console's admin mutations over real HTTP: code lists and codes, sources, notes, country groups. */
import { expect, it } from "vitest";
import { useTestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { loadDemoData } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";

describeOnDrivers("admin mutations over HTTP", (db) => {
  const api = useTestApi(db);
  // Mutations need an account since governance landed; these tests are about the mutations, so they act as an admin.
  const gql = async (q: string, v?: Record<string, unknown>) => api().gql(q, v, await asAdmin(api(), db().handle));

  it("adds a code under a parent, relabels it per language and deletes it when unused", async () => {
    const add = await gql(
      `mutation { createCode(input: { codelistId: "OBS_STATUS", code: "P", level: "flag", labels: [{ lang: "en", text: "Provisional" }] }) { code label sortOrder } }`,
    );
    expect(add.errors).toBeUndefined();
    expect(add.data!.createCode).toMatchObject({ code: "P", label: "Provisional" });
    const fr = await gql(
      `mutation { relabelCode(codelist: "OBS_STATUS", code: "P", lang: "fr", text: "Provisoire") { fr: label(lang: "fr") en: label labels { lang text } } }`,
    );
    expect(fr.data!.relabelCode).toEqual({
      fr: "Provisoire",
      en: "Provisional",
      labels: [
        { lang: "en", text: "Provisional" },
        { lang: "fr", text: "Provisoire" },
      ],
    });
    const child = await gql(
      `mutation { createCode(input: { codelistId: "ISIC4", code: "0111X", parentCode: "011", level: "class", labels: [{ lang: "en", text: "Test class" }] }) { parent { code } } }`,
    );
    expect(child.data!.createCode.parent).toEqual({ code: "011" });
    const del = await gql(`mutation { deleteCode(codelist: "OBS_STATUS", code: "P") { code } }`);
    expect(del.errors).toBeUndefined();
    expect((await gql(`{ code(codelist: "OBS_STATUS", code: "P") { code } }`)).data!.code).toBeNull();
  });

  it("refuses bad codes with the field and reason", async () => {
    const dup = await gql(
      `mutation { createCode(input: { codelistId: "SEX", code: "SEX_T", level: "total", labels: [{ lang: "en", text: "x" }] }) { code } }`,
    );
    expect(dup.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^code: SEX_T already exists/),
      extensions: { code: "BAD_USER_INPUT", field: "code" },
    });
    const noParent = await gql(
      `mutation { createCode(input: { codelistId: "ISIC4", code: "9999", parentCode: "ZZ", level: "class", labels: [{ lang: "en", text: "x" }] }) { code } }`,
    );
    expect(noParent.errors?.[0]?.message).toMatch(/parentCode: 'ZZ' is not a code of list ISIC4/);
    const cycle = await gql(`mutation { updateCode(codelist: "ISIC4", code: "A", input: { parentCode: "011" }) { code } }`);
    expect(cycle.errors?.[0]?.message).toMatch(/cycle/);
    const noEn = await gql(`mutation { relabelCode(codelist: "SEX", code: "SEX_F", lang: "en", text: " ") { code } }`);
    expect(noEn.errors?.[0]?.message).toMatch(/English label cannot be removed/);
  });

  it("refuses to delete a code used by a fact table, a source or a child, naming where", async () => {
    const h = db().handle;
    await gql(
      `mutation { createSource(input: { code: "BA:9001", refArea: "THA", name: "Labour Force Survey", sourceType: "BA" }) { code } }`,
    );
    await h.query(`insert into collection_rounds (code, title, reference_year) values ('T-ADMIN', 'test', 2024)`);
    const [round] = await h.query<{ id: number }>(`select id from collection_rounds where code = 'T-ADMIN'`);
    await h.query(
      `insert into fact_t16 (ref_area, time, sex, economic_activity, indicator, source_code, round_id, obs_value, obs_status)
       values ('THA', 2024, 'SEX_T', 'ECO_ISIC4_C', 'MNA_OEMP_SEX_ECO_NB', 'BA:9001', $1, 1.5, 'U')`,
      [round!.id],
    );
    const eco = await gql(`mutation { deleteCode(codelist: "ECO", code: "ECO_ISIC4_C") { code } }`);
    expect(eco.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/ECO_ISIC4_C of list ECO is in use \(fact_t16.economic_activity/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(eco.errors?.[0]?.extensions?.usedBy).toContain("fact_t16.economic_activity");
    const other = await gql(`mutation { deleteCode(codelist: "ECO", code: "ECO_ISIC4_B") { code } }`);
    expect((other.errors?.[0]?.extensions?.usedBy as string[]).filter((p) => p.startsWith("fact_"))).toEqual([]);
    const flag = await gql(`mutation { deleteCode(codelist: "OBS_STATUS", code: "U") { code } }`);
    expect(flag.errors?.[0]?.extensions?.usedBy).toEqual(["fact_t16.obs_status"]);
    const type = await gql(`mutation { deleteCode(codelist: "SOURCE_TYPE", code: "BA") { code } }`);
    expect(type.errors?.[0]?.extensions?.usedBy).toEqual(["data_sources.source_type"]);
    const parent = await gql(`mutation { deleteCode(codelist: "ISIC4", code: "A") { code } }`);
    expect(parent.errors?.[0]?.extensions?.usedBy).toContain("child codes");
    expect((await gql(`{ code(codelist: "ECO", code: "ECO_ISIC4_C") { code } }`)).data!.code).toEqual({ code: "ECO_ISIC4_C" });
    // The same places in words for people: table number and title with the dimension's title, no database name.
    const words = (await gql(`{ code(codelist: "ECO", code: "ECO_ISIC4_C") { usedIn } }`)).data!.code.usedIn as string[];
    expect(words).toContain("Table 16: Outflow of nationals for employment by sex and economic activity (Economic activity)");
    expect(words.join(" ")).not.toMatch(/fact_t|_/);
  });

  it("creates and updates a source with every quality field, and refuses bad values", async () => {
    const fields = `code refArea name sourceType agency geographicCoverage populationCoverage ageFloor irregularMigrantsCovered migrantBasis
      referencePeriod periodicity sampleSize coefficientOfVariation comparability comparabilityNote knownGaps seriesBreaks notes`;
    const created = await gql(`mutation($input: DataSourceCreateInput!) { createSource(input: $input) { ${fields} } }`, {
      input: {
        code: "BA:7001",
        refArea: "KHM",
        name: "Cambodia LFS",
        sourceType: "BA",
        agency: "NIS",
        geographicCoverage: "National",
        populationCoverage: "Private households",
        ageFloor: 15,
        irregularMigrantsCovered: false,
        migrantBasis: "CBR",
        referencePeriod: "Reference week",
        periodicity: "Annual",
        sampleSize: 12000,
        coefficientOfVariation: "0.042",
        comparability: "partial",
        comparabilityNote: "Age floor 15",
        knownGaps: "No camps",
        seriesBreaks: "2019 new frame",
        notes: "Test",
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createSource).toMatchObject({
      ageFloor: 15,
      coefficientOfVariation: "0.042",
      comparability: "partial",
      irregularMigrantsCovered: false,
    });
    const updated = await gql(
      `mutation { updateSource(code: "BA:7001", input: { comparability: "full", knownGaps: null, sampleSize: 15000 }) { comparability knownGaps sampleSize agency } }`,
    );
    expect(updated.data!.updateSource).toEqual({ comparability: "full", knownGaps: null, sampleSize: 15000, agency: "NIS" });
    expect((await gql(`{ sources(refArea: ["KHM"]) { code comparability } }`)).data!.sources).toEqual([
      { code: "BA:7001", comparability: "full" },
    ]);
    const bad = await gql(`mutation { updateSource(code: "BA:7001", input: { comparability: "good" }) { code } }`);
    expect(bad.errors?.[0]?.message).toMatch(/^comparability: 'good' is not one of full, partial, not_comparable/);
    const badType = await gql(`mutation { updateSource(code: "BA:7001", input: { sourceType: "ZZ" }) { code } }`);
    expect(badType.errors?.[0]?.message).toMatch(/sourceType: 'ZZ' is not a code of list SOURCE_TYPE/);
    const badCode = await gql(`mutation { createSource(input: { code: "lfs", refArea: "KHM", name: "x" }) { code } }`);
    expect(badCode.errors?.[0]?.extensions?.field).toBe("code");
  });

  it("manages notes and country-group memberships with dates", async () => {
    const note = await gql(
      `mutation { createNote(noteType: "T9", noteId: "1", labels: [{ lang: "en", text: "Excluding camps" }]) { ref text } }`,
    );
    expect(note.data!.createNote).toEqual({ ref: "T9:1", text: "Excluding camps" });
    expect(
      (
        await gql(
          `mutation { updateNote(noteType: "T9", noteId: "1", labels: [{ lang: "en", text: "Excl. camps" }, { lang: "fr", text: "Hors camps" }]) { text(lang: "fr") } }`,
        )
      ).data!.updateNote,
    ).toEqual({ text: "Hors camps" });
    const group = await gql(
      `mutation { createCountryGroup(input: { code: "MEKONG", labels: [{ lang: "en", text: "Mekong" }], description: "Test" }) { code name } }`,
    );
    expect(group.data!.createCountryGroup).toEqual({ code: "MEKONG", name: "Mekong" });
    await gql(`mutation { addGroupMember(group: "MEKONG", country: "THA", validFrom: "2000-01-01") { code } }`);
    const overlap = await gql(`mutation { addGroupMember(group: "MEKONG", country: "THA", validFrom: "2010-01-01") { code } }`);
    expect(overlap.errors?.[0]?.message).toMatch(/already a member/);
    await gql(`mutation { endGroupMember(group: "MEKONG", country: "THA", validFrom: "2000-01-01", validTo: "2020-12-31") { code } }`);
    const members = await gql(`{ countryGroups { code members { country { code } validFrom validTo } } }`);
    const mekong = (members.data!.countryGroups as any[]).find((g) => g.code === "MEKONG");
    expect(mekong.members).toEqual([{ country: { code: "THA" }, validFrom: "2000-01-01", validTo: "2020-12-31" }]);
    const badDate = await gql(`mutation { addGroupMember(group: "MEKONG", country: "LAO", validFrom: "2021-02-30") { code } }`);
    expect(badDate.errors?.[0]?.message).toMatch(/validFrom: '2021-02-30' is not an ISO date/);
  });
});

describeOnDrivers("stored check findings over HTTP", (db) => {
  const api = useTestApi(db);

  it("lists the findings of the published sample by country, table and year, including LAO 2023 destination KOR", async () => {
    const report = await loadDemoData(db().handle);
    expect(report.findingCount).toBeGreaterThan(0);
    const res = await api().gql(
      `{ checkFindings(refArea: ["LAO"], table: 15, timeFrom: 2023, timeTo: 2023) { check table refArea time sourceCode message expected actual round } }`,
    );
    expect(res.errors).toBeUndefined();
    const findings = res.data!.checkFindings as any[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.refArea === "LAO" && f.table === 15 && f.time === 2023)).toBe(true);
    const kor = findings.find((f) => f.check === "additivity" && /KOR/.test(f.message));
    expect(kor).toMatchObject({ actual: "2.815", expected: "3.445", round: "DEMO-ILOSTAT" });
    // Code.usedBy names the fact tables that hold a code (bare area codes in counterpart columns included).
    const used = await api().gql(
      `{ kor: code(codelist: "AREA", code: "KOR") { usedBy } sgp: code(codelist: "AREA", code: "ATA") { usedBy } }`,
    );
    expect(used.data!.kor.usedBy).toContain("fact_t15.destination");
    expect(used.data!.sgp.usedBy.filter((p: string) => p.startsWith("fact_"))).toEqual([]);
    const none = await api().gql(`{ checkFindings(refArea: ["SGP"]) { check } }`);
    expect(none.data!.checkFindings).toEqual([]);
  });
});
