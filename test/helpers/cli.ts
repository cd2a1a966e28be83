/** The `ilms` CLI as users run it: a child process with only PATH and the given environment. */
import { fileURLToPath } from "node:url";
import { openDb } from "@ilms/db";
import type { DbHandle, Driver } from "@ilms/db";
import { spawnCollecting } from "./child";
import type { TestDb } from "./db";

const MAIN = fileURLToPath(new URL("../../apps/cli/src/main.ts", import.meta.url));

export async function ilms(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = spawnCollecting(process.execPath, ["--import", "tsx", MAIN, ...args], env);
  const code = await cli.exited;
  return { code: code ?? -1, stdout: cli.stdout, stderr: cli.stderr };
}

/**
 * Runs `fn` on the database the CLI of a suite works on: the suite's own on PostgreSQL, the CLI's folder
 * (`env.ILMS_DATA_DIR`, opened and closed again, so that the next CLI call may own it) on PGlite.
 */
export async function withCliDb<T>(driver: Driver, db: TestDb, env: Record<string, string>, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  if (driver === "postgres") return fn(db.handle);
  const h = await openDb({ dataDir: env.ILMS_DATA_DIR });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}
