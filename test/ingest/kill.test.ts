/**
 * Atomicity under SIGKILL: a child process imports a large file and is killed mid-load (while rows stream
 * into the database, and again while they are inserted into the fact tables); afterwards the database holds
 * no fact row, no import record and no finding of that load. PGlite runs on a data folder on disk, so the
 * restart goes through the same recovery as a real crash.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle, Driver } from "@ilms/db";
import { prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { countFacts } from "./helpers";

const CHILD = fileURLToPath(new URL("./fixtures/import-child.ts", import.meta.url));
const ROWS = 150_000;

/** Runs the child until `when` says so, then SIGKILLs it; resolves with what it printed and how it ended. */
function importAndKill(
  target: string,
  file: string,
  round: string,
  when: (phase: string, rows: number) => boolean,
): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, target, file, round], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      if (killed) return;
      for (const line of output.split("\n")) {
        const m = /^progress (\w+) (\d+)$/.exec(line);
        if (m && when(m[1]!, Number(m[2]))) {
          killed = child.kill("SIGKILL");
          break;
        }
      }
    });
    child.stderr.on("data", (d: Buffer) => (errors += d.toString()));
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child was not killed (finished first?):\n${output}\n${errors}`));
      else resolve({ killed, output });
    });
  });
}

describeOnDrivers(
  "import atomicity under SIGKILL",
  (db: () => TestDb, driver: Driver) => {
    let dir: string;
    let file: string;
    let target: string;
    // PGlite allows one process per data folder: the test opens it only while no child runs.
    const withDb = async <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => {
      if (driver === "postgres") return fn(db().handle);
      const h = await openDb({ dataDir: target });
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ilms-kill-"));
      file = join(dir, "synthetic.csv");
      target = driver === "postgres" ? db().url! : join(dir, "pglite");
      await withDb(async (h) => {
        if (driver === "pglite") await h.migrate();
        await seedReferenceData(h);
        await h.query("insert into collection_rounds (code, title, reference_year) values ('T-KILL', 'Kill test', 2024)");
        const options = await prepareSynthetic(h, ROWS);
        await pipeline(Readable.from(syntheticIlostatCsv(options)), createWriteStream(file));
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const nothingWritten = () =>
      withDb(async (h) => {
        expect(await countFacts(h)).toBe(0);
        expect(await h.query("select count(*)::int as n from imports")).toEqual([{ n: 0 }]);
        expect(await h.query("select count(*)::int as n from check_findings")).toEqual([{ n: 0 }]);
      });

    it("leaves nothing when killed while rows stream in", async () => {
      const run = await importAndKill(target, file, "T-KILL", (phase, rows) => phase === "read" && rows >= 50_000);
      expect(run.killed).toBe(true);
      expect(run.output).not.toMatch(/^done/m);
      await nothingWritten();
    });

    it("leaves nothing when killed while the fact tables are written", async () => {
      const run = await importAndKill(target, file, "T-KILL", (phase) => phase === "write");
      expect(run.killed).toBe(true);
      expect(run.output).not.toMatch(/^done/m);
      await nothingWritten();
    });

    it("and the same file then loads completely", async () => {
      const rows = await withDb(async (h) => {
        const { importIlostat, SYNTHETIC_SOURCE } = await import("@ilms/ingest");
        const report = await importIlostat(h, { path: file }, { round: "T-KILL", source: SYNTHETIC_SOURCE });
        expect(report).toMatchObject({ status: "loaded", errorCount: 0 });
        return countFacts(h);
      });
      expect(rows).toBe(ROWS);
    });
  },
  { seed: false },
);
