/**
 * The catalogue is the only place a table is written: an 18th table, added to the catalogue's data in memory
 * and nowhere else, is picked up by the schema (drizzle-kit generates its fact table), the importer (rows
 * land in it, its totals are checked), the engine (observations, slices, estimate, the quality map) and the
 * GraphQL schema, with no other edit.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it, vi } from "vitest";
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { TABLES, factTableName, getIndicator, getTable } from "@ilms/domain";
import * as schema from "@ilms/db/schema";
import { importIlostat } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";
import { createRound, createSource, csv } from "../ingest/helpers";
import { EXTRA_INDICATOR, EXTRA_TABLE } from "./fixtures/extra-table";

const EXTRA = { id: EXTRA_TABLE.id, indicator: EXTRA_INDICATOR };

vi.mock(import("../../packages/domain/src/tables"), async (importOriginal) => {
  const original = await importOriginal();
  const { EXTRA_TABLE } = await import("./fixtures/extra-table");
  return { ...original, TABLES: [...original.TABLES, EXTRA_TABLE] };
});

/** The fact table's DDL as drizzle-kit generates it: the schema with the extra table against the schema without. */
async function extraTableDdl(): Promise<string[]> {
  const all = schema as Record<string, unknown>;
  const named = { ...all, ...schema.factTablesByName };
  const without = Object.fromEntries(Object.entries(named).filter(([name]) => name !== factTableName(EXTRA)));
  return generateMigration(
    generateDrizzleJson(without, undefined, undefined, "snake_case"),
    generateDrizzleJson(named, undefined, undefined, "snake_case"),
  );
}

it("is in the catalogue and the schema: drizzle-kit generates its fact table", async () => {
  expect(TABLES.map((t) => t.id)).toContain(EXTRA.id);
  expect(getIndicator(EXTRA.indicator)?.table).toBe(EXTRA.id);
  expect(schema.factTables.get(EXTRA.id)).toBeDefined();
  expect(Object.keys(schema.factTablesByName)).toContain("fact_t18");
  const ddl = (await extraTableDdl()).join("\n");
  expect(ddl).toMatch(/CREATE TABLE "fact_t18"/);
  expect(ddl).toMatch(/"education" text NOT NULL/);
  expect(ddl).toMatch(
    /CREATE UNIQUE INDEX "fact_t18_cell_round" ON "fact_t18" .*"ref_area".*"time".*"sex".*"education".*"source_code".*"round_id"/,
  );
  expect(ddl).toMatch(/"fact_t18_education_fk" FOREIGN KEY \("edu_list","education"\) REFERENCES "public"."codes"/);
  // Nothing else changes: the 17 tables' part of the schema is the committed one.
  expect(ddl).not.toMatch(/fact_t0[1-9]|fact_t1[0-7]/);
});

