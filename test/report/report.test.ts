/**
 * Issue 17: the analytical report of a round. On the real sample: the PDF's text (pdftotext) holds the key
 * figures, recomputed here from the sample CSV; every chart's SVG holds its data values; the HTML loads in
 * Chromium with no outside request and no console error; the PDF's pages render (pdftoppm, PNGs saved in
 * test/artifacts/report/); the XLSX has the same numbers; a draft round's report is refused to anonymous
 * callers; public reports are cached until the data epoch moves on; the CLI writes a report with progress.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { buildReport, renderCharts } from "@ilms/report";
import type { ReportChart } from "@ilms/report";
import { MemoryResponseCache } from "../../apps/api/src/http/response-cache";
import { sampleRows } from "../analytics/sample";
import type { SampleRow } from "../analytics/sample";
import { useTestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { ilms } from "../helpers/cli";
import { describeOnDrivers } from "../helpers/db";
import { createRound, createSource, csv } from "../ingest/helpers";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/report/", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ROUND = "DEMO-ILOSTAT";
/** A value only the draft round holds: it must never reach an anonymous caller. */
const DRAFT_VALUE = "4321.987";

const hasTool = (tool: string) => {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** English figure formatting, written independently of the report's formatter. */
const en = (v: string | number) => Number(v).toLocaleString("en", { maximumFractionDigits: 3 });
const fr = (v: string | number) => Number(v).toLocaleString("en", { maximumFractionDigits: 3 }).replaceAll(",", " ").replace(".", ",");

/** Thousandths as integers, so that sums are exact. */
const milli = (v: string) => Math.round(Number(v) * 1000);

interface Expected {
  member: string;
  year: number;
  value: string;
}

/**
 * Key figures from the CSV alone: per ASEAN member, the latest year (up to the round's 2024) of the indicator's
 * totals for both sexes, the published `_TOTAL` cell or else the sum of the counterparts.
 */
function expectedFigures(indicator: string, members: string[]): { rows: Expected[]; region: Expected | null } {
  const rows: Expected[] = [];
  const byMember = new Map<string, SampleRow[]>();
  for (const r of sampleRows())
    if (r.indicator === indicator && r.sex === "SEX_T" && r.obs_value !== "" && Number(r.time) <= 2024 && members.includes(r.ref_area))
      byMember.set(r.ref_area, [...(byMember.get(r.ref_area) ?? []), r]);
  for (const [member, list] of byMember) {
    const year = Math.max(...list.map((r) => Number(r.time)));
    const inYear = list.filter((r) => Number(r.time) === year);
    const total = inYear.find((r) => r.classif1.endsWith("_TOTAL"));
    const value = total ? total.obs_value : String(inYear.reduce((a, r) => a + milli(r.obs_value), 0) / 1000);
    rows.push({ member, year, value });
  }
  if (rows.length === 0) return { rows, region: null };
  const year = Math.max(...rows.map((r) => r.year));
  const sum = rows.filter((r) => r.year === year).reduce((a, r) => a + milli(r.value), 0);
  return { rows, region: { member: "ASEAN", year, value: String(sum / 1000) } };
}

describeOnDrivers("The analytical report of a round", (db, driver) => {
  const cache = new MemoryResponseCache();
  const api = useTestApi(db, { responseCache: cache });
  const dir = mkdtempSync(join(tmpdir(), "ilms-report-"));
  let members: string[] = [];
  let names = new Map<string, string>();

  beforeAll(async () => {
    const h = db().handle;
    await loadDemoData(h);
    members = (await h.query<{ country: string }>("select country from country_group_members where group_code = 'ASEAN'")).map(
      (r) => r.country,
    );
    names = new Map(
      (await h.query<{ code: string; label: string }>("select code, labels->>'en' as label from codes where codelist_id = 'AREA'")).map(
        (r) => [r.code, r.label],
      ),
    );
    // A draft round holding one value that only staff may see.
    await createRound(h, "DRAFT-2025");
    await createSource(h, "DRAFTSRC:BRN", "BRN");
    const report = await importIlostat(
      h,
      { text: csv([["BRN", "DRAFTSRC:BRN", "MST_FORP_SEX_CBR_NB", "SEX_T", "CBR_BRT_TOTAL", "", "2024", DRAFT_VALUE, "", "", "", ""]]) },
      { round: "DRAFT-2025" },
    );
    expect(report.status).not.toBe("rejected");
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cache.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api().url}${path}`, { headers });

  it("the PDF's text holds every key figure, recomputed from the sample CSV, and none of the draft round", async () => {
    if (!hasTool("pdftotext")) return console.warn("SKIPPED: pdftotext missing (poppler-utils)");
    const res = await get(`/reports/${ROUND}.pdf?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const file = join(dir, "report-en.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Key figures of the round");
    const lines = text.split("\n");
    let checked = 0;
    for (const indicator of ["MST_FORP_SEX_CBR_NB", "MST_FORE_SEX_CBR_NB", "MNA_OEMP_SEX_CDS_NB"]) {
      const { rows, region } = expectedFigures(indicator, members);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of [...rows, region!]) {
        const label = row.member === "ASEAN" ? "(members reporting)" : names.get(row.member)!;
        const found = lines.some(
          (l) => l.includes(label) && new RegExp(`\\b${row.year}\\s+${en(row.value).replace(".", "\\.")}\\b`).test(l),
        );
        expect(found, `${indicator} ${row.member} ${row.year} ${en(row.value)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(8);
    expect(text).not.toContain(en(DRAFT_VALUE));
    // Every page renders; the PNGs are kept for a reader.
    const prefix = join(ARTIFACTS, `report-en-${driver}`);
    for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`report-en-${driver}`)) rmSync(join(ARTIFACTS, f));
    execFileSync("pdftoppm", ["-r", "60", "-png", file, prefix]);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
    const pngs = readdirSync(ARTIFACTS).filter((f) => f.startsWith(`report-en-${driver}`) && f.endsWith(".png"));
    expect(pages).toBeGreaterThan(3);
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) expect(statSync(join(ARTIFACTS, png)).size).toBeGreaterThan(2_000);
  });

  it("the French PDF speaks French with accents, French number marks, and marks the English fallback of labels", async () => {
    if (!hasTool("pdftotext")) return console.warn("SKIPPED: pdftotext missing (poppler-utils)");
    const res = await get(`/reports/${ROUND}.pdf?lang=fr`);
    expect(res.status).toBe(200);
    const file = join(dir, "report-fr.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const heading of [
      "Chiffres clés du cycle",
      "Évolutions par membre et par sexe",
      "Qualité des données et lacunes",
      "Annexe méthodologique",
    ])
      expect(text).toContain(heading);
    // Country names have French labels (iso-codes); a code without one (the ASEAN group) is shown in English,
    // marked, and the mark explained.
    expect(text).toContain("Marqué † : pas de libellé dans cette langue");
    const label = async (code: string, lang: string) =>
      (
        await db().handle.query<{ l: string | null }>("select labels->>$2 as l from codes where codelist_id = 'AREA' and code = $1", [
          code,
          lang,
        ])
      )[0]!.l;
    const idnFr = await label("IDN", "fr");
    expect(idnFr).toBeTruthy();
    expect(text).toContain(idnFr!);
    expect(text).not.toContain(`${idnFr}†`);
    expect(text.replace(/\s+/g, " ")).toContain("Association of Southeast Asian Nations†");
    const idn = expectedFigures("MNA_OEMP_SEX_CDS_NB", members).rows.find((r) => r.member === "IDN")!;
    expect(text).toContain(fr(idn.value));
    execFileSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "1", file, join(ARTIFACTS, `report-fr-${driver}`)]);
  });

  it("every chart's SVG holds the values of its data, and the trend of a series holds the sample's values", async () => {
    const model = await buildReport(db().handle, { round: ROUND, drafts: false, lang: "en" });
    await renderCharts(model);
    const charts = model.sections.flatMap((s) => s.blocks).filter((b): b is ReportChart => b.kind === "chart");
    expect(charts.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        "trend-stock",
        "trend-employmentOutflow",
        "matrix-employment_flow",
        "composition-occupation",
        "completeness",
      ]),
    );
    for (const chart of charts) {
      expect(chart.data.length, chart.id).toBeGreaterThan(0);
      for (const d of chart.data) {
        const [field, decimals] = "value" in d ? ["value", 3] : "share" in d ? ["share", 1] : ["completeness", 1];
        const v = d[field as string] as number;
        const text = decimals === 3 ? String(Number(v.toFixed(3))) : v.toFixed(1);
        expect(chart.svg!.includes(`aria-label="${text}"`) || chart.svg!.includes(`>${text}<`), `${chart.id} ${JSON.stringify(d)}`).toBe(
          true,
        );
      }
    }
    const trend = charts.find((c) => c.id === "trend-employmentOutflow")!;
    const idn = sampleRows().filter(
      (r) => r.ref_area === "IDN" && r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.classif1 === "CDS_DES_TOTAL" && r.sex === "SEX_T",
    );
    expect(idn.length).toBeGreaterThan(20);
    for (const r of idn) expect(trend.svg).toContain(`aria-label="${Number(r.obs_value)}"`);
  });

  it("the HTML is self-contained: Chromium loads it with no outside request and no console error", async () => {
    if (!existsSync(CHROMIUM)) return console.warn(`SKIPPED: ${CHROMIUM} missing`);
    const url = `${api().url}/reports/${ROUND}.html?lang=fr`;
    const html = await (await get(`/reports/${ROUND}.html?lang=fr`)).text();
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      const response = await page.goto(url, { waitUntil: "load" });
      expect(response!.status()).toBe(200);
      expect(await page.locator("svg").count()).toBeGreaterThan(4);
      expect(await page.locator("h2").first().textContent()).toBe("Sommaire");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("the XLSX holds the same numbers as the PDF, and the queries that reproduce each table", async () => {
    const res = await get(`/reports/${ROUND}.xlsx?lang=en`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("key-figures-employed")!;
    const values: { member: string; year: number; value: number }[] = [];
    sheet.eachRow((row, i) => {
      if (i > 2)
        values.push({ member: String(row.getCell(1).value), year: Number(row.getCell(2).value), value: row.getCell(3).value as number });
    });
    const { rows } = expectedFigures("MST_FORE_SEX_CBR_NB", members);
    for (const r of rows) expect(values).toContainEqual({ member: names.get(r.member)!, year: r.year, value: Number(r.value) });
    const queries = workbook.getWorksheet("Queries")!;
    expect(queries.rowCount).toBeGreaterThan(8);
    expect(String(queries.getRow(2).getCell(3).value)).toMatch(/query Report/);
  });

  it("refuses a draft round's report to anonymous callers (404, as any hidden round) and gives it to staff, marked draft", async () => {
    for (const format of ["pdf", "html", "xlsx"]) {
      const res = await get(`/reports/DRAFT-2025.${format}`);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).not.toContain(DRAFT_VALUE);
      expect(JSON.parse(body).error.code).toBe("NOT_FOUND");
    }
    const staff = await get(`/reports/DRAFT-2025.html`, await asAdmin(api(), db().handle));
    expect(staff.status).toBe(200);
    expect(staff.headers.get("cache-control")).toContain("no-store");
    const html = await staff.text();
    expect(html).toContain("Draft: this round is not published");
    expect(html).toContain(en(DRAFT_VALUE));
    // The published round's report, for anyone, holds nothing of the later draft.
    expect(await (await get(`/reports/${ROUND}.html`)).text()).not.toContain(en(DRAFT_VALUE));
    expect((await get(`/reports/NO-SUCH-ROUND.pdf`)).status).toBe(404);
    expect((await get(`/reports/${ROUND}.docx`)).status).toBe(400);
  });

  it("caches a public report per round and language until the data epoch moves on", async () => {
    const first = await get(`/reports/${ROUND}.html?lang=en&region=ASEAN`);
    await first.text();
    const again = await get(`/reports/${ROUND}.html?lang=en&region=ASEAN`);
    expect(again.headers.get("x-ilms-cache")).toBe("hit");
    const body = await again.text();
    const french = await get(`/reports/${ROUND}.html?lang=fr&region=ASEAN`);
    await french.text();
    expect(await (await get(`/reports/${ROUND}.html?lang=fr&region=ASEAN`)).text()).not.toBe(body);
    await cache.invalidate();
    const after = await get(`/reports/${ROUND}.html?lang=en&region=ASEAN`);
    expect(after.headers.get("x-ilms-cache")).toBe("miss");
    await after.text();
  });

  it("the CLI writes the report with progress, and refuses a draft round without --include-unpublished", { timeout: 240_000 }, async () => {
    const out = join(dir, "cli.xlsx");
    const env: Record<string, string> = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
    if (driver === "pglite") expect((await ilms(["seed", "--demo"], env)).code).toBe(0);
    const run = await ilms(["report", "--round", ROUND, "--format", "xlsx", "-o", out], env);
    expect(run.stderr).toContain("[1/7] keyFigures");
    expect(run.stderr).toContain("[7/7] methods");
    expect(run.code).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(5_000);
    if (driver === "postgres") {
      const refused = await ilms(["report", "--round", "DRAFT-2025", "--format", "pdf", "-o", join(dir, "draft.pdf")], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("--include-unpublished");
    }
  });
});
