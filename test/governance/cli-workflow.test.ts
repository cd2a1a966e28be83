/**
 * The whole intake workflow from the command line, without GraphQL (issue 11): a round and its sources are
 * created with `ilms round` / `ilms source`, the real sample is imported, and the round goes through submit,
 * validate and publish; the published data are then readable through the query engine as an anonymous
 * caller. A step the workflow does not allow is refused with its reason and exit code 1. Child processes,
 * as users run the CLI; PGlite on a folder the CLI prepares itself, PostgreSQL on the suite's database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle, Driver } from "@ilms/db";
import { DEMO_FILE } from "@ilms/ingest";
import { countCells, planFilter, readPage, toIlostat, visibilityAsOf } from "@ilms/query";
import { ilms, withCliDb } from "../helpers/cli";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";

const COUNTRIES = ["LAO", "THA"];
const INDICATOR = "MNA_OEMP_SEX_CDS_NB";

describeOnDrivers("ilms round / source: the intake workflow without GraphQL", (db: () => TestDb, driver: Driver) => {
  let dir: string;
  let env: Record<string, string>;
  let sample: string[];
  const withDb = <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => withCliDb(driver, db(), env, fn);
  /** Cells of the indicator an anonymous caller sees, through the engine. */
  const publicCells = () =>
    withDb(async (h) => {
      const plan = planFilter({ indicator: INDICATOR, refArea: COUNTRIES });
      const vis = await visibilityAsOf(h, false, null);
      const page = await readPage(h, plan, vis, 1000, null);
      return { count: await countCells(h, plan, vis), observations: page.rows.map((r) => toIlostat(plan.table, r)) };
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ilms-cli-workflow-"));
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
    // The real shipped sample, cut to two reporting countries.
    const [header, ...rows] = readFileSync(DEMO_FILE, "utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\n");
    sample = rows.filter((r) => COUNTRIES.includes(r.slice(0, 3)));
    writeFileSync(join(dir, "sample.csv"), [header, ...sample].join("\n") + "\n");
    writeFileSync(
      join(dir, "sources.csv"),
      "code,ref_area,name,source_type,agency,migrant_basis,comparability,age_floor,irregular_migrants_covered\n" +
        "BA:LAO,LAO,Labour Force Survey,BA,Lao Statistics Bureau,CCT,partial,15,false\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a round and its sources, imports, submits, validates and publishes; the data are then public", async () => {
    const created = await ilms(["round", "create", "--code", "ILMQ-2025", "--title", "ILMQ 2025", "--year", "2025"], env);
    expect(created).toMatchObject({ code: 0, stdout: "Created round ILMQ-2025 (draft): ILMQ 2025\n" });

    // Sources from a file and from options, with their quality fields.
    expect(await ilms(["source", "add", "--file", join(dir, "sources.csv")], env)).toMatchObject({
      code: 0,
      stdout: "Added source BA:LAO (LAO): Labour Force Survey\n",
    });
    const tha = await ilms(
      [
        "source",
        "add",
        "--code",
        "BA:THA",
        "--country",
        "THA",
        "--name",
        "Labour Force Survey",
        "--source-type",
        "BA",
        "--migrant-basis",
        "CBR",
      ],
      env,
    );
    expect(tha).toMatchObject({ code: 0, stdout: "Added source BA:THA (THA): Labour Force Survey\n" });
    writeFileSync(join(dir, "changes.json"), JSON.stringify([{ code: "BA:THA", comparability: "full", sample_size: 83000 }]));
    expect(await ilms(["source", "update", "--file", join(dir, "changes.json")], env)).toMatchObject({
      code: 0,
      stdout: "Updated source BA:THA (THA): Labour Force Survey\n",
    });
    const listed = JSON.parse((await ilms(["source", "list", "--country", "LAO,THA", "--json"], env)).stdout);
    expect(listed).toEqual([
      expect.objectContaining({
        code: "BA:LAO",
        agency: "Lao Statistics Bureau",
        migrantBasis: "CCT",
        ageFloor: 15,
        irregularMigrantsCovered: false,
      }),
      expect.objectContaining({ code: "BA:THA", sourceType: "BA", migrantBasis: "CBR", comparability: "full", sampleSize: 83000 }),
    ]);
    // The same rules as the API: a code outside its list is refused, naming the field.
    const badType = await ilms(["source", "add", "--code", "BA:VNM", "--country", "VNM", "--name", "LFS", "--source-type", "ZZ"], env);
    expect(badType).toMatchObject({ code: 1, stderr: "ilms source: sourceType: 'ZZ' is not a code of list SOURCE_TYPE\n" });

    const imported = await ilms(["import", join(dir, "sample.csv"), "--round", "ILMQ-2025", "--source", "BA:{ref_area}"], env);
    expect(imported.code, imported.stderr).toBe(0);
    const loads = await withDb((h) => h.query<{ rows_written: number }>("select rows_written from imports where status = 'loaded'"));
    expect(loads.map((l) => Number(l.rows_written))).toEqual([sample.length]);
    expect((await publicCells()).count).toBe(0);

    expect(await ilms(["round", "submit", "ILMQ-2025"], env)).toMatchObject({
      code: 0,
      stdout: "Submitted round ILMQ-2025: now submitted\n",
    });
    // Wrong steps: refused with the workflow's reason, exit code 1, nothing changed.
    expect(await ilms(["round", "publish", "ILMQ-2025"], env)).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "ilms round: Round ILMQ-2025 is submitted: cannot publish it; it must be validated (workflow: draft -> submitted -> validated -> published)\n",
    });
    const closed = await ilms(["import", join(dir, "sample.csv"), "--round", "ILMQ-2025", "--source", "BA:{ref_area}"], env);
    expect(closed.code).not.toBe(0);
    expect(closed.stderr).toContain("Round ILMQ-2025 is submitted: it takes no data while under review");

    // Sent back and through again.
    expect(await ilms(["round", "reopen", "ILMQ-2025", "--reason", "THA totals to check"], env)).toMatchObject({ code: 0 });
    expect((await ilms(["round", "submit", "ILMQ-2025"], env)).code).toBe(0);
    expect(await ilms(["round", "validate", "ILMQ-2025"], env)).toMatchObject({
      code: 0,
      stdout: "Validated round ILMQ-2025: now validated\n",
    });
    expect(await ilms(["round", "publish", "ILMQ-2025"], env)).toMatchObject({
      code: 0,
      stdout: "Published round ILMQ-2025: now published; its data are public now\n",
    });
    expect(JSON.parse((await ilms(["round", "show", "ILMQ-2025", "--json"], env)).stdout)).toMatchObject({
      code: "ILMQ-2025",
      status: "published",
      isPublic: true,
    });

    // Published: the engine serves every imported cell of the indicator to anonymous callers, with the file's values.
    const expected = sample.map((r) => r.split(",")).filter((f) => f[2] === INDICATOR);
    const { count, observations } = await publicCells();
    expect(count).toBe(expected.length);
    const key = (o: { refArea: string; sex: string; classif1: string | null; time: number }) =>
      `${o.refArea} ${o.sex} ${o.classif1} ${o.time}`;
    const served = new Map(observations.map((o) => [key(o), `${o.obsValue} ${o.source}`]));
    for (const f of expected)
      expect(served.get(key({ refArea: f[0]!, sex: f[3]!, classif1: f[4]!, time: Number(f[6]) }))).toBe(`${f[7]} BA:${f[0]}`);

    // Every step in the audit trail, as the local administrator.
    const audit = await withDb((h) =>
      h.query<{ actor_kind: string; action: string; entity_id: string }>(
        "select actor_kind, action, entity_id from audit_log where entity in ('round', 'source') order by id",
      ),
    );
    expect(audit.map((a) => `${a.actor_kind} ${a.action} ${a.entity_id}`)).toEqual([
      "system createRound ILMQ-2025",
      "system createSource BA:LAO",
      "system createSource BA:THA",
      "system updateSource BA:THA",
      "system submitRound ILMQ-2025",
      "system reopenRound ILMQ-2025",
      "system submitRound ILMQ-2025",
      "system validateRound ILMQ-2025",
      "system publishRound ILMQ-2025",
    ]);
  }, 300_000);
});
