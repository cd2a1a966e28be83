/**
 * Issue 16's closing note (a): the region file's `indicators` take effect in the importer. ECOWAS's file maps
 * `MST_TEMP_SEX_ECO_POB_NB` sameAs `MST_TEMP_SEX_ECO_CBR_NB`: with ECOWAS active, a file using it loads into
 * table 5, decoded with that indicator's codec, through every face (GraphQL `importObservations`, `ilms
 * import`, SDMX-CSV), and `ilms export` gives the file back exactly, its own id included. An unknown id is
 * refused with line, column and value; ECOWAS's mapping does not apply while ASEAN is the active region.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle, Driver } from "@ilms/db";
import { applyRegion } from "@ilms/governance/regions";
import { importIlostat } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { ilms, withCliDb } from "../helpers/cli";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { countFacts, createRound, createSource, csv } from "../ingest/helpers";

const ROOT = new URL("../../", import.meta.url);
const ASEAN_FILE = fileURLToPath(new URL("regions/asean.yaml", ROOT));
const ECOWAS_FILE = fileURLToPath(new URL("regions/ecowas.yaml", ROOT));
const ASEAN = readFileSync(ASEAN_FILE, "utf8");
const ECOWAS = readFileSync(ECOWAS_FILE, "utf8");
const EXTRA = "MST_TEMP_SEX_ECO_POB_NB";
const SAME_AS = "MST_TEMP_SEX_ECO_CBR_NB";

const IMPORT = `mutation($input: ImportObservationsInput!) {
  importObservations(input: $input) { status round rowsRead rowsWritten tables errorCount errors { line lines count column value code message } }
}`;

/**
 * Ghana's employment by broad sector and place of birth for `year` under the id `indicator`, and one row
 * under a catalogue id of the same table (by citizenship), which must keep its own id.
 */
function ghana(indicator: string, year = 2020): string {
  const rows = [
    ["ECO_SECTOR_TOTAL", "CBR_BIR_TOTAL", "1200.500"],
    ["ECO_SECTOR_AGR", "CBR_BIR_TOTAL", "400.250"],
    ["ECO_SECTOR_TOTAL", "CBR_BIR_FOREIGN", "35.000"],
    ["ECO_SECTOR_IND", "CBR_BIR_NATIVE", "300.100"],
  ].map(([eco, mig, value]) => ["GHA", "T:GHA-5", indicator, "SEX_T", eco!, mig!, String(year), value!, "", "", "", ""]);
  rows.push([
    "GHA",
    "T:GHA-5",
    "MST_TEMP_SEX_ECO_CCT_NB",
    "SEX_F",
    "ECO_SECTOR_TOTAL",
    "CCT_CIT_TOTAL",
    String(year),
    "600.000",
    "",
    "",
    "",
    "",
  ]);
  return csv(rows);
}

/** Table 5's stored rows of a round, without the columns that differ by import (ids, round, time stamps). */
async function table5(h: Pick<DbHandle, "query">, round: string) {
  return h.query<Record<string, unknown>>(
    `select f.ref_area, f.time, f.sex, f.economic_activity, f.migrant_status, f.source_code, f.indicator, f.file_indicator,
            f.obs_value::text as obs_value, f.obs_status
     from fact_t05 f join collection_rounds r on r.id = f.round_id where r.code = $1
     order by f.indicator, f.sex, f.economic_activity, f.migrant_status`,
    [round],
  );
}

