/**
 * Issue 13 items 3-4 and the downloads: the mirror matrix (every corridor x year at once, NEITHER included),
 * the data-gaps map and the CSV/XLSX downloads of corridors, mirror and gaps, over real HTTP on the real
 * sample, checked against figures computed here from the CSV and the sample's sources file; dated membership.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { DEFAULT_GAP_THRESHOLDS, SOURCE_QUALITY_FIELDS, TABLES, getIndicator } from "@ilms/domain";
import { DEMO_FILE, importIlostat, loadDemoData } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { GAPS } from "../helpers/gaps";
import { createRound, createSource, csv } from "../ingest/helpers";
import { sampleRows } from "./sample";

const MATRIX = `query($year: Int, $from: Int, $to: Int, $measure: CorridorMeasure) {
  mirrorMatrix(year: $year, yearFrom: $from, yearTo: $to, measure: $measure) {
    origins destinations yearFrom yearTo
    rows { pair origin destination time originValue destinationValue ratio asymmetry coverage flags }
    coverage { pair coverage count }
  }
}`;

interface DemoSourceJson {
  code: string;
  refArea: string;
  indicators: string[];
  comparability?: string | null;
  [field: string]: unknown;
}
const demoSources = (JSON.parse(readFileSync(new URL("sources.json", pathToFileURL(DEMO_FILE)), "utf8")) as { sources: DemoSourceJson[] })
  .sources;

/** The sample's destination tables for the pairs: which indicator serves which table, from the catalogue. */
const tableOf = (indicator: string) => getIndicator(indicator)!.table;
const counterpart = (classif1: string) => classif1.replace(/^(CDS_DES|CBR_BRT|CCT_CTZ|CRS_RES)_/, "");

