/**
 * A round published with a future release time stays out of every read until that instant, and is in all of
 * them from then on: GraphQL queries (observations, slice, derived, availability, qualityMap, revisions), the
 * HTTP export route and the CLI export, in every format. The embargo is moved through the workflow
 * (`publishRound(releaseAt)`, then `rescheduleRelease` to a few seconds ahead). Anonymous callers and the CLI
 * without `--include-unpublished` are the public; a signed-in viewer and `--include-unpublished` are the
 * positive controls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateAndSeed, openDb } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { importIlostat } from "@ilms/ingest";
import { exportCommand } from "../../apps/cli/src/commands/export";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";

const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value\n";
/** Only in the embargoed round: none may show before the release. */
const SECRETS = ["8.123", "3.877", "6.456", "EMB-E"];
const FORMATS = ["ilostat-csv", "csv", "xlsx"] as const;

const QUERIES: Record<string, string> = {
  observations: `{ observations(filter: { table: 15 }, first: 100) { nodes { refArea time obsValue roundCode } } }`,
  slice: `{ slice(filter: { table: 15 }) { observations { values } dimensions { id codes { code } } } }`,
  derived: `{ derived(filter: { table: 15 }, kind: PERCENT_DISTRIBUTION, dimension: "destination") { observations { values } dimensions { id codes { code } } } }`,
  availability: `{ availability(table: 15) { refArea time observations } }`,
  qualityMap: `{ qualityMap(countries: ["THA", "VNM"], tables: [15]) { refArea time observations lastRoundCode } }`,
  revisions: `{ revisions(cell: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: "THA", sex: "SEX_T", classif1: "CDS_DES_KOR", time: 2023 }) { time obsValue roundCode } }`,
};

/** Published data (2022) and a validated round (2023) that will be published under embargo. */
async function loadFixture(h: DbHandle): Promise<void> {
  await h.query("insert into data_sources (code, ref_area, name) values ('BA:91', 'THA', 'LFS'), ('BA:92', 'VNM', 'LFS')");
  await h.query(
    "insert into collection_rounds (code, title, reference_year) values ('EMB-P', 'public', 2022), ('EMB-E', 'embargoed', 2023)",
  );
  const load = async (round: string, rows: string) => {
    const report = await importIlostat(h, { text: HEADER + rows, fileName: `${round}.csv` }, { round });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
  };
  await load(
    "EMB-P",
    "THA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2022,1.5\nTHA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_JPN,2022,2.5\nTHA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_TOTAL,2022,4\n",
  );
  await load(
    "EMB-E",
    "THA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,8.123\nTHA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_JPN,2023,3.877\nVNM,BA:92,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,6.456\nTHA,BA:91,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_TOTAL,2023,12\n",
  );
  await h.query(
    "update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 day' where code = 'EMB-P'",
  );
  await h.query("update collection_rounds set status = 'validated' where code = 'EMB-E'");
}

/** Every cell value of a workbook, as text. */
async function xlsxText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => texts.push((row.values as unknown[]).slice(1).map(String).join(","))));
  return texts.join("\n");
}

const asText = async (format: string, bytes: Buffer) => (format === "xlsx" ? xlsxText(bytes) : bytes.toString("utf8"));

