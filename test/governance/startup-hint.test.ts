/**
 * The API's start-up hint for the CLI names the database the API serves (issue 11, item 9): followed as printed,
 * from the repository root and without the API's environment, the CLI creates the first admin in that database,
 * not in a second, empty one. The development signing key lives inside the data folder; a key an earlier
 * version kept beside the folder is moved in (existing tokens stay valid).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { openDb } from "@ilms/db";
import type { Driver } from "@ilms/db";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "apps/api/src/main.ts");

/** Starts the API and resolves with its output once it listens. */
function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: join(ROOT, "apps/api"),
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("ILMS Warehouse API on")) resolve({ child, output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`API exited with ${code} before listening:\n${output}`)));
  });
}

function sh(command: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Only PATH: the hint must carry everything the CLI needs to find the database.
    const child = spawn("sh", ["-c", command], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}

describeOnDrivers("API start-up: the CLI hint and the signing key", (db: () => TestDb, driver: Driver) => {
  const dir = mkdtempSync(join(tmpdir(), "ilms start-up "));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a CLI command that reaches the API's database, and keeps the key inside the data folder", async () => {
    const dataDir = join(dir, "data", "pglite");
    const legacy = join(dir, "data", "jwt-secret");
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(legacy, "a-secret-kept-by-an-earlier-version-0123456789abcdef\n", { mode: 0o600 });
    const env: Record<string, string> = {
      PORT: "0",
      HOST: "127.0.0.1",
      ILMS_DATA_DIR: dataDir,
      ILMS_DEMO_DATA: "false",
      ILMS_CONSOLE_DIR: "",
    };
    if (driver === "postgres") env.DATABASE_URL = db().url!;
    const { child, output } = await startApi(env);
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });

    const hint = /or run: (.*) user create --admin --email you@example\.org --password-stdin/.exec(output);
    expect(hint, output).not.toBeNull();
    const cli = hint![1]!;
    expect(cli).toBe(driver === "postgres" ? `DATABASE_URL=${db().url} npm run ilms --` : `ILMS_DATA_DIR='${dataDir}' npm run ilms --`);
    expect(readFileSync(join(dataDir, "jwt-secret"), "utf8").trim()).toBe("a-secret-kept-by-an-earlier-version-0123456789abcdef");
    expect(existsSync(legacy)).toBe(false);

    const created = await sh(`printf %s 'first admin password' | ${cli} user create --admin --email first@example.org --password-stdin`);
    expect(created.code, created.output).toBe(0);
    const h = driver === "postgres" ? db().handle : await openDb({ dataDir });
    try {
      expect(await h.query("select email, role from users")).toEqual([{ email: "first@example.org", role: "admin" }]);
    } finally {
      if (driver === "pglite") await h.close();
    }
  }, 240_000);
});
