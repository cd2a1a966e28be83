/**
 * Issue 16's closing note (b): every country picker of the console starts on the active region's group, as the
 * API's `region { group reportingCountries }` gives it, not on ASEAN's. With `ILMS_REGION=ecowas` (ECOWAS's file
 * applied, ASEAN's group seeded beside it): the quality map lists ECOWAS's members, the corridors matrix,
 * the data-gaps findings and the charts start on them, and no ASEAN member is in any default list.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyRegion } from "@ilms/governance/regions";
import { HAS_CHROMIUM, useConsole } from "../helpers/browser";

const ROOT = new URL("../../", import.meta.url);
const ECOWAS = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8");
const ADMIN = "admin@region-pickers.test";
const POLL = { timeout: 30_000, interval: 100 };
/** ASEAN's members (as the seeded group lists them): none may be in a default list. */
const ASEAN = ["Brunei Darussalam", "Indonesia", "Cambodia", "Malaysia", "Philippines", "Singapore", "Thailand", "Viet Nam"];
const ASEAN_CODES = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"];

describe.skipIf(!HAS_CHROMIUM)("the console's pickers on the active region (ECOWAS)", { timeout: 180_000 }, () => {
  const ui = useConsole({
    users: [[ADMIN, "admin"]],
    region: "ecowas",
    signInAs: ADMIN,
    seed: async (db) => {
      await db.handle.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    },
  });

  it("the quality map starts on ECOWAS's group and its members", async () => {
    const { page } = ui;
    await ui.go("/");
    await page.getByTestId("country-GHA").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("country-NGA").innerText()).toContain("Nigeria");
    expect(await page.getByRole("combobox", { name: "Countries" }).innerText()).toBe("Economic Community of West African States");
    for (const code of ASEAN_CODES) expect(await page.getByTestId(`country-${code}`).count(), code).toBe(0);
  });

  it("the corridors matrix lists ECOWAS's members of the year", async () => {
    const { page } = ui;
    await page.getByRole("menuitem", { name: "Corridors" }).click();
    const matrix = page.getByTestId("corridor-matrix");
    await expect.poll(() => matrix.innerText(), POLL).toContain("Ghana");
    const text = await matrix.innerText();
    expect(text).toContain("Nigeria");
    for (const name of ASEAN) expect(text, name).not.toContain(name);
    expect(await page.getByText(/within ECOWAS for one year/).count()).toBe(1);
  });

  it("the data gaps map names ECOWAS's reporting countries and its findings start on the region's first", async () => {
    const { page } = ui;
    await page.getByRole("menuitem", { name: "Data gaps" }).click();
    const table = page.getByTestId("gaps-table");
    await expect.poll(() => table.innerText(), POLL).toContain("Ghana");
    // The findings' country: ECOWAS's first reporting country (Benin), its list ECOWAS's members.
    const country = page.getByRole("combobox", { name: "Country" });
    await expect.poll(() => country.innerText(), POLL).toBe("Benin");
    await country.click();
    const options = await page.getByRole("option").allInnerTexts();
    expect(options).toContain("Ghana");
    expect(options).toContain("Nigeria");
    for (const name of ASEAN) expect(options, name).not.toContain(name);
    await page.keyboard.press("Escape");
  });

  it("the charts start on an ECOWAS member, with ECOWAS's members to pick from", async () => {
    const { page } = ui;
    await page.getByRole("menuitem", { name: "Charts" }).click();
    const country = page.getByRole("combobox", { name: "Country" });
    await expect.poll(() => country.innerText(), POLL).toBe("BEN Benin");
    await country.click();
    const options = await page.getByRole("option").allInnerTexts();
    expect(options).toContain("GHA Ghana");
    expect(options).toContain("NGA Nigeria");
    for (const code of ASEAN_CODES)
      expect(
        options.some((o) => o.startsWith(`${code} `)),
        code,
      ).toBe(false);
    await page.keyboard.press("Escape");
    expect(ui.external).toEqual([]);
  });
});
