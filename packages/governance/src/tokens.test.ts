import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { authConfig, loadJwtSecret } from "./tokens";

const dir = mkdtempSync(join(tmpdir(), "ilms-secret-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("requires ILMS_JWT_SECRET in production and never invents one there", () => {
  const file = join(dir, "prod", "jwt-secret");
  expect(() => loadJwtSecret({ fromEnv: undefined, production: true, file })).toThrow(
    /ILMS_JWT_SECRET is required when NODE_ENV=production/,
  );
  expect(() => statSync(file)).toThrow();
  expect(loadJwtSecret({ fromEnv: "x".repeat(40), production: true, file })).toEqual({ secret: "x".repeat(40), origin: "ILMS_JWT_SECRET" });
});

it("generates a development secret once, private to the owner, and reuses it", () => {
  const file = join(dir, "dev", "jwt-secret");
  const first = loadJwtSecret({ fromEnv: undefined, production: false, file });
  expect(first.secret.length).toBeGreaterThanOrEqual(64);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, "utf8").trim()).toBe(first.secret);
  expect(loadJwtSecret({ fromEnv: undefined, production: false, file }).secret).toBe(first.secret);
});

it("moves a secret kept where earlier versions put it (beside the data folder) into the data folder, once", () => {
  const legacyFile = join(dir, "old", "jwt-secret");
  const file = join(dir, "old", "pglite", "jwt-secret");
  mkdirSync(dirname(legacyFile), { recursive: true });
  writeFileSync(legacyFile, "an-existing-secret-of-an-earlier-install-0123456789\n");
  const moved = loadJwtSecret({ fromEnv: undefined, production: false, file, legacyFile });
  expect(moved).toEqual({ secret: "an-existing-secret-of-an-earlier-install-0123456789", origin: `${file} (moved from ${legacyFile})` });
  expect(existsSync(legacyFile)).toBe(false);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(loadJwtSecret({ fromEnv: undefined, production: false, file, legacyFile })).toEqual({ secret: moved.secret, origin: file });
});

it("refuses short signing keys", () => {
  expect(() => authConfig("too-short")).toThrow(/at least 32 bytes/);
});
