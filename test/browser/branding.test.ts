/**
 * Issue 16, the region file's branding in the console, in a real browser: with `ILMS_REGION=ecowas` and
 * ECOWAS's file applied with a logo, the sign-in page, the app bar and the browser tab carry the region's
 * name, the logo is the one the API serves, and the subtitle names the region's group.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyRegion } from "@ilms/governance/regions";
import { HAS_CHROMIUM, signIn, useConsole } from "../helpers/browser";

const ROOT = new URL("../../", import.meta.url);
const NAME = "ECOWAS Labour Migration Statistics";
const ADMIN = "admin@branding.test";
const POLL = { timeout: 20_000, interval: 100 };
/** A 1 x 1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const dir = mkdtempSync(join(tmpdir(), "ilms-branding-ui-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "logo.png"), PNG);
const FILE = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8").replace(`  name: ${NAME}\n`, `  name: ${NAME}\n  logo: logo.png\n`);

describe.skipIf(!HAS_CHROMIUM)("the console in the active region's name", { timeout: 120_000 }, () => {
  const ui = useConsole({
    users: [[ADMIN, "admin"]],
    region: "ecowas",
    seed: async (db) => {
      await db.handle.transaction((tx) =>
        applyRegion(tx, null, FILE, {
          file: join(dir, "ecowas.yaml"),
          readLogo: (p) => readFileSync(join(dir, p)),
        }),
      );
    },
  });

  it("shows ECOWAS's name and logo on the sign-in page, in the app bar and as the page title", async () => {
    const { page } = ui;
    await page.goto(`${ui.base}/`);
    await page.getByLabel("Email").waitFor({ timeout: 60_000 });
    const brand = page.getByTestId("brand-name");
    await expect.poll(() => brand.textContent(), POLL).toBe(NAME);
    await expect.poll(() => page.title(), POLL).toBe(NAME);
    expect(await page.getByText("International labour migration statistics · ECOWAS").count()).toBe(1);
    const logo = page.getByRole("img", { name: NAME });
    expect(await logo.getAttribute("src")).toMatch(/^\/branding\/ecowas\/logo\?v=[0-9a-f]{16}$/);
    await expect.poll(() => logo.evaluate((img) => (img as HTMLImageElement).naturalWidth), POLL).toBe(1);

    await signIn(page, ui.base, ADMIN);
    await expect.poll(() => page.locator("header").getByTestId("brand-name").textContent(), POLL).toBe(NAME);
    expect(await page.title()).toBe(NAME);
    expect(await page.locator("header").getByRole("img", { name: NAME }).count()).toBe(1);
  });
});
