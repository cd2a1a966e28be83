/** The folder lock on its own: live owners refused, stale locks (dead, reused or unreadable pid) reclaimed. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { FolderLockedError, LOCK_FILE, acquireLock, readLock } from "./lock";
import type { LockOwner } from "./lock";

const root = mkdtempSync(join(tmpdir(), "ilms-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = () => mkdtempSync(join(root, "f-"));
const write = (dir: string, owner: Partial<LockOwner> | string) =>
  writeFileSync(
    join(dir, LOCK_FILE),
    typeof owner === "string" ? owner : JSON.stringify({ host: hostname(), command: "test", since: "2026-01-01T00:00:00Z", ...owner }),
  );

/** A process that runs until killed: a live foreign owner. */
function sleeper() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return { pid: child.pid!, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGKILL"))) };
}

it("takes a free folder, refuses a second taker in the same process, and removes the lock on release", () => {
  const dir = folder();
  const lock = acquireLock(dir);
  expect(readLock(dir)).toMatchObject({ pid: process.pid, host: hostname() });
  expect(() => acquireLock(dir)).toThrow(FolderLockedError);
  lock.release();
  expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  acquireLock(dir).release();
});

it("refuses a folder a live process owns, naming it, and leaves its lock alone", async () => {
  const dir = folder();
  const live = sleeper();
  try {
    write(dir, { pid: live.pid, command: "node apps/api/src/main.ts" });
    const before = readFileSync(join(dir, LOCK_FILE), "utf8");
    expect(() => acquireLock(dir)).toThrow(
      `in use by pid ${live.pid} on ${hostname()} (node apps/api/src/main.ts), since 2026-01-01T00:00:00Z`,
    );
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(before);
  } finally {
    await live.stop();
  }
  // Once that process is gone its lock is stale and is taken over.
  const lock = acquireLock(dir);
  expect(readLock(dir)?.pid).toBe(process.pid);
  lock.release();
});

it.runIf(existsSync("/proc/self/stat"))("reclaims a lock whose pid now belongs to another process (Linux)", async () => {
  const reused = folder();
  const live = sleeper();
  try {
    // The recorded start tick differs from the live process's: the pid was reused.
    write(reused, { pid: live.pid, boot: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(), start: "1" });
    const lock = acquireLock(reused);
    expect(readLock(reused)?.pid).toBe(process.pid);
    lock.release();
  } finally {
    await live.stop();
  }
});

it("reclaims a lock naming this process that it does not hold, and one that cannot be read", () => {
  // Our own pid in a lock this process does not hold: an earlier process with the same pid (a container's pid 1).
  const ours = folder();
  write(ours, { pid: process.pid });
  acquireLock(ours).release();
  const garbage = folder();
  write(garbage, "{not json");
  acquireLock(garbage).release();
  expect(existsSync(join(garbage, LOCK_FILE))).toBe(false);
});