describeOnDrivers("an embargoed round is in no read before its release, and in all of them after", (db, driver) => {
  const api = useSecureApi(db);
  let reviewer: Record<string, string>;
  let viewer: Record<string, string>;
  let apiKey: Record<string, string>;
  let dir: string;
  /** The CLI's database: the suite's on PostgreSQL; on PGlite a folder the CLI opens itself, kept in step. */
  let cliEnv: { DATABASE_URL: string | undefined; ILMS_DATA_DIR: string };

  beforeAll(async () => {
    const h = db().handle;
    await loadFixture(h);
    await createTestUser(h, "reviewer@embargo.org", "reviewer");
    await createTestUser(h, "viewer@embargo.org", "viewer");
    reviewer = (await login(api(), "reviewer@embargo.org")).headers;
    viewer = (await login(api(), "viewer@embargo.org")).headers;
    await createTestUser(h, "admin@embargo.org", "admin");
    const admin = (await login(api(), "admin@embargo.org")).headers;
    const key = await api().gql(`mutation { createApiKey(input: { name: "exports", role: viewer }) { key } }`, {}, admin);
    apiKey = { "x-api-key": key.data!.createApiKey.key };
    dir = mkdtempSync(join(tmpdir(), "ilms-embargo-"));
    cliEnv =
      driver === "postgres"
        ? { DATABASE_URL: db().url!, ILMS_DATA_DIR: join(dir, "unused") }
        : { DATABASE_URL: undefined, ILMS_DATA_DIR: join(dir, "pglite") };
    if (driver === "pglite") {
      const folder = await openDb({ dataDir: cliEnv.ILMS_DATA_DIR });
      try {
        await migrateAndSeed(folder);
        await loadFixture(folder);
      } finally {
        await folder.close();
      }
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** On PGlite the CLI's folder gets the suite database's release state of EMB-E. */
  async function syncCliFolder(): Promise<void> {
    if (driver !== "pglite") return;
    const [round] = await db().handle.query<{ status: string; release_at: string }>(
      "select status, to_char(release_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') as release_at from collection_rounds where code = 'EMB-E'",
    );
    const folder = await openDb({ dataDir: cliEnv.ILMS_DATA_DIR });
    try {
      await folder.query(
        "update collection_rounds set status = $1, published_at = now(), release_at = $2::timestamptz where code = 'EMB-E'",
        [round!.status, round!.release_at],
      );
    } finally {
      await folder.close();
    }
  }

  async function cli(args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = (into: Buffer[]) =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          into.push(Buffer.from(chunk));
          done();
        },
      });
    const code = await exportCommand.run(args, { stdout: sink(out), stderr: sink(err), stdin: process.stdin, env: cliEnv });
    return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") };
  }

  async function httpExport(format: string, headers: Record<string, string> = {}): Promise<{ res: Response; text: string }> {
    const res = await fetch(`${api().url}/export?table=15&format=${format}`, { headers });
    return { res, text: await asText(format, Buffer.from(await res.arrayBuffer())) };
  }

  const round = async () =>
    (await api().gql(`{ round(code: "EMB-E") { status isPublic releaseAt } }`, {}, viewer)).data!.round as {
      status: string;
      isPublic: boolean;
      releaseAt: string;
    };

  it("publishes the round with a release time a day ahead (workflow)", async () => {
    const at = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const res = await api().gql(
      `mutation($at: DateTime) { publishRound(code: "EMB-E", releaseAt: $at) { status isPublic } }`,
      { at },
      reviewer,
    );
    expect(res.data?.publishRound, JSON.stringify(res.errors)).toEqual({ status: "published", isPublic: false });
    await syncCliFolder();
  });

  for (const [name, query] of Object.entries(QUERIES)) {
    it(`before the release: ${name} shows none of the embargoed round to anonymous callers`, async () => {
      const anonymous = await api().gql(query);
      expect(anonymous.errors).toBeUndefined();
      const text = JSON.stringify(anonymous.data);
      for (const secret of [...SECRETS, "2023"]) expect(text, `${name} shows ${secret}: ${text.slice(0, 300)}`).not.toContain(secret);
      expect(text).not.toContain("VNM");
    });
  }

  it("before the release: the HTTP export shows none of it anonymously, in any format; a viewer gets it", async () => {
    for (const format of FORMATS) {
      const { res, text } = await httpExport(format);
      expect(res.status, text.slice(0, 200)).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ilms-t15\.(csv|xlsx)"$/);
      expect(text, format).toContain("2022");
      for (const secret of SECRETS) expect(text, `${format} shows ${secret}`).not.toContain(secret);
      for (const [who, headers] of [
        ["viewer", viewer],
        ["API key", apiKey],
      ] as const) {
        const staff = await httpExport(format, headers);
        expect(staff.res.headers.get("x-ilms-rounds"), who).toBe("all, including unpublished");
        for (const secret of ["8.123", "6.456"]) expect(staff.text, `${who} ${format}`).toContain(secret);
      }
    }
  });

  it("before the release: the CLI export shows none of it unless --include-unpublished, which says so", async () => {
    for (const format of FORMATS) {
      const run = await cli(["--table", "15", "--format", format]);
      expect(run.code, run.stderr).toBe(0);
      const text = await asText(format, run.stdout);
      expect(text, format).toContain("2022");
      for (const secret of SECRETS) expect(text, `cli ${format} shows ${secret}`).not.toContain(secret);
      expect(run.stderr).not.toMatch(/unpublished/);
    }
    const all = await cli(["--table", "15", "--include-unpublished"]);
    expect(all.code).toBe(0);
    expect(all.stdout.toString("utf8")).toContain("8.123");
    expect(all.stderr).toMatch(/Included unpublished rounds \(draft, submitted, validated and embargoed\)/);
  });

  it("moves the release to a few seconds ahead and waits for it (workflow)", async () => {
    const at = new Date(Date.now() + 2000);
    const res = await api().gql(
      `mutation($at: DateTime!) { rescheduleRelease(code: "EMB-E", releaseAt: $at) { isPublic } }`,
      { at: at.toISOString() },
      reviewer,
    );
    expect(res.data?.rescheduleRelease, JSON.stringify(res.errors)).toEqual({ isPublic: false });
    await syncCliFolder();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 300));
    expect(await round()).toMatchObject({ status: "published", isPublic: true });
  });

  for (const [name, query] of Object.entries(QUERIES)) {
    it(`after the release: ${name} shows the round to anonymous callers`, async () => {
      const anonymous = await api().gql(query);
      expect(anonymous.errors).toBeUndefined();
      const text = JSON.stringify(anonymous.data);
      expect(text, name).toContain("2023");
      if (["observations", "revisions"].includes(name)) expect(text).toContain("8.123");
      if (["observations", "availability", "qualityMap"].includes(name)) expect(text).toContain("VNM");
    });
  }

  it("after the release: every export format shows it, over HTTP and from the CLI", async () => {
    for (const format of FORMATS) {
      const { text } = await httpExport(format);
      for (const secret of ["8.123", "3.877", "6.456"]) expect(text, `http ${format}`).toContain(secret);
      const run = await cli(["--table", "15", "--format", format]);
      const cliText = await asText(format, run.stdout);
      for (const secret of ["8.123", "3.877", "6.456"]) expect(cliText, `cli ${format}`).toContain(secret);
    }
  });

  it("answers a wrong export request with a coded JSON error before any byte", async () => {
    const get = async (search: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${api().url}/export?${search}`, { headers });
      return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as { error: Record<string, unknown> } };
    };
    const unknown = await get(`table=15&filter=${encodeURIComponent(JSON.stringify({ destination: ["ZZZ"] }))}`);
    expect(unknown.status).toBe(400);
    expect(unknown.type).toMatch(/^application\/json/);
    expect(unknown.body.error).toMatchObject({ code: "UNKNOWN_CODE", argument: "filter.dimensions.destination", value: "ZZZ" });
    const notJson = await get("table=15&filter=%7Bnope");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "filter" });
    const wrongField = await get(`table=15&filter=${encodeURIComponent(JSON.stringify({ colour: ["red"] }))}`);
    expect(wrongField.status).toBe(400);
    expect(String(wrongField.body.error.message)).toMatch(/colour/);
    const format = await get("table=15&format=pdf");
    expect(format.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "format" });
    expect((await get("table=99")).status).toBe(400);
    expect((await get("table=15&asOfRound=NOPE")).status).toBe(404);
    const badToken = await get("table=15", { authorization: "Bearer not-a-token" });
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe("UNAUTHENTICATED");
  });
});
