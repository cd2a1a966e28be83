/**
 * Read replicas on PostgreSQL streaming replication (issue 14, item 2), on a private primary and a loopback
 * hot standby made by `scripts/pg-replica.sh`: writes on the primary appear through the API from the replica
 * (shown by pausing the replica's replay: a paused replica hides a fresh write, which the primary has); a
 * replica lagging beyond `ILMS_REPLICA_MAX_LAG` is skipped; a caller reads its own writes; a replica stopped
 * under load costs no failed request. PostgreSQL only (needs its binaries and TEST_DATABASE_URL, as in CI).
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, replicaStatus, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { authConfig } from "@ilms/governance/tokens";
import { startTestApi } from "../helpers/api";
import type { TestApi } from "../helpers/api";
import { TEST_SECRET, createTestUser, login } from "../helpers/auth";
import { PG_BIN, startPrivatePostgres, startReplica } from "../helpers/pg-server";
import type { PgServer, Replica } from "../helpers/pg-server";

const enabled = Boolean(PG_BIN && process.env.TEST_DATABASE_URL);
const MAX_LAG_SECONDS = 2;

const SOURCES = `query($refArea: [String!]) { sources(refArea: $refArea) { code } }`;
const CREATE_SOURCE = `mutation($input: DataSourceCreateInput!) { createSource(input: $input) { code } }`;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!enabled)("read replicas on streaming replication [postgres]", () => {
  let primary: PgServer;
  let replica: Replica;
  let writer: DbHandle; // the primary alone, as an import or the CLI writes
  let db: DbHandle; // primary + replica, as the API opens it
  let standby: postgres.Sql;
  let api: TestApi;
  let admin: Record<string, string>;
  let otherAdmin: Record<string, string>;

  beforeAll(async () => {
    primary = await startPrivatePostgres();
    const boot = postgres(primary.url(), { max: 1, onnotice: () => {} });
    await boot`create database ilms`;
    await boot.end();
    writer = await openDb({ url: primary.url("ilms"), max: 2 });
    await writer.migrate();
    await seedReferenceData(writer);
    replica = await startReplica(primary.url("ilms"));
    standby = postgres(replica.url, { max: 1, onnotice: () => {} });
    db = await openDb({ url: primary.url("ilms"), replicaUrls: [replica.url], replicaMaxLagSeconds: MAX_LAG_SECONDS, max: 8 });
    api = await startTestApi(db, { responseCache: null, auth: authConfig(TEST_SECRET), readAfterWriteMs: 5_000 });
    await createTestUser(writer, "replica-admin@example.org", "admin");
    await createTestUser(writer, "replica-other@example.org", "admin");
    admin = (await login(api, "replica-admin@example.org")).headers;
    otherAdmin = (await login(api, "replica-other@example.org")).headers;
  }, 180_000);

  afterAll(async () => {
    await api?.app.close();
    await db?.close();
    await writer?.close();
    await standby?.end({ timeout: 1 });
    await replica?.dispose();
    await primary?.dispose();
  });

  const codes = async (headers: Record<string, string>) => {
    const res = await api.gql<{ sources: { code: string }[] }>(SOURCES, { refArea: ["THA"] }, headers);
    expect(res.errors).toBeUndefined();
    return res.data!.sources.map((s) => s.code);
  };
  const healthy = () => replicaStatus(db.replicas)[0]!.healthy;

  it("serves reads from the replica: a write on the primary appears once replayed, not before", async () => {
    expect(replicaStatus(db.replicas)).toEqual([
      expect.objectContaining({ url: replica.url, healthy: true, lagSeconds: expect.any(Number) }),
    ]);
    await writer.query("insert into data_sources (code, ref_area, name) values ('BA:9001', 'THA', 'Replicated survey')");
    await until("the write is seen through the API", async () => (await codes(otherAdmin)).includes("BA:9001"));

    // Replay paused: the replica no longer sees new writes, the primary does; the API answers what the replica has.
    await standby`select pg_wal_replay_pause()`;
    await writer.query("insert into data_sources (code, ref_area, name) values ('BA:9002', 'THA', 'Not yet replayed')");
    expect(await writer.query("select 1 from data_sources where code = 'BA:9002'")).toHaveLength(1);
    expect(await codes(otherAdmin)).not.toContain("BA:9002");
    await standby`select pg_wal_replay_resume()`;
    await until("the replica has replayed the write", async () => (await codes(otherAdmin)).includes("BA:9002"));
  });

  it("skips a replica lagging beyond ILMS_REPLICA_MAX_LAG: the primary answers, current", async () => {
    await standby`select pg_wal_replay_pause()`;
    await writer.query("insert into data_sources (code, ref_area, name) values ('BA:9003', 'THA', 'Written while the replica lags')");
    await until("the replica is found lagging", () => !healthy());
    expect(replicaStatus(db.replicas)[0]).toMatchObject({ healthy: false, reason: expect.stringMatching(/lags .* behind the primary/) });
    expect(replicaStatus(db.replicas)[0]!.lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);
    expect(await codes(otherAdmin)).toContain("BA:9003");
    const ready = (await (await fetch(`${api.url}/readyz`)).json()) as { status: string; replicas: { healthy: boolean }[] };
    expect(ready).toMatchObject({ status: "ready", replicas: [{ healthy: false }] });
    await standby`select pg_wal_replay_resume()`;
    await until("the replica serves again", healthy);
  });

  it("reads a caller's own writes from the primary (read-after-write); others read the replica", async () => {
    await standby`select pg_wal_replay_pause()`;
    try {
      const created = await api.gql(CREATE_SOURCE, { input: { code: "BA:9004", refArea: "THA", name: "Created over GraphQL" } }, admin);
      expect(created.errors).toBeUndefined();
      // Within the lag limit the replica still counts as healthy: the other caller is served from it.
      expect(healthy()).toBe(true);
      expect(await codes(admin)).toContain("BA:9004");
      expect(await codes(otherAdmin)).not.toContain("BA:9004");
    } finally {
      await standby`select pg_wal_replay_resume()`;
    }
    await until("the replica serves again", healthy);
  });

  it("loses no request when the replica stops under load", async () => {
    let stopped = false;
    const failures: string[] = [];
    let served = 0;
    const started = Date.now();
    const client = async () => {
      while (Date.now() - started < 4_000) {
        const res = await fetch(`${api.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...otherAdmin },
          body: JSON.stringify({ query: SOURCES, variables: { refArea: ["THA"] } }),
        });
        const body = (await res.json()) as { errors?: unknown; data?: { sources: { code: string }[] } };
        if (res.status !== 200 || body.errors || !body.data?.sources.some((s) => s.code === "BA:9001"))
          failures.push(`${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        served++;
      }
    };
    const stopper = (async () => {
      await new Promise((r) => setTimeout(r, 1_000));
      await replica.stop("immediate");
      stopped = true;
    })();
    await Promise.all([...Array.from({ length: 8 }, client), stopper]);
    expect(stopped).toBe(true);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(50);
    expect(replicaStatus(db.replicas)[0]).toMatchObject({ healthy: false });
  });
});
