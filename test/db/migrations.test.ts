import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

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
