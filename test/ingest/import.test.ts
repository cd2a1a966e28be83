/** The import pipeline end to end on both drivers: real sample, refusals, rounds and revisions, dry runs. */
import { expect, it } from "vitest";
import { DEMO_ROUND, importIlostat, loadDemoData } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import { countFacts, corruptedSample, createRound, createSource, csv, sampleText } from "./helpers";

describeOnDrivers("ILOSTAT import", (db) => {
  it("loads the real sample with no structural error and stores the LAO 2023 destination KOR additivity finding", async () => {
    const h = db().handle;
    const report = await loadDemoData(h);
    expect(report).toMatchObject({ status: "loaded", round: DEMO_ROUND, rowsRead: 2756, rowsWritten: 2756, errorCount: 0, errors: [] });
    expect(report.tables).toEqual([1, 3, 4, 5, 6, 15, 16]);
    expect(await countFacts(h, DEMO_ROUND)).toBe(2756);

    const lao = report.findings.find(
      (f) => f.check === "additivity" && f.refArea === "LAO" && f.time === 2023 && f.cells[0]!.dimensions.destination === "KOR",
    );
    expect(lao).toBeDefined();
    expect(lao).toMatchObject({ table: 15, actual: "2.815", expected: "3.445" });
    expect(lao!.cells.map((c) => [c.sex, c.value, c.role])).toEqual([
      ["SEX_T", "2.815", "total"],
      ["SEX_F", "1.702", "component"],
      ["SEX_M", "1.743", "component"],
    ]);
    expect(lao!.message).toMatch(/SEX_T 2\.815 differs from SEX_F 1\.702 \+ SEX_M 1\.743 = 3\.445/);

    // Stored against the round and the cells, and the published values themselves are untouched.
    const stored = await h.query<{ check: string; actual: string; cells: { sex: string }[]; code: string }>(
      `select f."check", f.actual::text as actual, f.cells, r.code from check_findings f join collection_rounds r on r.id = f.round_id
       where f."check" = 'additivity' and f.ref_area = 'LAO' and f.time = 2023 and f.table_id = 15 and f.cells->0->'dimensions'->>'destination' = 'KOR'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ check: "additivity", actual: "2.815", code: DEMO_ROUND });
    const [total] = await h.query<{ v: string }>(
      "select obs_value::text as v from fact_t15 where ref_area = 'LAO' and time = 2023 and sex = 'SEX_T' and destination = 'KOR'",
    );
    expect(total!.v).toBe("2.815");
    const [{ n }] = (await h.query<{ n: number }>("select count(*)::int as n from check_findings where import_id = $1", [report.id])) as [
      { n: number },
    ];
    expect(n).toBe(report.findingCount);
    // Coherence across tables is checked too (tables 4-7 and 15-17 in the sample disagree in places).
    expect(report.findings.some((f) => f.check === "coherence")).toBe(true);
  });

  it("re-importing the same file into the same round writes nothing and says so", async () => {
    const h = db().handle;
    const before = await countFacts(h);
    const report = await loadDemoData(h);
    expect(report).toMatchObject({ status: "unchanged", rowsRead: 2756, rowsWritten: 0, rowsUnchanged: 2756, errorCount: 0 });
    expect(await countFacts(h)).toBe(before);
    const [row] = await h.query<{ status: string }>("select status from imports where id = $1", [report.id]);
    expect(row!.status).toBe("unchanged");
  });

  it("refuses a corrupted copy with every problem listed and writes nothing", async () => {
    const h = db().handle;
    await createRound(h, "T-CORRUPT");
    const before = await countFacts(h);
    const { text, expected } = corruptedSample();
    const report = await importIlostat(h, { text, fileName: "corrupted.csv" }, { round: "T-CORRUPT", source: "DEMO:{ref_area}" });
    expect(report.status).toBe("rejected");
    expect(report.rowsWritten).toBe(0);
    expect(report.errorCount).toBe(expected.length);
    expect(report.errors.map(({ line, column, value, code }) => ({ line, column, value, code }))).toEqual(expected);
    for (const e of report.errors) expect(e.message.length).toBeGreaterThan(10);
    expect(await countFacts(h)).toBe(before);
    expect(await countFacts(h, "T-CORRUPT")).toBe(0);
    const [row] = await h.query<{ status: string; error_count: number }>("select status, error_count from imports where id = $1", [
      report.id,
    ]);
    expect(row).toEqual({ status: "rejected", error_count: 4 });
  });

  it("refuses the other structural errors, each at its line and column", async () => {
    const h = db().handle;
    await createRound(h, "T-STRUCT");
    await createSource(h, "T:LAO", "LAO");
    const rows = [
      ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_KOR", "", "2023", "-1.5", "", "", "", ""], // 2 negative
      ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_THA", "", "20x3", "1", "", "", "", ""], // 3 bad year
      ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_JPN", "", "2023", "", "", "", "", ""], // 4 empty value, no status
      ["LAO", "T:LAO", "MNA_OEMP_SEX_ECO_NB", "SEX_T", "OCU_ISCO08_1", "", "2023", "1", "", "", "", ""], // 5 wrong code list
      ["LAO", "T:LAO", "MNA_XXXX_SEX_CDS_NB", "SEX_T", "CDS_DES_KOR", "", "2023", "1", "", "", "", ""], // 6 unknown indicator
      ["LAO", "T:XXX", "MNA_OEMP_SEX_CDS_NB", "SEX_M", "CDS_DES_KOR", "", "2023", "1", "", "", "", ""], // 7 unknown source
      ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_F", "CBR_BRT_KOR", "", "2023", "1", "", "", "", ""], // 8 wrong prefix
      ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_F", "CDS_DES_KOR", "", "2023", "1", "Z", "", "", ""], // 9 unknown status
    ];
    const report = await importIlostat(h, { text: csv(rows) }, { round: "T-STRUCT" });
    expect(report.status).toBe("rejected");
    expect(report.errors.map((e) => [e.line, e.column, e.value, e.code])).toEqual([
      [2, "obs_value", "-1.5", "NEGATIVE_VALUE"],
      [3, "time", "20x3", "BAD_YEAR"],
      [4, "obs_value", "", "MISSING_VALUE"],
      [5, "classif1", "OCU_ISCO08_1", "WRONG_CODELIST"],
      [6, "indicator", "MNA_XXXX_SEX_CDS_NB", "UNKNOWN_INDICATOR"],
      [7, "source", "T:XXX", "UNKNOWN_SOURCE"],
      [8, "classif1", "CBR_BRT_KOR", "WRONG_CODELIST"],
      [9, "obs_status", "Z", "UNKNOWN_CODE"],
    ]);
    const missing = await importIlostat(
      h,
      { text: "ref_area,indicator,sex,classif1,time\nLAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023\n" },
      { round: "T-STRUCT" },
    );
    expect(missing.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, "obs_value", "MISSING_COLUMN"]]);
    const noSource = await importIlostat(
      h,
      { text: "ref_area,indicator,sex,classif1,time,obs_value\nLAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1\n" },
      { round: "T-STRUCT" },
    );
    expect(noSource.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, "source", "MISSING_SOURCE"]]);
    const wrongArea = await importIlostat(
      h,
      { text: "ref_area,indicator,sex,classif1,time,obs_value\nTHA,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1\n" },
      { round: "T-STRUCT", source: "T:LAO" },
    );
    expect(wrongArea.errors.map((e) => [e.line, e.column, e.value, e.code])).toEqual([[2, "source", "T:LAO", "SOURCE_AREA_MISMATCH"]]);
    expect(await countFacts(h, "T-STRUCT")).toBe(0);
  });

  it("takes a file without source column, BOM, sex or classif2, with quoted fields and a flagged empty value", async () => {
    const h = db().handle;
    await createRound(h, "T-LAYOUT");
    const text =
      'ref_area,indicator,sex,classif1,time,obs_value,obs_status\r\n"LAO",MNA_OEMP_SEX_CDS_NB,SEX_T,"CDS_DES_KOR",2022,"0.050",\r\nLAO,MNA_OEMP_SEX_CDS_NB,SEX_M,CDS_DES_KOR,2022,,U\r\n';
    const report = await importIlostat(h, { text }, { round: "T-LAYOUT", source: "T:{ref_area}" });
    expect(report).toMatchObject({ status: "loaded", rowsWritten: 2, errorCount: 0 });
    const rows = await h.query<{ sex: string; v: string | null; s: string | null }>(
      "select f.sex, f.obs_value::text as v, f.obs_status as s from fact_t15 f join collection_rounds r on r.id = f.round_id where r.code = 'T-LAYOUT' order by sex",
    );
    expect(rows).toEqual([
      { sex: "SEX_M", v: null, s: "U" },
      { sex: "SEX_T", v: "0.050", s: null },
    ]);
  });

  it("refuses a different value for a cell of the same round; a later round takes it as a revision and the earlier value stays", async () => {
    const h = db().handle;
    await createRound(h, "T-R1");
    const row = (value: string, sex = "SEX_T") => [
      "LAO",
      "T:LAO",
      "MNA_OEMP_SEX_CDS_NB",
      sex,
      "CDS_DES_SGP",
      "",
      "2021",
      value,
      "",
      "",
      "",
      "",
    ];
    const first = await importIlostat(h, { text: csv([row("1.500"), row("0.700", "SEX_M"), row("0.800", "SEX_F")]) }, { round: "T-R1" });
    expect(first).toMatchObject({ status: "loaded", rowsWritten: 3, revisions: 0 });

    const changed = csv([row("1.600"), row("0.700", "SEX_M"), row("0.900", "SEX_F")]);
    const sameRound = await importIlostat(h, { text: changed }, { round: "T-R1" });
    expect(sameRound.status).toBe("rejected");
    expect(sameRound.errors.map((e) => [e.line, e.code, e.value])).toEqual([
      [2, "CONFLICTS_WITH_ROUND", "1.600"],
      [4, "CONFLICTS_WITH_ROUND", "0.900"],
    ]);
    expect(sameRound.errors[0]!.message).toMatch(/already has 1\.500 in this round/);

    await createRound(h, "T-R2");
    const revision = await importIlostat(h, { text: changed }, { round: "T-R2" });
    expect(revision).toMatchObject({ status: "loaded", rowsWritten: 3, revisions: 2 });
    const values = await h.query<{ code: string; v: string }>(
      "select r.code, f.obs_value::text as v from fact_t15 f join collection_rounds r on r.id = f.round_id where f.ref_area = 'LAO' and f.time = 2021 and f.destination = 'SGP' and f.sex = 'SEX_T' order by r.id",
    );
    expect(values).toEqual([
      { code: "T-R1", v: "1.500" },
      { code: "T-R2", v: "1.600" },
    ]);
  });

  it("finds a duplicate cell on its own (caught at insert) and in a file partly already in the round", async () => {
    const h = db().handle;
    await createRound(h, "T-DUP");
    const row = (sex: string, value: string) => [
      "LAO",
      "T:LAO",
      "MNA_OEMP_SEX_CDS_NB",
      sex,
      "CDS_DES_MYS",
      "",
      "2018",
      value,
      "",
      "",
      "",
      "",
    ];
    const only = await importIlostat(h, { text: csv([row("SEX_T", "3"), row("SEX_M", "1"), row("SEX_T", "3.000")]) }, { round: "T-DUP" });
    expect(only.status).toBe("rejected");
    expect(only.errors.map((e) => [e.line, e.code, e.value])).toEqual([[4, "DUPLICATE_CELL", "3.000"]]);
    expect(only.errors[0]!.message).toMatch(/already given on line 2/);
    expect(await countFacts(h, "T-DUP")).toBe(0);

    expect(await importIlostat(h, { text: csv([row("SEX_T", "3")]) }, { round: "T-DUP" })).toMatchObject({
      status: "loaded",
      rowsWritten: 1,
    });
    const again = await importIlostat(h, { text: csv([row("SEX_T", "3"), row("SEX_M", "1"), row("SEX_M", "1")]) }, { round: "T-DUP" });
    expect(again.status).toBe("rejected");
    expect(again.errors.map((e) => [e.line, e.code])).toEqual([[4, "DUPLICATE_CELL"]]);
    expect(await countFacts(h, "T-DUP")).toBe(1);
  });

  it("a dry run reports what an import would do and keeps nothing", async () => {
    const h = db().handle;
    await createRound(h, "T-DRY");
    const before = await h.query<{ n: number }>("select count(*)::int as n from imports");
    const report = await importIlostat(h, { text: sampleText() }, { round: "T-DRY", source: "DEMO:{ref_area}", dryRun: true });
    expect(report).toMatchObject({ status: "dry-run", rowsWritten: 2756, errorCount: 0 });
    expect(report.id).toBeUndefined();
    expect(report.findings.some((f) => f.refArea === "LAO" && f.time === 2023)).toBe(true);
    expect(await countFacts(h, "T-DRY")).toBe(0);
    expect(await h.query("select count(*)::int as n from imports")).toEqual(before);
    expect(
      await h.query("select count(*)::int as n from check_findings f join collection_rounds r on r.id = f.round_id where r.code = 'T-DRY'"),
    ).toEqual([{ n: 0 }]);
  });

  it("never writes to a published round and names a missing one", async () => {
    const h = db().handle;
    await expect(importIlostat(h, { text: sampleText() }, { round: DEMO_ROUND, source: "DEMO:{ref_area}" })).rejects.toThrow(
      /is published/,
    );
    await expect(importIlostat(h, { text: sampleText() }, { round: "NOPE" })).rejects.toThrow(/No collection round 'NOPE'/);
  });

  it("takes no data into a round under review (submitted or validated), whatever the path", async () => {
    const h = db().handle;
    for (const status of ["submitted", "validated"]) {
      const code = `T-REVIEW-${status}`;
      await createRound(h, code, status);
      await expect(importIlostat(h, { text: sampleText() }, { round: code, source: "DEMO:{ref_area}" })).rejects.toThrow(
        new RegExp(`Round ${code} is ${status}: it takes no data while under review`),
      );
      const [row] = await h.query<{ n: number }>(
        "select count(*)::int as n from fact_t15 f join collection_rounds r on r.id = f.round_id where r.code = $1",
        [code],
      );
      expect(row!.n).toBe(0);
    }
  });
});
