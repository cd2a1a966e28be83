/**
 * The production build: `npm run build` compiles every package and app to JavaScript with source maps (and the
 * console once), a second run with nothing changed rebuilds nothing, and the built API runs under plain `node`
 * (no tsx) with `NODE_ENV=production`: it refuses the development defaults, and with real settings serves
 * GraphQL, the console and JSON logs, finding migrations, code lists and the console build from `dist/`.
 * `npm start` with nothing changed skips turbo (scripts/build/fresh.mjs) and serves on embedded PGlite.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Driver } from "@ilms/db";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { spawnCollecting, withNpmStart } from "../helpers/child";
import type { Collecting } from "../helpers/child";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "apps/api/dist/main.js");
const SECRET = "k7Vq2mX9pL4rT8wZ1nB6cF3hJ5dG0sAe-Yu";
const run = promisify(execFile);

const PACKAGES = ["codelists", "db", "domain", "formats", "governance", "ingest", "query", "sdmx"].map((p) => `packages/${p}`);

beforeAll(async () => {
  await run("npm", ["run", "build"], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 64 << 20 });
}, 600_000);

it("builds every package and app to JavaScript with source maps, and the console", () => {
  for (const dir of [...PACKAGES, "apps/api", "apps/cli"]) {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      expect(target["ilms-dist"], `${dir} ${subpath}`).toMatch(/^\.\/dist\/.*\.js$/);
      expect(target.default, `${dir} ${subpath}`).toMatch(/^\.\/src\/.*\.ts$/);
      expect(existsSync(join(ROOT, dir, target["ilms-dist"]!)), `${dir}/${target["ilms-dist"]}`).toBe(true);
      expect(existsSync(join(ROOT, dir, `${target["ilms-dist"]}.map`)), `${dir}/${target["ilms-dist"]}.map`).toBe(true);
    }
  }
  expect(existsSync(join(ROOT, "apps/api/dist/main.js"))).toBe(true);
  expect(existsSync(join(ROOT, "apps/cli/dist/main.js"))).toBe(true);
  expect(existsSync(join(ROOT, "apps/console/dist/index.html"))).toBe(true);
  // A map points back at the TypeScript sources.
  const map = JSON.parse(readFileSync(join(ROOT, "apps/api/dist/main.js.map"), "utf8")) as { sources: string[] };
  expect(map.sources.some((s) => s.endsWith("src/main.ts"))).toBe(true);
});

it("rebuilds nothing when nothing changed", async () => {
  const { stdout } = await run("npm", ["run", "build"], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" } });
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(stdout);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout);
  expect(tasks, stdout).not.toBeNull();
  expect(cached![1], stdout).toBe(cached![2]);
});

it("tells a changed source from an unchanged build in milliseconds, naming the workspace to rebuild", async () => {
  const fresh = (...args: string[]) =>
    run(process.execPath, [join(ROOT, "scripts/build/fresh.mjs"), ...args], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  expect(await fresh("--build")).toMatchObject({ code: 0 });
  const started = performance.now();
  expect(await fresh()).toEqual({ code: 0, stdout: "" });
  expect(performance.now() - started).toBeLessThan(2000); // turbo's own check takes seconds
  const source = join(ROOT, "packages/domain/src/index.ts");
  const { atime, mtime } = statSync(source);
  try {
    utimesSync(source, new Date(), new Date());
    expect(await fresh()).toEqual({ code: 1, stdout: "packages/domain: changed since its build\n" });
  } finally {
    utimesSync(source, atime, mtime);
  }
  expect(await fresh()).toMatchObject({ code: 0 });
});

it("npm start with nothing changed skips the build, serves on embedded PGlite with no database server, and stops 0 on SIGTERM", async () => {
  // No DATABASE_URL, no network needed: the sample and code lists come from the repository.
  const output = await withNpmStart({}, async (base, beforeServing) => {
    expect(beforeServing).not.toMatch(/building|Tasks:/); // no turbo run: the build was current
    expect(beforeServing).toMatch(/"Started in \d+ ms: modules \d+, database open \d+/);
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent("{ tables { id } codelists { id } }")}`);
    const body = (await res.json()) as { data: { tables: unknown[]; codelists: unknown[] } };
    expect(body.data.tables).toHaveLength(17);
    expect(body.data.codelists.length).toBeGreaterThan(10);
    const sdmx = await fetch(
      `${base}/sdmx/rest/data/ILO,DF_MNA_OEMP_SEX_CDS_NB,1.0/IDN.A..SEX_T.CDS_DES_MYS?startPeriod=2018&endPeriod=2018&format=csvdata`,
    );
    expect(await sdmx.text()).toContain("90.664"); // the demo sample, loaded at this first start
    expect(await (await fetch(`${base}/`)).text()).toContain('<div id="root"');
    // The report writers load at the first report, not at start-up; they still answer.
    expect((await fetch(`${base}/reports/nope.txt`)).status).toBe(400);
    expect((await fetch(`${base}/export?format=bogus`)).status).toBe(400);
  });
  expect(output).toContain("stopped");
}, 240_000);

it("refuses NODE_ENV=production with development defaults, naming each variable, before touching a database", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ilms-prod-refusal-"));
  try {
    const refused = spawnCollecting(process.execPath, ["--conditions=ilms-dist", MAIN], {
      NODE_ENV: "production",
      CORS_ORIGINS: "*",
      ILMS_DATA_DIR: join(dir, "pglite"),
      PORT: "0",
    });
    expect(await refused.exited).toBe(1);
    const { stderr } = refused;
    expect(stderr).toMatch(/^Refusing to start with NODE_ENV=production:\n {2}ILMS_JWT_SECRET: required/);
    expect(stderr).toMatch(/\n {2}CORS_ORIGINS: `\*` lets every web site call the API/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/); // a message, not a stack trace
    expect(existsSync(join(dir, "pglite"))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeOnDrivers("the built API in production", (db: () => TestDb, driver: Driver) => {
  let api: Collecting;
  let url = "";
  const dir = mkdtempSync(join(tmpdir(), "ilms-prod-"));

  beforeAll(async () => {
    const env: Record<string, string> = {
      NODE_ENV: "production",
      ILMS_JWT_SECRET: SECRET,
      PORT: "0",
      ILMS_DATA_DIR: join(dir, "pglite"),
      ILMS_DEMO_DATA: "true",
    };
    if (driver === "postgres") env.DATABASE_URL = db().url!;
    api = spawnCollecting(process.execPath, ["--enable-source-maps", "--conditions=ilms-dist", MAIN], env);
    url = (await api.until(/API on (http:\/\/[^\s"]+)\/graphql/))[1]!;
  }, 240_000);
  afterAll(async () => {
    if (api.child.exitCode === null) {
      api.child.kill("SIGTERM");
      await api.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs on plain node from dist/, with migrations, code lists, demo data and the console found from there", async () => {
    const res = await fetch(`${url}/graphql?query=${encodeURIComponent("{ tables { id } codelists { id } }")}`);
    const body = (await res.json()) as { data: { tables: unknown[]; codelists: unknown[] } };
    expect(body.data.tables).toHaveLength(17);
    expect(body.data.codelists.length).toBeGreaterThan(10);
    const sdmx = await fetch(
      `${url}/sdmx/rest/data/ILO,DF_MNA_OEMP_SEX_CDS_NB,1.0/IDN.A..SEX_T.CDS_DES_MYS?startPeriod=2018&endPeriod=2018&format=csvdata`,
    );
    expect(sdmx.status).toBe(200);
    expect(await sdmx.text()).toContain("90.664");
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
    expect((await fetch(`${url}/graphiql`)).status).toBe(200);
  });

  it("writes JSON log lines, one object each", () => {
    const lines = api.output.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const started = lines
      .map((l) => JSON.parse(l) as { msg: string; level: number })
      .find((l) => l.msg.startsWith("ILMS Warehouse API on"));
    expect(started).toMatchObject({ level: 30 });
  });
});