it("is in the migration drizzle-kit's command generates from the committed schema entry point", () => {
  // drizzle-kit loads its schema module in a process of its own, without this file's mock: a wrapper adds the
  // table to the tables' data first, then re-exports the real entry point, as an 18th catalogue entry would.
  const root = join(import.meta.dirname, "../..");
  const dir = mkdtempSync(join(tmpdir(), "ilms-extra-table-"));
  try {
    cpSync(join(root, "drizzle"), join(dir, "drizzle"), { recursive: true });
    writeFileSync(
      join(dir, "extra.ts"),
      `import { TABLES } from ${JSON.stringify(join(root, "packages/domain/src/tables"))};
import { EXTRA_TABLE } from ${JSON.stringify(join(root, "test/db/fixtures/extra-table"))};
(TABLES as unknown[]).push(EXTRA_TABLE);\n`,
    );
    writeFileSync(
      join(dir, "schema.ts"),
      `import "./extra";\nexport * from ${JSON.stringify(join(root, "packages/db/src/schema/drizzle-kit"))};\n`,
    );
    writeFileSync(
      join(dir, "drizzle.config.ts"),
      `export default { dialect: "postgresql", casing: "snake_case", schema: "./schema.ts", out: "./drizzle" };\n`,
    );
    const before = new Set(readdirSync(join(dir, "drizzle")));
    const run = spawnSync(join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config=drizzle.config.ts", "--name=extra_table"], {
      cwd: dir,
      encoding: "utf8",
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const added = readdirSync(join(dir, "drizzle")).filter((f) => !before.has(f) && f.endsWith(".sql"));
    expect(added, output).toHaveLength(1);
    const sql = readFileSync(join(dir, "drizzle", added[0]!), "utf8");
    expect(sql).toMatch(/CREATE TABLE "fact_t18"/);
    expect(sql).not.toMatch(/fact_t0[1-9]|fact_t1[0-7]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeOnDrivers("an 18th table written only in the catalogue", (db) => {
  let report: Awaited<ReturnType<typeof importIlostat>>;
  beforeAll(async () => {
    const h = db().handle;
    for (const statement of await extraTableDdl()) await h.query(statement);
    await createRound(h, "EXTRA-2023", "published");
    await createSource(h, "EXTRA:LAO", "LAO");
    const row = (sex: string, edu: string, value: string) => ["LAO", "", EXTRA.indicator, sex, edu, "", "2023", value, "", "", "", ""];
    report = await importIlostat(
      h,
      {
        text: csv([
          row("SEX_T", "EDU_AGGREGATE_TOTAL", "10.5"), // women and men add up to 9.3: an additivity finding
          row("SEX_M", "EDU_AGGREGATE_TOTAL", "4.2"),
          row("SEX_F", "EDU_AGGREGATE_TOTAL", "5.1"),
          row("SEX_T", "EDU_AGGREGATE_BAS", "6"),
          row("SEX_T", "EDU_AGGREGATE_ADV", "1.5"),
        ]),
        fileName: "extra.csv",
      },
      { round: "EXTRA-2023", source: "EXTRA:{ref_area}", allowPublishedRound: true, createdBy: "test" },
    );
  });
  const api = useTestApi(db);

  it("imports its rows into its fact table and checks its totals", async () => {
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ status: "loaded", rowsWritten: 5, tables: [18] });
    const [row] = await db().handle.query<{ n: number }>("select count(*)::int as n from fact_t18");
    expect(row!.n).toBe(5);
    expect(report.findings.map((f) => [f.check, f.table])).toContainEqual(["additivity", 18]);
  });

  it("is served by the engine and the GraphQL API", async () => {
    const res = await api().gql(`{
      tables { id key dimensions { key } }
      observations(filter: { table: 18, refArea: ["LAO"], sex: ["SEX_T"] }) { totalCount nodes { indicator classif1 obsValue dimensions { dimension code } } }
      slice(filter: { table: 18, refArea: ["LAO"], sex: ["SEX_T"] }, dimensions: [{ dimension: "education" }]) { dimensions { id codes { code } } observations { values } }
      estimate(filter: { table: 18 }) { estimatedCells cells }
      qualityMap(countries: ["LAO"], tables: [18]) { table time observations expectedCells reportedExpectedCells missingCells }
    }`);
    expect(res.errors).toBeUndefined();
    const data = res.data!;
    expect(data.tables.find((t: { id: number }) => t.id === 18)).toEqual({
      id: 18,
      key: "returns_by_education",
      dimensions: [{ key: "education" }],
    });
    expect(data.observations.totalCount).toBe(3);
    expect(data.observations.nodes[0]).toMatchObject({
      indicator: EXTRA.indicator,
      dimensions: [
        { dimension: "refArea", code: "LAO" },
        { dimension: "sex", code: "SEX_T" },
        { dimension: "education", code: expect.stringMatching(/^EDU_AGGREGATE_/) },
      ],
    });
    expect(data.slice.dimensions[0].codes.map((c: { code: string }) => c.code).sort()).toEqual([
      "EDU_AGGREGATE_ADV",
      "EDU_AGGREGATE_BAS",
      "EDU_AGGREGATE_TOTAL",
    ]);
    expect(data.estimate).toEqual({ estimatedCells: 5, cells: 5 });
    const cell = data.qualityMap[0];
    expect(cell).toMatchObject({ table: 18, time: 2023, observations: 5, expectedCells: 15, reportedExpectedCells: 5 });
    expect(cell.missingCells).toHaveLength(10);
    const schemaText = await api().gql(`{ __type(name: "IlmsTable") { fields { name description } } }`);
    expect(schemaText.data!.__type.fields.find((f: { name: string }) => f.name === "id").description).toMatch(/1 to 18/);
    expect(getTable(18)?.title).toBe("Returning nationals by sex and education");
  });
});
