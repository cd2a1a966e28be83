/**
 * `npm run bench:start`: how long `npm start` takes from the command to a serving API (`/healthz` 200), on an
 * embedded PGlite folder that already holds the sample (the first start's demo load is not measured):
 *
 * - `warm`: nothing changed since the last build (scripts/build/fresh.mjs finds every dist/ current, turbo is
 *   not run; node runs dist/). Goal: < 3 s. The API's own start-up phases (its "Started in" line) are printed.
 * - `cold`: no build at all (every dist/, the turbo cache and the build stamp removed): esbuild for every
 *   package, Vite for the console, then node.
 * - `baseline`: what `npm start` did before the production build: Vite build of the console, then the API
 *   through tsx from sources. Measured in the same run, so the machine's load falls on all three.
 *
 * BENCH_ROUNDS (default 3) rounds of warm, baseline and cold, interleaved. Prints medians and ratios.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const env = { BENCH_ROUNDS: process.env.BENCH_ROUNDS, PATH: process.env.PATH ?? "" };
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const DATA = mkdtempSync(join(tmpdir(), "ilms-bench-start-"));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], extra: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...extra }, stdio: "ignore" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}`))));
  });
}

/** The API's last "Started in N ms: phase N, ..." line seen by {@link timeToServe}. */
let phases = "";

/** Starts `command`, waits for /healthz 200, stops it; resolves with the milliseconds to serving. */
async function timeToServe(command: string, args: string[]): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: env.PATH, PORT: String(port), ILMS_DATA_DIR: join(DATA, "pglite"), ILMS_DEMO_DATA: "true" },
    stdio: ["ignore", "pipe", "ignore"],
    detached: true, // its own process group: npm's children stop with it
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited ${child.exitCode} before serving`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) {
          const elapsed = performance.now() - started;
          phases = /Started in [^"]*/.exec(output)?.[0] ?? "";
          return elapsed;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    // The folder's lock goes with the process group; give npm a moment to finish.
    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const warm: number[] = [];
const baseline: number[] = [];
const cold: number[] = [];
const CLEAN = "rm -rf .turbo/cache .turbo/ilms-built apps/*/dist packages/*/dist";
try {
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (2 cores is ${2})`,
  );
  // Prime: a build and a first start that loads the sample into the folder (not measured).
  await run("npm", ["run", "build"]);
  await timeToServe("npm", ["start"]);
  for (let i = 0; i < ROUNDS; i++) {
    warm.push(await timeToServe("npm", ["start"]));
    console.log(`  API: ${phases}`);
    baseline.push(
      await timeToServe("sh", ["-c", "npm run build -w @ilms/console >/dev/null && cd apps/api && exec node --import tsx src/main.ts"]),
    );
    await run("sh", ["-c", CLEAN]);
    cold.push(await timeToServe("npm", ["start"]));
    console.log(`round ${i + 1}: warm ${s(warm.at(-1)!)}, baseline ${s(baseline.at(-1)!)}, cold ${s(cold.at(-1)!)}`);
  }
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  const [w, b, c] = [median(warm), median(baseline), median(cold)];
  console.log(
    `\nnpm start to serving, medians of ${ROUNDS}: nothing changed ${s(w)} (goal < 3 s), cold ${s(c)}, baseline (Vite + tsx) ${s(b)}`,
  );
  console.log(
    `ratios: nothing-changed/cold ${(w / c).toFixed(2)}x, nothing-changed/baseline ${(w / b).toFixed(2)}x, cold/baseline ${(c / b).toFixed(2)}x`,
  );
} finally {
  rmSync(DATA, { recursive: true, force: true });
}