describeOnDrivers("Mirror matrix, data-gaps map and analytics downloads", (db) => {
  const api = useTestApi(db);
  let asean2019: string[] = [];

  it("gives every ASEAN corridor x pair of 2019 at once, each cell's coverage and values as in the CSV", async () => {
    const h = db().handle;
    expect((await loadDemoData(h)).status).toBe("loaded");
    asean2019 = (
      await h.query<{ country: string }>(
        "select country from country_group_members where group_code = 'ASEAN' and valid_from <= '2019-12-31' and (valid_to is null or valid_to >= '2019-01-01')",
      )
    ).map((r) => r.country);
    const res = await api().gql(MATRIX, { year: 2019 });
    expect(res.errors).toBeUndefined();
    const m = res.data!.mirrorMatrix;
    // The group's countries of any year are considered; a year's rows hold only its members of that year.
    expect([...m.origins].sort()).toEqual([...asean2019, "TLS"].sort());
    expect(m.rows.some((r: any) => r.origin === "TLS" || r.destination === "TLS")).toBe(false);
    // Independently: per table (origin side 15, destination sides 3 and 4 in the sample), the 2019 totals by sex of each corridor.
    const values = new Map<string, string>();
    for (const r of sampleRows().filter((x) => x.time === "2019" && x.sex === "SEX_T" && x.obs_value !== "")) {
      const other = counterpart(r.classif1);
      if (other === r.classif1 || other === "TOTAL" || other === "X") continue;
      const table = tableOf(r.indicator);
      // Table 15 is reported by the origin (by destination), tables 3 and 4 by the destination (by origin).
      const key = table === 15 || table === 13 || table === 14 ? `${table} ${r.ref_area} ${other}` : `${table} ${other} ${r.ref_area}`;
      values.set(key, r.obs_value);
    }
    const pairs: Record<string, [number, number]> = {
      stock: [13, 3],
      flow: [14, 9],
      "employment-flow": [15, 9],
      "employment-flow-to-stock": [15, 4],
    };
    const corridorsPerPair = asean2019.length * (asean2019.length - 1);
    expect(m.rows).toHaveLength(Object.keys(pairs).length * corridorsPerPair);
    for (const r of m.rows) {
      const [ot, dt] = pairs[r.pair]!;
      const o = values.get(`${ot} ${r.origin} ${r.destination}`) ?? null;
      const d = values.get(`${dt} ${r.origin} ${r.destination}`) ?? null;
      expect([r.originValue, r.destinationValue, r.coverage], `${r.pair} ${r.origin}->${r.destination}`).toEqual([
        o,
        d,
        o && d ? "BOTH" : o ? "ORIGIN_ONLY" : d ? "DESTINATION_ONLY" : "NEITHER",
      ]);
      if (o && d) expect(r.asymmetry).toBeCloseTo((Number(d) - Number(o)) / (Number(d) + Number(o)), 9);
      else expect(r.asymmetry).toBeNull();
    }
    const counted = m.coverage.reduce((n: number, c: { count: number }) => n + c.count, 0);
    expect(counted).toBe(m.rows.length);
    expect(m.coverage.find((c: any) => c.pair === "employment-flow" && c.coverage === "ORIGIN_ONLY")?.count).toBe(
      [...values.keys()].filter(
        (k) =>
          k.startsWith("15 ") &&
          k
            .split(" ")
            .slice(1)
            .every((c) => asean2019.includes(c)),
      ).length,
    );
  });

  it("maps the data gaps of the real sample per country, as computed from the CSV and its sources file", async () => {
    const [from, to] = [2015, 2024];
    const res = await api().gql(GAPS, { countries: ["ASEAN"], from, to });
    expect(res.errors).toBeUndefined();
    const g = res.data!.gaps;
    expect(g).toMatchObject({
      yearFrom: from,
      yearTo: to,
      tables: TABLES.map((t) => t.id),
      breaksAtLeast: DEFAULT_GAP_THRESHOLDS.breaksAtLeast,
    });
    // Independently: table-years with a value per country.
    const have = new Map<string, Set<string>>();
    for (const r of sampleRows().filter((x) => x.obs_value !== "" && Number(x.time) >= from && Number(x.time) <= to)) {
      if (!have.has(r.ref_area)) have.set(r.ref_area, new Set());
      have.get(r.ref_area)!.add(`${tableOf(r.indicator)} ${r.time}`);
    }
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    for (const c of g.countries) {
      const mine = have.get(c.country) ?? new Set<string>();
      const expectedYears = years.filter((y) => y <= to && (c.country !== "TLS" || y >= 2025));
      expect(c.years, c.country).toEqual(expectedYears);
      expect(c.reported, c.country).toBe(mine.size);
      expect(c.expected).toBe(expectedYears.length * TABLES.length);
      for (const t of TABLES) {
        const reported = expectedYears.filter((y) => mine.has(`${t.id} ${y}`));
        const gap = c.missing.find((x: any) => x.table === t.id);
        if (reported.length === expectedYears.length) expect(gap).toBeUndefined();
        else
          expect(gap, `${c.country} ${t.id}`).toMatchObject({
            reportedYears: reported,
            missingYears: expectedYears.filter((y) => !reported.includes(y)),
          });
        expect(c.tablesAbsent.includes(t.id), `${c.country} ${t.id}`).toBe(reported.length === 0);
      }
      // Sources behind the country's values in the years, and what their description lacks (from sources.json).
      const used = demoSources.filter(
        (s) =>
          s.refArea === c.country &&
          sampleRows().some(
            (r) => r.ref_area === c.country && s.indicators.includes(r.indicator) && Number(r.time) >= from && Number(r.time) <= to,
          ),
      );
      const lacking = used
        .map((s) => ({
          source: s.code,
          missingFields: SOURCE_QUALITY_FIELDS.filter((f) => s[f.key] == null || s[f.key] === "").map((f) => f.title),
        }))
        .filter((s) => s.missingFields.length > 0);
      expect(c.sourcesLackingQuality.map((s: any) => ({ source: s.source, missingFields: s.missingFields })).sort(bySource)).toEqual(
        lacking.sort(bySource),
      );
      expect(c.comparability.map((s: any) => [s.source, s.comparability]).sort()).toEqual(
        used
          .filter((s) => s.comparability !== "full")
          .map((s) => [s.code, s.comparability ?? "unassessed"])
          .sort(),
      );
    }
    expect(g.countries.some((c: any) => c.country === "TLS")).toBe(false);
    // Break clusters are the stored break findings per table and year, from the threshold up.
    const stored = await db().handle.query<{ ref_area: string; table_id: number; time: number; n: number }>(
      `select ref_area, table_id, time::int as time, count(*)::int as n from check_findings where "check" = 'break' and time between $1 and $2
        group by ref_area, table_id, time having count(*) >= $3`,
      [from, to, DEFAULT_GAP_THRESHOLDS.breaksAtLeast],
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(
      g.countries.flatMap((c: any) => c.breakClusters.map((b: any) => `${c.country} ${b.table} ${b.time} ${b.breaks}`)).sort(),
    ).toEqual(
      stored
        .filter((s) => s.ref_area !== "TLS")
        .map((s) => `${s.ref_area} ${s.table_id} ${s.time} ${s.n}`)
        .sort(),
    );
  });

  it("leaves a member out of the years before it joined: Timor-Leste in the 2025 mirror matrix, not in 2020's", async () => {
    const h = db().handle;
    await createRound(h, "T-TLS-M", "published");
    await createSource(h, "T:IDN-TLS-M", "IDN", "Test source");
    const row = (time: string) => ["IDN", "T:IDN-TLS-M", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_TLS", "", time, "0.400", "", "", "", ""];
    expect(
      (await importIlostat(h, { text: csv([row("2020"), row("2025")]) }, { round: "T-TLS-M", allowPublishedRound: true })).status,
    ).toBe("loaded");
    const rowsOf = async (year: number) => (await api().gql(MATRIX, { year, measure: "EMPLOYMENT_FLOW" })).data!.mirrorMatrix.rows as any[];
    expect((await rowsOf(2020)).some((r) => r.destination === "TLS" || r.origin === "TLS")).toBe(false);
    const y2025 = await rowsOf(2025);
    expect(y2025.filter((r) => r.destination === "TLS" && r.coverage !== "NEITHER").map((r) => [r.pair, r.origin, r.originValue])).toEqual([
      ["employment-flow", "IDN", "0.400"],
      ["employment-flow-to-stock", "IDN", "0.400"],
    ]);
    expect(y2025.some((r) => r.origin === "TLS" && r.coverage === "NEITHER")).toBe(true);
  });

  it("lists a corridor whose two reports disagree among both countries' gaps, largest asymmetry first", async () => {
    const h = db().handle;
    await createRound(h, "T-ASYM", "published");
    await createSource(h, "T:MYS-ADM", "MYS", "Test administrative inflows");
    const idnToMys = sampleRows().find(
      (r) =>
        r.ref_area === "IDN" &&
        r.indicator === "MNA_OEMP_SEX_CDS_NB" &&
        r.classif1 === "CDS_DES_MYS" &&
        r.sex === "SEX_T" &&
        r.time === "2018",
    )!;
    // Malaysia's inflows from Indonesia (table 9): a quarter of what Indonesia reports leaving for Malaysia.
    const inflow = (Number(idnToMys.obs_value) / 4).toFixed(3);
    const text = csv([["MYS", "T:MYS-ADM", "MFL_FPOP_SEX_CBR_NB", "SEX_T", "CBR_BRT_IDN", "", "2018", inflow, "", "", "", ""]]);
    expect((await importIlostat(h, { text }, { round: "T-ASYM", allowPublishedRound: true })).status).toBe("loaded");
    const g = (await api().gql(GAPS, { countries: ["IDN", "MYS"], from: 2018, to: 2018 })).data!.gaps;
    const asymmetry = (Number(inflow) - Number(idnToMys.obs_value)) / (Number(inflow) + Number(idnToMys.obs_value));
    for (const c of g.countries) {
      expect(
        c.asymmetries.map((a: any) => [a.pair, a.origin, a.destination, a.originValue, a.destinationValue]),
        c.country,
      ).toEqual([["employment-flow", "IDN", "MYS", idnToMys.obs_value, inflow]]);
      expect(c.asymmetries[0].asymmetry).toBeCloseTo(asymmetry, 9);
      expect(c.asymmetries[0].flags).toContain("AGE_COVERAGE");
    }
    const loose = await api().gql(
      `{ gaps(countries: ["IDN"], year: 2018, asymmetryAtLeast: 0.7) { countries { asymmetries { origin } } } }`,
    );
    expect(loose.data!.gaps.countries[0].asymmetries).toEqual([]);
    const wrong = await api().gql(`{ gaps(countries: ["IDN"]) { yearFrom } }`);
    expect(wrong.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("downloads corridors, the mirror matrix and the gaps map as CSV and XLSX, with labels; bad arguments as JSON errors", async () => {
    const base = api().url;
    const res = await fetch(`${base}/export/corridors.csv?measure=EMPLOYMENT_FLOW&side=ORIGIN&year=2019`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("ilms-corridors-2019.csv");
    const [header, ...lines] = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(header!.split(",").slice(0, 6)).toEqual(["origin", "origin_label", "destination", "destination_label", "time", "value"]);
    const expected = sampleRows()
      .filter((r) => r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.sex === "SEX_T" && r.time === "2019")
      .filter(
        (r) => asean2019.includes(r.ref_area) && asean2019.includes(counterpart(r.classif1)) && counterpart(r.classif1) !== r.ref_area,
      )
      .map((r) => `${r.ref_area} ${counterpart(r.classif1)} ${Number(r.obs_value)}`);
    const parsed = lines.map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, "").replace(/^"|"$/g, "")));
    expect(parsed.map((f) => `${f[0]} ${f[2]} ${Number(f[5])}`).sort()).toEqual(expected.sort());
    const idn = parsed.find((f) => f[0] === "IDN")!;
    expect(idn[1]).toBe("Indonesia");

    const xlsx = await fetch(`${base}/export/mirror.xlsx?yearFrom=2018&yearTo=2019&measure=EMPLOYMENT_FLOW`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet("Mirror")!;
    const graph = (await api().gql(MATRIX, { from: 2018, to: 2019, measure: "EMPLOYMENT_FLOW" })).data!.mirrorMatrix.rows as any[];
    expect(sheet.rowCount - 1).toBe(graph.length);
    const both = graph.find((r) => r.coverage === "BOTH")!;
    const match = sheet
      .getSheetValues()
      .find(
        (v) => Array.isArray(v) && v[1] === both.pair && v[2] === both.origin && v[4] === both.destination && v[6] === both.time,
      ) as unknown[];
    expect(match[12]).toBeCloseTo(both.asymmetry, 9);
    expect(book.getWorksheet("Notes")).toBeDefined();

    const gapsCsv = await (await fetch(`${base}/export/gaps.csv?countries=IDN,MYS&yearFrom=2015&yearTo=2024`)).text();
    expect(gapsCsv).toContain("Indonesia");
    expect(gapsCsv).toMatch(/table absent/);
    expect(gapsCsv).toMatch(/source lacks quality fields/);

    const bad = await fetch(`${base}/export/corridors.csv?measure=PEOPLE&year=2019`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatchObject({ code: "BAD_USER_INPUT", field: "measure" });
    const noYear = await fetch(`${base}/export/gaps.xlsx`);
    expect(noYear.status).toBe(400);
    expect(((await noYear.json()) as any).error.message).toMatch(/year/);
    expect((await fetch(`${base}/export/other.csv`)).status).toBe(404);
  });

  it("shows anonymous downloads published values only", async () => {
    const h = db().handle;
    await createRound(h, "T-DRAFT-X");
    const pick = sampleRows().find(
      (r) =>
        r.indicator === "MNA_OEMP_SEX_CDS_NB" &&
        r.sex === "SEX_T" &&
        r.time === "2019" &&
        r.ref_area === "IDN" &&
        r.classif1 === "CDS_DES_MYS",
    )!;
    const draft = ["IDN", "DEMO:IDN", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_MYS", "", "2019", "999.999", "", "", "", ""];
    expect((await importIlostat(h, { text: csv([draft]) }, { round: "T-DRAFT-X" })).status).toBe("loaded");
    const text = await (
      await fetch(`${api().url}/export/corridors.csv?measure=EMPLOYMENT_FLOW&side=ORIGIN&year=2019&origins=IDN&destinations=MYS`)
    ).text();
    expect(text).not.toContain("999.999");
    expect(text).toContain(`,${pick.obs_value},`);
  });
});

function bySource(a: { source: string }, b: { source: string }): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}
