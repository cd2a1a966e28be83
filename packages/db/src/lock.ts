/**
 * One owner per embedded database folder. PGlite is a single-process database: two processes that open one
 * data folder each keep their own copy of its pages and overwrite each other's writes. The process that opens
 * a folder therefore holds `<folder>/ilms.lock`, created atomically (written whole, then hard-linked into
 * place, which fails when a lock exists), naming the owner (pid, host,
 * command, since) and, once it serves the folder, where to reach it. The lock goes at close, at exit and on
 * SIGINT/SIGTERM; a lock whose process is gone (crash, SIGKILL, a reboot, a pid since reused) is stale and
 * the next opener takes it over. A live owner is never bypassed.
 */
import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** Where the owner serves its database over the PostgreSQL wire protocol. */
export type SocketAddress = { path: string } | { host: string; port: number };

export interface LockOwner {
  pid: number;
  host: string;
  /** The owner's command line, for messages. */
  command: string;
  /** When the owner took the folder (ISO 8601). */
  since: string;
  /** Linux boot id and the process's start tick: a pid alive after a reboot or reused is not the owner. */
  boot?: string | undefined;
  start?: string | undefined;
  /** Set once the owner serves the folder to other processes. */
  socket?: SocketAddress | undefined;
}

export interface FolderLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Records where the owner serves the folder (atomic replace of the lock file). */
  advertise(socket: SocketAddress): void;
  release(): void;
}

/** A folder another live process owns: the message names that process and what to do. */
export class FolderLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    reason?: string,
  ) {
    super(lockedMessage(dataDir, owner, reason));
    this.name = "FolderLockedError";
  }
}

export const LOCK_FILE = "ilms.lock";

export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.host} (${owner.command}), since ${owner.since}`;
}

function lockedMessage(dataDir: string, owner: LockOwner, reason?: string): string {
  return [
    `The embedded database ${dataDir} is in use by ${describeOwner(owner)}${reason ? `: ${reason}` : ""}.`,
    "PGlite allows one process per data folder, so this one does not open it.",
    reason
      ? "Run this again when that process is less busy, or stop it (Ctrl-C in its terminal) and run this again."
      : owner.socket
        ? "`ilms` commands work through it while it runs; for a second server, stop that one first or use PostgreSQL (DATABASE_URL)."
        : "Stop that process (or wait for it to finish) and run this again; `ilms` commands run beside the API only, through its socket.",
    `If no such process exists any more, delete ${join(dataDir, LOCK_FILE)}.`,
  ].join("\n");
}

function linuxIdentity(pid: number): { boot?: string; start?: string } {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    // Field 22 of /proc/<pid>/stat, counted after the parenthesised command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return { boot, start };
  } catch {
    return {};
  }
}

/** Whether the process a lock names still runs (on this host; another host's owner is taken as alive). */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  // Our own pid: alive only if this process holds the lock (another handle); otherwise an earlier process had
  // the same pid (a container's pid 1 after a restart).
  if (owner.pid === process.pid) return held.has(keyOf(owner));
  if (!(owner.pid > 0)) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  if (owner.boot && owner.start) {
    const now = linuxIdentity(owner.pid);
    if (now.boot && now.boot !== owner.boot) return false; // rebooted since
    if (now.start && now.start !== owner.start) return false; // the pid belongs to another process now
  }
  return true;
}

const keyOf = (owner: LockOwner) => `${owner.pid} ${owner.since}`;

/** Locks held by this process, with their release. */
const held = new Map<string, () => void>();

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * A signal nobody else handles would end the process without `exit` handlers: the locks go first, then the
 * signal takes its course. A program that handles the signal itself (the API closes its database) releases
 * the lock when it closes the database.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  process.kill(process.pid, signal);
}

function releaseAll(): void {
  for (const release of [...held.values()]) release();
}

function readRaw(file: string): { raw: string; owner: LockOwner } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return { raw, owner: JSON.parse(raw) as LockOwner };
  } catch {
    // Foreign or damaged content (locks appear whole, see below): an owner that cannot be told, i.e. stale.
    return { raw, owner: { pid: 0, host: hostname(), command: "unreadable lock file", since: "unknown" } };
  }
}

export function readLock(dataDir: string): LockOwner | undefined {
  return readRaw(join(resolve(dataDir), LOCK_FILE))?.owner;
}

/** The live owner of a folder, or undefined when it is free or its lock is stale. */
export function liveOwner(dataDir: string): LockOwner | undefined {
  const owner = readLock(dataDir);
  return owner && ownerAlive(owner) ? owner : undefined;
}

/**
 * Takes the folder's lock, reclaiming a stale one. Throws {@link FolderLockedError} when a live process (this
 * one included, through another handle) owns it.
 */
export function acquireLock(dataDir: string): FolderLock {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 300) || process.argv0,
    since: new Date().toISOString(),
    ...linuxIdentity(process.pid),
  };
  for (let attempt = 0; ; attempt++) {
    // Written whole under a private name, then linked into place: link() fails if the lock exists, so the lock
    // appears atomically and never half-written.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    try {
      try {
        linkSync(temp, file);
      } catch (error) {
        // A filesystem without hard links: exclusive create instead (the content follows at once).
        if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
        writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag: "wx", mode: 0o600 });
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(temp);
    }
    const current = readRaw(file);
    if (current && ownerAlive(current.owner)) throw new FolderLockedError(dir, current.owner);
    if (attempt >= 5) throw new Error(`Could not take the lock ${file}: other processes keep replacing it`);
    if (!current) continue;
    // Stale: move it aside under a unique name, then check that what moved is the stale lock we read (a
    // concurrent opener may have replaced it in between); if not, put it back and look again.
    const aside = `${file}.stale-${randomBytes(4).toString("hex")}`;
    try {
      renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    if (readFileSync(aside, "utf8") !== current.raw) {
      try {
        renameSync(aside, file);
      } catch {
        /* taken meanwhile: the next round reads the new owner */
      }
      continue;
    }
    unlinkSync(aside);
  }
  const key = keyOf(owner);
  const release = () => {
    if (!held.delete(key)) return;
    if (held.size === 0) {
      process.off("exit", releaseAll);
      for (const signal of SIGNALS) process.off(signal, onSignal);
    }
    // Only our own lock goes: a lock another process wrote after reclaiming ours stays.
    const current = readRaw(file)?.owner;
    if (current && keyOf(current) === key) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  };
  if (held.size === 0) {
    process.on("exit", releaseAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  held.set(key, release);
  return {
    file,
    owner,
    advertise(socket) {
      owner.socket = socket;
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
      renameSync(temp, file);
    },
    release,
  };
}
