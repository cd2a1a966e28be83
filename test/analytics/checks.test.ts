/**
 * Issue 13 item 1: the checks the statisticians still missed on real published rows, each found with the right
 * kind, on both drivers. The real sample (published in the demo round) is the earlier round; the new rows
 * come into a later draft round, so that every check must look across rounds.
 */
import { expect, it } from "vitest";
import { DEFAULT_CHECK_THRESHOLDS, TABLES } from "@ilms/domain";
import { demoCsv, findingFingerprint, importIlostat, loadDemoData, runChecks } from "@ilms/ingest";
import type { Finding } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { createRound, createSource, csv, ilostatRow } from "../ingest/helpers";
import { sampleRows, value } from "./sample";

const DEMO = "DEMO-ILOSTAT";

describeOnDrivers("Checks across rounds and the missing rules", (db) => {
  it("flags the real sample's reporting country counted among its own foreign-born (IDN 2021, CBR_BRT_IDN)", async () => {
    const report = await loadDemoData(db().handle);
    expect(report.status).toBe("loaded");
    // Independently from the CSV: rows whose counterpart country is the reporting country.
    const own = sampleRows().filter((r) => /^(CBR_BRT|CCT_CTZ|CDS_DES|CRS_RES)_/.test(r.classif1) && r.classif1.endsWith(`_${r.ref_area}`));
    expect(own.length).toBeGreaterThan(0);
    const found = report.findings.filter((f) => f.check === "self-counterpart");
    expect(found.map((f) => `${f.refArea} ${f.time} ${f.cells[0]!.sex} ${f.actual}`).sort()).toEqual(
      own.map((r) => `${r.ref_area} ${r.time} ${r.sex} ${r.obs_value}`).sort(),
    );
    const idn = found.find((f) => f.cells[0]!.sex === "SEX_T")!;
    expect(idn).toMatchObject({ severity: "warning", table: 4, refArea: "IDN", time: 2021 });
    expect(idn.cells[0]).toMatchObject({ round: DEMO, sourceCode: "DEMO:IDN-CBR" });
    expect(idn.message).toMatch(
      /^Indonesia 2021, Total, Country of origin: Indonesia: the country of origin is the reporting country itself/,
    );
  });

  it("compares table 17 in a new round with table 15 already published: partial coverage as its own kind, and a plain disagreement", async () => {
    const h = db().handle;
    await createRound(h, "T-X17");
    const v2010 = value({ ref_area: "LAO", indicator: "MNA_OEMP_SEX_CDS_NB", sex: "SEX_T", classif1: "CDS_DES_TOTAL", time: "2010" });
    const v2011 = value({ ref_area: "LAO", indicator: "MNA_OEMP_SEX_CDS_NB", sex: "SEX_T", classif1: "CDS_DES_TOTAL", time: "2011" });
    const small = (Number(v2010) * 0.12).toFixed(3);
    const close = (Number(v2011) * 0.9).toFixed(3);
    const row = (time: string, v: string) =>
      ilostatRow({
        ref_area: "LAO",
        source: "DEMO:LAO",
        indicator: "MNA_OEMP_SEX_OCU_NB",
        sex: "SEX_T",
        classif1: "OCU_ISCO08_TOTAL",
        time,
        obs_value: v,
      });
    const report = await importIlostat(h, { text: csv([row("2010", small), row("2011", close)]) }, { round: "T-X17" });
    expect(report.status).toBe("loaded");

    const partial = report.findings.filter((f) => f.check === "partial-coverage");
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ severity: "info", refArea: "LAO", time: 2010, expected: v2010, actual: small });
    expect(partial[0]!.cells.map((c) => [c.table, c.value, c.round])).toEqual([
      [15, v2010, DEMO],
      [17, small, "T-X17"],
    ]);
    expect(partial[0]!.message).toContain("Lao People's Democratic Republic 2010");
    expect(partial[0]!.message).toContain(`${((Number(small) / Number(v2010)) * 100).toFixed(1)}% of table 15`);

    const plain = report.findings.filter((f) => f.check === "coherence" && f.refArea === "LAO");
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({ severity: "warning", time: 2011, expected: v2011, actual: close });
    expect(plain[0]!.cells.map((c) => c.round)).toEqual([DEMO, "T-X17"]);

    // With a lower threshold (configuration), the same 12% share is a plain disagreement.
    const recheck = await h.transaction(async (tx) => {
      const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = 'T-X17'");
      return runChecks(tx, r!.id, null, [17], { ...DEFAULT_CHECK_THRESHOLDS, partialCoverageBelow: 0.1 });
    });
    expect(recheck.filter((f) => f.check === "partial-coverage")).toHaveLength(0);
    expect(recheck.filter((f) => f.check === "coherence" && f.refArea === "LAO").map((f) => f.time)).toEqual([2010, 2011]);
  });

  it("finds an outflow for employment (15, published) larger than the total outflow (14, new round), seventeen years in a row", async () => {
    const h = db().handle;
    await createRound(h, "T-X14");
    await createSource(h, "T:IDN-ADMIN", "IDN", "Test administrative source");
    const years = Array.from({ length: 17 }, (_, i) => String(2000 + i));
    const employment = years.map((t) =>
      value({ ref_area: "IDN", indicator: "MNA_OEMP_SEX_CDS_NB", sex: "SEX_T", classif1: "CDS_DES_TOTAL", time: t }),
    );
    const rows = years.map((t, i) => {
      const v = (Number(employment[i]) * 0.5).toFixed(3);
      return ["IDN", "T:IDN-ADMIN", "MNA_OPOP_SEX_CDS_NB", "SEX_T", "CDS_DES_TOTAL", "", t, v, "", "", "", ""];
    });
    const report = await importIlostat(h, { text: csv(rows) }, { round: "T-X14" });
    expect(report.status).toBe("loaded");
    const found = report.findings.filter((f) => f.check === "subset");
    expect(found.map((f) => f.time)).toEqual(years.map(Number));
    for (const [i, f] of found.entries()) {
      expect(f).toMatchObject({ table: 15, refArea: "IDN", severity: "warning", actual: employment[i], expected: rows[i]![7] });
      expect(f.cells.map((c) => [c.table, c.role, c.round, c.sourceCode])).toEqual([
        [15, "part", DEMO, "DEMO:IDN"],
        [14, "whole", "T-X14", "T:IDN-ADMIN"],
      ]);
      expect(f.message).toMatch(
        /^Indonesia \d{4}, Total, Country of destination: all countries: outflow of nationals for employment .* exceeds outflow of nationals/,
      );
    }
    // Flagged, never changed.
    const [kept] = await h.query<{ v: string }>(
      "select obs_value::text as v from fact_t15 where ref_area = 'IDN' and time = 2000 and sex = 'SEX_T' and destination = 'TOTAL'",
    );
    expect(kept!.v).toBe(employment[0]);
  });

  it("checks the other subset rules against published values: employed migrants ≤ migrants, employed ≤ working-age, foreign-born ≤ total", async () => {
    const h = db().handle;
    await createRound(h, "T-SUB");
    const rows = sampleRows();
    const t3 = rows.find((r) => r.ref_area === "BRN" && r.indicator === "MST_FORP_SEX_CBR_NB" && r.classif1 === "CBR_BRT_IDN")!;
    const xwap = rows.find((r) => r.ref_area === "MYS" && r.indicator === "MST_XWAP_SEX_AGE_CCT_NB" && Number(r.obs_value) > 1)!;
    const t5 = rows.find(
      (r) => r.ref_area === "BRN" && r.indicator === "MST_TEMP_SEX_ECO_CBR_NB" && r.classif2 === "CBR_BIR_TOTAL" && Number(r.obs_value) > 1,
    )!;
    const more = (v: string) => (Number(v) + 1).toFixed(3);
    const line = (r: typeof t3, indicator: string, classif2: string, v: string) => [
      r.ref_area,
      `DEMO:${r.ref_area}`,
      indicator,
      r.sex,
      r.classif1,
      classif2,
      r.time,
      v,
      "",
      "",
      "",
      "",
    ];
    const text = csv([
      line(t3, "MST_FORE_SEX_CBR_NB", "", more(t3.obs_value)),
      line(xwap, "MST_TEMP_SEX_AGE_CCT_NB", xwap.classif2, more(xwap.obs_value)),
      line(t5, "MST_TEMP_SEX_ECO_CBR_NB", "CBR_BIR_FOREIGN", more(t5.obs_value)),
    ]);
    const report = await importIlostat(h, { text }, { round: "T-SUB" });
    expect(report.status).toBe("loaded");
    const found = report.findings.filter((f) => f.check === "subset");
    const summary = (f: Finding) => [f.table, f.refArea, f.time, f.actual, f.expected, f.cells[1]!.round];
    expect(found.map(summary).sort()).toEqual(
      [
        [4, "BRN", Number(t3.time), more(t3.obs_value), t3.obs_value, DEMO],
        [1, "MYS", Number(xwap.time), more(xwap.obs_value), xwap.obs_value, DEMO],
        [5, "BRN", Number(t5.time), more(t5.obs_value), t5.obs_value, DEMO],
      ].sort(),
    );
    expect(found.find((f) => f.table === 4)!.message).toContain("employed migrants");
    expect(found.find((f) => f.table === 1)!.message).toContain("exceeds working-age population");
    expect(found.find((f) => f.table === 5)!.message).toContain("exceeds all employed persons");
  });

  it("flags breaks in series: a real jump of the sample (factor configurable), a status B and a change of source", async () => {
    const h = db().handle;
    // The real jump: IDN's outflow for employment to Taiwan, 2021 -> 2022, computed from the CSV.
    const cell = { ref_area: "IDN", indicator: "MNA_OEMP_SEX_CDS_NB", sex: "SEX_T", classif1: "CDS_DES_TWN" };
    const before = Number(value({ ...cell, time: "2021" }));
    const after = Number(value({ ...cell, time: "2022" }));
    const ratio = after / before;
    expect(ratio).toBeGreaterThan(DEFAULT_CHECK_THRESHOLDS.jumpFactor);
    const recheck = (jumpFactor: number) =>
      h.transaction(async (tx) => {
        const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = $1", [DEMO]);
        return runChecks(tx, r!.id, null, [15], { ...DEFAULT_CHECK_THRESHOLDS, jumpFactor });
      });
    const isTwn = (f: Finding) =>
      f.check === "break" &&
      f.refArea === "IDN" &&
      f.time === 2022 &&
      f.cells[0]!.dimensions.destination === "TWN" &&
      f.cells[0]!.sex === "SEX_T";
    const jump = (await recheck(DEFAULT_CHECK_THRESHOLDS.jumpFactor)).filter(isTwn);
    expect(jump).toHaveLength(1);
    expect(jump[0]!.message).toContain(`${ratio.toFixed(2)} times the 2021 value`);
    expect((await recheck(Math.ceil(ratio) + 1)).filter(isTwn)).toHaveLength(0);

    await createRound(h, "T-BRK");
    await createSource(h, "T:KHM-NEW", "KHM", "Test new source");
    const kor2023 = value({ ref_area: "KHM", indicator: "MNA_OEMP_SEX_CDS_NB", sex: "SEX_T", classif1: "CDS_DES_KOR", time: "2023" });
    const rows = [
      ["KHM", "DEMO:KHM", "MNA_OEMP_SEX_CDS_NB", "SEX_F", "CDS_DES_KOR", "", "2023", "1.234", "B", "", "", ""],
      ["KHM", "T:KHM-NEW", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_KOR", "", "2024", kor2023, "", "", "", ""],
    ];
    const report = await importIlostat(h, { text: csv(rows) }, { round: "T-BRK" });
    expect(report.status).toBe("loaded");
    const found = report.findings.filter((f) => f.check === "break" && f.refArea === "KHM");
    const status = found.filter((f) => /status B/.test(f.message));
    expect(status.map((f) => [f.time, f.actual, f.cells[0]!.round])).toEqual([[2023, "1.234", "T-BRK"]]);
    const change = found.filter((f) => /source changes/.test(f.message));
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({ time: 2024, severity: "info", actual: kor2023, expected: kor2023 });
    expect(change[0]!.message).toContain("from DEMO:KHM (2023");
    expect(change[0]!.cells.map((c) => [c.time, c.sourceCode, c.round])).toEqual([
      [2024, "T:KHM-NEW", "T-BRK"],
      [2023, "DEMO:KHM", DEMO],
    ]);
    // The value with status B is stored as given.
    const [kept] = await h.query<{ v: string; s: string }>(
      "select obs_value::text as v, obs_status as s from fact_t15 f join collection_rounds r on r.id = f.round_id where r.code = 'T-BRK' and sex = 'SEX_F'",
    );
    expect(kept).toEqual({ v: "1.234", s: "B" });
  });
  it("compares with each cell's value in the round checked, else in the latest visible round: not an older one, not an embargoed one", async () => {
    const h = db().handle;
    await createSource(h, "T:VNM-SEQ", "VNM", "Test source across rounds");
    const row = (destination: string, time: string, v: string) =>
      ilostatRow({
        ref_area: "VNM",
        source: "T:VNM-SEQ",
        indicator: "MNA_OEMP_SEX_CDS_NB",
        sex: "SEX_T",
        classif1: `CDS_DES_${destination}`,
        time,
        obs_value: v,
      });
    // 2019 as three earlier rounds published it: 100, then 10, then 1000 in a round still under embargo.
    const earlier: [string, string, string | null][] = [
      ["T-SEQ-OLD", "100", null],
      ["T-SEQ-NEW", "10", null],
      ["T-SEQ-EMB", "1000", "now() + interval '1 day'"],
    ];
    for (const [code, v, release] of earlier) {
      await createRound(h, code);
      const loaded = await importIlostat(h, { text: csv([row("FRA", "2019", v), row("DEU", "2019", v)]) }, { round: code });
      expect(loaded.status).toBe("loaded");
      await h.query(`update collection_rounds set status = 'published', release_at = ${release ?? "null"} where code = $1`, [code]);
    }
    // The round checked: 40 in 2020 for both; for DEU it also holds its own 2019 value, 35.
    await createRound(h, "T-SEQ");
    const report = await importIlostat(
      h,
      { text: csv([row("FRA", "2020", "40"), row("DEU", "2020", "40"), row("DEU", "2019", "35")]) },
      { round: "T-SEQ" },
    );
    expect(report.status).toBe("loaded");
    const jumps = report.findings.filter((f) => f.check === "break" && f.refArea === "VNM" && /times the/.test(f.message));
    // FRA: 40 against the latest visible 10 (round T-SEQ-NEW), a jump by 4; not 100 (older), not 1000 (embargoed).
    // DEU: 40 against the round's own 35, no jump.
    expect(jumps.map((f) => [f.cells[0]!.dimensions.destination, f.expected, f.actual, f.cells[1]!.round])).toEqual([
      ["FRA", "10", "40", "T-SEQ-NEW"],
    ]);
    expect(jumps[0]!.message).toContain("4.00 times the 2019 value 10");
  });

  it("leaves the transaction's planner settings as it found them, and runs twice in one transaction", async () => {
    const h = db().handle;
    const settings = await h.transaction(async (tx) => {
      await tx.query("set local work_mem = '4MB'");
      const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = $1", [DEMO]);
      const first = await runChecks(tx, r!.id, null, [15]);
      const second = await runChecks(tx, r!.id, null, [15]);
      expect(second).toEqual(first);
      expect(first.length).toBeGreaterThan(0);
      const [now] = await tx.query<{ work_mem: string; enable_mergejoin: string }>(
        "select current_setting('work_mem') as work_mem, current_setting('enable_mergejoin') as enable_mergejoin",
      );
      return now;
    });
    expect(settings).toEqual({ work_mem: "4MB", enable_mergejoin: "on" });
  });

  it("finds the same whether the checks read the checked cells inline or from temporary tables, for an import and a whole round", async () => {
    const h = db().handle;
    await createRound(h, "T-FORMS");
    // Four in five of Brunei's and Laos's real rows in a later round, every third value doubled: totals no
    // longer add up, series jump, and the cells the round does not hold come from the published demo round.
    const lines = demoCsv()
      .split("\n")
      .filter((l, i) => /^(BRN|LAO),/.test(l) && i % 5 !== 1);
    const text = csv(
      lines.map((l, i) => {
        const f = l.split(",");
        if (i % 3 === 0 && f[7] !== "") f[7] = (Number(f[7]) * 2).toFixed(3);
        return f;
      }),
    );
    const report = await importIlostat(h, { text }, { round: "T-FORMS" });
    expect(report.status).toBe("loaded");
    expect(report.findings).toHaveLength(report.findingCount); // all listed, so that they can be compared below
    const both = (round: string, importId: number | null, tables: number[]) =>
      h.transaction(async (tx) => {
        const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = $1", [round]);
        const inline = await runChecks(tx, r!.id, importId, tables, DEFAULT_CHECK_THRESHOLDS, { cells: "inline" });
        const temporary = await runChecks(tx, r!.id, importId, tables, DEFAULT_CHECK_THRESHOLDS, { cells: "temporary" });
        return { inline, temporary };
      });
    const fromImport = await both("T-FORMS", report.id!, report.tables);
    expect(fromImport.inline).toEqual(fromImport.temporary);
    expect(fromImport.inline.map(findingFingerprint).sort()).toEqual(report.findings.map(findingFingerprint).sort());
    expect(new Set(fromImport.inline.map((f) => f.check))).toEqual(
      new Set(["additivity", "break", "coherence", "partial-coverage", "subset"]),
    );
    expect(fromImport.inline.some((f) => f.cells.some((c) => c.round === DEMO))).toBe(true);
    const wholeRound = await both(
      DEMO,
      null,
      TABLES.map((t) => t.id),
    );
    expect(wholeRound.inline).toEqual(wholeRound.temporary);
    expect(wholeRound.inline.length).toBeGreaterThan(100);
  });

  it("takes no tiny series for a break: 3 -> 10 persons is noise under the default minimum size, a break without it", async () => {
    const h = db().handle;
    await createRound(h, "T-TINY");
    await createSource(h, "T:MMR-TINY", "MMR", "Test source of a tiny series");
    // Myanmar's outflow to Brunei: 3 persons, then 10 (in thousands), with a country total of 20 thousand.
    const line = (dest: string, time: string, v: string) => [
      "MMR",
      "T:MMR-TINY",
      "MNA_OEMP_SEX_CDS_NB",
      "SEX_T",
      dest,
      "",
      time,
      v,
      "",
      "",
      "",
      "",
    ];
    const text = csv([
      line("CDS_DES_BRN", "2020", "0.003"),
      line("CDS_DES_BRN", "2021", "0.010"),
      line("CDS_DES_TOTAL", "2020", "20.000"),
      line("CDS_DES_TOTAL", "2021", "21.000"),
      // A large series beside it: 1.5 -> 6 thousand is a break by every threshold.
      line("CDS_DES_SGP", "2020", "1.500"),
      line("CDS_DES_SGP", "2021", "6.000"),
    ]);
    const report = await importIlostat(h, { text }, { round: "T-TINY" });
    expect(report.status).toBe("loaded");
    const jumps = (fs: readonly Finding[]) =>
      fs
        .filter((f) => f.check === "break" && f.refArea === "MMR" && /times the/.test(f.message))
        .map((f) => f.cells[0]!.dimensions.destination);
    expect(jumps(report.findings)).toEqual(["SGP"]);
    const recheck = (t: Partial<typeof DEFAULT_CHECK_THRESHOLDS>) =>
      h.transaction(async (tx) => {
        const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = 'T-TINY'");
        return runChecks(tx, r!.id, null, [15], { ...DEFAULT_CHECK_THRESHOLDS, ...t });
      });
    // Without a minimum size the tiny series is flagged: the factor alone (3.33) is what the noise was.
    expect(jumps(await recheck({ jumpMinValue: 0, jumpMinShare: 0 })).sort()).toEqual(["BRN", "SGP"]);
    // The share of the country's total is a threshold too: 4.5 thousand of 21 is 21%, below a 25% minimum share.
    expect(jumps(await recheck({ jumpMinShare: 0.25 }))).toEqual([]);
  });

  it("flags on the real sample only jumps where both values reach the minimum size", async () => {
    const h = db().handle;
    const findings = await h.transaction(async (tx) => {
      const [r] = await tx.query<{ id: number }>("select id from collection_rounds where code = $1", [DEMO]);
      return runChecks(tx, r!.id, null, [3, 4, 13, 14, 15], DEFAULT_CHECK_THRESHOLDS);
    });
    const jumps = findings.filter((f) => f.check === "break" && /times the/.test(f.message));
    expect(jumps.length).toBeGreaterThan(0);
    for (const f of jumps)
      expect(Math.min(Number(f.actual), Number(f.expected))).toBeGreaterThanOrEqual(DEFAULT_CHECK_THRESHOLDS.jumpMinValue);
    // Independently from the CSV: the consecutive-year jumps of table 15 by the factor alone, and those the minimum value keeps.
    const series = new Map<string, Map<number, number>>();
    for (const r of sampleRows().filter((r) => r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.obs_value !== "")) {
      const k = `${r.ref_area} ${r.sex} ${r.classif1}`;
      if (!series.has(k)) series.set(k, new Map());
      series.get(k)!.set(Number(r.time), Number(r.obs_value));
    }
    let byFactor = 0;
    let bySize = 0;
    for (const years of series.values())
      for (const [t, v] of years) {
        const prev = years.get(t - 1);
        if (prev === undefined || !(v > 0 && prev > 0) || Math.max(v / prev, prev / v) <= DEFAULT_CHECK_THRESHOLDS.jumpFactor) continue;
        byFactor++;
        if (Math.min(v, prev) >= DEFAULT_CHECK_THRESHOLDS.jumpMinValue) bySize++;
      }
    const t15 = jumps.filter((f) => f.table === 15).length;
    expect(bySize).toBeLessThan(byFactor);
    expect(t15).toBeLessThanOrEqual(bySize);
    expect(t15).toBeGreaterThan(0);
  });
});
