/**
 * `npm run bench:start`: how long `npm start` takes from the command to a serving API (`/healthz` 200), on an
 * embedded PGlite folder that already holds the sample (the first start's demo load is not measured):
 *
 * - `warm`: nothing changed since the last build: scripts/start.mjs finds every dist/ current (turbo is not
 *   run) and imports the API's bundle (`apps/api/dist/bundle/main.js`) in the same process. Goal: < 3 s.
 * - `modules`: the previous way, `npm run start:modules`: scripts/build/fresh.mjs in its own node, then
 *   `node --conditions=ilms-dist apps/api/dist/main.js`, which resolves every package's `dist/` and every library
 *   from node_modules. The API's own start-up phases (its "Started in" line) are printed for both, with medians.
 * - with BENCH_COLD=1 also `cold`: no build at all (every dist/, the turbo cache and the build stamp removed):
 *   esbuild for every package, Vite for the console, then node; and `baseline`: what `npm start` did before the
 *   production build (Vite build of the console, then the API through tsx from sources). Over a minute.
 *
 * BENCH_ROUNDS (default 3) rounds, the kinds interleaved, so the machine's load falls on all of them. Prints
 * medians and ratios.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const env = { BENCH_ROUNDS: process.env.BENCH_ROUNDS, BENCH_COLD: process.env.BENCH_COLD, PATH: process.env.PATH ?? "" };
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const COLD = env.BENCH_COLD === "1";
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

/** The API's phases ("name N" pairs of its "Started in" line), collected per kind of start. */
const phaseRuns: Record<string, Map<string, number[]>> = { warm: new Map(), modules: new Map() };
function keepPhases(kind: "warm" | "modules") {
  const total = /Started in (\d+) ms/.exec(phases)?.[1];
  const pairs: [string, number][] = [
    ["total (process start to listening)", Number(total)],
    ...[...phases.replace(/^Started in \d+ ms: /, "").matchAll(/(.+?) (\d+)(?:, |$)/g)].map((m): [string, number] => [m[1]!, Number(m[2])]),
  ];
  for (const [name, ms] of pairs) {
    if (!Number.isFinite(ms)) continue;
    const runs = phaseRuns[kind]!;
    runs.set(name, [...(runs.get(name) ?? []), ms]);
  }
}

const warm: number[] = [];
const modules: number[] = [];
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
    keepPhases("warm");
    console.log(`  bundle:  ${phases}`);
    modules.push(await timeToServe("npm", ["run", "start:modules"]));
    keepPhases("modules");
    console.log(`  modules: ${phases}`);
    if (COLD) {
      baseline.push(
        await timeToServe("sh", ["-c", "npm run build -w @ilms/console >/dev/null && cd apps/api && exec node --import tsx src/main.ts"]),
      );
      await run("sh", ["-c", CLEAN]);
      cold.push(await timeToServe("npm", ["start"]));
    }
    console.log(
      `round ${i + 1}: nothing changed ${s(warm.at(-1)!)}, previous way (modules) ${s(modules.at(-1)!)}` +
        (COLD ? `, baseline ${s(baseline.at(-1)!)}, cold ${s(cold.at(-1)!)}` : ""),
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  console.log(`\nAPI phases, medians of ${ROUNDS} (ms): bundle (npm start) vs modules (npm run start:modules)`);
  for (const [name, runs] of phaseRuns.warm!) {
    const before = phaseRuns.modules!.get(name);
    console.log(`  ${name.padEnd(36)} ${String(median(runs)).padStart(6)}  ${before ? String(median(before)).padStart(6) : "     -"}`);
  }
  const [w, m] = [median(warm), median(modules)];
  console.log(
    `\nnpm start to serving, medians of ${ROUNDS}: nothing changed ${s(w)} (goal < 3 s), previous way (modules) ${s(m)}: ${(w / m).toFixed(2)}x`,
  );
  if (COLD) {
    const [b, c] = [median(baseline), median(cold)];
    console.log(`cold ${s(c)}, baseline (Vite + tsx) ${s(b)}`);
    console.log(
      `ratios: nothing-changed/cold ${(w / c).toFixed(2)}x, nothing-changed/baseline ${(w / b).toFixed(2)}x, cold/baseline ${(c / b).toFixed(2)}x`,
    );
  }
} finally {
  rmSync(DATA, { recursive: true, force: true });
}
