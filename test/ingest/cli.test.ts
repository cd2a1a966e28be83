/**
 * The `ilms` CLI as users run it (a child process): exit codes, the readable and --json reports, a corrupted
 * file refused with every problem and nothing written, exports. PGlite runs on a folder on disk the CLI
 * prepares itself (migrate + seed), PostgreSQL on the suite's database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle, Driver } from "@ilms/db";
import { DEMO_FILE } from "@ilms/ingest";
import type { ImportReport } from "@ilms/ingest";
import { ilms, withCliDb } from "../helpers/cli";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { corruptedSample, countFacts } from "./helpers";

describeOnDrivers("ilms CLI", (db: () => TestDb, driver: Driver) => {
  let dir: string;
  let env: Record<string, string>;
  const withDb = <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => withCliDb(driver, db(), env, fn);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ilms-cli-"));
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("seeds and loads the demo data, then says so again without writing", async () => {
    const first = await ilms(["seed", "--demo"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Demo data: loaded, 2756 rows written/);
    const again = await ilms(["seed", "--demo"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Demo data: unchanged, 0 rows written, 2756 unchanged/);
    await withDb(async (h) => {
      await h.query("insert into collection_rounds (code, title, reference_year) values ('T-CLI', 'CLI test', 2025)");
    });
  });

  it("refuses a corrupted file with exit code 1, every problem listed, nothing written", async () => {
    const { text, expected } = corruptedSample();
    const file = join(dir, "corrupted.csv");
    writeFileSync(file, text);
    const human = await ilms(["import", file, "--round", "T-CLI", "--source", "DEMO:{ref_area}"], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^Rejected corrupted\.csv \(round T-CLI\): 4 errors in 2758 rows; nothing was written\./);
    for (const e of expected) expect(human.stdout).toContain(`line ${e.line}, ${e.column}`);
    expect(human.stdout).toContain("line 3, classif1 = \"CDS_DES_ZZZ\": unknown area 'ZZZ' after CDS_DES_ [UNKNOWN_CODE]");

    const json = await ilms(["import", file, "--round", "T-CLI", "--source", "DEMO:{ref_area}", "--json"], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as ImportReport;
    expect(report.errors.map(({ line, column, value, code }) => ({ line, column, value, code }))).toEqual(expected);
    expect(await withDb((h) => countFacts(h, "T-CLI"))).toBe(0);
  });

  it("imports a valid file with exit code 0 and a readable summary including the findings", async () => {
    const run = await ilms(["import", DEMO_FILE, "--round", "T-CLI", "--source", "DEMO:{ref_area}"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported ilms-asean-sample\.csv \(round T-CLI\): stored 2756 of 2756 rows into tables 1, 3, 4, 5, 6, 15, 16 in [\d.]+ s: 729 new, 0 revised, 2027 unchanged\./,
    );
    expect(run.stdout).toMatch(/check findings \(stored; values kept as published, \d+ already known from an earlier import\)/);
    // The first findings are listed in words (the rest with --json); the LAO/KOR case is among those stored.
    expect(run.stdout).toMatch(/^ {2}warning additivity: Table \d+, [A-Z]{3} \d{4}, .* differs from /m);
    const stored = await withDb((h) =>
      h.query<{ message: string }>(
        "select message from check_findings where ref_area = 'LAO' and time = 2023 and \"check\" = 'additivity'",
      ),
    );
    expect(stored.map((f) => f.message)).toContainEqual(
      expect.stringContaining("LAO 2023, CDS_DES_KOR: SEX_T 2.815 differs from SEX_F 1.702 + SEX_M 1.743 = 3.445"),
    );
    const again = await ilms(["import", DEMO_FILE, "--round", "T-CLI", "--source", "DEMO:{ref_area}", "--json"], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "unchanged", rowsWritten: 0, rowsUnchanged: 2756 });
  });

  it("validates without writing, and exports", async () => {
    const before = await withDb((h) => countFacts(h));
    const valid = await ilms(["validate", DEMO_FILE, "--round", "T-CLI", "--source", "DEMO:{ref_area}", "--json"], env);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ status: "dry-run", errorCount: 0 });
    expect(await withDb((h) => countFacts(h))).toBe(before);

    const out = join(dir, "t15.csv");
    const exported = await ilms(["export", "--table", "15", "-o", out], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/Exported 860 rows of table 15/);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(861);
    // XLSX to standard output (a pipe): a complete zip, and the process ends by itself.
    const xlsx = await ilms(["export", "--indicator", "MNA_OEMP_SEX_ECO_NB", "--format", "xlsx"], env);
    expect(xlsx.code).toBe(0);
    expect(xlsx.stdout.startsWith("PK")).toBe(true);
  });

  it("names unknown columns, refuses a misspelt one, groups identical problems and registers missing sources on request", async () => {
    const rows = ["SEX_T", "SEX_M", "SEX_F"].map((sex, i) => `LAO,MNA_OEMP_SEX_CDS_NB,${sex},CDS_DES_JPN,2030,${i + 1}.000,,ok`);
    const file = join(dir, "lao-2030.csv");
    writeFileSync(file, ["ref_area,indicator,sex,classif1,time,obs_value,obs_stauts,comment", ...rows].join("\n") + "\n");
    const typo = await ilms(["import", file, "--round", "T-CLI", "--source", "DEMO:{ref_area}"], env);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain("Ignored 1 column that ILOSTAT's layout does not have: comment.");
    expect(typo.stdout).toMatch(
      /line 1, obs_stauts = "obs_stauts": unknown column 'obs_stauts': did you mean obs_status\?.*\[UNKNOWN_COLUMN\]/,
    );

    writeFileSync(file, ["ref_area,indicator,sex,classif1,time,obs_value,obs_status,comment", ...rows].join("\n") + "\n");
    const noSource = await ilms(["import", file, "--round", "T-CLI"], env);
    expect(noSource.code).toBe(1);
    expect(noSource.stdout).toContain("Rejected lao-2030.csv (round T-CLI): 3 errors in 3 rows; nothing was written.");
    expect(noSource.stdout).toMatch(/^ {2}lines 2, 3, 4, source: no source: .* \[MISSING_SOURCE\]$/m);
    expect(noSource.stdout).toContain("Hint: give a default source with --source");

    const created = await ilms(["import", file, "--round", "T-CLI", "--create-sources", "NEW:{ref_area}"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("stored 3 of 3 rows into table 15");
    expect(created.stdout).toContain("3 new, 0 revised, 0 unchanged.");
    expect(created.stdout).toContain("Registered 1 new source (fill in their quality fields): NEW:LAO.");
    expect(await withDb((h) => h.query("select ref_area from data_sources where code = 'NEW:LAO'"))).toEqual([{ ref_area: "LAO" }]);
  });

  it("exits with 2 on usage errors, naming the problem", async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: ilms <command>/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["import"], /a file to read is required/],
      [["import", DEMO_FILE, "--bogus"], /Unknown option '--bogus'/],
      [["import", DEMO_FILE, "--round", "NOPE"], /No collection round 'NOPE'/],
      [["import", join(dir, "missing.csv"), "--round", "T-CLI"], /No such file/],
      [["export", "--format", "pdf", "--table", "1"], /--format must be one of/],
      [["export"], /choose what to export/],
    ];
    for (const [args, message] of cases) {
      const run = await ilms(args, env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(message);
    }
  });
});
