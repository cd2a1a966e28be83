/**
 * One integration suite, several drivers (DZ's habit): `describeOnDrivers` runs a suite on an in-memory
 * PGlite always, and on a fresh PostgreSQL database when `TEST_DATABASE_URL` is set.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle, Driver } from "@ilms/db";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TestDb {
  handle: DbHandle;
  /** URL of the PostgreSQL database (postgres driver only), for child processes. */
  url?: string;
  dispose(): Promise<void>;
}

/** A migrated, seeded, empty-of-facts database of the given driver, private to the caller. */
export async function createTestDb(driver: Driver, options: { seed?: boolean } = {}): Promise<TestDb> {
  if (driver === "pglite") {
    const handle = await openDb({ dataDir: "memory" });
    await handle.migrate();
    if (options.seed !== false) await seedReferenceData(handle);
    return { handle, dispose: () => handle.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `ilms_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), max: 4 });
  await handle.migrate();
  if (options.seed !== false) await seedReferenceData(handle);
  return {
    handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const DRIVERS: readonly Driver[] = TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/**
 * Declares `suite` once per driver. The suite reads its database through the getter, which is valid inside
 * tests and hooks.
 */
export function describeOnDrivers(
  title: string,
  suite: (db: () => TestDb, driver: Driver) => void,
  options: { seed?: boolean } = {},
): void {
  for (const driver of DRIVERS) {
    describe(`${title} [${driver}]`, () => {
      let db: TestDb | undefined;
      beforeAll(async () => {
        db = await createTestDb(driver, options);
      });
      afterAll(async () => {
        await db?.dispose();
      });
      suite(() => {
        if (!db) throw new Error("database not ready");
        return db;
      }, driver);
    });
  }
}

/**
 * `inner` with every statement it runs for a caller passed through `intercept` (which runs it with `run`): plain
 * queries and, on PostgreSQL, the one-round-trip reads a request's guard takes (`readOnce`).
 */
export function interceptReads(inner: DbHandle, intercept: (text: string, run: () => Promise<unknown[]>) => Promise<unknown[]>): DbHandle {
  return {
    ...inner,
    query: (text, params) => intercept(text, () => inner.query(text, params)) as never,
    readOnce: inner.readOnce && ((text, params, timeoutMs) => intercept(text, () => inner.readOnce!(text, params, timeoutMs)) as never),
  };
}

/** `inner` with every statement it runs seen first by `onStatement` (see {@link interceptReads}). */
export function countingHandle(inner: DbHandle, onStatement: (text: string) => void): DbHandle {
  return interceptReads(inner, (text, run) => {
    onStatement(text);
    return run();
  });
}
