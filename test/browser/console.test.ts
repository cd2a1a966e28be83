/**
 * The admin console in a real browser (Debian's Chromium driven by playwright-core) against the real API on a
 * seeded PGlite database: log in, browse the ISIC tree, edit a source, import a bad file and the real sample
 * through the wizard, publish the round, open the quality map. axe-core checks the main screens, and a
 * screenshot of each lands in `test/artifacts/screenshots/` (git-ignored).
 *
 * Skips with a message when /usr/bin/chromium is missing (`apt-get install chromium`); never downloads a browser.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ensureSetupToken } from "@ilms/governance/setup";
import { TEST_PASSWORD } from "../helpers/auth";
import { createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { HAS_CHROMIUM, LANDING, ROOT, SHOTS, serveConsole, signIn, useConsole, visibleWords } from "../helpers/browser";

const SAMPLE = join(ROOT, "packages/ingest/demo/ilms-asean-sample.csv");
const ADMIN = "admin@console.test";
const VIEWER = "viewer@console.test";
/** Waits for a UI condition (the UI updates asynchronously); not a timed test: only a ceiling on waiting. */
const POLL = { timeout: 20_000, interval: 100 };
const COUNTRIES = ["BRN", "IDN", "KHM", "LAO", "MYS", "THA", "VNM"];

/** The real sample with four structural faults: an unknown code, text as a value, a duplicated row, a truncated line. */
function corruptedSample(): string {
  const lines = readFileSync(SAMPLE, "utf8").split(/\r?\n/).filter(Boolean).slice(0, 40);
  lines[3] = lines[3]!.replace(/,CDS_DES_[A-Z]+,/, ",CDS_DES_ZZZ,");
  lines[5] = lines[5]!.replace(/,([0-9.]+),,,,$/, ",twelve,,,,");
  lines.push(lines[10]!);
  lines.push("KHM,,MNA_OEMP_SEX_CDS_NB,SEX_F");
  return `${lines.join("\n")}\n`;
}

/** Raw i18n keys, database names and bare ILOSTAT codes in what a user reads, with some context each. */
function rawTokens(text: string): string[] {
  return [...text.matchAll(/%\{|fact_t\d|\bSEX_[A-Z]|\bCDS_[A-Z]/g)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + 40));
}

/** Fills the first-admin set-up form (first@console.test) with `token` and submits it. */
async function fillSetUp(page: Page, token: string): Promise<void> {
  await page.getByLabel("Set-up token").fill(token);
  await page.getByLabel("Administrator email").fill("first@console.test");
  await page.getByLabel("Password (12 characters or more)").fill("a long enough password");
  await page.getByRole("button", { name: "Create the administrator" }).click();
}

/**
 * A warehouse with no administrator (its own PGlite and API) and a page of `browser` open on it, with the set-up
 * token the API printed; all closed after `walk`.
 */
async function onFreshWarehouse(
  browser: Browser,
  walk: (w: { db: TestDb; url: string; page: Page; token: string }) => Promise<void>,
): Promise<void> {
  const db = await createTestDb("pglite");
  const { app, url } = await serveConsole(db);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    const token = (await ensureSetupToken(db.handle))[1]!.trim();
    await page.goto(`${url}/`);
    await walk({ db, url, page, token });
  } finally {
    await page.close();
    await app.close();
    await db.dispose();
  }
}

