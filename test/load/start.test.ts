/**
 * `npm start` (scripts/start.mjs): with nothing changed it serves from the API's bundle (`apps/api/dist/bundle/`,
 * scripts/build/bundle.mjs) without building, and finds from there what the sources find beside themselves
 * (migrations, code lists, the demo sample, regions, the console build); a changed source — in a package, which
 * the bundle holds too — is rebuilt before the API serves. Speed is measured by `npm run bench:start`, not here.
 *
 * In the load project (one file at a time, after the node project): it edits a package's source, rebuilds dist/
 * and moves the per-package API entry away for a while, which tests running beside it would trip over.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withNpmStart } from "../helpers/child";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const fresh = () => run(process.execPath, [join(ROOT, "scripts/build/fresh.mjs"), "--build"], { cwd: ROOT, maxBuffer: 64 << 20 });

async function graphql<T>(base: string, query: string): Promise<T> {
  const res = await fetch(`${base}/graphql?query=${encodeURIComponent(query)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

beforeAll(async () => {
  await fresh(); // builds when anything is stale, else nothing
}, 600_000);

// Whatever a test changed is put back and rebuilt, so the worktree's dist/ matches its sources again.
afterAll(async () => {
  await fresh();
}, 600_000);

it("serves from the API's bundle with nothing changed: no build, /healthz 200, GraphQL, SDMX, the console", async () => {
  expect(existsSync(join(ROOT, "apps/api/dist/bundle/main.js"))).toBe(true);
  // The per-package entry is moved away for this start: what serves can only be the bundle.
  const modulesEntry = join(ROOT, "apps/api/dist/main.js");
  renameSync(modulesEntry, `${modulesEntry}.away`);
  try {
    const output = await withNpmStart({ ILMS_DEMO_DATA: "true" }, async (base) => {
      const data = await graphql<{ tables: { id: number }[]; codelists: { id: string }[] }>(base, "{ tables { id } codelists { id } }");
      expect(data.tables).toHaveLength(17);
      expect(data.codelists.map((c) => c.id)).toContain("SEX"); // code lists read from packages/codelists/data
      const sdmx = await fetch(
        `${base}/sdmx/rest/data/ILO,DF_MNA_OEMP_SEX_CDS_NB,1.0/IDN.A..SEX_T.CDS_DES_MYS?startPeriod=2018&endPeriod=2018&format=csvdata`,
      );
      expect(await sdmx.text()).toContain("90.664"); // the demo sample, from packages/ingest/demo
      expect(await (await fetch(`${base}/`)).text()).toContain('<div id="root"'); // apps/console/dist
      // The writers the bundle loads at the first report or download still load and answer.
      expect((await fetch(`${base}/reports/nope.txt`)).status).toBe(400);
      expect((await fetch(`${base}/export?format=bogus`)).status).toBe(400);
    });
    expect(output).not.toMatch(/building|Tasks:/);
    expect(output).toMatch(/Applied regions\/asean\.yaml/); // regions/ found from the bundle
    expect(output).toMatch(/"Started in \d+ ms: modules \d+, database open \d+/);
    expect(output).toContain("stopped");
  } finally {
    renameSync(`${modulesEntry}.away`, modulesEntry);
  }
}, 240_000);

it("rebuilds a changed package source into the bundle before serving", async () => {
  // A package the API imports at start-up; the bundle holds its sources, so its change must reach the bundle.
  const source = join(ROOT, "packages/domain/src/index.ts");
  const original = readFileSync(source, "utf8");
  const marker = `ilms start test ${process.pid}-${Date.now()}`;
  writeFileSync(source, `${original}console.log(${JSON.stringify(marker)});\n`);
  try {
    const output = await withNpmStart({ ILMS_DEMO_DATA: "true" }, async (base, beforeServing) => {
      expect(beforeServing).toMatch(/packages\/domain: changed since its build; building/);
      expect(beforeServing).toContain(marker); // printed by the rebuilt bundle, before the first 200
      const data = await graphql<{ tables: { id: number }[] }>(base, "{ tables { id } }");
      expect(data.tables).toHaveLength(17);
    });
    expect(output.indexOf("building")).toBeLessThan(output.indexOf(marker));
  } finally {
    writeFileSync(source, original);
  }
}, 600_000);
