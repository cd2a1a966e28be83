/**
 * The console in French, in a real browser (Debian's Chromium via playwright-core) against the real API on a
 * seeded PGlite database: sign in, switch the app bar's language menu to Français, check the choice survives a
 * reload and follows the account to another browser (a new context, empty local storage), then visit the main screens and scan what a user reads for English left over. The word list is built
 * from the console's own messages: every word of an `en.ts` value that appears in no `fr.ts` value (so words the
 * two languages share, such as "Source" or "Observations", never count). Text marked as code (`[data-code]`) is
 * not read as words. Catalogue text (table, module and dimension titles) is what the API itself returns for
 * `lang: "fr"`: where the catalogue has no French yet it falls back to English (reported in
 * `extensions.langFallback`); the scan counts those texts apart and prints them, since the console can do no better
 * than the API. Screenshots land in `test/artifacts/screenshots/fr-*.png`.
 *
 * Skips with a message when /usr/bin/chromium is missing; never downloads a browser.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../apps/console/src/i18n/en";
import { fr } from "../../apps/console/src/i18n/fr";
import { HAS_CHROMIUM, SHOTS, signIn, useConsole, visibleTexts } from "../helpers/browser";

const ADMIN = "admin@french.test";
const POLL = { timeout: 20_000, interval: 100 };

function values(messages: object): string[] {
  return Object.values(messages).flatMap((v) => (v && typeof v === "object" ? values(v as object) : [String(v)]));
}

/** One message by its dotted key (`ilms.qualityMap.title`). */
function msg(messages: object, key: string): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  if (typeof value !== "string") throw new Error(`no message ${key}`);
  return value;
}

const wordsOf = (text: string) => text.replace(/%\{\w+\}/g, " ").match(/\p{L}{4,}/gu) ?? [];

/** English words of the console's messages that its French messages never use, lower-cased. */
export function englishOnlyWords(): Set<string> {
  const french = new Set(
    values(fr)
      .flatMap(wordsOf)
      .map((w) => w.toLowerCase()),
  );
  return new Set(
    values(en)
      .flatMap(wordsOf)
      .map((w) => w.toLowerCase())
      .filter((w) => !french.has(w)),
  );
}

/** The French screens to scan: route, a heading or text that proves the screen has rendered, screenshot name. */
const SCREENS: { hash: string; ready: string; shot: string }[] = [
  { hash: "/", ready: msg(fr, "ilms.qualityMap.title"), shot: "fr-01-quality-map" },
  { hash: "/tables", ready: "Tableaux", shot: "fr-02-tables" },
  { hash: "/observations", ready: msg(fr, "ilms.observations.table"), shot: "fr-03-observations" },
  { hash: "/rounds", ready: "ILMQ 2024", shot: "fr-04-rounds" },
  { hash: "/sources", ready: "ILMS:IDN", shot: "fr-05-sources" },
  { hash: "/corridors", ready: msg(fr, "ilms.analytics.corridors.title"), shot: "fr-06-corridors" },
];

describe.skipIf(!HAS_CHROMIUM)("console in French", { timeout: 120_000 }, () => {
  const ui = useConsole({
    users: [[ADMIN, "admin"]],
    seed: async (db) => {
      await db.handle.query(`insert into collection_rounds (code, title, reference_year) values ('2024', 'ILMQ 2024', 2024)`);
      for (const area of ["IDN", "MYS"])
        await db.handle.query(`insert into data_sources (code, ref_area, name, source_type, comparability) values ($1, $2, $3, $4, $5)`, [
          `ILMS:${area}`,
          area,
          `ILMS ${area}`,
          area === "MYS" ? "BA" : "FX",
          area === "IDN" ? "partial" : "full",
        ]);
    },
  });

  it("switches to French from the app bar and remembers it across a reload", async () => {
    const { page } = ui;
    await signIn(page, ui.base, ADMIN, { landing: msg(en, "ilms.qualityMap.title") });
    await page.getByRole("button", { name: /English/ }).click();
    await page.getByRole("menuitem", { name: "Français" }).click();
    await page.locator("h1", { hasText: msg(fr, "ilms.qualityMap.title") }).waitFor();
    await page.reload();
    await page.locator("h1", { hasText: msg(fr, "ilms.qualityMap.title") }).waitFor();
    // Country names come from the API in French (ISO 3166 names from Debian's iso-codes).
    await page.getByText("Cambodge").first().waitFor();
    expect(await page.evaluate(() => localStorage.getItem("RaStore.locale"))).toBe('"fr"');
  });

  it("keeps the choice on the account: another browser opens in French at sign-in, the login page stays the browser's", async () => {
    // The switch of the test above was saved on the account.
    await expect
      .poll(
        async () => (await ui.db.handle.query<{ lang: string | null }>("select lang from users where email = $1", [ADMIN]))[0]!.lang,
        POLL,
      )
      .toBe("fr");
    const other = await ui.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-GB", timezoneId: "UTC" });
    await other.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    try {
      const fresh = await other.newPage();
      fresh.setDefaultTimeout(15_000);
      await fresh.goto(`${ui.base}/`);
      // Anonymous: nothing known of the visitor but this browser, which has never chosen.
      await fresh.getByLabel("Email").waitFor({ timeout: 60_000 });
      expect(await fresh.evaluate(() => localStorage.getItem("RaStore.locale"))).toBeNull();
      await fresh.getByRole("button", { name: "Sign in" }).waitFor();
      await signIn(fresh, ui.base, ADMIN, { landing: msg(fr, "ilms.qualityMap.title") });
      await fresh.getByText("Cambodge").first().waitFor();
    } finally {
      await other.close();
    }
  });

  it("leaves no English word of the console's messages on the main screens", async () => {
    const { page, base } = ui;
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ tables { title(lang: "fr") moduleTitle unit dimensions { title(lang: "fr") } } }` }),
    });
    const body = (await res.json()) as {
      data: { tables: { title: string; moduleTitle: string; unit: string; dimensions: { title: string }[] }[] };
    };
    const catalogue = body.data.tables.flatMap((t) => [t.title, t.moduleTitle, t.unit, ...t.dimensions.map((d) => d.title)]);
    const isCatalogue = (text: string) => catalogue.some((c) => text.includes(c));
    const catalogueSeen = new Set<string>();
    const english = englishOnlyWords();
    expect(english.size).toBeGreaterThan(200);
    const leftovers = new Set<string>();
    for (const screen of SCREENS) {
      await page.goto(`${base}/#${screen.hash}`);
      await page.getByText(screen.ready).first().waitFor();
      await expect.poll(() => page.locator('[role="progressbar"]').count(), POLL).toBe(0);
      for (const text of await visibleTexts(page, { ariaLabels: true })) {
        if (isCatalogue(text)) {
          catalogueSeen.add(text);
          continue;
        }
        const words = wordsOf(text).filter((w) => english.has(w.toLowerCase()));
        // Numbers are dropped so that one message repeated per cell is listed once.
        if (words.length > 0) leftovers.add(`${screen.hash}: ${words.join(", ")} in «${text.slice(0, 80).replace(/\d+/g, "#")}»`);
      }
      await page.mouse.move(1, 1);
      await page.screenshot({ path: join(SHOTS, `${screen.shot}.png`), fullPage: true });
    }
    console.info(`[french] ${catalogueSeen.size} catalogue texts shown as the API returns them for lang=fr`);
    expect([...leftovers]).toEqual([]);
  });
});
