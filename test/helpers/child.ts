/**
 * Child processes of the suites (`ilms`, `npm start`, the built API): spawned with only the environment given (and
 * PATH), their stdout and stderr collected as they come; and `npm start` run to its first answer.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { freePort } from "./pg-server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Collecting {
  child: ChildProcess;
  /** stdout and stderr so far, in the order they came. */
  readonly output: string;
  /** stdout alone so far. */
  readonly stdout: string;
  /** stderr alone so far. */
  readonly stderr: string;
  /** The exit code (null when a signal ended the child); rejects when the command cannot be spawned. */
  exited: Promise<number | null>;
  /** The first match of `pattern` in the output, as soon as it is there; rejects when the child exits first. */
  until(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Spawns `command` with PATH and `env` only (in `cwd`, else this process's folder), collecting what it writes. */
export function spawnCollecting(command: string, args: string[], env: Record<string, string>, cwd?: string): Collecting {
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  return {
    child,
    get output() {
      return output;
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    until: (pattern) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(output);
          if (!match) return false;
          child.stdout.off("data", look);
          child.stderr.off("data", look);
          resolve(match);
          return true;
        };
        if (look()) return;
        child.stdout.on("data", look);
        child.stderr.on("data", look);
        exited.then((code) => look() || reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`)), reject);
      }),
  };
}

/**
 * Runs `npm start` on a new PGlite folder until /healthz answers 200, hands the base URL and the output so far
 * to `check`, then stops it with SIGTERM (exit code 0 expected) and answers the whole output. `beforeServing`
 * is the output up to the first 200.
 */
export async function withNpmStart(
  env: Record<string, string>,
  check: (base: string, beforeServing: string) => Promise<void>,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ilms-npm-start-"));
  const port = await freePort();
  const start = spawnCollecting("npm", ["start"], { PORT: String(port), ILMS_DATA_DIR: join(dir, "pglite"), ...env }, ROOT);
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (start.child.exitCode !== null) throw new Error(`npm start exited ${start.child.exitCode}:\n${start.output}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await check(base, start.output);
    start.child.kill("SIGTERM"); // npm's pid: the signal reaches node through npm, and node's exit code comes back
    expect(await start.exited).toBe(0);
    return start.output;
  } finally {
    if (start.child.exitCode === null) start.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

const API_MAIN = join(ROOT, "apps/api/src/main.ts");

/** An API process started from source by {@link startApiChild}. */
export interface ApiChild {
  child: ChildProcess;
  pid: number;
  /** Its base URL, e.g. http://127.0.0.1:43121. */
  url: string;
  /** stdout and stderr so far. */
  output(): string;
  /** Signals it (SIGTERM unless told) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const apiChildren = new Set<ApiChild>();

/**
 * Starts `apps/api/src/main.ts` on a free port with PATH, no console, no demo data and `env` (which may override
 * these), and resolves once it says where it serves; rejects with its output when it ends first.
 */
export async function startApiChild(env: Record<string, string>): Promise<ApiChild> {
  const started = spawnCollecting(process.execPath, ["--import", "tsx", API_MAIN], {
    PORT: "0",
    ILMS_DEMO_DATA: "false",
    ILMS_CONSOLE_DIR: "",
    ...env,
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    started.child.once("exit", (code, signal) => done({ code, signal })),
  );
  const serving = await started.until(/API on (http:\/\/[^\s]+)\/graphql/).catch(async (error: unknown) => {
    throw new Error(`the API ended before serving (${JSON.stringify(await ended)}):\n${started.output}`, { cause: error });
  });
  const api: ApiChild = {
    child: started.child,
    pid: started.child.pid!,
    url: serving[1]!,
    output: () => started.output,
    stop: async (signal = "SIGTERM") => {
      if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill(signal);
      const end = await ended;
      apiChildren.delete(api);
      return end;
    },
  };
  apiChildren.add(api);
  return api;
}

/** Stops every API child still running (for `afterEach`/`afterAll`). */
export async function stopApiChildren(signal?: NodeJS.Signals): Promise<void> {
  for (const api of [...apiChildren]) await api.stop(signal);
}
