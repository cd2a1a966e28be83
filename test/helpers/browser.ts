/**
 * The set-up every browser suite shares: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * the console built when its sources are newer than the build, the real API on a PGlite database of the suite's
 * own serving that build, a page that may reach 127.0.0.1 only, and the console's sign-in form.
 *
 * `useConsole` registers the suite's `beforeAll`/`afterAll`; the object it returns is filled in once `beforeAll`
 * has run. Suites skip with `describe.skipIf(!HAS_CHROMIUM)`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { authConfig } from "@ilms/governance/tokens";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { TEST_PASSWORD, TEST_SECRET, createTestUser } from "./auth";
import type { TestRole } from "./auth";
import { createTestDb } from "./db";
import type { TestDb } from "./db";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CONSOLE = join(ROOT, "apps/console");
export const DIST = join(CONSOLE, "dist");
export const SHOTS = join(ROOT, "test/artifacts/screenshots");
/** The console's landing heading after a sign-in, in English. */
export const LANDING = "Source-quality map";

if (!HAS_CHROMIUM)
  console.warn(`[browser tests] SKIPPED: ${CHROMIUM} is missing (install Debian's chromium package; no browser is downloaded)`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the console when there is no build or the sources changed since the last one. */
export function ensureConsoleBuilt(): void {
  const index = join(DIST, "index.html");
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs < Math.max(newestMtime(join(CONSOLE, "src")), statSync(join(CONSOLE, "vite.config.ts")).mtimeMs);
  if (stale) execFileSync("npm", ["run", "build", "-w", "@ilms/console"], { cwd: ROOT, stdio: "pipe" });
}

/** Headless Chromium from /usr/bin, with nothing of its own phoning out. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** The real API serving the built console on `db`; `url` is its base address. */
export async function serveConsole(db: TestDb, region?: string): Promise<{ app: App; url: string }> {
  const app = await createApp({ db: db.handle, consoleDir: DIST, auth: authConfig(TEST_SECRET), region });
  return { app, url: await app.listen(0) };
}

/**
 * Signs in through the console's login form and waits for the landing screen (`landing`: its heading, English
 * by default).
 */
export async function signIn(page: Page, base: string, email: string, options: { password?: string; landing?: string } = {}) {
  await page.goto(`${base}/`);
  await page.getByLabel("Email").waitFor({ timeout: 60_000 }); // first load parses the whole bundle
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(options.password ?? TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("h1", { hasText: options.landing ?? LANDING }).waitFor();
}

/** Visible text outside code cells (`[data-code]`), one string per text node (and per `aria-label` if asked). */
export function visibleTexts(page: Page, options: { ariaLabels?: boolean } = {}): Promise<string[]> {
  return page.evaluate((ariaLabels) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("[data-code], script, style, noscript") || !el.checkVisibility()) continue;
      if (n.textContent?.trim()) out.push(n.textContent.trim());
    }
    // Labels a screen reader speaks.
    if (ariaLabels)
      for (const el of document.querySelectorAll("[aria-label]"))
        if ((el as HTMLElement).checkVisibility()) out.push(el.getAttribute("aria-label") ?? "");
    return out;
  }, options.ariaLabels ?? false);
}

/** Visible text of the page outside code cells: what a user reads as words. */
export async function visibleWords(page: Page): Promise<string> {
  return (await visibleTexts(page)).join(" | ");
}

/** A full-page screenshot in `test/artifacts/screenshots/<name>.png`, from the top, without hover or focus ring. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it stands: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
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

export interface ConsoleOptions {
  /** Accounts created before the API starts (password `TEST_PASSWORD`). */
  users: [email: string, role: TestRole][];
  /** Data the suite needs, written before the API starts. */
  seed?: (db: TestDb) => Promise<void>;
  /** Signs this account in before the first test; without it the page is left blank. */
  signInAs?: string;
  /** The page's default timeout for actions and waits (ms); 15 s unless told. */
  timeout?: number;
  /** The active region of the API (`ILMS_REGION`; default `asean`). */
  region?: string;
}

export interface ConsoleSession {
  db: TestDb;
  app: App;
  /** The API's base address (`http://127.0.0.1:<port>`). */
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request the page tried outside 127.0.0.1 (all aborted). */
  external: string[];
  /** The page's console messages of type warning or error. */
  warnings: { type: string; text: string }[];
  go(hash: string): Promise<void>;
  shot(name: string): Promise<void>;
  expectAccessible(name: string): Promise<void>;
}

/**
 * The browser suite's world, set up in `beforeAll` and torn down in `afterAll`: a PGlite database with the
 * accounts and the suite's seed, the API serving the console build, Chromium at 1440x900 in en-GB/UTC with CSS
 * transitions and animations off (axe measures contrast on what is on screen, and a menu still fading out after
 * a click would be judged at partial opacity), every request outside 127.0.0.1 aborted and recorded.
 */
export function useConsole(options: ConsoleOptions): ConsoleSession {
  const session = { external: [], warnings: [] } as unknown as ConsoleSession;
  const page = () => session.page;
  session.go = (hash) =>
    page()
      .goto(`${session.base}/#${hash}`)
      .then(() => undefined);
  session.shot = (name) => shot(page(), name);
  session.expectAccessible = (name) => expectAccessible(page(), name);

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SHOTS, { recursive: true });
    session.db = await createTestDb("pglite");
    for (const [email, role] of options.users) await createTestUser(session.db.handle, email, role);
    await options.seed?.(session.db);
    const served = await serveConsole(session.db, options.region);
    session.app = served.app;
    session.base = served.url;
    session.browser = await launchChromium();
    session.context = await session.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
    });
    await session.context.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
        document.head.append(style);
      });
    });
    // Everything must come from the API's own origin: no CDN, no remote image, no font service.
    await session.context.route(/^(?!http:\/\/127\.0\.0\.1|about:|blob:|data:)/, (route) => {
      session.external.push(route.request().url());
      return route.abort();
    });
    session.page = await session.context.newPage();
    session.page.setDefaultTimeout(options.timeout ?? 15_000);
    session.page.on("console", (m) => {
      if (m.type() === "warning" || m.type() === "error") session.warnings.push({ type: m.type(), text: m.text() });
    });
    if (options.signInAs) await signIn(session.page, session.base, options.signInAs);
  }, 300_000);

  afterAll(async () => {
    await session.browser?.close();
    await session.app?.close();
    await session.db?.dispose();
  });

  return session;
}
