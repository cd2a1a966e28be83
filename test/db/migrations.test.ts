import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { isPrepared, migrateAndSeed, openDb } from "@ilms/db";
import type { DbHandle } from "@ilms/db";

it("has committed migrations that match the schema (drizzle-kit generates nothing new)", () => {
  const root = join(import.meta.dirname, "../..");
  const dir = mkdtempSync(join(tmpdir(), "ilms-migrations-"));
  try {
    cpSync(join(root, "drizzle"), join(dir, "drizzle"), { recursive: true });
    const config = join(dir, "drizzle.config.ts");
    writeFileSync(
      config,
      `export default { dialect: "postgresql", casing: "snake_case", schema: ${JSON.stringify(relative(dir, join(root, "packages/db/src/schema/drizzle-kit.ts")))}, out: "./drizzle" };\n`,
    );
    const before = readdirSync(join(dir, "drizzle")).sort();
    const run = spawnSync(join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config=drizzle.config.ts"], {
      cwd: dir,
      encoding: "utf8",
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(readdirSync(join(dir, "drizzle")).sort(), output).toEqual(before);
    expect(output).toMatch(/No schema changes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("migrateAndSeed skips migrating a database whose newest migration and code lists are in place, and only then", async () => {
  const db = await openDb({ dataDir: "memory" });
  try {
    let migrations = 0;
    const counting: DbHandle = { ...db, migrate: () => (migrations++, db.migrate()) };
    const first = await migrateAndSeed(counting);
    expect(migrations).toBe(1); // a new database: migrated and seeded
    expect(first.join("\n")).toMatch(/^Seeded reference data: /);
    expect(await isPrepared(db)).toBe(true);
    expect(await migrateAndSeed(counting)).toEqual([]);
    expect(migrations).toBe(1); // nothing to do: not even drizzle's migrator ran
    // The newest migration's record gone (as on a database the previous version left): the migrator runs again.
    await db.query(
      "delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)",
    );
    expect(await isPrepared(db)).toBe(false);
    const spy: DbHandle = { ...db, migrate: async () => void migrations++ };
    await migrateAndSeed(spy);
    expect(migrations).toBe(2);
  } finally {
    await db.close();
  }
});
