/**
 * The migration-analytics pages of the console in a real browser (Debian's Chromium via playwright-core)
 * against the real API on PGlite holding the real sample (published), plus one destination-side inflow shaped
 * like the sample so that a corridor has both reports: the Corridors heat-map with its year slider, side
 * toggle and a cell's series; the Mirror page's two lines, band and flags; the Data gaps page and findings
 * filtered by kind. axe-core checks each page; screenshots land in `test/artifacts/screenshots/`.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { describe, expect, it } from "vitest";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { HAS_CHROMIUM, useConsole, visibleWords } from "../helpers/browser";
import { createRound, createSource, csv } from "../ingest/helpers";
import { sampleRows } from "../analytics/sample";

const ADMIN = "analyst@console.test";
const POLL = { timeout: 20_000, interval: 100 };

describe.skipIf(!HAS_CHROMIUM)("migration analytics in the console", { timeout: 180_000 }, () => {
  const ui = useConsole({
    users: [[ADMIN, "admin"]],
    seed: async (db) => {
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
    },
    signInAs: ADMIN,
  });
  const { expectAccessible, shot } = ui;

  it("shows the corridor heat-map in country names, moves with the year slider and the side toggle, and opens a cell's series", async () => {
    await ui.page.getByRole("menuitem", { name: "Corridors" }).click();
    const matrix = ui.page.getByTestId("corridor-matrix");
    await matrix.waitFor();
    const cell = ui.page.locator('[data-cell="IDN-MYS"]');
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
    await ui.page.getByRole("button", { name: "Origin's report" }).click();
    await expect.poll(() => cell.innerText(), POLL).toBe(Number(v2019.obs_value).toLocaleString("en", { maximumFractionDigits: 3 }));
    expect(await matrix.innerText()).toContain("Indonesia");
    expect(await matrix.innerText()).not.toContain("Timor-Leste");
    // The slider to 2025: Timor-Leste joins the matrix.
    const slider = ui.page.getByRole("slider");
    await slider.focus();
    for (let i = 0; i < 6; i++) await ui.page.keyboard.press("ArrowRight");
    await expect.poll(() => matrix.innerText(), POLL).toContain("Timor-Leste");
    for (let i = 0; i < 6; i++) await ui.page.keyboard.press("ArrowLeft");
    await expect.poll(() => matrix.innerText(), POLL).not.toContain("Timor-Leste");
    await expectAccessible("corridors");
    expect(await visibleWords(ui.page)).not.toMatch(/\bCDS_|\bSEX_[A-Z]|%\{/);
    await shot("30-corridors");
    await cell.click();
    const series = ui.page.getByTestId("corridor-series");
    await expect.poll(() => series.innerText(), POLL).toContain("DEMO:IDN (DEMO-ILOSTAT)");
    expect(await series.innerText()).toContain("T:MYS-ADM (T-MYS-IN)");
    await expectAccessible("corridor series");
    await shot("31-corridor-series");
    await ui.page.getByRole("button", { name: "Close" }).click();
  });

  it("draws both reports of a corridor as two lines with the asymmetry band and marks the flags", async () => {
    await ui.page.getByRole("menuitem", { name: "Mirror statistics" }).click();
    const pair = ui.page.locator('[data-pair="employment-flow"]');
    await pair.waitFor({ timeout: 30_000 });
    await expect.poll(() => pair.locator(".recharts-line").count(), POLL).toBe(2);
    expect(await pair.locator(".recharts-area").count()).toBe(1);
    expect(await pair.locator('[data-flag="AGE_COVERAGE"]').count()).toBe(1);
    await expect.poll(() => pair.getByTestId("mirror-coverage").innerText(), POLL).toContain("Both report: 4");
    await expectAccessible("mirror");
    await shot("32-mirror");
  });

  it("maps the data gaps per member and filters a country's findings by kind", async () => {
    await ui.page.getByRole("menuitem", { name: "Data gaps" }).click();
    const table = ui.page.getByTestId("gaps-table");
    await expect.poll(() => table.innerText(), POLL).toContain("Brunei Darussalam");
    expect(await ui.page.locator('[data-country="PHL"]').innerText()).toContain("0 / 170");
    expect(await ui.page.locator('[data-country="VNM"]').innerText()).toContain("unassessed");
    const findings = ui.page.getByTestId("findings-table");
    await expect.poll(() => findings.locator("tr").count(), POLL).toBeGreaterThan(0);
    await ui.page.getByRole("combobox", { name: "Kind" }).click();
    await ui.page.getByRole("option", { name: /^Break in series/ }).click();
    await expect
      .poll(async () => new Set(await findings.locator("tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")))), POLL)
      .toEqual(new Set(["break"]));
    expect(await findings.innerText()).toContain("Indonesia");
    await expectAccessible("gaps");
    expect(await visibleWords(ui.page)).not.toMatch(/%\{/);
    await shot("33-gaps");
    expect(ui.external).toEqual([]);
  });
});
