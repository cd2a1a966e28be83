/** `ilms user`: the first admin from the command line, who can then log in over HTTP; refusals exit 1 with the reason. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, expect, it } from "vitest";
import { openDb } from "@ilms/db";
import { main } from "../../apps/cli/src/main";
import { createApp } from "../../apps/api/src/app";
import { DRIVERS, createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { LOGIN } from "../helpers/auth";

async function run(argv: string[], env: { DATABASE_URL: string | undefined; ILMS_DATA_DIR: string }, stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([stdin]), env });
  return { code, out, err };
}

for (const driver of DRIVERS) {
  const dir = mkdtempSync(join(tmpdir(), "ilms-cli-user-"));
  let pg: TestDb | undefined;
  afterAll(async () => {
    await pg?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = async () => {
    if (driver === "postgres") pg ??= await createTestDb("postgres", { seed: false });
    return { DATABASE_URL: pg?.url, ILMS_DATA_DIR: join(dir, "pglite") };
  };

  it(`creates the first admin, who logs in over HTTP; refuses bad accounts with exit code 1 [${driver}]`, async () => {
    const e = await env();
    const created = await run(
      ["user", "create", "--admin", "--email", "Root@Example.org", "--password-stdin"],
      e,
      "an admin password of length\n",
    );
    expect(created).toMatchObject({ code: 0, out: "Created root@example.org  admin\n" });
    const dup = await run(
      ["user", "create", "--admin", "--email", "root@example.org", "--password-stdin"],
      e,
      "an admin password of length",
    );
    expect(dup).toMatchObject({ code: 1, err: "ilms user: A user with email root@example.org already exists\n" });
    const short = await run(["user", "create", "--role", "viewer", "--email", "v@example.org", "--password-stdin"], e, "short");
    expect(short).toMatchObject({ code: 1, err: "ilms user: Password must be at least 12 characters long\n" });
    const generated = await run(["user", "create", "--role", "editor", "--countries", "tha", "--email", "ed@example.org"], e);
    expect(generated.code).toBe(0);
    expect(generated.out).toMatch(
      /^Created ed@example.org {2}editor \(THA\)\nPassword \(shown once, change it after the first login\): [A-Za-z0-9_-]{20}\n$/,
    );
    expect((await run(["user", "create", "--email", "x@example.org"], e)).code).toBe(2);

    const setup = await openDb({ url: e.DATABASE_URL, dataDir: e.ILMS_DATA_DIR });
    await setup.query("insert into collection_rounds (code, title, reference_year) values ('CLI', 'cli', 2023)");
    await setup.query("insert into data_sources (code, ref_area, name) values ('BA:40001', 'THA', 'LFS')");
    await setup.close();
    const csv = join(dir, "one.csv");
    writeFileSync(
      csv,
      "ref_area,source,indicator,sex,classif1,time,obs_value\nTHA,BA:40001,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n",
    );
    expect((await run(["import", csv, "--round", "CLI"], e)).code).toBe(0);

    const db = await openDb({ url: e.DATABASE_URL, dataDir: e.ILMS_DATA_DIR });
    const [imported] = await db.query<{ actor_kind: string; after: { status: string; rowsWritten: number } }>(
      "select actor_kind, after from audit_log where action = 'importObservations'",
    );
    expect(imported).toMatchObject({ actor_kind: "system", after: { status: "loaded", rowsWritten: 1 } });
    const app = await createApp({ db });
    try {
      const base = await app.listen(0);
      const post = async (query: string, variables: Record<string, unknown>) =>
        (
          await fetch(`${base}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query, variables }),
          })
        ).json() as Promise<any>;
      const res = await post(LOGIN, { email: "root@example.org", password: "an admin password of length" });
      expect(res.data.login.user).toMatchObject({ email: "root@example.org", role: "admin" });
      const edPassword = generated.out.split(": ").pop()!.trim();
      expect((await post(LOGIN, { email: "ed@example.org", password: edPassword })).data.login.user.countries).toEqual(["THA"]);
      const [audit] = await db.query<{ actor_kind: string; action: string }>(
        "select actor_kind, action from audit_log where entity = 'user' order by id limit 1",
      );
      expect(audit).toEqual({ actor_kind: "system", action: "createUser" });
    } finally {
      await app.close();
      await db.close();
    }
  });
}
