/**
 * SDMX through the command line and the importer, both drivers: `ilms export --format sdmx-csv|sdmx-json|sdmx-ml|
 * jsonstat` writes what the REST face writes (validated the same way), and `ilms import` recognises SDMX-CSV by
 * its header: the whole real sample exported as SDMX-CSV (every table flow, and an indicator flow through the
 * CLI) and imported into a fresh database gives the same cells, value text for value text; a damaged SDMX-CSV
 * file is refused with line, SDMX column and reason, and nothing is written.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import JSONstat from "jsonstat-toolkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle, Driver } from "@ilms/db";
import { TABLES, cellKeyColumns, factTableName } from "@ilms/domain";
import { demoSources, importIlostat, loadDemoData } from "@ilms/ingest";
import type { ImportReport } from "@ilms/ingest";
import { PUBLIC, planFilter, streamCells } from "@ilms/query";
import type { Visibility } from "@ilms/query";
import { prepareSdmxExport } from "@ilms/formats/sdmx";
import type { SdmxExportFormat } from "@ilms/formats/sdmx";
import { ilms } from "../helpers/cli";
import { createTestDb, describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { HAS_XMLLINT, sdmxJsonDataErrors, xmlSchemaErrors } from "./validators";

/** Every visible cell of every table, as comparable text: key, value text, status, source, indicator. */
async function allCells(h: DbHandle, vis: Visibility): Promise<string[]> {
  const out: string[] = [];
  for (const table of TABLES)
    for await (const row of streamCells(h, planFilter({ table: table.id }), vis))
      out.push(
        JSON.stringify([
          table.id,
          ...cellKeyColumns(table).map((c) => row[c]),
          row.obs_value,
          row.obs_status,
          row.source_code,
          row.indicator,
        ]),
      );
  return out.sort();
}

async function exportText(h: DbHandle, format: SdmxExportFormat, selection: { table?: number; indicator?: string }): Promise<string> {
  const job = await prepareSdmxExport(h, { format, ...selection }, { id: "TEST", prepared: new Date().toISOString() });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await job.write(out);
  out.end();
  return Buffer.concat(chunks).toString("utf8");
}

