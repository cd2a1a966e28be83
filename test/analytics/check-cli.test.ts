/**
 * `ilms check --round R` as users run it (a child process, both drivers): every check re-run over the round,
 * the report readable and as JSON, the thresholds taken from the command line, findings stored once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle, Driver } from "@ilms/db";
import type { RecheckReport } from "@ilms/ingest";
import { ilms, withCliDb } from "../helpers/cli";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { sampleRows } from "./sample";

describeOnDrivers("ilms check", (db: () => TestDb, driver: Driver) => {
  let dir: string;
  let env: Record<string, string>;
  const withDb = <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => withCliDb(driver, db(), env, fn);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ilms-check-"));
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
    expect((await ilms(["seed", "--demo"], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("re-runs every check over the demo round: the same findings as the import stored, known, by kind", async () => {
    const stored = await withDb((h) =>
      h.query<{ check: string; n: number }>(`select "check", count(*)::int as n from check_findings group by 1`),
    );
    const json = await ilms(["check", "--round", "DEMO-ILOSTAT", "--json"], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as RecheckReport;
    expect(report.tables).toEqual([1, 3, 4, 5, 6, 15, 16]);
    expect(report.byKind).toEqual(Object.fromEntries(stored.map((s) => [s.check, s.n])));
    expect(report.findingsKnown).toBe(report.findingCount);
    expect(report.stored).toBe(true);
    // The real sample's own-country counterpart rows, counted from the CSV.
    const own = sampleRows().filter((r) => /^(CBR_BRT|CCT_CTZ|CDS_DES|CRS_RES)_/.test(r.classif1) && r.classif1.endsWith(`_${r.ref_area}`));
    expect(report.byKind["self-counterpart"]).toBe(own.length);
    const [seen] = await withDb((h) => h.query<{ n: number }>("select count(*)::int as n from check_findings where times_seen = 2"));
    expect(seen!.n).toBe(report.findingCount);

    const human = await ilms(["check", "--round", "DEMO-ILOSTAT", "--dry-run"], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^Checked round DEMO-ILOSTAT \\(tables 1, 3, 4, 5, 6, 15, 16\\): ${report.findingCount} findings`),
    );
    expect(human.stdout).toContain("nothing stored");
    expect(human.stdout).toContain("[warning self-counterpart] Indonesia 2021");
  });

  it("takes the thresholds from the command line and refuses bad ones and unknown rounds", async () => {
    const base = JSON.parse((await ilms(["check", "--round", "DEMO-ILOSTAT", "--json", "--dry-run"], env)).stdout) as RecheckReport;
    const loose = JSON.parse(
      (await ilms(["check", "--round", "DEMO-ILOSTAT", "--json", "--dry-run", "--jump-factor", "50"], env)).stdout,
    ) as RecheckReport;
    expect(loose.thresholds.jumpFactor).toBe(50);
    expect(loose.byKind.break ?? 0).toBeLessThan(base.byKind.break!);
    // Without the minimum size, the tiny series the default leaves out are breaks again.
    const noise = JSON.parse(
      (await ilms(["check", "--round", "DEMO-ILOSTAT", "--json", "--dry-run", "--jump-min-value", "0", "--jump-min-share", "0"], env))
        .stdout,
    ) as RecheckReport;
    expect(noise.thresholds).toMatchObject({ jumpMinValue: 0, jumpMinShare: 0 });
    expect(noise.byKind.break!).toBeGreaterThan(base.byKind.break!);
    expect((await ilms(["check", "--round", "DEMO-ILOSTAT", "--jump-factor", "1"], env)).code).toBe(2);
    const unknown = await ilms(["check", "--round", "NO-SUCH"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No collection round 'NO-SUCH'");
    expect((await ilms(["check"], env)).code).toBe(2);
    // Each call is a child process: generous on a shared machine.
  }, 240_000);
});
