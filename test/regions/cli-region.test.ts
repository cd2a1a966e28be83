/**
 * Issue 16 from the command line, as a regional office runs it (a child process, real database):
 * `ilms region apply` of the shipped ECOWAS file, again (nothing changed), a refused file with its line and
 * field; `ilms codelist labels import` of real translations with the report of what is still missing, and
 * `ilms catalogue labels import` of free-text labels, refused line by line or loaded with its report.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle } from "@ilms/db";
import { describeOnDrivers } from "../helpers/db";
import { ilms, withCliDb } from "../helpers/cli";

const ECOWAS = fileURLToPath(new URL("../../regions/ecowas.yaml", import.meta.url));
const GERMAN = fileURLToPath(new URL("../fixtures/labels/ecowas-de.csv", import.meta.url));

/** Each step spawns `ilms`; the first one migrates and seeds a new embedded folder (slow on a loaded machine). */
const CLI_TIMEOUT = 240_000;

describeOnDrivers("ilms region and ilms codelist labels", (db, driver) => {
  let dir: string;
  let env: Record<string, string>;
  const withDb = <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => withCliDb(driver, db(), env, fn);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ilms-cli-region-"));
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "applies regions/ecowas.yaml, then says a second apply changed nothing",
    async () => {
      const first = await ilms(["region", "apply", ECOWAS], env);
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain("created group ECOWAS");
      expect(first.stdout).toContain("MRT is a member 1975-05-28 to 2000-12-31");
      const second = await ilms(["region", "apply", ECOWAS], env);
      expect(second).toMatchObject({ code: 0, stdout: `Region ecowas is already as ${ECOWAS} says: nothing changed\n` });
      const audit = await withDb((h) => h.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'applyRegion'"));
      expect(audit).toEqual([{ n: 1 }]);
    },
    CLI_TIMEOUT,
  );

  it(
    "refuses a file with an unknown country, one problem a line with line, column and field",
    async () => {
      const bad = join(dir, "bad.yaml");
      const text = readFileSync(ECOWAS, "utf8").replace("{ country: NGA, from: 1975-05-28 }", "{ country: NGR, from: 1975-05-28 }");
      writeFileSync(bad, text);
      const line = text.split("\n").findIndex((l) => l.includes("NGR")) + 1;
      const res = await ilms(["region", "apply", bad], env);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`${bad}:${line}:7 members[11].country: 'NGR' is not an ISO 3166-1 alpha-3 country code`);
      expect(res.stderr).toContain("nothing was written");
    },
    CLI_TIMEOUT,
  );

  it(
    "imports German country names (real iso-codes translations) and reports what is still untranslated",
    async () => {
      const res = await ilms(["codelist", "labels", "import", GERMAN, "--lang", "de", "--codelist", "AREA"], env);
      expect(res).toMatchObject({ code: 0 });
      expect(res.stdout).toContain("5 labels in de set, 0 already so.");
      expect(res.stdout).toMatch(/AREA: \d+ of \d+ codes still without a label in de \(they fall back\)/);
      const labels = await withDb((h) =>
        h.query<{ code: string; de: string }>(
          "select code, labels->>'de' as de from codes where codelist_id = 'AREA' and labels ? 'de' order by code",
        ),
      );
      expect(labels).toEqual([
        { code: "CIV", de: "Côte d'Ivoire" },
        { code: "CPV", de: "Kap Verde" },
        { code: "GHA", de: "Ghana" },
        { code: "NGA", de: "Nigeria" },
        { code: "SEN", de: "Senegal" },
      ]);
      const bad = join(dir, "bad-labels.csv");
      writeFileSync(bad, "code,label\nGHA,Ghana\nZZZ,any text\nSEN,\n");
      const refused = await ilms(["codelist", "labels", "import", bad, "--lang", "de", "--codelist", "AREA"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${bad}:3 code: 'ZZZ' is not a code of list AREA`);
      expect(refused.stderr).toContain(`${bad}:4 label: the label of SEN is empty`);
    },
    CLI_TIMEOUT,
  );

  it(
    "refuses a file of table and source labels line by line (nothing written), then loads a good one with the report",
    async () => {
      const bad = join(dir, "bad-text.csv");
      writeFileSync(bad, "kind,subject,field,label\ntable,5,title,Titre\ntable,99,title,Tableau\nsource,BA:1,name,Enquête\n");
      const refused = await ilms(["catalogue", "labels", "import", bad, "--lang", "fr"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`ilms catalogue: ${bad} is refused, nothing was written:`);
      expect(refused.stderr).toContain(`${bad}:3 subject: '99' is not a table number`);
      expect(refused.stderr).toContain(`${bad}:4 subject: 'BA:1' is not a registered source`);
      expect(await withDb((h) => h.query("select * from text_labels"))).toEqual([]);
      const good = join(dir, "text.csv");
      writeFileSync(good, "kind,subject,label\ntable,5,Titre du tableau 5 (texte du test)\n");
      const res = await ilms(["catalogue", "labels", "import", good, "--lang", "fr"], env);
      expect(res).toMatchObject({ code: 0 });
      expect(res.stdout).toContain(`${good}: 1 label in fr set, 0 already so.`);
      expect(res.stdout).toContain("  table: 33 of 34 texts still without a label in fr (they fall back), e.g. 1, 1 description,");
    },
    CLI_TIMEOUT,
  );
});
