/**
 * The console's Report page in a real browser (Debian's Chromium via playwright-core) against the real API on
 * PGlite holding the real sample (published): the preview frame shows the report's title and a key figure,
 * recomputed here from the sample CSV; the three download buttons fetch `/reports/<round>.<format>` with the
 * right content type and save a file that is what it says (HTML, PDF, XLSX). No request leaves 127.0.0.1.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { HAS_CHROMIUM, SHOTS, useConsole } from "../helpers/browser";
import { sampleRows } from "../analytics/sample";

const ADMIN = "analyst@report.test";
const ROUND = "DEMO-ILOSTAT";
const POLL = { timeout: 60_000, interval: 200 };

/**
 * A key figure from the CSV alone: Indonesia's migrant stock (table 3, both sexes) in its latest year up to the
 * round's 2024: the published `_TOTAL` cell, or else the sum of the countries of birth.
 */
function indonesiaStock(): { year: number; text: string } {
  const rows = sampleRows().filter(
    (r) =>
      r.ref_area === "IDN" && r.indicator === "MST_FORP_SEX_CBR_NB" && r.sex === "SEX_T" && r.obs_value !== "" && Number(r.time) <= 2024,
  );
  if (rows.length === 0) throw new Error("the sample has no migrant stock for Indonesia");
  const year = Math.max(...rows.map((r) => Number(r.time)));
  const inYear = rows.filter((r) => Number(r.time) === year);
  const total = inYear.find((r) => r.classif1.endsWith("_TOTAL"));
  const value = total ? Number(total.obs_value) : inYear.reduce((a, r) => a + Math.round(Number(r.obs_value) * 1000), 0) / 1000;
  return { year, text: value.toLocaleString("en", { maximumFractionDigits: 3 }) };
}

describe.skipIf(!HAS_CHROMIUM)("the Report page of the console", { timeout: 240_000 }, () => {
  const ui = useConsole({
    users: [[ADMIN, "admin"]],
    seed: async (db) => {
      expect((await loadDemoData(db.handle)).status).toBe("loaded");
    },
    signInAs: ADMIN,
    timeout: 30_000,
  });

  it("previews the round's report in a frame showing its title and Indonesia's migrant stock from the sample", async () => {
    await ui.page.getByRole("menuitem", { name: "Report" }).click();
    await ui.page.locator("h1", { hasText: "Analytical report of a round" }).waitFor();
    const frame = ui.page.frameLocator('iframe[title="Report preview"]');
    await frame.locator("h1").waitFor({ timeout: 120_000 });
    expect(await frame.locator("h1").innerText()).toContain(ROUND);
    const { year, text } = indonesiaStock();
    const body = await frame.locator("body").innerText();
    expect(body).toContain("Key figures of the round");
    // The key-figures row of Indonesia: its name, the latest year and the value, on one table row.
    const row = frame
      .locator("tr", { hasText: "Indonesia" })
      .filter({ hasText: String(year) })
      .filter({ hasText: text });
    await expect.poll(() => row.count(), POLL).toBeGreaterThan(0);
    await ui.page.screenshot({ path: join(SHOTS, "40-report-preview.png") });
  });

  const downloads: { label: string; format: string; type: string; magic: (b: Buffer) => boolean }[] = [
    { label: "HTML", format: "html", type: "text/html; charset=utf-8", magic: (b) => /^<!doctype html>/i.test(b.toString("utf8", 0, 20)) },
    { label: "PDF", format: "pdf", type: "application/pdf", magic: (b) => b.toString("latin1", 0, 5) === "%PDF-" },
    {
      label: "XLSX",
      format: "xlsx",
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      magic: (b) => b[0] === 0x50 && b[1] === 0x4b,
    },
  ];
  for (const d of downloads)
    it(`the ${d.label} button downloads the report as ${d.type}`, async () => {
      const response = ui.page.waitForResponse((r) => new URL(r.url()).pathname === `/reports/${ROUND}.${d.format}`, { timeout: 120_000 });
      const download = ui.page.waitForEvent("download", { timeout: 120_000 });
      await ui.page.getByRole("button", { name: d.label, exact: true }).click();
      const res = await response;
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe(d.type);
      const file = await download;
      expect(file.suggestedFilename()).toBe(`ilms-report-${ROUND}-ASEAN-en.${d.format}`);
      const bytes = readFileSync((await file.path())!);
      expect(bytes.length).toBeGreaterThan(1_000);
      expect(d.magic(bytes), `${d.format} file signature`).toBe(true);
      await ui.page.getByText(`Downloaded ${file.suggestedFilename()}`).waitFor();
    });

  it("made no request outside 127.0.0.1", () => {
    expect(ui.external).toEqual([]);
  });
});
