/**
 * Private PostgreSQL servers for the fault and replica suites: a primary of its own (`initdb` in a temporary
 * folder, its own port and socket folder) that a test may stop and restart at will, never the shared server;
 * and loopback hot standbys of it through `scripts/pg-replica.sh`. Run as root, servers run as `postgres`.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The newest installed PostgreSQL's binaries, or undefined when there are none (the suites then skip). */
export const PG_BIN = (() => {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = versions.length ? join(root, versions.at(-1)!, "bin") : undefined;
  return bin && existsSync(join(bin, "initdb")) ? bin : undefined;
})();

const REPLICA_SCRIPT = fileURLToPath(new URL("../../scripts/pg-replica.sh", import.meta.url));
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the `postgres` user when this process is root (the server refuses root). */
function pg(binary: string, args: string[], timeoutMs = 60_000) {
  const file = join(PG_BIN!, binary);
  return asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args], { timeout: timeoutMs }) : run(file, args, { timeout: timeoutMs });
}

/** A free loopback TCP port (taken by the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  port: number;
  dir: string;
  /** URL of a database on this server (default `postgres`). */
  url(database?: string): string;
  /** `pg_ctl stop`: `fast` ends sessions cleanly, `immediate` like a crash. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes everything. */
  dispose(): Promise<void>;
}

/** Initialises and starts a private primary (trust on loopback, replication allowed) on a free port. */
export async function startPrivatePostgres(): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), "ilms-pg-"));
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, "data");
  await pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica -c max_wal_senders=5 -c max_connections=60`;
  const server: PgServer = {
    port,
    dir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await pg("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    },
    stop: async (mode = "fast") => {
      await pg("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    },
    dispose: async () => {
      await server.stop("immediate").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export interface Replica {
  url: string;
  dir: string;
  port: number;
  /** Stops the standby (the folder stays, so it can be started again). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops it and removes its folder (`pg-replica.sh stop`). */
  dispose(): Promise<void>;
}

/** A loopback hot standby of `primaryUrl`, by `scripts/pg-replica.sh start`. */
export async function startReplica(primaryUrl: string): Promise<Replica> {
  const { stdout } = await run("bash", [REPLICA_SCRIPT, "start", primaryUrl], { timeout: 120_000 });
  const vars = Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .map((line) => line.split("=", 2) as [string, string]),
  );
  const dir = vars.REPLICA_DIR!;
  return {
    url: vars.REPLICA_URL!,
    dir,
    port: Number(vars.REPLICA_PORT),
    stop: async (mode = "fast") => {
      await pg("pg_ctl", ["-D", join(dir, "data"), "-m", mode, "-w", "-t", "60", "stop"]);
    },
    dispose: async () => {
      await run("bash", [REPLICA_SCRIPT, "stop", dir], { timeout: 60_000 }).catch(() => rmSync(dir, { recursive: true, force: true }));
    },
  };
}
