/**
 * The console's Report page in a real browser (Debian's Chromium via playwright-core) against the real API on
 * PGlite holding the real sample (published): the preview frame shows the report's title and a key figure,
 * recomputed here from the sample CSV; the three download buttons fetch `/reports/<round>.<format>` with the
 * right content type and save a file that is what it says (HTML, PDF, XLSX). No request leaves 127.0.0.1.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { authConfig } from "@ilms/governance/tokens";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { TEST_PASSWORD, TEST_SECRET, createTestUser } from "../helpers/auth";
import { createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { sampleRows } from "../analytics/sample";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONSOLE = join(ROOT, "apps/console");
const DIST = join(CONSOLE, "dist");
const SHOTS = join(ROOT, "test/artifacts/screenshots");
const ADMIN = "analyst@report.test";
const ROUND = "DEMO-ILOSTAT";
const POLL = { timeout: 60_000, interval: 200 };

if (!HAS_CHROMIUM) console.warn(`[browser tests] SKIPPED: ${CHROMIUM} is missing (no browser is downloaded)`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureConsoleBuilt(): void {
  const index = join(DIST, "index.html");
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs < Math.max(newestMtime(join(CONSOLE, "src")), statSync(join(CONSOLE, "vite.config.ts")).mtimeMs);
  if (stale) execFileSync("npm", ["run", "build", "-w", "@ilms/console"], { cwd: ROOT, stdio: "pipe" });
}

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
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDb("pglite");
    await createTestUser(db.handle, ADMIN, "admin");
    expect((await loadDemoData(db.handle)).status).toBe("loaded");
    app = await createApp({ db: db.handle, consoleDir: DIST, auth: authConfig(TEST_SECRET) });
    base = await app.listen(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
      acceptDownloads: true,
    });
    await context.route(/^(?!http:\/\/127\.0\.0\.1|about:|blob:|data:)/, (route) => {
      external.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/`);
    await page.getByLabel("Email").waitFor({ timeout: 60_000 });
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("h1", { hasText: "Source-quality map" }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.dispose();
  });

  it("previews the round's report in a frame showing its title and Indonesia's migrant stock from the sample", async () => {
    await page.getByRole("menuitem", { name: "Report" }).click();
    await page.locator("h1", { hasText: "Analytical report of a round" }).waitFor();
    const frame = page.frameLocator('iframe[title="Report preview"]');
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
    await page.screenshot({ path: join(SHOTS, "40-report-preview.png") });
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
      const response = page.waitForResponse((r) => new URL(r.url()).pathname === `/reports/${ROUND}.${d.format}`, { timeout: 120_000 });
      const download = page.waitForEvent("download", { timeout: 120_000 });
      await page.getByRole("button", { name: d.label, exact: true }).click();
      const res = await response;
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe(d.type);
      const file = await download;
      expect(file.suggestedFilename()).toBe(`ilms-report-${ROUND}-ASEAN-en.${d.format}`);
      const bytes = readFileSync((await file.path())!);
      expect(bytes.length).toBeGreaterThan(1_000);
      expect(d.magic(bytes), `${d.format} file signature`).toBe(true);
      await page.getByText(`Downloaded ${file.suggestedFilename()}`).waitFor();
    });

  it("made no request outside 127.0.0.1", () => {
    expect(external).toEqual([]);
  });
});
