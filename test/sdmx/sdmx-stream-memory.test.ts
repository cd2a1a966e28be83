/**
 * A 500,000-observation SDMX data message streamed over real HTTP with flat memory: the API runs in a child
 * process (`apps/api/src/main.ts`) on a PostgreSQL database holding 500,000 synthetic cells of table 5, and the
 * whole flow is read as SDMX-CSV. The child's peak RSS (VmHWM, reset before the message) may grow by less than
 * 100 MB over its resting RSS, although the message is larger than that (about 60 MB of CSV, and the engine's
 * 500,000 rows as objects would take several hundred): a writer holding the message, or the rows, would not fit.
 * The child's V8 old space is capped at 192 MB, as a deployment caps a container's memory: without a cap V8 lets
 * garbage pile up before collecting (+104 MB of growth measured for the same message on an idle machine, most of
 * it collectable), and with it a writer that held the message or the rows would run out of memory, not pass.
 * `npm run bench:sdmx` measures the same for SDMX-JSON, beside the GraphQL slice and a raw baseline.
 *
 * PostgreSQL only (skipped without TEST_DATABASE_URL): PGlite runs the reads on the API's thread and takes
 * minutes for this volume.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, createTestDb } from "../helpers/db";
import type { TestDb } from "../helpers/db";
import { loadSyntheticT05 } from "../helpers/synthetic-t05";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CELLS = 500_000;
const LIMIT_MB = 100;

const statusKb = (pid: number, field: "VmHWM" | "VmRSS") =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN);

describe.skipIf(!TEST_DATABASE_URL)(`a ${CELLS.toLocaleString("en")}-observation SDMX message over HTTP [postgres]`, () => {
  let pg: TestDb;
  let child: ChildProcess;
  let url = "";
  let output = "";

  beforeAll(async () => {
    pg = await createTestDb("postgres");
    expect(await loadSyntheticT05(pg.handle, CELLS)).toBe(CELLS);
    child = spawn(process.execPath, ["--max-old-space-size=192", "--import", "tsx", "apps/api/src/main.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "REDIS_URL")),
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: pg.url!,
        ILMS_DEMO_DATA: "false",
        ILMS_CONSOLE_DIR: "",
        ILMS_RATE_LIMIT: "0",
        // The message is meant to be large and to take its time: no size ceiling or deadline in the way.
        ILMS_MAX_RESPONSE_BYTES: String(2 ** 31 - 1),
        ILMS_REQUEST_TIMEOUT_MS: "600000",
        ILMS_JWT_SECRET: "sdmx-memory-test-secret-0123456789-abcdefgh",
        NODE_ENV: "test",
      },
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 90_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /API on (http:\/\/[^\s]+)\/graphql/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => reject(new Error(`API exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await pg?.dispose();
  });

  /** Reads a message as a stream, keeping only counts; returns bytes, lines and the child's RSS growth (MB). */
  async function streamed(path: string) {
    // Warm up this format on a small message first, so that the growth measured is the message's, not start-up's.
    await (await fetch(`${url}${path.replace("/all?", "/BRN.A.MST_TEMP_NB.SEX_T.ECO_ISIC4_A.CBR_BIR_TOTAL?")}`)).text();
    const resting = statusKb(child.pid!, "VmRSS");
    writeFileSync(`/proc/${child.pid}/clear_refs`, "5"); // VmHWM := VmRSS
    const res = await fetch(`${url}${path}`, { headers: { "accept-encoding": "identity" } });
    expect(res.status, await (res.status === 200 ? "" : res.text())).toBe(200);
    let bytes = 0;
    let lines = 0;
    let head = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (head.length < 400) head += Buffer.from(chunk).toString("utf8", 0, 400);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const growthMb = (statusKb(child.pid!, "VmHWM") - resting) / 1024;
    return { bytes, lines, head, growthMb };
  }

  it(`streams it as SDMX-CSV with peak RSS growth under ${LIMIT_MB} MB`, async () => {
    const started = performance.now();
    const csv = await streamed("/sdmx/rest/data/DF_MST_TEMP_SEX_ECO_CBR_NB/all?format=csvdata");
    const csvSeconds = (performance.now() - started) / 1000;
    expect(csv.lines).toBe(CELLS + 1);
    expect(csv.head).toMatch(/^DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,ECO,MIG,TIME_PERIOD,OBS_VALUE,/);
    expect(csv.bytes).toBeGreaterThan(LIMIT_MB * 1024 * 1024 * 0.5);

    console.log(`SDMX-CSV ${(csv.bytes / 2 ** 20).toFixed(0)} MB in ${csvSeconds.toFixed(1)} s, peak RSS +${csv.growthMb.toFixed(0)} MB`);
    expect(csv.growthMb).toBeLessThan(LIMIT_MB);
  }, 180_000);
});
