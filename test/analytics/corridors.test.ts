/**
 * Issue 13 items 2-3: corridors and mirror statistics over GraphQL (real HTTP), on the real sample, checked cell
 * by cell against values computed here from the CSV; dated group membership; anonymous visibility.
 */
import { expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { createRound, createSource, csv, ilostatRow } from "../ingest/helpers";
import { importIlostat } from "@ilms/ingest";
import { sampleRows } from "./sample";

const CORRIDORS = `query($measure: CorridorMeasure!, $side: CorridorSide!, $year: Int, $origins: [String!], $destinations: [String!], $top: Int) {
  corridors(measure: $measure, side: $side, year: $year, origins: $origins, destinations: $destinations, top: $top) {
    originTable destinationTable origins destinations
    cells { origin destination time value side table source round flags originValue destinationValue }
    rowTotals { country time value cells } columnTotals { country time value cells } top { origin destination value }
  }
}`;

const MIRROR = `query($o: [String!]!, $d: [String!]!, $from: Int, $to: Int, $measure: CorridorMeasure) {
  mirror(origin: $o, destination: $d, yearFrom: $from, yearTo: $to, measure: $measure) {
    pair origin destination time originTable destinationTable originValue destinationValue originSource destinationSource
    ratio asymmetry coverage flags caveat
  }
}`;

/** Exact sum of decimal texts, as thousandths. */
const thousandths = (v: string) => Math.round(Number(v) * 1000);
const asText = (n: number) => (n / 1000).toFixed(3);

describeOnDrivers("Corridors and mirror statistics", (db) => {
  const api = useTestApi(db);
  let asean: string[] = [];

  it("gives the origin-reported matrix of outflows for employment within ASEAN, cell by cell as in the CSV, with totals", async () => {
    const h = db().handle;
    await loadDemoData(h);
    asean = (
      await h.query<{ country: string }>(
        "select country from country_group_members where group_code = 'ASEAN' and valid_from <= '2019-12-31'",
      )
    ).map((r) => r.country);
    const expected = sampleRows()
      .filter((r) => r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.sex === "SEX_T" && r.time === "2019" && asean.includes(r.ref_area))
      .map((r) => ({ origin: r.ref_area, destination: r.classif1.replace("CDS_DES_", ""), value: r.obs_value }))
      .filter((c) => asean.includes(c.destination) && c.destination !== c.origin);
    expect(expected.length).toBeGreaterThan(5);
    const res = await api().gql(CORRIDORS, { measure: "EMPLOYMENT_FLOW", side: "ORIGIN", year: 2019, top: 3 });
    expect(res.errors).toBeUndefined();
    const m = res.data!.corridors;
    expect(m.originTable).toBe(15);
    expect(m.cells.map((c: any) => ({ origin: c.origin, destination: c.destination, value: c.value })).sort(byKey)).toEqual(
      expected.sort(byKey),
    );
    for (const c of m.cells)
      expect(c).toMatchObject({ side: "ORIGIN", table: 15, round: "DEMO-ILOSTAT", source: `DEMO:${c.origin}`, time: 2019 });
    const rows = new Map<string, number>();
    for (const c of expected) rows.set(c.origin, (rows.get(c.origin) ?? 0) + thousandths(c.value));
    expect(Object.fromEntries(m.rowTotals.map((t: any) => [t.country, t.value]))).toEqual(
      Object.fromEntries([...rows].map(([k, v]) => [k, asText(v)])),
    );
    const columns = new Map<string, number>();
    for (const c of expected) columns.set(c.destination, (columns.get(c.destination) ?? 0) + thousandths(c.value));
    expect(Object.fromEntries(m.columnTotals.map((t: any) => [t.country, t.value]))).toEqual(
      Object.fromEntries([...columns].map(([k, v]) => [k, asText(v)])),
    );
    const largest = [...expected].sort((a, b) => Number(b.value) - Number(a.value)).slice(0, 3);
    expect(m.top.map((c: any) => c.value)).toEqual(largest.map((c) => c.value));
  });

  it("gives the destination-reported stock matrix (foreign-born by country of birth) as in the CSV; BOTH marks who reports", async () => {
    const expected = sampleRows()
      .filter((r) => r.indicator === "MST_FORP_SEX_CBR_NB" && r.sex === "SEX_T" && r.time === "2019" && asean.includes(r.ref_area))
      .map((r) => ({ origin: r.classif1.replace("CBR_BRT_", ""), destination: r.ref_area, value: r.obs_value }))
      .filter((c) => asean.includes(c.origin) && c.destination !== c.origin);
    expect(expected.length).toBeGreaterThan(0);
    const res = await api().gql(CORRIDORS, { measure: "STOCK", side: "DESTINATION", year: 2019 });
    expect(res.errors).toBeUndefined();
    const cells = res.data!.corridors.cells;
    expect(cells.map((c: any) => ({ origin: c.origin, destination: c.destination, value: c.value })).sort(byKey)).toEqual(
      expected.sort(byKey),
    );
    for (const c of cells) expect(c).toMatchObject({ side: "DESTINATION", table: 3, destinationValue: c.value, originValue: null });
    const both = await api().gql(CORRIDORS, { measure: "STOCK", side: "BOTH", year: 2019 });
    expect(both.data!.corridors.cells.every((c: any) => c.flags.includes("DESTINATION_ONLY"))).toBe(true);
  });

  it("on the real sample: every origin-reported outflow for employment within ASEAN as ORIGIN_ONLY, both-sided corridors as in the CSV", async () => {
    const rows = sampleRows().filter((r) => r.sex === "SEX_T" && r.time >= "2010");
    const inAsean = (o: string, d: string) => asean.includes(o) && asean.includes(d) && o !== d;
    const origin = rows
      .filter((r) => r.indicator === "MNA_OEMP_SEX_CDS_NB" && inAsean(r.ref_area, r.classif1.replace("CDS_DES_", "")))
      .map((r) => ({ key: `${r.ref_area} ${r.classif1.replace("CDS_DES_", "")} ${r.time}`, value: r.obs_value }));
    // Destination side of the employment-flow pairs: table 9 (none in the sample) and table 4 (employed foreign-born by birth).
    const destination = new Map(
      rows
        .filter((r) => r.indicator === "MST_FORE_SEX_CBR_NB" && inAsean(r.classif1.replace("CBR_BRT_", ""), r.ref_area))
        .map((r) => [`${r.classif1.replace("CBR_BRT_", "")} ${r.ref_area} ${r.time}`, r.obs_value]),
    );
    const res = await api().gql(MIRROR, { o: ["ASEAN"], d: ["ASEAN"], from: 2010, to: 2024, measure: "EMPLOYMENT_FLOW" });
    expect(res.errors).toBeUndefined();
    const all = res.data!.mirror as any[];
    const flowPair = all.filter((r) => r.pair === "employment-flow");
    expect(flowPair.map((r) => `${r.origin} ${r.destination} ${r.time} ${r.originValue} ${r.coverage}`).sort()).toEqual(
      origin.map((o) => `${o.key} ${o.value} ORIGIN_ONLY`).sort(),
    );
    const both = all.filter((r) => r.coverage === "BOTH");
    const expectedBoth = origin.filter((o) => destination.has(o.key)).map((o) => `${o.key} ${o.value} ${destination.get(o.key)}`);
    expect(both.map((r) => `${r.origin} ${r.destination} ${r.time} ${r.originValue} ${r.destinationValue}`).sort()).toEqual(
      expectedBoth.sort(),
    );
  });

  it("sets both reports of a corridor side by side: ratio, asymmetry, coverage and flags (sample outflows against inflows shaped like them)", async () => {
    const h = db().handle;
    await createRound(h, "T-MIR", "published");
    await createSource(h, "T:MYS-LFS", "MYS", "Test labour force survey");
    await h.query("update data_sources set source_type = 'BA' where code = 'T:MYS-LFS'");
    const series = sampleRows()
      .filter((r) => r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.ref_area === "IDN" && r.classif1 === "CDS_DES_MYS" && r.sex === "SEX_T")
      .sort((x, y) => Number(x.time) - Number(y.time));
    const outflows = series.slice(1, 6);
    expect(outflows.length).toBe(5);
    const [from, to] = [Number(outflows[0]!.time) - 1, Number(outflows[4]!.time) + 1];
    const factors = [1.3, 0.5, 1, 2, 0.9];
    const inflows = outflows.map((o, i) => (Number(o.obs_value) * factors[i]!).toFixed(3));
    const text = csv(
      outflows.map((o, i) => ["MYS", "T:MYS-LFS", "MFL_FPOP_SEX_CBR_NB", "SEX_T", "CBR_BRT_IDN", "", o.time, inflows[i]!, "", "", "", ""]),
    );
    expect((await importIlostat(h, { text }, { round: "T-MIR", allowPublishedRound: true })).status).toBe("loaded");
    const [idn] = await h.query<{ level: string | null }>(
      "select c.level from data_sources s left join codes c on c.codelist_id = 'SOURCE_TYPE' and c.code = s.source_type where s.code = 'DEMO:IDN'",
    );
    const mixed = idn!.level !== "household_survey" && idn!.level !== "census";
    const res = await api().gql(MIRROR, { o: ["IDN"], d: ["MYS"], from, to, measure: "EMPLOYMENT_FLOW" });
    expect(res.errors).toBeUndefined();
    const rows = (res.data!.mirror as any[]).filter((r) => r.pair === "employment-flow");
    const inRange = series.filter((r) => Number(r.time) >= from && Number(r.time) <= to);
    expect(rows.map((r) => [r.time, r.coverage])).toEqual(
      inRange.map((r) => [Number(r.time), outflows.includes(r) ? "BOTH" : "ORIGIN_ONLY"]),
    );
    for (const [i, o] of outflows.entries()) {
      const r = rows.find((x) => x.time === Number(o.time))!;
      const [ov, dv] = [Number(o.obs_value), Number(inflows[i])];
      expect(r).toMatchObject({
        originValue: o.obs_value,
        destinationValue: inflows[i],
        originSource: "DEMO:IDN",
        destinationSource: "T:MYS-LFS",
      });
      expect(r.ratio).toBeCloseTo(dv / ov, 9);
      expect(r.asymmetry).toBeCloseTo((dv - ov) / (dv + ov), 9);
      expect(r.flags).toEqual(["BASIS_BIRTH_VS_CITIZENSHIP", ...(mixed ? ["SURVEY_VS_ADMINISTRATIVE"] : []), "AGE_COVERAGE"]);
      expect(r.caveat).toMatch(/against all inflows/);
    }
  });

  it("respects dated membership: a 2020 matrix leaves out Timor-Leste (member from 2025), a 2025 one takes it in", async () => {
    const h = db().handle;
    await createRound(h, "T-TLS", "published");
    await createSource(h, "T:IDN-TLS", "IDN", "Test source");
    const row = (time: string, v: string) =>
      ilostatRow({
        ref_area: "IDN",
        source: "T:IDN-TLS",
        indicator: "MNA_OEMP_SEX_CDS_NB",
        sex: "SEX_T",
        classif1: "CDS_DES_TLS",
        time,
        obs_value: v,
      });
    const report = await importIlostat(
      h,
      { text: csv([row("2020", "0.5"), row("2025", "0.7")]) },
      { round: "T-TLS", allowPublishedRound: true },
    );
    expect(report.status).toBe("loaded");
    const y2020 = (await api().gql(CORRIDORS, { measure: "EMPLOYMENT_FLOW", side: "ORIGIN", year: 2020 })).data!.corridors;
    expect(y2020.destinations).toContain("TLS");
    expect(y2020.cells.some((c: any) => c.destination === "TLS")).toBe(false);
    expect(y2020.columnTotals.some((t: any) => t.country === "TLS")).toBe(false);
    const y2025 = (await api().gql(CORRIDORS, { measure: "EMPLOYMENT_FLOW", side: "ORIGIN", year: 2025 })).data!.corridors;
    expect(y2025.cells.filter((c: any) => c.destination === "TLS").map((c: any) => [c.origin, c.value, c.round])).toEqual([
      ["IDN", "0.7", "T-TLS"],
    ]);
    // A single country given by its code is always in.
    const direct = (
      await api().gql(CORRIDORS, { measure: "EMPLOYMENT_FLOW", side: "ORIGIN", year: 2020, origins: ["IDN"], destinations: ["TLS"] })
    ).data!.corridors;
    expect(direct.cells.map((c: any) => c.value)).toEqual(["0.5"]);
  });

  it("shows anonymous callers published values only, and refuses unknown countries with a coded error", async () => {
    const h = db().handle;
    await createRound(h, "T-DRAFT");
    const pick = sampleRows().find(
      (r) =>
        r.indicator === "MNA_OEMP_SEX_CDS_NB" &&
        r.sex === "SEX_T" &&
        r.time === "2019" &&
        r.ref_area === "IDN" &&
        r.classif1 === "CDS_DES_MYS",
    )!;
    const draft = [
      "IDN",
      "DEMO:IDN",
      "MNA_OEMP_SEX_CDS_NB",
      "SEX_T",
      "CDS_DES_MYS",
      "",
      "2019",
      (Number(pick.obs_value) + 5).toFixed(3),
      "",
      "",
      "",
      "",
    ];
    expect((await importIlostat(h, { text: csv([draft]) }, { round: "T-DRAFT" })).status).toBe("loaded");
    const m = (
      await api().gql(CORRIDORS, { measure: "EMPLOYMENT_FLOW", side: "ORIGIN", year: 2019, origins: ["IDN"], destinations: ["MYS"] })
    ).data!.corridors;
    expect(m.cells.map((c: any) => [c.value, c.round])).toEqual([[pick.obs_value, "DEMO-ILOSTAT"]]);
    const bad = await api().gql(CORRIDORS, { measure: "STOCK", side: "ORIGIN", year: 2019, origins: ["XXX"] });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("XXX");
    const noYear = await api().gql(MIRROR, { o: ["IDN"], d: ["MYS"] });
    expect(noYear.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

function byKey(a: { origin: string; destination: string }, b: { origin: string; destination: string }): number {
  const ka = `${a.origin} ${a.destination}`;
  const kb = `${b.origin} ${b.destination}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
