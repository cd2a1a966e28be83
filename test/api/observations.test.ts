/**
 * The query engine through the public API, on the real ILOSTAT sample (loaded by the intake's demo loader)
 * on both drivers: ILOSTAT-shaped observations, filters with hierarchy nodes, stable pagination, vintages,
 * slices with roll-ups, derived indicators, availability and the quality map.
 */
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { PUBLIC, divideDecimals, planFilter, readSlice, subtractDecimals, sumDecimals } from "@ilms/query";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

describeOnDrivers("public data API on the real sample", (db) => {
  beforeAll(async () => {
    const report = await loadDemoData(db().handle);
    expect(report.rowsWritten).toBe(2756);
  });
  const api = useTestApi(db);

  it("returns ILOSTAT-shaped observations with typed dimensions, source and round", async () => {
    const res = await api()
      .gql(`{ observations(filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["LAO"], classif1: ["CDS_DES_KOR"], timeFrom: 2023, timeTo: 2023 }) {
      totalCount nodes { refArea indicator sex classif1 classif2 time obsValue obsStatus source roundCode dimensions { dimension code label item { level } } dataSource { code refArea } } } }`);
    expect(res.errors).toBeUndefined();
    const conn = res.data!.observations;
    expect(conn.totalCount).toBe(3);
    expect(conn.nodes.map((n: any) => [n.sex, n.obsValue])).toEqual([
      ["SEX_F", "1.702"],
      ["SEX_M", "1.743"],
      ["SEX_T", "2.815"],
    ]);
    const women = conn.nodes[0];
    expect(women).toMatchObject({
      refArea: "LAO",
      classif1: "CDS_DES_KOR",
      classif2: null,
      time: 2023,
      source: "DEMO:LAO",
      roundCode: "DEMO-ILOSTAT",
    });
    expect(women.dimensions).toEqual([
      { dimension: "refArea", code: "LAO", label: "Lao People's Democratic Republic", item: { level: "country" } },
      { dimension: "sex", code: "SEX_F", label: "Female", item: { level: "sex" } },
      { dimension: "destination", code: "KOR", label: "Korea, Republic of", item: { level: "country" } },
    ]);
    expect(women.dataSource).toEqual({ code: "DEMO:LAO", refArea: "LAO" });
  });

  it("pages through a table in a stable order without gaps or repeats", async () => {
    const query = `query($after: String) { observations(filter: { table: 15, refArea: ["IDN"] }, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { sex classif1 time obsValue } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const res: any = await api().gql(query, { after });
      expect(res.errors).toBeUndefined();
      total = res.data.observations.totalCount;
      seen.push(...res.data.observations.nodes.map((n: any) => `${n.classif1}|${n.sex}|${n.time}`));
      if (!res.data.observations.pageInfo.hasNextPage) break;
      after = res.data.observations.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(100);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const again = await api().gql(query, { after: null });
    expect(again.data!.observations.nodes.map((n: any) => `${n.classif1}|${n.sex}|${n.time}`)).toEqual(seen.slice(0, 100));
  });

  it("keeps the latest N years of each series and filters by source", async () => {
    const res = await api().gql(
      `{ observations(filter: { table: 15, refArea: ["IDN"], destination: ["TOTAL"], sex: ["SEX_T"], lastN: 2, source: ["DEMO:IDN"] }) { nodes { time source } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.observations.nodes).toEqual([
      { time: 2023, source: "DEMO:IDN" },
      { time: 2024, source: "DEMO:IDN" },
    ]);
    const other = await api().gql(`{ observations(filter: { table: 15, refArea: ["IDN"], source: ["DEMO:LAO"] }) { nodes { time } } }`);
    expect(other.data!.observations.nodes).toEqual([]);
  });

  it("refuses pages above the limit, bad cursors and unknown codes with coded errors", async () => {
    const big = await api().gql(`{ observations(filter: { table: 15 }, first: 5000) { nodes { time } } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(big.errors?.[0]?.message).toMatch(/first must be between 0 and 1000/);
    const cursor = await api().gql(`{ observations(filter: { table: 15 }, after: "bm9wZQ") { nodes { time } } }`);
    expect(cursor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const classif = await api().gql(`{ observations(filter: { table: 15, classif1: ["ECO_ISIC4_A"] }) { nodes { time } } }`);
    expect(classif.errors?.[0]?.message).toMatch(/not a code of table 15.*CDS_DES_<area>/);
    const noTable = await api().gql(`{ observations(filter: { refArea: ["LAO"] }) { nodes { time } } }`);
    expect(noTable.errors?.[0]?.message).toMatch(/needs `table` or `indicator`/);
    const wrongDim = await api().gql(`{ observations(filter: { table: 15, occupation: ["OCU_ISCO08_1"] }) { nodes { time } } }`);
    expect(wrongDim.errors?.[0]?.message).toMatch(/Table 15 has no dimension 'occupation'; its dimensions are destination/);
  });

  it("expands hierarchy nodes: a country group selects its members, a broad sector its ISIC sections", async () => {
    const group = await api().gql(`{ availability(table: 15, filter: { refArea: ["ASEAN"] }) { refArea } }`);
    expect(new Set(group.data!.availability.map((a: any) => a.refArea))).toEqual(new Set(["IDN", "KHM", "LAO", "THA", "VNM"]));
    const sector = await api()
      .gql(`{ observations(filter: { table: 16, refArea: ["IDN"], economicActivity: ["ECO_SECTOR_IND"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }, first: 100) {
      nodes { classif1 } } }`);
    expect(sector.errors).toBeUndefined();
    const codes = new Set(sector.data!.observations.nodes.map((n: any) => n.classif1));
    // The published sector value and the ISIC sections B-F that roll up into industry.
    expect(codes.has("ECO_SECTOR_IND")).toBe(true);
    for (const c of codes) expect(c).toMatch(/^ECO_SECTOR_IND$|^ECO_ISIC4_[B-F]$/);
    const exact = await api().gql(
      `{ observations(filter: { table: 16, refArea: ["IDN"], economicActivity: ["ECO_SECTOR_IND"], expandHierarchy: false, sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }) { nodes { classif1 } } }`,
    );
    expect(exact.data!.observations.nodes.map((n: any) => n.classif1)).toEqual(["ECO_SECTOR_IND"]);
    const viaClassif = await api().gql(
      `{ observations(filter: { table: 16, refArea: ["IDN"], classif1: ["ECO_SECTOR_IND"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }) { nodes { classif1 } } }`,
    );
    expect(new Set(viaClassif.data!.observations.nodes.map((n: any) => n.classif1))).toEqual(codes);
    const viaClassifExact = await api().gql(
      `{ observations(filter: { table: 16, refArea: ["IDN"], classif1: ["ECO_SECTOR_IND"], expandHierarchy: false, sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }) { nodes { classif1 } } }`,
    );
    expect(viaClassifExact.data!.observations.nodes.map((n: any) => n.classif1)).toEqual(["ECO_SECTOR_IND"]);
  });

  it("keeps vintages: latest published by default, as of a round on request, drafts and embargoes hidden", async () => {
    const h = db().handle;
    const round = async (code: string, status: string, releaseAt: string | null) =>
      (
        await h.query<{ id: number }>(
          `insert into collection_rounds (code, title, reference_year, status, release_at) values ($1, $1, 2024, $2, $3) returning id`,
          [code, status, releaseAt],
        )
      )[0]!.id;
    await h.query(`insert into notes (note_type, note_id, labels) values ('R1', '3513', '{"en": "Revised after the 2024 census"}')`);
    const insert = (roundId: number, value: string) =>
      h.query(
        `insert into fact_t15 (ref_area, time, sex, destination, indicator, source_code, round_id, obs_value, obs_status, note_source)
         values ('LAO', 2023, 'SEX_T', 'KOR', 'MNA_OEMP_SEX_CDS_NB', 'DEMO:LAO', $1, $2, 'R', 'R1:3513')`,
        [roundId, value],
      );
    await insert(await round("REV-1", "published", null), "3.445");
    await insert(await round("REV-2-DRAFT", "draft", null), "9.999");
    await insert(await round("REV-3-EMBARGO", "published", "2999-01-01T00:00:00Z"), "8.888");
    await invalidateResponseCache();

    const cell = `filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["LAO"], classif1: ["CDS_DES_KOR"], sex: ["SEX_T"], timeFrom: 2023, timeTo: 2023 }`;
    const latest = await api().gql(`{ observations(${cell}) { nodes { obsValue obsStatus roundCode noteSource notes { ref text } } } }`);
    expect(latest.data!.observations.nodes).toEqual([
      {
        obsValue: "3.445",
        obsStatus: "R",
        roundCode: "REV-1",
        noteSource: "R1:3513",
        notes: [{ ref: "R1:3513", text: "Revised after the 2024 census" }],
      },
    ]);
    const asOf = await api().gql(`{ observations(${cell}, asOfRound: "DEMO-ILOSTAT") { nodes { obsValue roundCode } } }`);
    expect(asOf.data!.observations.nodes).toEqual([{ obsValue: "2.815", roundCode: "DEMO-ILOSTAT" }]);
    const draft = await api().gql(`{ observations(${cell}, asOfRound: "REV-2-DRAFT") { nodes { obsValue } } }`);
    expect(draft.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const history = await api().gql(
      `{ revisions(cell: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: "LAO", sex: "SEX_T", classif1: "CDS_DES_KOR", time: 2023 }) { obsValue roundCode } }`,
    );
    expect(history.data!.revisions).toEqual([
      { obsValue: "2.815", roundCode: "DEMO-ILOSTAT" },
      { obsValue: "3.445", roundCode: "REV-1" },
    ]);
    // Nothing unpublished reaches slices, availability or the map either.
    const slice = await api().gql(`{ slice(${cell}) { observations { values } } }`);
    expect(slice.data!.slice.observations.values).toEqual(["3.445"]);
    const map = await api().gql(`{ qualityMap(countries: ["LAO"], tables: [15], yearFrom: 2023, yearTo: 2023) { lastRoundCode } }`);
    expect(map.data!.qualityMap).toEqual([{ lastRoundCode: "REV-1" }]);
  });

  it("rolls up countries to ASEAN with exact sums and shows missing members in the status", async () => {
    const filter = `filter: { table: 15, refArea: ["ASEAN"], destination: ["TOTAL"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }`;
    const parts = await api().gql(`{ observations(${filter}) { nodes { refArea obsValue } } }`);
    const values = parts.data!.observations.nodes.map((n: any) => n.obsValue);
    expect(values.length).toBeGreaterThan(1);
    const res = await api().gql(`{ slice(${filter}, dimensions: [{ dimension: "refArea", level: "group" }, { dimension: "time" }]) {
      aggregated dimensions { id level codes { code label } } observations { keys values statuses contributors missing } } }`);
    expect(res.errors).toBeUndefined();
    const s = res.data!.slice;
    expect(s.aggregated).toBe(true);
    expect(s.dimensions[0]).toEqual({ id: "refArea", level: "group", codes: [{ code: "X84", label: "ASEAN" }] });
    expect(s.observations.values).toEqual([sumDecimals(values)]);
    expect(s.observations.contributors).toEqual([values.length]);
    expect(s.observations.missing).toEqual([10 - values.length]);
    expect(s.observations.statuses).toEqual(["INCOMPLETE"]);
  });

  it("rolls ISIC sections up to broad sectors, preferring a published sector value", async () => {
    const res = await api()
      .gql(`{ slice(filter: { table: 16, refArea: ["IDN"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019 }, dimensions: [{ dimension: "economicActivity", level: "sector" }]) {
      dimensions { codes { code } } observations { values contributors } } }`);
    expect(res.errors).toBeUndefined();
    const direct = await api().gql(
      `{ observations(filter: { table: 16, refArea: ["IDN"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2019, economicActivity: ["ECO_SECTOR_IND"], expandHierarchy: false }) { nodes { obsValue } } }`,
    );
    const codes = res.data!.slice.dimensions[0].codes.map((c: any) => c.code);
    const ind = codes.indexOf("ECO_SECTOR_IND");
    expect(ind).toBeGreaterThanOrEqual(0);
    expect(res.data!.slice.observations.values[ind]).toBe(direct.data!.observations.nodes[0].obsValue);
    expect(res.data!.slice.observations.contributors[ind]).toBe(1);
  });

  it("shows a relabelled code once the change is made (labels are cached only until the next mutation)", async () => {
    const query = `{ slice(filter: { table: 15, refArea: ["LAO"], destination: ["JPN"], sex: ["SEX_T"], expandHierarchy: false, timeFrom: 2022, timeTo: 2022 }, dimensions: [{ dimension: "destination" }]) { dimensions { codes { label } } } }`;
    expect((await api().gql(query)).data!.slice.dimensions[0].codes).toEqual([{ label: "Japan" }]);
    const h = db().handle;
    await h.query(`update codes set labels = '{"en": "Japan (relabelled)"}' where codelist_id = 'AREA' and code = 'JPN'`);
    await invalidateResponseCache(); // what every mutation does (the admin relabel included)
    expect((await api().gql(query)).data!.slice.dimensions[0].codes).toEqual([{ label: "Japan (relabelled)" }]);
    await h.query(`update codes set labels = '{"en": "Japan"}' where codelist_id = 'AREA' and code = 'JPN'`);
    await invalidateResponseCache();
  });

  it("rolls ISCO major groups up to skill levels with exact sums", async () => {
    const majors = Array.from({ length: 10 }, (_, i) => `OCU_ISCO08_${i}`);
    const filter = `filter: { table: 6, refArea: ["IDN"], sex: ["SEX_F"], classif2: ["CBR_BIR_TOTAL"], occupation: ${JSON.stringify(majors)}, expandHierarchy: false, timeFrom: 2019, timeTo: 2019 }`;
    const cells = await api().gql(`{ observations(${filter}) { nodes { classif1 obsValue } } }`);
    const value = Object.fromEntries(cells.data!.observations.nodes.map((n: any) => [n.classif1, n.obsValue]));
    expect(Object.keys(value).length).toBeGreaterThan(5);
    const res = await api().gql(`{ slice(${filter}, dimensions: [{ dimension: "occupation", level: "skill_level" }]) {
      dimensions { codes { code } } observations { values contributors missing } } }`);
    expect(res.errors).toBeUndefined();
    const codes = res.data!.slice.dimensions[0].codes.map((c: any) => c.code);
    const at = (code: string) => codes.indexOf(code);
    const medium = ["4", "5", "6", "7", "8"].map((g) => value[`OCU_ISCO08_${g}`]).filter((v): v is string => !!v);
    expect(res.data!.slice.observations.values[at("OCU_SKILL_L2")]).toBe(sumDecimals(medium));
    expect(res.data!.slice.observations.contributors[at("OCU_SKILL_L2")]).toBe(medium.length);
    expect(res.data!.slice.observations.missing[at("OCU_SKILL_L2")]).toBe(5 - medium.length);
    expect(res.data!.slice.observations.values[at("OCU_SKILL_L1")]).toBe(value.OCU_ISCO08_9);
  });

  it("labels slice codes, also when they are read ahead of the cells", async () => {
    const res = await api()
      .gql(`{ slice(filter: { table: 15, refArea: ["LAO"], destination: ["KOR", "JPN"], expandHierarchy: false, timeFrom: 2022, timeTo: 2022 }, dimensions: [{ dimension: "sex" }, { dimension: "destination" }]) {
      dimensions { id codes { code label item { level } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.slice.dimensions).toEqual([
      {
        id: "sex",
        codes: [
          { code: "SEX_F", label: "Female", item: { level: "sex" } },
          { code: "SEX_M", label: "Male", item: { level: "sex" } },
          { code: "SEX_T", label: "Total", item: { level: "total" } },
        ],
      },
      {
        id: "destination",
        codes: [
          { code: "JPN", label: "Japan", item: { level: "country" } },
          { code: "KOR", label: "Korea, Republic of", item: { level: "country" } },
        ],
      },
    ]);
  });

  it("never sums table 8 (mean wages) and says why; refuses ambiguous slices", async () => {
    const wages = await api().gql(`{ slice(filter: { table: 8 }, dimensions: [{ dimension: "refArea", level: "group" }]) { size } }`);
    expect(wages.errors?.[0]?.extensions?.code).toBe("NOT_AGGREGATABLE");
    expect(wages.errors?.[0]?.message).toMatch(/mean cannot be summed/);
    const ambiguous = await api().gql(
      `{ slice(filter: { table: 15, refArea: ["LAO"], timeFrom: 2023, timeTo: 2023 }, dimensions: [{ dimension: "destination" }]) { size } }`,
    );
    expect(ambiguous.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(ambiguous.errors?.[0]?.message).toMatch(/sex has several values/);
  });

  it("computes derived indicators with units: migrant share, sex ratio, distribution, change", async () => {
    const share = await api()
      .gql(`{ derived(kind: MIGRANT_SHARE, filter: { table: 5, refArea: ["BRN"], timeFrom: 2019, timeTo: 2019, economicActivity: ["ECO_ISIC4_C"], expandHierarchy: false }) {
      measure unit dimensions { id codes { code } } observations { values } } }`);
    expect(share.errors).toBeUndefined();
    expect(share.data!.derived.measure).toBe("Migrant share of employment");
    const cells = await api().gql(
      `{ observations(filter: { table: 5, refArea: ["BRN"], timeFrom: 2019, timeTo: 2019, economicActivity: ["ECO_ISIC4_C"], expandHierarchy: false }) { nodes { classif2 obsValue } } }`,
    );
    const byStatus = Object.fromEntries(cells.data!.observations.nodes.map((n: any) => [n.classif2, Number(n.obsValue)]));
    expect(Number(share.data!.derived.observations.values[0])).toBeCloseTo((100 * byStatus.CBR_BIR_FOREIGN) / byStatus.CBR_BIR_TOTAL, 2);

    const ratio = await api().gql(
      `{ derived(kind: SEX_RATIO, filter: { table: 15, refArea: ["LAO"], destination: ["KOR"], timeFrom: 2023, timeTo: 2023 }) { unit observations { values } } }`,
    );
    expect(ratio.data!.derived.unit).toBe("Men per 100 women");
    expect(ratio.data!.derived.observations.values).toEqual(["102.41"]); // 1.743 / 1.702
    const dist = await api().gql(
      `{ derived(kind: PERCENT_DISTRIBUTION, dimension: "sex", filter: { table: 15, refArea: ["LAO"], destination: ["KOR"], timeFrom: 2023, timeTo: 2023 }) { observations { values } } }`,
    );
    // F and M as shares of the latest published total (2.815 as published, 3.445 once the vintage test's REV-1 is in).
    const cell = await api().gql(
      `{ observations(filter: { table: 15, refArea: ["LAO"], destination: ["KOR"], timeFrom: 2023, timeTo: 2023 }) { nodes { sex obsValue } } }`,
    );
    const v = Object.fromEntries(cell.data!.observations.nodes.map((n: any) => [n.sex, n.obsValue]));
    const pct = (part: string) => divideDecimals(divideDecimals(part, v.SEX_T, 6)!, "0.01", 2);
    expect(dist.data!.derived.observations.values).toEqual([pct(v.SEX_F), pct(v.SEX_M), "100"]);
    const change = await api().gql(
      `{ derived(kind: CHANGE, filter: { table: 15, refArea: ["LAO"], destination: ["TOTAL"], sex: ["SEX_T"] }) { unit size } }`,
    );
    expect(change.data!.derived.unit).toBe("Thousands of persons");
    expect(change.data!.derived.size).toBeGreaterThan(0);
    // Against the published series: each year's change from the previous reported year, exactly.
    const series = await api().gql(
      `{ observations(filter: { table: 15, refArea: ["KHM"], destination: ["TOTAL"], sex: ["SEX_T"] }) { nodes { time obsValue } } }`,
    );
    const byYear = series.data!.observations.nodes as { time: number; obsValue: string }[];
    const changes = await api().gql(
      `{ derived(kind: CHANGE, filter: { table: 15, refArea: ["KHM"], destination: ["TOTAL"], sex: ["SEX_T"] }, dimension: null) { dimensions { id codes { code } } observations { keys values } } }`,
    );
    const years = changes.data!.derived.dimensions.find((d: any) => d.id === "time").codes.map((c: any) => Number(c.code));
    const timeAxis = changes.data!.derived.dimensions.findIndex((d: any) => d.id === "time");
    expect(years).toEqual(byYear.slice(1).map((o) => o.time));
    changes.data!.derived.observations.keys.forEach((key: number[], i: number) => {
      const year = years[key[timeAxis]!];
      const at = byYear.findIndex((o) => o.time === year);
      expect(changes.data!.derived.observations.values[i]).toBe(subtractDecimals(byYear[at]!.obsValue, byYear[at - 1]!.obsValue));
    });
  });

  it("maps source quality per country, table and year, with completeness and check findings", async () => {
    const res = await api().gql(`{ qualityMap(countries: ["LAO", "BRN"], tables: [5, 15], yearFrom: 2019, yearTo: 2023) {
      refArea table time sourceCodes sources { code name } bases expectedCells reportedExpectedCells completeness flaggedShare openFindings lastRoundCode } }`);
    expect(res.errors).toBeUndefined();
    const cells = res.data!.qualityMap as any[];
    const lao = cells.find((c) => c.refArea === "LAO" && c.table === 15 && c.time === 2023);
    expect(lao).toMatchObject({ sourceCodes: ["DEMO:LAO"], bases: [], expectedCells: 3, reportedExpectedCells: 3, completeness: 1 });
    expect(lao.openFindings).toBeGreaterThan(0); // the published KOR total that differs from women + men
    const brn = cells.find((c) => c.refArea === "BRN" && c.table === 5 && c.time === 2019);
    // Women only, partial breakdowns: the map must show the gap.
    expect(brn.bases).toEqual(["CBR"]);
    expect(brn.expectedCells).toBe(3 * 22 * 3);
    expect(brn.completeness).toBeGreaterThan(0);
    expect(brn.completeness).toBeLessThan(0.34);
  });

  it("refuses reads above the cell cap: by the planner's estimate without countries, else by the exact count", async () => {
    const h = db().handle;
    const all = readSlice(h, planFilter({ table: 15 }), PUBLIC, null, 50);
    await expect(all).rejects.toMatchObject({ code: "QUERY_TOO_EXPENSIVE", details: { limit: 50 } });
    const narrow = readSlice(h, planFilter({ table: 15, refArea: ["IDN"] }), PUBLIC, null, 50);
    await expect(narrow).rejects.toMatchObject({ code: "QUERY_TOO_EXPENSIVE", message: expect.stringMatching(/more than 50 cells/) });
    const fits = await readSlice(
      h,
      planFilter({ table: 15, refArea: ["LAO"], dimensions: { destination: ["KOR"] }, sex: ["SEX_T"] }),
      PUBLIC,
      null,
      50,
    );
    expect(fits.values.length).toBeGreaterThan(0);
  });

  it("lists the status codes", async () => {
    const res = await api().gql(`{ statusCodes { code label } }`);
    expect(res.data!.statusCodes).toEqual(
      expect.arrayContaining([
        { code: "B", label: "Break in series" },
        { code: "U", label: "Unreliable" },
      ]),
    );
  });

  it("estimates a read's cells before running it", async () => {
    const res = await api().gql(
      `{ estimate(filter: { table: 15, refArea: ["LAO"] }) { estimatedCells cells sliceLimit withinLimit } all: observations(filter: { table: 15, refArea: ["LAO"] }) { totalCount } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.estimate.cells).toBe(res.data!.all.totalCount);
    expect(res.data!.estimate.estimatedCells).toBeGreaterThan(0);
    expect(res.data!.estimate.withinLimit).toBe(true);
  });
});