describeOnDrivers("The active region's extra indicator ids in the importer", (db: () => TestDb, driver: Driver) => {
  const ecowas = useTestApi(db, { region: "ecowas", responseCache: null });
  const asean = useTestApi(db, { region: "asean", responseCache: null });
  const gql = async (api: typeof ecowas, q: string, v: Record<string, unknown>) => api().gql(q, v, await asAdmin(api(), db().handle));

  beforeAll(async () => {
    const h = db().handle;
    await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "regions/asean.yaml" }));
    await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    await createSource(h, "T:GHA-5", "GHA");
    for (const round of ["T-IND-API", "T-IND-CAT", "T-IND-SDMX", "T-IND-ASEAN"]) await createRound(h, round);
  });

  it("with ECOWAS active, importObservations puts a row under ECOWAS's extra id into table 5, decoded as its sameAs indicator", async () => {
    const res = await gql(ecowas, IMPORT, { input: { csv: ghana(EXTRA), fileName: "ghana.csv", round: "T-IND-API" } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importObservations).toMatchObject({ status: "loaded", rowsRead: 5, rowsWritten: 5, tables: [5], errorCount: 0 });
    const h = db().handle;
    const stored = await table5(h, "T-IND-API");
    expect(stored.filter((r) => r.indicator === SAME_AS).map((r) => r.file_indicator)).toEqual([EXTRA, EXTRA, EXTRA, EXTRA]);
    expect(stored.find((r) => r.indicator === "MST_TEMP_SEX_ECO_CCT_NB")!.file_indicator).toBeNull();

    // The same file under the catalogue id gives the very same cells: the sameAs indicator's codec decoded them.
    const catalogue = await importIlostat(h, { text: ghana(SAME_AS) }, { round: "T-IND-CAT", region: "ecowas" });
    expect(catalogue).toMatchObject({ status: "loaded", rowsWritten: 5 });
    const without = (rows: Record<string, unknown>[]) => rows.map(({ file_indicator: _, ...r }) => r);
    expect(without(stored)).toEqual(without(await table5(h, "T-IND-CAT")));
    expect((await table5(h, "T-IND-CAT")).every((r) => r.file_indicator === null)).toBe(true);
  });

  it("refuses an id that is neither the catalogue's nor the active region's, with its line, column and value, writing nothing", async () => {
    // Line 5 (Ghana's industry) misspells the id.
    const lines = ghana(EXTRA).split("\n");
    lines[4] = lines[4]!.replace(EXTRA, "MST_TEMP_SEX_ECO_PLB_NB");
    const fixed = lines.join("\n");
    const res = await gql(ecowas, IMPORT, { input: { csv: fixed, fileName: "typo.csv", round: "T-IND-SDMX" } });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importObservations;
    expect(report).toMatchObject({ status: "rejected", rowsWritten: 0, errorCount: 1 });
    expect(report.errors).toEqual([
      {
        line: 5,
        lines: [5],
        count: 1,
        column: "indicator",
        value: "MST_TEMP_SEX_ECO_PLB_NB",
        code: "UNKNOWN_INDICATOR",
        message: "indicator not in the ILMS catalogue nor among the extra indicators of the active region ecowas",
      },
    ]);
    expect(await countFacts(db().handle, "T-IND-SDMX")).toBe(0);
  });

  it("with ASEAN active, ECOWAS's mapping does not apply: refused, naming the active region and the region that maps it", async () => {
    const res = await gql(asean, IMPORT, { input: { csv: ghana(EXTRA), fileName: "ghana.csv", round: "T-IND-ASEAN" } });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importObservations;
    expect(report).toMatchObject({ status: "rejected", rowsWritten: 0, errorCount: 4 });
    // One problem, four lines: the four rows under ECOWAS's id (the fifth row's catalogue id is fine).
    expect(report.errors).toEqual([
      {
        line: 2,
        lines: [2, 3, 4, 5],
        count: 4,
        column: "indicator",
        value: EXTRA,
        code: "UNKNOWN_INDICATOR",
        message: `indicator not in the ILMS catalogue nor among the extra indicators of the active region asean; it is mapped by region ecowas (sameAs ${SAME_AS}), which is not the active region`,
      },
    ]);
    expect(await countFacts(db().handle, "T-IND-ASEAN")).toBe(0);
  });

  it("reads SDMX-CSV of the extra id's indicator flow (DF_<extra id>) as the sameAs flow, keeping the file's id", async () => {
    const header = "DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,ECO,MIG,TIME_PERIOD,OBS_VALUE,SOURCE";
    const row = (flow: string, eco: string, value: string) =>
      `ILO:DF_${flow}(1.0),GHA,A,MST_TEMP_NB,SEX_T,${eco},CBR_BIR_TOTAL,2021,${value},T:GHA-5`;
    const text = [header, row(EXTRA, "ECO_SECTOR_TOTAL", "1300.000"), row(EXTRA, "ECO_SECTOR_AGR", "410.000")].join("\n") + "\n";
    const h = db().handle;
    const loaded = await importIlostat(h, { text }, { round: "T-IND-SDMX", region: "ecowas" });
    expect(loaded).toMatchObject({ status: "loaded", rowsWritten: 2, tables: [5], errorCount: 0 });
    const stored = (await table5(h, "T-IND-SDMX")).map((r) => `${r.indicator} ${r.file_indicator} ${r.time} ${r.obs_value}`);
    expect(stored.sort()).toEqual([`${SAME_AS} ${EXTRA} 2021 1300.000`, `${SAME_AS} ${EXTRA} 2021 410.000`]);
    // With ASEAN active, the flow is unknown, and the import says so at the file's line and column.
    const refused = await importIlostat(h, { text }, { round: "T-IND-SDMX", region: "asean", dryRun: true });
    expect(refused.status).toBe("rejected");
    expect(refused.errors[0]).toMatchObject({ line: 2, column: "DATAFLOW", value: `ILO:DF_${EXTRA}(1.0)`, code: "UNKNOWN_DATAFLOW" });
  });

  describeCli(db, driver);
});