describeOnDrivers("SDMX exports and SDMX-CSV import", (db: () => TestDb, driver: Driver) => {
  let dir: string;
  let fresh: TestDb;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ilms-sdmx-cli-"));
    expect((await loadDemoData(db().handle)).rowsWritten).toBe(2756);
    // The CLI exports from the suite's database (PostgreSQL) or from a folder it seeds itself (PGlite).
    env = driver === "postgres" ? { DATABASE_URL: db().url! } : { ILMS_DATA_DIR: join(dir, "pglite") };
    if (driver === "pglite") expect((await ilms(["seed", "--demo"], env)).code).toBe(0);
    fresh = await createTestDb(driver);
    for (const s of demoSources())
      await fresh.handle.query("insert into data_sources (code, ref_area, name) values ($1, $2, $3)", [s.code, s.refArea, s.name]);
    await fresh.handle.query("insert into collection_rounds (code, title, reference_year) values ('T-SDMX', 'SDMX-CSV import', 2025)");
  });
  afterAll(async () => {
    await fresh?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exports SDMX-CSV, SDMX-JSON, SDMX-ML and JSON-stat from the CLI through the REST face's writers", async () => {
    const file = (name: string) => join(dir, name);
    const csv = await ilms(["export", "--indicator", "MNA_OEMP_SEX_CDS_NB", "--format", "sdmx-csv", "-o", file("t15.csv")], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toMatch(/Exported 860 rows of table 15/);
    const lines = readFileSync(file("t15.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SOURCE,OBS_STATUS,NOTE_CLASSIF,NOTE_INDICATOR,NOTE_SOURCE",
    );
    expect(lines).toHaveLength(861);
    expect(lines).toContain(
      "ILO:DF_MNA_OEMP_SEX_CDS_NB(1.0),IDN,A,MNA_OEMP_NB,SEX_T,CDS_DES_MYS,2018,90.664,Thousands of persons,3,DEMO:IDN,,,,",
    );

    const json = await ilms(["export", "--table", "15", "--format", "sdmx-json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect(sdmxJsonDataErrors(JSON.parse(json.stdout))).toEqual([]);
    expect(json.stdout).toContain("urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=ILO:DF_ILMS_T15(1.0)");

    const ml = await ilms(["export", "--table", "15", "--format", "sdmx-ml"], env);
    expect(ml.code, ml.stderr).toBe(0);
    expect(ml.stdout.match(/<gen:Obs>/g)).toHaveLength(860);
    if (HAS_XMLLINT) expect(xmlSchemaErrors(ml.stdout)).toBe("");

    // Every table at once: a JSON-stat collection with one dataset per table that has data.
    const stat = await ilms(["export", "--all", "--format", "jsonstat"], env);
    expect(stat.code, stat.stderr).toBe(0);
    const collection = JSONstat(JSON.parse(stat.stdout)) as unknown as {
      class: string;
      length: number;
      Item(i: number): unknown;
    };
    expect(collection.class).toBe("collection");
    const withData = [];
    for (const t of TABLES) {
      const [row] = await db().handle.query<{ n: number }>(`select count(*)::int as n from ${factTableName(t)}`);
      if (Number(row!.n) > 0) withData.push(t.id);
    }
    expect(collection.length).toBe(withData.length);
    // The toolkit gives an embedded dataset as its JSON; read it as a dataset.
    const t15 = JSONstat(collection.Item(withData.indexOf(15)));
    expect(t15.Data({ REF_AREA: "IDN", SEX: "SEX_T", DESTINATION: "MYS", TIME_PERIOD: "2018" })!.value).toBe(90.664);

    const wrong = await ilms(["export", "--all", "--format", "sdmx-csv"], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("sdmx-csv holds one dataflow: give --table N or --indicator ID");
  });

  it("round-trips the whole sample through SDMX-CSV into a fresh database: the same cells, digit for digit", async () => {
    const source = await allCells(db().handle, PUBLIC);
    expect(source).toHaveLength(2756);
    let read = 0;
    // Table flows (their rows name no indicator: the importer finds it from the fixed dimensions), labels=both
    // for some, SDMX-CSV 2.0 for others; and one indicator flow exported by the CLI and imported by it.
    for (const table of TABLES) {
      if (table.id === 15) continue;
      const format: SdmxExportFormat = table.id % 3 === 0 ? "sdmx-csv-labels" : table.id % 3 === 1 ? "sdmx-csv2" : "sdmx-csv";
      const text = await exportText(db().handle, format, { table: table.id });
      const report = await importIlostat(fresh.handle, { text, fileName: `t${table.id}.csv` }, { round: "T-SDMX" });
      expect(report.errors, `table ${table.id}`).toEqual([]);
      expect(report.status, `table ${table.id}`).toMatch(/loaded|unchanged/);
      read += report.rowsRead;
    }
    const cliEnv = driver === "postgres" ? { DATABASE_URL: fresh.url! } : null;
    const t15 = join(dir, "t15.csv");
    if (cliEnv) {
      const run = await ilms(["import", t15, "--round", "T-SDMX", "--json"], cliEnv);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      read += (JSON.parse(run.stdout) as ImportReport).rowsRead;
    } else {
      // PGlite in memory is not reachable from a child process: the same file through the same importer.
      read += (await importIlostat(fresh.handle, { path: t15 }, { round: "T-SDMX" })).rowsRead;
    }
    expect(read).toBe(2756);
    expect(await allCells(fresh.handle, { drafts: true, asOfRoundId: null })).toEqual(source);
  });

  it("refuses a damaged SDMX-CSV file with line, SDMX column and reason, and writes nothing", async () => {
    const lines = (await exportText(db().handle, "sdmx-csv2", { indicator: "MNA_OEMP_SEX_CDS_NB" })).trimEnd().split("\n");
    const set = (line: number, column: number, value: string) => {
      const f = lines[line - 1]!.split(",");
      f[column] = value;
      lines[line - 1] = f.join(",");
    };
    // STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SOURCE,OBS_STATUS
    set(3, 7, "CDS_DES_ZZZ");
    set(4, 9, "1.2.3x");
    set(5, 1, "ILO:DF_NOT_A_FLOW(1.0)");
    set(6, 11, "0");
    set(7, 8, "2018-Q1");
    set(8, 2, "D");
    set(9, 4, "M");
    const before = await fresh.handle.query<{ n: number }>("select count(*)::int as n from fact_t15");
    const report = await importIlostat(fresh.handle, { text: lines.join("\n") + "\n" }, { round: "T-SDMX" });
    expect(report.status).toBe("rejected");
    expect(report.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 3, column: "CDS", code: "UNKNOWN_CODE" },
      { line: 4, column: "OBS_VALUE", code: "NOT_NUMERIC" },
      { line: 5, column: "STRUCTURE_ID", code: "UNKNOWN_DATAFLOW" },
      { line: 6, column: "UNIT_MULT", code: "BAD_UNIT" },
      { line: 7, column: "TIME_PERIOD", code: "BAD_YEAR" },
      { line: 8, column: "ACTION", code: "UNSUPPORTED_ACTION" },
      { line: 9, column: "FREQ", code: "BAD_CODE" },
    ]);
    expect(report.errors[2]!.message).toContain("no dataflow DF_NOT_A_FLOW");
    expect(report.errors[3]!.message).toContain("off by a power of ten");
    expect(await fresh.handle.query<{ n: number }>("select count(*)::int as n from fact_t15")).toEqual(before);

    // A missing key column is named with the flow's key.
    const header = lines[0]!.replace(",CDS,", ",CDZ,");
    const missing = await importIlostat(fresh.handle, { text: [header, lines[1]].join("\n") + "\n" }, { round: "T-SDMX", dryRun: true });
    expect(missing.errors[0]).toMatchObject({ line: 2, column: "CDS", code: "MISSING_COLUMN" });
    expect(missing.errors[0]!.message).toContain("key REF_AREA.FREQ.MEASURE.SEX.CDS");
    expect(missing.ignoredColumns).toEqual(["CDZ"]);
  });
});
