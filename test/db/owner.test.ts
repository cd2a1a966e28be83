/**
 * One owner per embedded database (issue 9, item 1). The real API runs as a child process on a PGlite folder
 * on disk while `ilms` commands run as other child processes: their writes reach the API at once (through its
 * socket, never by opening the folder behind its back), the API's own writes survive a restart, a SIGKILLed
 * owner's lock is reclaimed by the next start, and nothing opens an owned folder directly. PGlite only: a
 * PostgreSQL server needs no owner.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FolderLockedError, openDb } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { LOGIN, TEST_SECRET } from "../helpers/auth";
import { startApiChild, stopApiChildren } from "../helpers/child";
import type { ApiChild } from "../helpers/child";

const API = fileURLToPath(new URL("../../apps/api/src/main.ts", import.meta.url));
const CLI = fileURLToPath(new URL("../../apps/cli/src/main.ts", import.meta.url));
const HOLDER = fileURLToPath(new URL("./fixtures/hold-transaction.ts", import.meta.url));
const PASSWORD = "an admin password of length";

/** The API as a child process on the PGlite folder `dataDir`. */
const startApi = (dataDir: string) => startApiChild({ ILMS_DATA_DIR: dataDir, ILMS_JWT_SECRET: TEST_SECRET });

function ilms(dataDir: string, args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ILMS_DATA_DIR: dataDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function gql(api: ApiChild, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function loginAs(api: ApiChild, email: string, password: string): Promise<string> {
  const res = await gql(api, LOGIN, { email, password });
  if (!res.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken as string;
}

const CREATE_SOURCE = `mutation($code: String!) { createSource(input: { code: $code, refArea: "THA", name: "Labour force survey" }) { code } }`;
const OBSERVATIONS = `{ observations(filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["THA"] }) { nodes { sex classif1 time obsValue } } }`;
const SOURCES = `{ sources(refArea: ["THA"]) { code } }`;
const AUDIT = `{ auditLog(first: 100) { nodes { action actorKind entity } } }`;

const lockFile = (dataDir: string) => join(dataDir, "ilms.lock");
const lockOf = (dataDir: string) => JSON.parse(readFileSync(lockFile(dataDir), "utf8")) as { pid: number; socket?: unknown };

describe("one owner per embedded database [pglite]", () => {
  const root = mkdtempSync(join(tmpdir(), "ilms-owner-"));
  afterEach(async () => {
    await stopApiChildren("SIGKILL");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("ilms user create, validate, import and export run while the API runs; the API sees their writes at once and nothing is lost across a restart", async () => {
    const dataDir = join(root, "a");
    let api = await startApi(dataDir);

    const created = await ilms(dataDir, ["user", "create", "--admin", "--email", "root@example.org", "--password-stdin"], PASSWORD);
    expect(created).toMatchObject({ code: 0, stdout: "Created root@example.org  admin\n" });
    // At once: the account the CLI wrote is the one the API checks.
    let token = await loginAs(api, "root@example.org", PASSWORD);
    expect(created.stderr).toContain(`pid ${api.pid}`); // it went through the API's socket

    const round = await gql(
      api,
      `mutation { createRound(input: { code: "OWN-1", title: "Owner test", referenceYear: 2023 }) { code status } }`,
      {},
      token,
    );
    expect(round.data.createRound).toEqual({ code: "OWN-1", status: "draft" });
    expect((await gql(api, CREATE_SOURCE, { code: "BA:40001" }, token)).data.createSource).toEqual({ code: "BA:40001" });

    const csv = join(root, "tha.csv");
    writeFileSync(
      csv,
      [
        "ref_area,source,indicator,sex,classif1,time,obs_value",
        "THA,BA:40001,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5",
        "THA,BA:40001,MNA_OEMP_SEX_CDS_NB,SEX_M,CDS_DES_KOR,2023,0.9",
        "",
      ].join("\n"),
    );
    const validated = await ilms(dataDir, ["validate", csv, "--round", "OWN-1"]);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const imported = await ilms(dataDir, ["import", csv, "--round", "OWN-1"]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const rows = (await gql(api, OBSERVATIONS, {}, token)).data.observations.nodes;
    expect(rows).toEqual(
      expect.arrayContaining([
        { sex: "SEX_T", classif1: "CDS_DES_KOR", time: 2023, obsValue: "1.5" },
        { sex: "SEX_M", classif1: "CDS_DES_KOR", time: 2023, obsValue: "0.9" },
      ]),
    );
    expect(rows).toHaveLength(2);
    const exported = await ilms(dataDir, ["export", "--table", "15", "--format", "ilostat-csv", "-o", join(root, "t15.csv")]);
    expect(exported.code, exported.stderr).toBe(0);

    // The API's own writes after the CLI's.
    expect((await gql(api, CREATE_SOURCE, { code: "BA:40002" }, token)).data.createSource).toEqual({ code: "BA:40002" });

    expect(lockOf(dataDir)).toMatchObject({ pid: api.pid, socket: { path: join(dataDir, "ilms.sock") } });
    expect(await api.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile(dataDir))).toBe(false);
    api = await startApi(dataDir);
    token = await loginAs(api, "root@example.org", PASSWORD);
    expect((await gql(api, OBSERVATIONS, {}, token)).data.observations.nodes).toHaveLength(2);
    expect((await gql(api, SOURCES, {}, token)).data.sources.map((s: { code: string }) => s.code).sort()).toEqual(["BA:40001", "BA:40002"]);
    const audit = (await gql(api, AUDIT, {}, token)).data.auditLog.nodes as { action: string; actorKind: string }[];
    expect(audit.filter((e) => e.action === "createSource")).toHaveLength(2);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "createUser", actorKind: "system" }),
        expect.objectContaining({ action: "createRound" }),
        expect.objectContaining({ action: "importObservations", actorKind: "system" }),
      ]),
    );
    await api.stop();
  }, 360_000);

  it("a SIGKILLed owner leaves a lock the next start reclaims, with the data intact", async () => {
    const dataDir = join(root, "b");
    const first = await startApi(dataDir);
    expect((await ilms(dataDir, ["user", "create", "--admin", "--email", "k@example.org", "--password-stdin"], PASSWORD)).code).toBe(0);
    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    expect(lockOf(dataDir).pid).toBe(first.pid); // left behind by the crash

    const second = await startApi(dataDir);
    expect(lockOf(dataDir).pid).toBe(second.pid);
    await loginAs(second, "k@example.org", PASSWORD);
    await second.stop();

    // Without a server the CLI takes the folder itself (and reclaims a crashed CLI's lock just the same).
    const listed = await ilms(dataDir, ["user", "list"]);
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    expect(listed.stdout).toContain("k@example.org");
    expect(existsSync(lockFile(dataDir))).toBe(false);
  }, 360_000);

  it("never opens an owned folder directly: a second opener goes through the owner's socket or is refused, naming the owner", async () => {
    const dataDir = join(root, "c");
    const api = await startApi(dataDir);

    await expect(openDb({ dataDir })).rejects.toThrow(FolderLockedError);
    await expect(openDb({ dataDir })).rejects.toThrow(`in use by pid ${api.pid}`);
    const through = await openDb({ dataDir, whenOwned: "connect" });
    try {
      expect(through.via?.pid).toBe(api.pid);
      expect(await through.query("select count(*)::int as n from codelists")).toEqual([{ n: 16 }]);
    } finally {
      await through.close();
    }

    // Anonymous answers are cached by the API; a command's writes through the socket drop that cache at once.
    const COUNT = `{ observations(filter: { table: 15 }, first: 1) { totalCount } }`;
    expect((await gql(api, COUNT)).data.observations.totalCount).toBe(0);
    expect((await gql(api, COUNT)).data.observations.totalCount).toBe(0); // the cached answer
    const seeded = await ilms(dataDir, ["seed", "--demo"]);
    expect(seeded.stdout).toMatch(/Demo data: loaded, 2756 rows written/);
    expect((await gql(api, COUNT)).data.observations.totalCount).toBeGreaterThan(0);

    // A second API on the same folder refuses to start.
    const second = spawn(process.execPath, ["--import", "tsx", API], {
      env: { PATH: process.env.PATH ?? "", ILMS_DATA_DIR: dataDir, PORT: "0", ILMS_DEMO_DATA: "false", ILMS_JWT_SECRET: TEST_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let secondOutput = "";
    second.stdout.on("data", (d: Buffer) => (secondOutput += d.toString()));
    second.stderr.on("data", (d: Buffer) => (secondOutput += d.toString()));
    const secondCode = await new Promise<number | null>((done) => second.once("exit", (code) => done(code)));
    expect(secondCode).toBe(1);
    expect(secondOutput).toContain(`in use by pid ${api.pid}`);
    expect(secondOutput).not.toContain("API on");
    await api.stop();

    // An owner that serves no socket (this test process, holding the folder): the CLI is refused at once.
    const holder = await openDb({ dataDir });
    try {
      const refused = await ilms(dataDir, ["user", "list"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(`in use by pid ${process.pid}`);
      expect(refused.stdout).toBe("");
    } finally {
      await holder.close();
    }
    expect(existsSync(lockFile(dataDir))).toBe(false);
  }, 360_000);
});

describe("the owner's socket keeps the owner's and a client's work apart [pglite]", () => {
  const root = mkdtempSync(join(tmpdir(), "ilms-owner-socket-"));
  const dataDir = join(root, "pglite");
  let owner: DbHandle;
  let client: DbHandle;
  beforeAll(async () => {
    owner = await openDb({ dataDir, share: {} });
    await owner.query("create table t (id int primary key, who text)");
    client = await openDb({ dataDir, whenOwned: "connect" });
  });
  afterAll(async () => {
    await client?.close();
    await owner?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("a client's transaction is its own: the owner's queries wait for it and are never rolled back with it", async () => {
    expect(client.via?.pid).toBe(process.pid);
    let inside: () => void = () => {};
    const started = new Promise<void>((resolve) => (inside = resolve));
    const failing = client.transaction(async (tx) => {
      await tx.query("insert into t values (1, 'client')");
      inside();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query("insert into t values (2, 'client')");
      throw new Error("client gives up");
    });
    const outcome = failing.then(
      () => "committed",
      (error: Error) => error.message,
    );
    await started;
    // Issued while the client's transaction is open: it must neither see the client's row nor join its fate.
    const seen = owner.query<{ n: number }>("select count(*)::int as n from t");
    const written = owner.query("insert into t values (3, 'owner')");
    const other = await openDb({ dataDir, whenOwned: "connect" }); // a second client, connected meanwhile
    const otherSeen = other.query<{ n: number }>("select count(*)::int as n from t where who = 'client'");
    expect(await outcome).toBe("client gives up");
    expect(await seen).toEqual([{ n: 0 }]);
    expect(await otherSeen).toEqual([{ n: 0 }]);
    await other.close();
    await written;
    expect(await owner.query("select id, who from t order by id")).toEqual([{ id: 3, who: "owner" }]);
    expect(await client.query("select id, who from t order by id")).toEqual([{ id: 3, who: "owner" }]);

    // Parameterised statements of both sides, interleaved as fast as they come, each get their own answer.
    const both = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? owner : client).query<{ v: string }>("select $1::text || '-' || $2::text as v", [String(i), i % 2 ? "owner" : "client"]),
      ),
    );
    expect(both.map((r) => r[0]!.v)).toEqual(Array.from({ length: 40 }, (_, i) => `${i}-${i % 2 ? "owner" : "client"}`));
  });

  it("a client killed inside its transaction leaves nothing and does not stall the owner", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", HOLDER, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        if (output.includes("inside")) resolve();
      });
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.once("exit", () => reject(new Error(`the client ended early:\n${output}`)));
    });
    let answered = false;
    const seen = owner.query<{ n: number }>("select count(*)::int as n from t where who = 'killed client'").then((rows) => {
      answered = true;
      return rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false); // waits for the client's transaction
    child.kill("SIGKILL");
    expect(await seen).toEqual([{ n: 0 }]);
    expect(await owner.query("select count(*)::int as n from t where who = 'killed client'")).toEqual([{ n: 0 }]);
  });

  it("bulk loads through the socket keep every CSV value as COPY reads it (quotes, commas, newlines, empty and null)", async () => {
    await owner.query("create table c (n int, s text, v numeric)");
    const csv = ["1,plain,1.5", '2,"with, comma",', '3,"say ""hi""",0', '4,"two\nlines",2', '5,"",3', "6,,4", ""].join("\n");
    const count = await client.transaction((tx) => tx.copyFrom("c", ["n", "s", "v"], csv));
    expect(count).toBe(6);
    expect(await owner.query("select n, s, v::text as v from c order by n")).toEqual([
      { n: 1, s: "plain", v: "1.5" },
      { n: 2, s: "with, comma", v: null },
      { n: 3, s: 'say "hi"', v: "0" },
      { n: 4, s: "two\nlines", v: "2" },
      { n: 5, s: "", v: "3" },
      { n: 6, s: null, v: "4" },
    ]);
    // The same text through PGlite's own COPY gives the same rows.
    await owner.transaction((tx) => tx.copyFrom("c", ["n", "s", "v"], csv));
    expect(await owner.query("select count(*)::int as n from (select n, s, v from c group by n, s, v having count(*) = 2) d")).toEqual([
      { n: 6 },
    ]);
  });
});
