/**
 * Backup and restore of a whole warehouse, both drivers, each in its database's own format:
 *
 * - PGlite: the data folder as PGlite dumps it (`dumpDataDir`, a gzipped tar of the PostgreSQL data directory),
 *   taken under the folder's lock (so never while another process writes it), and loaded into a fresh folder by
 *   PGlite itself (`loadDataDir`).
 * - PostgreSQL: `pg_dump -Fc` (custom format), restored with `pg_restore` in one transaction into an empty
 *   database (a non-empty one only with `force`, which drops what the dump holds first).
 *
 * A restore writes nothing unless it succeeds: the PGlite dump is loaded and checked in a staging folder beside
 * the target and moved in only then; `pg_restore --single-transaction --exit-on-error` rolls back on any error.
 */
import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { LOCK_FILE, acquireLock } from "./lock";

/** What a backup file holds, from its first bytes. */
export type BackupKind = "pglite" | "postgres";

/** A backup or restore that cannot be done as asked: the message says why and what to do. */
export class BackupError extends Error {
  override name = "BackupError";
}

/** Files of a PGlite folder that belong to the process holding it, not to the database: never restored. */
const PROCESS_FILES = new Set([LOCK_FILE, "ilms.sock", "ilms.sock.lock"]);

/** `pglite` for a gzip (PGlite's data-folder dump), `postgres` for a pg_dump custom-format archive. */
export function backupKind(file: string): BackupKind {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const head = Buffer.alloc(5);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  if (head.toString("latin1") === "PGDMP") return "postgres";
  throw new BackupError(`${file} is not an ILMS backup (neither a PGlite data-folder dump nor a pg_dump custom-format archive)`);
}

/** Dumps the PGlite folder `dataDir` into `file`; refuses while another live process holds the folder. */
export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!existsSync(join(dataDir, "PG_VERSION"))) throw new BackupError(`${dataDir} is not a PGlite data folder (no PG_VERSION)`);
  const lock = acquireLock(dataDir);
  try {
    const client = new PGlite(dataDir);
    try {
      await client.waitReady;
      const dump = await client.dumpDataDir("gzip");
      const bytes = Buffer.from(await dump.arrayBuffer());
      writeAtomically(file, bytes);
      return { bytes: bytes.length };
    } finally {
      await client.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * Loads a PGlite dump into `dataDir`, which must be missing or empty (`force`: its database files are replaced).
 * The folder's lock is held throughout, so a running API (or any process holding it) makes this refuse.
 */
export async function restorePglite(file: string, dataDir: string, options: { force?: boolean } = {}): Promise<void> {
  if (backupKind(file) !== "pglite")
    throw new BackupError(`${file} is a PostgreSQL archive (pg_dump): restore it with DATABASE_URL set to an empty database`);
  const target = resolve(dataDir);
  mkdirSync(target, { recursive: true });
  const lock = acquireLock(target);
  const staging = join(dirname(target), `.${basename(target)}.restore-${randomBytes(4).toString("hex")}`);
  try {
    const present = readdirSync(target).filter((name) => !PROCESS_FILES.has(name));
    if (present.length > 0 && !options.force)
      throw new BackupError(
        `${target} is not empty (${present.slice(0, 3).join(", ")}…): restore into a new folder, or give --force to replace it`,
      );
    // Loaded and checked aside first: a damaged file leaves the target as it was.
    const client = new PGlite(staging, { loadDataDir: new Blob([readFileSync(file)]) });
    try {
      await client.waitReady;
      await client.query("select count(*) from pg_class");
    } finally {
      await client.close();
    }
    for (const name of present) rmSync(join(target, name), { recursive: true, force: true });
    for (const name of readdirSync(staging)) {
      if (PROCESS_FILES.has(name)) continue;
      renameSync(join(staging, name), join(target, name));
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} could not be loaded as a PGlite data folder: ${(error as Error).message}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}

/** Where the pg_* tools are found (`PATH`) and their home (`HOME`, for `.pgpass`): the caller's environment. */
export interface ToolEnv {
  PATH?: string | undefined;
  HOME?: string | undefined;
}

/** The connection of `url` for the pg_* tools: the password through the environment, never on a command line. */
function toolConnection(url: string, toolEnv: ToolEnv): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: NodeJS.ProcessEnv = { PATH: toolEnv.PATH, HOME: toolEnv.HOME, LANG: "C" };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === "ENOENT"
            ? `${tool} not found: install the PostgreSQL client tools (same major version as the server or newer)`
            : error.message,
        ),
      ),
    );
    child.on("exit", (code) =>
      code === 0 ? resolvePromise() : reject(new BackupError(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** `pg_dump -Fc` of the database at `url` into `file` (written under a temporary name, renamed when complete). */
export async function backupPostgres(url: string, file: string, toolEnv: ToolEnv): Promise<{ bytes: number }> {
  const { dbname, env } = toolConnection(url, toolEnv);
  const temp = `${file}.${randomBytes(4).toString("hex")}.partial`;
  try {
    await runTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${temp}`, `--dbname=${dbname}`], env);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return { bytes: statSync(file).size };
}

/** Relations in the database's own schemas: 0 for an empty database. */
async function userRelations(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ name: string }[]>`
      select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
      order by 1 limit 4`;
    return rows.map((r) => r.name);
  } finally {
    await sql.end();
  }
}

/**
 * Restores a `pg_dump -Fc` archive into the database at `url`, in one transaction. The database must be empty
 * unless `force`, which drops the objects the archive holds before recreating them.
 */
export async function restorePostgres(file: string, url: string, toolEnv: ToolEnv, options: { force?: boolean } = {}): Promise<void> {
  if (backupKind(file) !== "postgres")
    throw new BackupError(`${file} is a PGlite data-folder dump: restore it into a folder with ILMS_DATA_DIR (DATABASE_URL unset)`);
  const present = await userRelations(url);
  if (present.length > 0 && !options.force)
    throw new BackupError(
      `the target database is not empty (${present.slice(0, 3).join(", ")}…): restore into an empty database (createdb), or give --force to replace its content`,
    );
  const { dbname, env } = toolConnection(url, toolEnv);
  await runTool(
    "pg_restore",
    [
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--no-privileges",
      ...(present.length > 0 ? ["--clean", "--if-exists"] : []),
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
}

function writeAtomically(file: string, bytes: Buffer): void {
  const temp = `${file}.${randomBytes(4).toString("hex")}.partial`;
  try {
    writeFileSync(temp, bytes, { mode: 0o600 });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}
