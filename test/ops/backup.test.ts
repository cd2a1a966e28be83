/**
 * `ilms backup -o FILE` / `ilms restore FILE` on both drivers, as users run them (the CLI as a child process):
 * a warehouse with the real sample, a round, an account and their audit trail comes back value for value in a
 * fresh target; a non-empty target is refused unless --force; a file of the other driver, a damaged file and a
 * folder held by another process are refused with the reason, leaving the target as it was.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, copyFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb } from "@ilms/db";
import type { DbHandle, Driver } from "@ilms/db";
import { TEST_DATABASE_URL, describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { ilms } from "../helpers/cli";

/** Every row of every table (public and drizzle's migration journal), each table's rows in a stable order. */
async function everything(h: DbHandle): Promise<Record<string, string[]>> {
  const tables = await h.query<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const [schema, table] = name.split(".");
    const rows = await h.query(`select * from "${schema}"."${table}"`);
    out[name] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).sort();
  }
  return out;
}

async function withFolder<T>(dataDir: string, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const h = await openDb({ dataDir });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

describeOnDrivers("backup and restore", (db: () => TestDb, driver: Driver) => {
  const dir = mkdtempSync(join(tmpdir(), "ilms-backup-"));
  const file = join(dir, driver === "pglite" ? "ilms.tar.gz" : "ilms.dump");
  const source: Record<string, string> = driver === "postgres" ? { DATABASE_URL: "" } : { ILMS_DATA_DIR: join(dir, "source") };
  const extraDbs: string[] = [];
  let before: Record<string, string[]>;

  /** A fresh, empty target: a new folder, or a new PostgreSQL database. */
  async function emptyTarget(): Promise<Record<string, string>> {
    if (driver === "pglite") return { ILMS_DATA_DIR: join(dir, `target-${randomBytes(3).toString("hex")}`) };
    const name = `ilms_restore_${randomBytes(5).toString("hex")}`;
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    extraDbs.push(name);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    return { DATABASE_URL: url.toString() };
  }

  async function contentOf(env: Record<string, string>): Promise<Record<string, string[]>> {
    if (env.DATABASE_URL) {
      const h = await openDb({ url: env.DATABASE_URL, max: 1 });
      try {
        return await everything(h);
      } finally {
        await h.close();
      }
    }
    return withFolder(env.ILMS_DATA_DIR!, everything);
  }

  beforeAll(async () => {
    if (driver === "postgres") source.DATABASE_URL = db().url!;
    // A warehouse as it is used: the real sample, a round, an account; each write in the audit trail.
    for (const args of [
      ["seed", "--demo"],
      ["round", "create", "--code", "BK-2025", "--title", "Backup round", "--year", "2025"],
    ]) {
      const r = await ilms(args, source);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    const user = await ilms(["user", "create", "--role", "viewer", "--email", "backup@example.org"], source);
    expect(user.code, user.stderr).toBe(0);
    before = await contentOf(source);
    expect(before["public.audit_log"]!.length).toBeGreaterThan(0);
    expect(before["public.users"]).toHaveLength(1);
    expect(Object.values(before).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(5_000);
  }, 300_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (extraDbs.length > 0) {
      const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      for (const name of extraDbs) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it("writes a backup and restores it into an empty target, value for value, audit trail included", async () => {
    const backup = await ilms(["backup", "-o", file], source);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backup of .* written to .* \(\d+\.\d MB\)\.\n$/);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);

    const target = await emptyTarget();
    const restored = await ilms(["restore", file], target);
    expect(restored.code, restored.stderr).toBe(0);
    const after = await contentOf(target);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    // The restored warehouse works: the append-only trigger of the audit trail came back with it.
    const refused = await (async () => {
      const h = target.DATABASE_URL ? await openDb({ url: target.DATABASE_URL, max: 1 }) : await openDb({ dataDir: target.ILMS_DATA_DIR! });
      try {
        await h.query("delete from audit_log");
        return null;
      } catch (error) {
        return (error as Error).message;
      } finally {
        await h.close();
      }
    })();
    expect(refused).toMatch(/append-only|audit/i);
  });

  it("refuses a non-empty target unless --force, and then replaces its content", async () => {
    const target = await emptyTarget();
    expect((await ilms(["restore", file], target)).code).toBe(0);
    const again = await ilms(["restore", file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ilms restore: .*is not empty .*--force/);
    const forced = await ilms(["restore", file, "--force"], target);
    expect(forced.code, forced.stderr).toBe(0);
    const after = await contentOf(target);
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  });

  it("refuses a damaged file and a file of the other driver, changing nothing", async () => {
    const damaged = join(dir, `damaged-${driver}`);
    copyFileSync(file, damaged);
    truncateSync(damaged, Math.floor(statSync(file).size / 2));
    const target = await emptyTarget();
    const r = await ilms(["restore", damaged], target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ilms restore: /);
    if (target.DATABASE_URL) {
      const sql = postgres(target.DATABASE_URL, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`;
      await sql.end();
      expect(row!.n).toBe(0);
    } else {
      expect(readdirSync(target.ILMS_DATA_DIR!)).toEqual([]);
      expect(readdirSync(dir).filter((f) => f.includes(".restore-"))).toEqual([]);
    }
    const other: Record<string, string> =
      driver === "pglite" ? { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" } : { ILMS_DATA_DIR: join(dir, "other") };
    const crossed = await ilms(["restore", file], other);
    expect(crossed.code).toBe(1);
    expect(crossed.stderr).toMatch(driver === "pglite" ? /is a PGlite data-folder dump/ : /is a PostgreSQL archive/);
    expect((await ilms(["backup"], source)).code).toBe(2);
  });

  it.runIf(driver === "pglite")("refuses to back up or restore a folder another process holds", async () => {
    const held = await openDb({ dataDir: source.ILMS_DATA_DIR! });
    try {
      const backup = await ilms(["backup", "-o", join(dir, "while-held.tar.gz")], source);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain(`pid ${process.pid}`);
      const restore = await ilms(["restore", file, "--force"], source);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain(`pid ${process.pid}`);
      expect(existsSync(join(dir, "while-held.tar.gz"))).toBe(false);
    } finally {
      await held.close();
    }
  });
});