/** `ilms import` takes the active region from ILMS_REGION, as the API does; `ilms export` gives the file back. */
function describeCli(db: () => TestDb, driver: Driver): void {
  let dir: string;
  let env: Record<string, string>;
  const withDb = <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => withCliDb(driver, db(), env, fn);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ilms-region-indicators-"));
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
    if (driver === "pglite") {
      expect((await ilms(["seed"], env)).code).toBe(0);
      expect((await ilms(["region", "apply", ECOWAS_FILE], env)).code).toBe(0);
      await withDb(async (h) => {
        await createSource(h, "T:GHA-5", "GHA");
      });
    }
    await withDb((h) => createRound(h, "T-IND-CLI"));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ilms import with ILMS_REGION=ecowas loads the extra id; ilms export gives the file back exactly", async () => {
    const file = join(dir, "ghana-2019.csv");
    const text = ghana(EXTRA, 2019);
    writeFileSync(file, text);
    // Without ILMS_REGION the active region is ASEAN's: the id is refused, naming it.
    const refused = await ilms(["import", file, "--round", "T-IND-CLI"], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /lines 2, 3, 4, 5, indicator = "MST_TEMP_SEX_ECO_POB_NB": indicator not in the ILMS catalogue nor among the extra indicators of the active region asean; it is mapped by region ecowas/,
    );
    expect(await withDb((h) => countFacts(h, "T-IND-CLI"))).toBe(0);

    const run = await ilms(["import", file, "--round", "T-IND-CLI"], { ...env, ILMS_REGION: "ecowas" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("stored 5 of 5 rows into table 5");

    const out = join(dir, "t05.csv");
    const exported = await ilms(["export", "--table", "5", "--include-unpublished", "-o", out], env);
    expect(exported.code, exported.stderr).toBe(0);
    // Only this year's cells: the suite's other rounds hold 2020 and 2021.
    const body = (s: string) =>
      s
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\n");
    const [head, ...rows] = body(readFileSync(out, "utf8"));
    const [fileHead, ...fileRows] = body(text);
    expect(head).toBe(fileHead);
    expect(rows.filter((r) => r.includes(",2019,")).sort()).toEqual([...fileRows].sort());
  }, 300_000);
}
