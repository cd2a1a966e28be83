/** Exports on both drivers: a lossless ILOSTAT CSV round trip, as-of-round values, labelled CSV and XLSX. */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { expect, it } from "vitest";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { exportObservations } from "@ilms/formats";
import type { ExportOptions } from "@ilms/formats";
import type { DbHandle } from "@ilms/db";
import { describeOnDrivers } from "../helpers/db";
import { HEADER, createRound, createSource, csv, sampleText } from "./helpers";

async function exportBytes(h: DbHandle, options: ExportOptions): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await exportObservations(h, options, out);
  out.end();
  return Buffer.concat(chunks);
}

const records = (text: string) => parse(text, { bom: true, columns: true }) as Record<string, string>[];
const sorted = (rows: Record<string, string>[]) => rows.map((r) => JSON.stringify(r)).sort();

describeOnDrivers("exports", (db) => {
  it("gives back an imported ILOSTAT file row for row: same codes, same value text (2.300 stays 2.300)", async () => {
    const h = db().handle;
    await createRound(h, "T-RT");
    await createSource(h, "BA:544", "THA");
    await createSource(h, "FX:1", "MYS");
    const rows = [
      ["THA", "BA:544", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_TWN", "", "2020", "2.300", "", "", "", ""],
      ["THA", "BA:544", "MNA_OEMP_SEX_CDS_NB", "SEX_M", "CDS_DES_TWN", "", "2020", "1.250", "B", "", "T2:85", ""],
      ["THA", "BA:544", "MNA_OEMP_SEX_CDS_NB", "SEX_F", "CDS_DES_TWN", "", "2020", "1.050", "", "", "", "R1:3513_T2:85"],
      ["THA", "BA:544", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_X", "", "2019", "", "U", "", "", ""],
      ["MYS", "FX:1", "MST_XWAP_SEX_AGE_CCT_NB", "SEX_F", "AGE_AGGREGATE_TOTAL", "CCT_CIT_NONCIT", "2019", "1033.2", "", "", "", ""],
      ["MYS", "FX:1", "MST_FORE_SEX_CBR_NB", "SEX_T", "CBR_BRT_IDN", "", "2019", "10", "", "", "", ""],
      ["MYS", "FX:1", "MNA_OEMP_SEX_ECO_NB", "SEX_T", "ECO_ISIC4_C", "", "2019", "0.000", "", "", "", ""],
    ];
    const report = await importIlostat(h, { text: csv(rows) }, { round: "T-RT" });
    expect(report).toMatchObject({ status: "loaded", rowsWritten: rows.length });
    const text = (await exportBytes(h, { format: "ilostat-csv", includeUnpublished: true, asOfRound: "T-RT" })).toString("utf8");
    expect(text.startsWith(`\uFEFF${HEADER}\n`)).toBe(true);
    const exported = records(text).filter((r) => r.source === "BA:544" || r.source === "FX:1");
    expect(sorted(exported)).toEqual(sorted(records(csv(rows))));
  });

  it("returns the shipped sample unchanged apart from the source it was given", async () => {
    const h = db().handle;
    await loadDemoData(h);
    const text = (await exportBytes(h, { format: "ilostat-csv" })).toString("utf8");
    const exported = records(text).map((r) => ({ ...r, source: r.source!.startsWith("DEMO:") ? "" : r.source! }));
    // Only published rounds are exported by default: the draft test rounds stay out.
    expect(exported).toHaveLength(2756);
    expect(sorted(exported)).toEqual(sorted(records(sampleText())));
  });

  it("exports the values as they stood at a round, and only published rounds unless asked", async () => {
    const h = db().handle;
    await createRound(h, "T-X1", "published");
    const row = (value: string) =>
      csv([["THA", "BA:544", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_JPN", "", "2015", value, "", "", "", ""]]);
    await importIlostat(h, { text: row("5.000") }, { round: "T-X1", allowPublishedRound: true });
    await createRound(h, "T-X2");
    await importIlostat(h, { text: row("5.500") }, { round: "T-X2" });
    const valueIn = async (options: Partial<ExportOptions>) =>
      records((await exportBytes(h, { format: "ilostat-csv", indicator: "MNA_OEMP_SEX_CDS_NB", ...options })).toString("utf8")).find(
        (r) => r.ref_area === "THA" && r.time === "2015" && r.classif1 === "CDS_DES_JPN",
      )?.obs_value;
    expect(await valueIn({})).toBe("5.000");
    expect(await valueIn({ includeUnpublished: true })).toBe("5.500");
    expect(await valueIn({ includeUnpublished: true, asOfRound: "T-X1" })).toBe("5.000");
  });

  it("labels codes in the labelled CSV and neutralises formula-like text cells in CSV and XLSX, keeping values", async () => {
    const h = db().handle;
    await createRound(h, "T-NEU");
    await createSource(h, "@SUM(A1):VNM", "VNM", '=HYPERLINK("http://x")');
    await importIlostat(
      h,
      { text: csv([["VNM", "@SUM(A1):VNM", "MNA_OEMP_SEX_OCU_NB", "SEX_T", "OCU_ISCO08_7", "", "2022", "12.345", "", "", "", ""]]) },
      { round: "T-NEU" },
    );

    const labelled = records((await exportBytes(h, { format: "csv", table: 17, includeUnpublished: true })).toString("utf8"));
    expect(labelled).toHaveLength(1);
    expect(labelled[0]).toMatchObject({
      table: "17",
      ref_area: "VNM",
      ref_area_label: "Viet Nam",
      sex_label: "Total",
      occupation: "OCU_ISCO08_7",
      source: "'@SUM(A1):VNM",
      obs_value: "12.345",
      unit: "Thousands of persons",
      round: "T-NEU",
    });
    expect(labelled[0]!.occupation_label).toMatch(/Craft/);
    const ilostat = records((await exportBytes(h, { format: "ilostat-csv", table: 17, includeUnpublished: true })).toString("utf8"));
    expect(ilostat[0]).toMatchObject({ source: "'@SUM(A1):VNM", obs_value: "12.345" });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportBytes(h, { format: "xlsx", includeUnpublished: true })) as never);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toContain("T17 employment_outflows_by_occu");
    expect(names).toContain("T15 employment_outflows_by_dest");
    expect(names.at(-1)).toBe("Notes");
    const sheet = workbook.getWorksheet("T17 employment_outflows_by_occu")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const data = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => data[header.indexOf(name)];
    expect(cell("source")).toBe("'@SUM(A1):VNM");
    expect(cell("obs_value")).toBe(12.345);
    const notes = workbook.getWorksheet("Notes")!;
    const texts: string[] = [];
    notes.eachRow((r) => texts.push((r.values as unknown[]).slice(1).join(" | ")));
    expect(texts).toContain("'@SUM(A1):VNM | '=HYPERLINK(\"http://x\")");
  });
});