// Generous ceilings: the suite may share two cores with the rest of `npm test`.
describe.skipIf(!HAS_CHROMIUM)("admin console in Chromium", { timeout: 180_000 }, () => {
  const ui = useConsole({
    users: [
      [ADMIN, "admin"],
      [VIEWER, "viewer"],
    ],
    seed: async (db) => {
      await db.handle.query(`insert into collection_rounds (code, title, reference_year) values ('2024', 'ILMQ 2024', 2024)`);
      for (const area of COUNTRIES) {
        await db.handle.query(`insert into data_sources (code, ref_area, name, source_type, comparability) values ($1, $2, $3, $4, $5)`, [
          `ILMS:${area}`,
          area,
          `ILMS questionnaire, ${area}`,
          area === "MYS" ? "BA" : "FX",
          area === "IDN" ? "partial" : "full",
        ]);
      }
    },
  });
  const { expectAccessible, go, shot } = ui;

  const factCount = async () => {
    let n = 0;
    for (let t = 1; t <= 17; t++)
      n += (await ui.db.handle.query<{ n: number }>(`select count(*)::int as n from fact_t${String(t).padStart(2, "0")}`))[0]!.n;
    return n;
  };

  it("shows the local login page, refuses a wrong password and signs in", async () => {
    await ui.page.goto(`${ui.base}/`);
    await ui.page.getByLabel("Email").waitFor({ timeout: 60_000 }); // first load parses the whole bundle
    await expectAccessible("login");
    await shot("01-login");
    await ui.page.getByLabel("Email").fill(ADMIN);
    await ui.page.getByLabel("Password").fill("not the password");
    await ui.page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => ui.page.getByRole("alert").innerText(), POLL).toMatch(/invalid|incorrect|wrong/i);
    await ui.page.getByLabel("Password").fill(TEST_PASSWORD);
    await ui.page.getByRole("button", { name: "Sign in" }).click();
    await ui.page.locator("h1", { hasText: "Source-quality map" }).waitFor();
    expect(ui.external).toEqual([]);
  });

  it("browses the ISIC Rev.4 tree level by level", async () => {
    await go("/codelists/ISIC4/show");
    const section = ui.page.locator('[role="treeitem"][data-code="C"]');
    await section.waitFor();
    await expect.poll(() => ui.page.locator('[role="treeitem"]').count(), POLL).toBe(21);
    await section.getByRole("button").first().click();
    await ui.page.locator('[role="treeitem"][data-code="10"]').waitFor();
    await ui.page.locator('[role="treeitem"][data-code="10"]').getByRole("button").first().click();
    await ui.page.locator('[role="treeitem"][data-code="107"]').waitFor();
    await expect
      .poll(() => ui.page.locator('[role="treeitem"][data-code="107"]').innerText(), POLL)
      .toContain("Manufacture of other food products");
    await expectAccessible("codelist tree");
    await shot("02-isic-tree");
  });

  it("edits a source's quality fields and shows them after a reload", async () => {
    await go(`/sources/${encodeURIComponent("ILMS:IDN")}`);
    await ui.page.getByLabel("Agency").waitFor();
    await ui.page.getByLabel("Agency").fill("BP2MI (Indonesian Migrant Workers Protection Agency)");
    await ui.page.getByLabel("Age floor").fill("18");
    await ui.page.getByLabel("Known gaps").fill("Irregular departures are not recorded");
    await ui.page.getByRole("combobox", { name: "Comparability" }).click();
    await ui.page.getByRole("option", { name: "Not comparable" }).click();
    await ui.page.getByRole("listbox").waitFor({ state: "detached" });
    await expectAccessible("source edit");
    await shot("03-source-edit");
    await ui.page.getByRole("button", { name: "Save" }).click();
    await ui.page.getByText("Source saved").waitFor();
    await ui.page.reload();
    await expect.poll(() => ui.page.getByLabel("Agency").inputValue(), POLL).toBe("BP2MI (Indonesian Migrant Workers Protection Agency)");
    await expect.poll(() => ui.page.getByLabel("Age floor").inputValue(), POLL).toBe("18");
    await expect.poll(() => ui.page.getByLabel("Known gaps").inputValue(), POLL).toBe("Irregular departures are not recorded");
    const [row] = await ui.db.handle.query<{ agency: string; comparability: string; age_floor: number }>(
      `select agency, comparability, age_floor from data_sources where code = 'ILMS:IDN'`,
    );
    expect(row).toEqual({ agency: "BP2MI (Indonesian Migrant Workers Protection Agency)", comparability: "not_comparable", age_floor: 18 });
  });

  it("refuses a bad file in the import wizard with every problem by line and column, writing nothing", async () => {
    await go("/import");
    await ui.page
      .locator('[data-testid="import-file"]')
      .setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from(corruptedSample()) });
    await ui.page.getByRole("combobox", { name: "Collection round" }).click();
    await ui.page.getByRole("option", { name: /^2024/ }).click();
    await ui.page.getByLabel("Default source (for rows without one)").fill("ILMS:{ref_area}");
    await ui.page.getByRole("button", { name: /Check the file/ }).click();
    await ui.page.locator('[data-testid="import-refused"]').waitFor();
    const errors = ui.page.getByRole("table", { name: "Errors" });
    await expect.poll(() => errors.innerText(), POLL).toContain("CDS_DES_ZZZ");
    await expect.poll(() => errors.innerText(), POLL).toContain("twelve");
    await expect.poll(() => errors.innerText(), POLL).toMatch(/DUPLICATE/i);
    await expect.poll(() => ui.page.getByRole("button", { name: /^Load/ }).count(), POLL).toBe(0);
    await expectAccessible("import refused");
    await shot("04-import-refused");
    expect(await factCount()).toBe(0);
  });

  it("imports the real sample: dry run first (nothing written), then confirm, then a summary", async () => {
    await ui.page.locator('[data-testid="import-file"]').setInputFiles(SAMPLE);
    await ui.page.getByRole("button", { name: /Check the file/ }).click();
    await ui.page.locator('[data-testid="import-ready"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => ui.page.locator('[data-testid="import-report"]').innerText(), POLL).toContain("2,756 rows read");
    // The published LAO 2023 destination KOR inconsistency is reported, not fixed.
    await expect.poll(() => ui.page.getByRole("table", { name: "Statistical findings" }).innerText(), POLL).toContain("LAO");
    expect(await factCount()).toBe(0);
    await shot("05-import-dry-run");
    await ui.page.getByRole("button", { name: /^Load 2,756 rows/ }).click();
    await ui.page.locator('[data-testid="import-summary"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => ui.page.locator('[data-testid="import-summary"]').innerText(), POLL).toContain("2,756 new");
    await expectAccessible("import summary");
    await shot("06-import-summary");
    expect(await factCount()).toBe(2756);
  });

  it("relabels a code in use in another language, and offers no delete for it", async () => {
    await go(`/codes/${encodeURIComponent("ECO/ECO_ISIC4_C")}`);
    // Where the code is used, by table number and title: no database name.
    const note = ui.page.getByRole("note").filter({ hasText: "Table 16: Outflow of nationals for employment" });
    await note.waitFor();
    expect(await note.innerText()).not.toMatch(/fact_t/);
    expect(await ui.page.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await ui.page.getByRole("button", { name: "Add" }).click();
    await ui.page.getByLabel("Language").nth(1).fill("fr");
    await ui.page.getByLabel("Text").nth(1).fill("Industries manufacturières");
    await ui.page.getByRole("button", { name: "Save" }).click();
    await ui.page.getByText("Code saved").waitFor();
    await go(`/codes/${encodeURIComponent("ECO/ECO_ISIC4_C")}`);
    await ui.page.reload();
    await expect.poll(() => ui.page.getByLabel("Text").nth(1).inputValue(), POLL).toBe("Industries manufacturières");
    const [row] = await ui.db.handle.query<{ labels: Record<string, string> }>(
      `select labels from codes where codelist_id = 'ECO' and code = 'ECO_ISIC4_C'`,
    );
    expect(row!.labels).toEqual({ en: "C. Manufacturing", fr: "Industries manufacturières" });
  });

  it("moves the round through submit, validate and publish with an embargo", async () => {
    await go("/rounds");
    const row = ui.page.getByRole("row", { name: /ILMQ 2024/ });
    await row.getByRole("button", { name: "Submit" }).click();
    await row.getByRole("button", { name: "Validate" }).waitFor();
    await row.getByRole("button", { name: "Validate" }).click();
    await row.getByRole("button", { name: "Publish" }).waitFor();
    await row.getByRole("button", { name: "Publish" }).click();
    const dialog = ui.page.getByRole("dialog");
    await expect.poll(() => dialog.innerText(), POLL).toContain("Publish round 2024?");
    await shot("07-round-publish");
    await dialog.getByRole("button", { name: "Publish with embargo" }).click();
    await row.getByText("published", { exact: true }).waitFor();
    await expectAccessible("rounds");
    await shot("08-rounds");
    const [round] = await ui.db.handle.query<{ status: string; future: boolean }>(
      `select status, release_at > now() as future from collection_rounds where code = '2024'`,
    );
    expect(round).toEqual({ status: "published", future: true });
  });

  it("opens the quality map and a cell with its sources, findings and observations", async () => {
    await go("/");
    await ui.page.getByRole("combobox", { name: "From" }).click();
    await ui.page.getByRole("option", { name: "2010" }).click();
    const cell = ui.page.locator('[data-testid="cell-LAO-15"]');
    await cell.waitFor({ timeout: 30_000 });
    // IDN's source was marked not comparable in the source test.
    await expect.poll(() => ui.page.locator('[data-testid="cell-IDN-15"]').innerText(), POLL).toContain("○");
    await expectAccessible("quality map");
    await shot("09-quality-map");
    await cell.click();
    const drawer = ui.page.getByRole("region", { name: "Cell details" });
    await expect.poll(() => drawer.innerText(), POLL).toContain("Lao");
    await expect.poll(() => drawer.innerText(), POLL).toContain("ILMS:LAO");
    await expect.poll(() => drawer.getByRole("table", { name: "Open findings" }).innerText(), POLL).toContain("additivity");
    await shot("10-quality-map-cell");
    await drawer.getByRole("link", { name: "Open observations" }).click();
    await ui.page.getByRole("table", { name: "Observations" }).getByText("Lao People's Democratic Republic").first().waitFor();
    await expectAccessible("observations");
    await shot("11-observations");
  });

  it("shows the other main screens without accessibility faults", async () => {
    // A flagged value (break in series) must be visible on the chart, not just drawn as a plain point.
    await ui.db.handle.query(`update fact_t15 set obs_status = 'B' where ref_area = 'LAO' and time = 2020`);
    await go("/charts?q=" + encodeURIComponent(JSON.stringify({ table: 15, refArea: "LAO" })));
    await ui.page.locator(".recharts-line").first().waitFor({ timeout: 30_000 });
    await expect.poll(() => ui.page.locator(".recharts-line-dots text", { hasText: "B" }).count(), POLL).toBeGreaterThan(0);
    await expectAccessible("charts");
    await shot("12-charts");
    await go("/tables/5/show");
    await ui.page.getByText("Employed persons", { exact: false }).first().waitFor();
    await expectAccessible("table catalogue");
    await shot("13-table-catalogue");
    await go("/countryGroups/ASEAN/show");
    await ui.page.getByText("Timor-Leste", { exact: false }).first().waitFor();
    await expectAccessible("country groups");
    await shot("14-country-group");
    await go("/sources");
    await ui.page.getByText("ILMS:VNM").waitFor();
    await expectAccessible("sources");
    await shot("15-sources");
    await go("/audit");
    await ui.page.getByText("publishRound").first().waitFor();
    await expectAccessible("audit trail");
    await shot("16-audit");
    await go("/users");
    await ui.page.getByText(ADMIN).waitFor();
    await expectAccessible("users");
    await shot("17-users");
  });

  it("names every progress indicator while data loads, react-admin's own included", async () => {
    // Every GraphQL answer held back for a while, so that the loading state stays on screen long enough to judge.
    const hold = async (route: { continue(): Promise<void> }) => {
      await new Promise((r) => setTimeout(r, 1_500));
      await route.continue().catch(() => undefined); // already let through when the route was removed
    };
    await ui.page.route("**/graphql", hold);
    try {
      await ui.page.goto(`${ui.base}/#/tables/5/show`);
      await ui.page.reload();
      const indicators = ui.page.locator('[role="progressbar"]');
      await indicators.first().waitFor();
      const names = await indicators.evaluateAll((nodes) =>
        nodes.map((n) => n.getAttribute("aria-label") ?? n.getAttribute("aria-labelledby")),
      );
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n !== null && n !== "")).toBe(true);
      await expectAccessible("table catalogue while loading");
    } finally {
      await ui.page.unroute("**/graphql", hold);
    }
    await ui.page.getByText("Employed persons", { exact: false }).first().waitFor();
  });

  it("shows a table's SDMX addresses and copies R, Python and curl snippets for them", async () => {
    await ui.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ui.base });
    await go("/tables/15/show");
    const panel = ui.page.getByTestId("sdmx-panel");
    await panel.getByRole("heading", { name: "SDMX web service" }).waitFor();
    const urls = await panel.getByTestId("sdmx-url").allTextContents();
    const data = `${ui.base}/sdmx/rest/data/ILO,DF_ILMS_T15,1.0/all`;
    expect(urls).toEqual([
      data,
      `${ui.base}/sdmx/rest/dataflow/ILO/DF_ILMS_T15/1.0?references=all`,
      `${ui.base}/sdmx/rest/data/ILO,DF_MNA_OEMP_SEX_CDS_NB,1.0/all`,
    ]);
    await expect.poll(() => panel.innerText(), POLL).toContain("REF_AREA.FREQ.SEX.DESTINATION");
    // The addresses answer as SDMX: the structure names the flow; the data of the embargoed round 2024 stay
    // hidden from this anonymous fetch (404 NoResultsFound), as on every face.
    const answer = (url: string, accept: string) =>
      ui.page.evaluate(
        async ([u, a]) => {
          const res = await fetch(u!, { headers: { accept: a! } });
          return { status: res.status, text: await res.text() };
        },
        [url, accept],
      );
    expect((await answer(urls[1]!, "application/vnd.sdmx.structure+xml;version=2.1")).text).toContain('<str:Dataflow id="DF_ILMS_T15"');
    const hidden = await answer(data, "application/vnd.sdmx.data+csv;version=1.0.0");
    expect(hidden.status).toBe(404);
    expect(hidden.text).toContain('code="100"');
    for (const [button, expected] of [
      ["R", `library(rsdmx)\nsdmx <- readSDMX("${data}")\ndf <- as.data.frame(sdmx)`],
      ["Python", `msg = sdmx.read_url("${data}")`],
      ["curl", `curl -H "Accept: application/vnd.sdmx.data+csv;version=1.0.0" "${data}"`],
    ] as const) {
      await panel.getByRole("button", { name: button, exact: true }).click();
      await expect.poll(() => ui.page.getByTestId("sdmx-snippet").innerText(), POLL).toContain(expected);
      await expect.poll(() => ui.page.evaluate(() => navigator.clipboard.readText()), POLL).toContain(expected);
    }
    await ui.page.getByText("Copied to the clipboard").first().waitFor();
    await expectAccessible("table SDMX panel");
    await shot("13b-table-sdmx");
  });

  it("shows observations in words: labels, dimension titles as headers, no sort it cannot do, no sideways scroll", async () => {
    await go("/observations?q=" + encodeURIComponent(JSON.stringify({ table: 15, refArea: "LAO" })));
    const table = ui.page.getByRole("table", { name: "Observations" });
    await table.getByText("Lao People's Democratic Republic").first().waitFor();
    const head = await table.locator("thead").innerText();
    expect(head).toContain("Country of destination");
    expect(head).not.toMatch(/classif1|classif2/);
    // The API has one stable order and no sort: the columns offer none rather than ordering one page.
    expect(await table.locator(".MuiTableSortLabel-root").count()).toBe(0);
    const body = await table.locator("tbody").innerText();
    expect(body).toMatch(/Female|Male|Total/);
    // Every coded value shows its label; the code is in the cell's data attribute (and its tooltip).
    const coded = await table
      .locator("tbody [data-code]")
      .evaluateAll((els) => els.map((e) => ({ code: e.getAttribute("data-code"), text: e.textContent })));
    const labelled = coded.filter((c) => !c.code!.includes(":"));
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.filter((c) => c.text === c.code)).toEqual([]);
    expect(rawTokens(await visibleWords(ui.page))).toEqual([]);
    // The code is one hover away.
    expect(await table.locator('[data-code="LAO"]').count()).toBeGreaterThan(0);
    expect(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(
      0,
    );
    await shot("19-observations-labels");
  });

  it("exports the observations a filter selects through the server's GET /export route, with the caller's token", async () => {
    // Needs the `/export` route of the API (added on another branch): until it is merged this test fails at the download.
    await go("/observations?q=" + encodeURIComponent(JSON.stringify({ table: 15, refArea: "LAO" })));
    await ui.page.getByRole("table", { name: "Observations" }).getByText("Lao People's Democratic Republic").first().waitFor();
    const requested = ui.page.waitForRequest(/\/export\?/);
    const download = ui.page.waitForEvent("download", { timeout: 30_000 });
    await ui.page.getByRole("button", { name: "Export" }).click();
    const request = await requested;
    const url = new URL(request.url());
    expect(url.pathname).toBe("/export");
    expect(url.searchParams.get("table")).toBe("15");
    expect(url.searchParams.get("format")).toBe("ilostat-csv");
    expect(JSON.parse(url.searchParams.get("filter")!)).toEqual({ table: 15, refArea: ["LAO"] });
    expect(request.headers()["authorization"]).toMatch(/^Bearer .+/);
    const file = await download;
    const text = readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = text.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(/^ref_area,source,indicator,sex,classif1,classif2,time,obs_value/);
    const [{ n }] = (await ui.db.handle.query<{ n: number }>(`select count(*)::int as n from fact_t15 where ref_area = 'LAO'`)) as [
      { n: number },
    ];
    expect(lines.length - 1).toBe(n);
  });

  it("shows the audit trail in words: the true count, imports as summaries with dry runs marked, sign-ins without session ids", async () => {
    const [{ n }] = (await ui.db.handle.query<{ n: number }>(`select count(*)::int as n from audit_log`)) as [{ n: number }];
    expect(n).toBeLessThan(100);
    await go("/audit?perPage=100");
    await ui.page.getByText("publishRound").first().waitFor();
    await expect.poll(() => ui.page.locator("tbody tr").count(), POLL).toBe(n);
    await expect.poll(() => ui.page.locator(".MuiTablePagination-displayedRows").innerText(), POLL).toBe(`1-${n} of ${n}`);
    const imports = ui.page.locator('[data-testid="audit-import"]');
    await expect.poll(() => imports.count(), POLL).toBeGreaterThanOrEqual(3);
    const summaries = await imports.allInnerTexts();
    expect(summaries.some((t) => /^Dry run: nothing written\s*Checked ilms-asean-sample\.csv/.test(t))).toBe(true);
    expect(summaries.some((t) => /^Loaded ilms-asean-sample\.csv into round 2024: 2,756 rows read, 2,756 written/.test(t))).toBe(true);
    const text = await ui.page.locator("main, #main-content").first().innerText();
    expect(text).not.toContain("ImportReport");
    expect(text).not.toContain("ref_area,source");
    expect(text).toContain("Signed in");
    expect(text).not.toMatch(/session [0-9a-f-]{8,}/);
    await shot("20-audit-words");
  });

  it("lists codes at /codes, and keeps the tree's add-child button clear of the level chip", async () => {
    await go("/codes");
    await ui.page.getByText("Agriculture, forestry and fishing").first().waitFor();
    await go("/codelists/ISIC4/show");
    const item = ui.page.locator('[role="treeitem"][data-code="C"]');
    await item.waitFor();
    const chip = await item.getByTestId("level-chip").boundingBox();
    const add = await item.getByRole("link", { name: "Add child C" }).boundingBox();
    expect(chip && add).toBeTruthy();
    expect(chip!.x + chip!.width, "the chip ends before the add-child button starts").toBeLessThanOrEqual(add!.x);
  });

  it("fits the map in 1024 px with whole country names", async () => {
    await ui.page.setViewportSize({ width: 1024, height: 768 });
    try {
      await go("/");
      const brn = ui.page.getByTestId("country-BRN");
      await brn.waitFor({ timeout: 30_000 });
      expect(await brn.innerText()).toContain("Brunei Darussalam");
      expect(await brn.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      expect(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(
        0,
      );
      await shot("21-map-1024");
    } finally {
      await ui.page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it("has no raw i18n key, database name or bare code on any screen, and no Apollo warning", async () => {
    const screens: [string, () => Promise<unknown>][] = [
      ["/", () => ui.page.locator('[data-testid="cell-LAO-15"]').waitFor({ timeout: 30_000 })],
      [
        "/observations?q=" + encodeURIComponent(JSON.stringify({ table: 15, refArea: "SGP" })),
        () => ui.page.getByText("No observations match").waitFor(),
      ],
      ["/observations?q=" + encodeURIComponent(JSON.stringify({ table: 4 })), () => ui.page.locator("tbody tr").nth(3).waitFor()],
      [
        "/charts?q=" + encodeURIComponent(JSON.stringify({ table: 15, refArea: "LAO" })),
        () => ui.page.locator(".recharts-line").first().waitFor(),
      ],
      ["/import", () => ui.page.getByText("Choose an ILOSTAT CSV file").first().waitFor()],
      ["/sources", () => ui.page.getByText("ILMS:VNM").waitFor()],
      ["/rounds", () => ui.page.getByText("ILMQ 2024").waitFor()],
      ["/codelists", () => ui.page.getByText("ISIC4").first().waitFor()],
      ["/codelists/SEX/show", () => ui.page.locator('[role="treeitem"]').first().waitFor()],
      ["/codes", () => ui.page.getByText("Agriculture, forestry and fishing").first().waitFor()],
      [`/codes/${encodeURIComponent("SEX/SEX_T")}`, () => ui.page.getByRole("note").waitFor()],
      [`/codes/${encodeURIComponent("AREA/KOR")}`, () => ui.page.getByRole("note").waitFor()],
      ["/tables", () => ui.page.getByText("Employed migrants by sex and country of origin").waitFor()],
      ["/tables/15/show", () => ui.page.getByText("Country of destination").first().waitFor()],
      ["/countryGroups", () => ui.page.getByText("ASEAN").first().waitFor()],
      ["/notes", () => ui.page.locator("main").first().waitFor()],
      ["/audit", () => ui.page.getByText("publishRound").first().waitFor()],
      ["/users", () => ui.page.locator("#main-content").getByText(ADMIN).waitFor()],
    ];
    const found: string[] = [];
    for (const [hash, ready] of screens) {
      await go(hash);
      await ready();
      await ui.page.waitForTimeout(300);
      found.push(...rawTokens(await visibleWords(ui.page)).map((t) => `${hash}: …${t}…`));
    }
    // The cell panel, with its findings (messages quote codes such as SEX_T).
    await go("/");
    await ui.page.getByRole("combobox", { name: "From" }).click();
    await ui.page.getByRole("option", { name: "2010" }).click();
    await ui.page.locator('[data-testid="cell-LAO-15"]').click();
    const drawer = ui.page.getByRole("region", { name: "Cell details" });
    await drawer.getByRole("table", { name: "Open findings" }).waitFor();
    await expect.poll(async () => rawTokens(await drawer.innerText()), POLL).toEqual([]);
    found.push(...rawTokens(await visibleWords(ui.page)).map((t) => `cell panel: …${t}…`));
    await shot("22-cell-panel-words");
    expect(found).toEqual([]);
    expect(ui.warnings.map((w) => w.text).filter((w) => /addTypename|Cache data may be lost|merge function/i.test(w))).toEqual([]);
  });

  it("serves the bundled GraphQL explorer at /graphiql with the example operations, and runs one", async () => {
    await ui.page.goto(`${ui.base}/graphiql`);
    await ui.page.locator(".graphiql-container").waitFor({ timeout: 30_000 });
    const examples = readdirSync(join(ROOT, "apps/api/src/examples")).filter((f) => f.endsWith(".graphql"));
    await expect.poll(() => ui.page.locator(".graphiql-tab").count(), POLL).toBe(Math.max(1, examples.length));
    // The editor loads lazily: run only once the example's text is in it, and allow a slow first answer.
    await expect.poll(() => ui.page.locator(".graphiql-query-editor").innerText(), POLL).toMatch(/query|\{/);
    await ui.page.locator(".graphiql-execute-button").click();
    await expect.poll(() => ui.page.locator(".graphiql-response").innerText(), { ...POLL, timeout: 60_000 }).toContain('"data"');
    await shot("18-graphiql");
    expect(ui.external).toEqual([]);
  });

  it("shows a viewer only what a viewer may do (the server refuses the rest anyway)", async () => {
    const viewer = await ui.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(viewer, ui.base, VIEWER);
    const menu = viewer.locator(".RaMenu-open, .RaMenu-closed").first();
    await expect.poll(() => menu.innerText(), POLL).toContain("Sources");
    const items = await menu.innerText();
    for (const hidden of ["Import", "Users", "Audit trail"]) expect(items).not.toContain(hidden);
    await viewer.goto(`${ui.base}/#/rounds`);
    await viewer.getByText("ILMQ 2024").waitFor();
    expect(await viewer.getByRole("button", { name: /Submit|Validate|Publish/ }).count()).toBe(0);
    expect(await viewer.getByRole("link", { name: "Create" }).count()).toBe(0);
    await viewer.close();
  });

  it("offers the first-admin set-up on a warehouse without an administrator", async () => {
    await onFreshWarehouse(ui.browser, async ({ db, page: setup, token }) => {
      await fillSetUp(setup, "not-the-token");
      await setup.getByRole("alert").waitFor();
      await setup.getByLabel("Set-up token").fill(token);
      await setup.getByRole("button", { name: "Create the administrator" }).click();
      await setup.locator("h1", { hasText: LANDING }).waitFor();
      const [admin] = await db.handle.query<{ role: string }>(`select role from users where email = 'first@console.test'`);
      expect(admin).toEqual({ role: "admin" });
    });
  });

  it("walks the first hour: set-up, a new round, the shipped sample imported with the source fix, the map, a cell, a chart on a true time axis, observations in words", async () => {
    await onFreshWarehouse(ui.browser, async ({ db: fresh, url, page: p, token }) => {
      await fillSetUp(p, token);
      await p.locator("h1", { hasText: LANDING }).waitFor();

      // A new round, from the console.
      await p.goto(`${url}/#/rounds/create`);
      await p.getByLabel(/^Code/).fill("2025");
      await p.getByLabel(/^Title/).fill("ILMQ 2025");
      await p.getByLabel(/^Reference year/).fill("2025");
      await p.getByRole("button", { name: "Save" }).click();
      await p.getByText("Round created").waitFor();

      // The shipped sample names no source: the wizard offers the fix where the errors are.
      await p.goto(`${url}/#/import`);
      await p.locator('[data-testid="import-file"]').setInputFiles(SAMPLE);
      await p.getByRole("combobox", { name: "Collection round" }).click();
      await p.getByRole("option", { name: /^2025/ }).click();
      await p.getByRole("button", { name: /Check the file/ }).click();
      const fix = p.getByRole("region", { name: "Fix the source" });
      await expect.poll(() => fix.innerText(), POLL).toContain("2,756 problems: rows name no source");
      // Identical problems are one row with their count, not 2,756 rows.
      await expect.poll(() => p.getByRole("table", { name: "Errors" }).locator("tbody tr").count(), POLL).toBe(1);
      await fix.getByLabel("Source or template").fill("DEMO:{ref_area}");
      await fix.getByRole("button", { name: /^Create 7 sources/ }).click();
      await p.locator('[data-testid="import-ready"]').waitFor({ timeout: 60_000 });
      await p.getByRole("button", { name: /^Load 2,756 rows/ }).click();
      await p.locator('[data-testid="import-summary"]').waitFor({ timeout: 120_000 });
      await expect.poll(() => p.locator('[data-testid="import-summary"]').innerText(), POLL).toContain("2,756 new");
      const [sources] = await fresh.handle.query<{ n: number }>(`select count(*)::int as n from data_sources where code like 'DEMO:%'`);
      expect(sources).toEqual({ n: 7 });
      await p.screenshot({ path: join(SHOTS, "23-first-hour-import.png"), fullPage: true });

      // The map's signals: completeness, findings.
      await p.goto(`${url}/#/`);
      await p.getByRole("combobox", { name: "From" }).click();
      await p.getByRole("option", { name: "2010" }).click();
      const cell = p.locator('[data-testid="cell-BRN-4"]');
      await cell.waitFor({ timeout: 30_000 });
      await expect.poll(() => cell.innerText(), POLL).toMatch(/\d+%/);
      await expect.poll(() => p.locator('[data-testid="cell-LAO-15"]').innerText(), POLL).toMatch(/\d+%[\s\S]*\d/);
      await p.screenshot({ path: join(SHOTS, "24-first-hour-map.png"), fullPage: true });

      // A cell: "N of M expected (P %)" per year.
      await cell.click();
      const drawer = p.getByRole("region", { name: "Cell details" });
      await expect.poll(() => drawer.innerText(), POLL).toContain("Brunei Darussalam");
      const expected = await drawer.locator('[data-testid^="expected-"]').first().innerText();
      const [, got, of, share] = /^(\d+) of (\d+) expected \((\d+) %\)$/.exec(expected) ?? [];
      expect(Number(of)).toBeGreaterThan(0);
      expect(Number(share)).toBe(Math.round((Number(got) / Number(of)) * 100));

      // Its chart: the range the panel asked for, years on a true time axis.
      await drawer.getByRole("link", { name: "Charts" }).click();
      await p.locator(".recharts-line-dots circle[data-year]").first().waitFor({ timeout: 30_000 });
      const ticks = p.getByRole("img", { name: /^Time series/ }).locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
      await expect
        .poll(async () => {
          const all = await ticks.allTextContents();
          return [all[0], all.at(-1)];
        }, POLL)
        .toEqual(["2010", "2024"]);
      const dots = await p
        .locator(".recharts-line-dots")
        .first()
        .locator("circle[data-year]")
        .evaluateAll((els) => els.map((e) => ({ year: Number(e.getAttribute("data-year")), x: Number(e.getAttribute("cx")) })));
      const years = dots.map((d) => d.year);
      expect(years.length).toBeGreaterThanOrEqual(3);
      expect(
        years.some((y, i) => i > 0 && y - years[i - 1]! > 1),
        "the series has a gap in years",
      ).toBe(true);
      const perYear = (dots.at(-1)!.x - dots[0]!.x) / (years.at(-1)! - years[0]!);
      for (const d of dots) expect(Math.abs(d.x - (dots[0]!.x + (d.year - years[0]!) * perYear))).toBeLessThan(1.5);
      await p.screenshot({ path: join(SHOTS, "25-first-hour-chart.png"), fullPage: true });

      // Observations in words.
      await p.goto(`${url}/#/observations?q=${encodeURIComponent(JSON.stringify({ table: 4, refArea: "BRN" }))}`);
      const table = p.getByRole("table", { name: "Observations" });
      await table.getByText("Brunei Darussalam").first().waitFor();
      expect(await table.locator("thead").innerText()).toContain("Country of origin");
      expect(rawTokens(await visibleWords(p))).toEqual([]);
      await p.screenshot({ path: join(SHOTS, "26-first-hour-observations.png"), fullPage: true });
    });
  });
});
