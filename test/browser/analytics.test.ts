/**
 * The migration-analytics pages of the console in a real browser (Debian's Chromium via playwright-core)
 * against the real API on PGlite holding the real sample (published), plus one destination-side inflow shaped
 * like the sample so that a corridor has both reports: the Corridors heat-map with its year slider, side
 * toggle and a cell's series; the Mirror page's two lines, band and flags; the Data gaps page and findings
 * filtered by kind. axe-core checks each page; screenshots land in `test/artifacts/screenshots/`.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { authConfig } from "@ilms/governance/tokens";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { TEST_PASSWORD, TEST_SECRET, createTestUser } from "../helpers/auth";
import { createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { createRound, createSource, csv } from "../ingest/helpers";
import { sampleRows } from "../analytics/sample";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONSOLE = join(ROOT, "apps/console");
const DIST = join(CONSOLE, "dist");
const SHOTS = join(ROOT, "test/artifacts/screenshots");
const ADMIN = "analyst@console.test";
const POLL = { timeout: 20_000, interval: 100 };

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

/** Visible text outside code cells: what a user reads as words. */
const visibleWords = (p: Page) =>
  p.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("[data-code], script, style, noscript") || !el.checkVisibility()) continue;
      if (n.textContent?.trim()) out.push(n.textContent.trim());
    }
    return out.join(" | ");
  });

describe.skipIf(!HAS_CHROMIUM)("migration analytics in the console", { timeout: 180_000 }, () => {
  let db: TestDb;
  let app: App;
  let base: string;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];

  async function shot(name: string) {
    await page.mouse.move(1, 1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function expectAccessible(name: string) {
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map(
        (v) =>
          `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
      ),
      `axe on ${name}`,
    ).toEqual([]);
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDb("pglite");
    await createTestUser(db.handle, ADMIN, "admin");
    expect((await loadDemoData(db.handle)).status).toBe("loaded");
    // Malaysia's inflows from Indonesia (table 9) for 2016-2019: a quarter of what Indonesia reports leaving.
    await createRound(db.handle, "T-MYS-IN", "published");
    await createSource(db.handle, "T:MYS-ADM", "MYS", "Test administrative inflows");
    const rows = sampleRows()
      .filter((r) => r.ref_area === "IDN" && r.indicator === "MNA_OEMP_SEX_CDS_NB" && r.classif1 === "CDS_DES_MYS" && r.sex === "SEX_T")
      .filter((r) => Number(r.time) >= 2016 && Number(r.time) <= 2019)
      .map((r) => [
        "MYS",
        "T:MYS-ADM",
        "MFL_FPOP_SEX_CBR_NB",
        "SEX_T",
        "CBR_BRT_IDN",
        "",
        r.time,
        (Number(r.obs_value) / 4).toFixed(3),
        "",
        "",
        "",
        "",
      ]);
    expect(rows).toHaveLength(4);
    expect((await importIlostat(db.handle, { text: csv(rows) }, { round: "T-MYS-IN", allowPublishedRound: true })).status).toBe("loaded");
    app = await createApp({ db: db.handle, consoleDir: DIST, auth: authConfig(TEST_SECRET) });
    base = await app.listen(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-GB", timezoneId: "UTC" });
    await context.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
        document.head.append(style);
      });
    });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
      external.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
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

  it("shows the corridor heat-map in country names, moves with the year slider and the side toggle, and opens a cell's series", async () => {
    await page.getByRole("menuitem", { name: "Corridors" }).click();
    const matrix = page.getByTestId("corridor-matrix");
    await matrix.waitFor();
    const cell = page.locator('[data-cell="IDN-MYS"]');
    // 2019 by default, both reports: Indonesia's outflow to Malaysia, Malaysia's inflow shown where it reports.
    const v2019 = sampleRows().find(
      (r) =>
        r.ref_area === "IDN" &&
        r.indicator === "MNA_OEMP_SEX_CDS_NB" &&
        r.classif1 === "CDS_DES_MYS" &&
        r.sex === "SEX_T" &&
        r.time === "2019",
    )!;
    await expect
      .poll(() => cell.innerText(), POLL)
      .toBe(`${(Number(v2019.obs_value) / 4).toLocaleString("en", { maximumFractionDigits: 3 })} ⇄`);
    await page.getByRole("button", { name: "Origin's report" }).click();
    await expect.poll(() => cell.innerText(), POLL).toBe(Number(v2019.obs_value).toLocaleString("en", { maximumFractionDigits: 3 }));
    expect(await matrix.innerText()).toContain("Indonesia");
    expect(await matrix.innerText()).not.toContain("Timor-Leste");
    // The slider to 2025: Timor-Leste joins the matrix.
    const slider = page.getByRole("slider");
    await slider.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
    await expect.poll(() => matrix.innerText(), POLL).toContain("Timor-Leste");
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowLeft");
    await expect.poll(() => matrix.innerText(), POLL).not.toContain("Timor-Leste");
    await expectAccessible("corridors");
    expect(await visibleWords(page)).not.toMatch(/\bCDS_|\bSEX_[A-Z]|%\{/);
    await shot("30-corridors");
    await cell.click();
    const series = page.getByTestId("corridor-series");
    await expect.poll(() => series.innerText(), POLL).toContain("DEMO:IDN (DEMO-ILOSTAT)");
    expect(await series.innerText()).toContain("T:MYS-ADM (T-MYS-IN)");
    await expectAccessible("corridor series");
    await shot("31-corridor-series");
    await page.getByRole("button", { name: "Close" }).click();
  });

  it("draws both reports of a corridor as two lines with the asymmetry band and marks the flags", async () => {
    await page.getByRole("menuitem", { name: "Mirror statistics" }).click();
    const pair = page.locator('[data-pair="employment-flow"]');
    await pair.waitFor({ timeout: 30_000 });
    await expect.poll(() => pair.locator(".recharts-line").count(), POLL).toBe(2);
    expect(await pair.locator(".recharts-area").count()).toBe(1);
    expect(await pair.locator('[data-flag="AGE_COVERAGE"]').count()).toBe(1);
    await expect.poll(() => pair.getByTestId("mirror-coverage").innerText(), POLL).toContain("Both report: 4");
    await expectAccessible("mirror");
    await shot("32-mirror");
  });

  it("maps the data gaps per member and filters a country's findings by kind", async () => {
    await page.getByRole("menuitem", { name: "Data gaps" }).click();
    const table = page.getByTestId("gaps-table");
    await expect.poll(() => table.innerText(), POLL).toContain("Brunei Darussalam");
    expect(await page.locator('[data-country="PHL"]').innerText()).toContain("0 / 170");
    expect(await page.locator('[data-country="VNM"]').innerText()).toContain("unassessed");
    const findings = page.getByTestId("findings-table");
    await expect.poll(() => findings.locator("tr").count(), POLL).toBeGreaterThan(0);
    await page.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: /^Break in series/ }).click();
    await expect
      .poll(async () => new Set(await findings.locator("tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")))), POLL)
      .toEqual(new Set(["break"]));
    expect(await findings.innerText()).toContain("Indonesia");
    await expectAccessible("gaps");
    expect(await visibleWords(page)).not.toMatch(/%\{/);
    await shot("33-gaps");
    expect(external).toEqual([]);
  });
});
