#!/usr/bin/env node
/**
 * Exits 0 when every workspace's `dist/` is newer than everything it is built from, 1 otherwise (and names the
 * first stale workspace). `npm start` runs it before the build: with nothing changed it answers in tens of
 * milliseconds, where `turbo run build` takes seconds just to hash the inputs and replay its cache. When
 * anything is newer, or a `dist/` is missing, turbo decides what to rebuild as before.
 *
 * Inputs of a workspace: every file and folder under it except `dist/`, `node_modules/` and `.turbo/` (a folder's
 * mtime changes when a file in it is added, renamed or deleted; the workspace folder's own does not count, as
 * recreating dist/ changes it), plus the build's global inputs (this folder's
 * scripts, tsconfig.base.json, turbo.json, package-lock.json) and, for the console, the API's GraphQL examples.
 * Outputs: the files under `dist/`, whose oldest mtime must be newer than the newest input, or (when turbo found
 * its cache current and left older files in place) the stamp a successful `--build` leaves in `.turbo/`.
 *
 * `--build`: when stale, runs `npm run build` and, once it succeeds, stamps `.turbo/ilms-built` with the time the
 * build started (a file edited during the build stays newer than the stamp). Exits with the build's code.
 *
 * The API's bundle (`apps/api/dist/bundle/`, scripts/build/bundle.mjs) holds every workspace package's sources, so
 * its inputs are every package's too. `scripts/start.mjs` imports {@link stale} and {@link buildStale} and runs the
 * check in the process that then serves (no second Node start-up).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SKIP = new Set(["dist", "node_modules", ".turbo"]);
const GLOBAL = [
  "scripts/build/package.mjs",
  "scripts/build/esbuild-base.mjs",
  "scripts/build/bundle.mjs",
  "scripts/build/fresh.mjs",
  "tsconfig.base.json",
  "turbo.json",
  "package-lock.json",
];
const PACKAGES = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `packages/${d.name}`);
const EXTRA = { "apps/console": ["apps/api/src/examples"], "apps/api": PACKAGES };

/** Newest mtime (ms) of a path and, for a folder, everything under it but the skipped folders; 0 if missing. */
function newest(path, skip = SKIP) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  let max = stat.mtimeMs;
  if (stat.isDirectory()) for (const entry of readdirSync(path)) if (!skip.has(entry)) max = Math.max(max, newest(join(path, entry), skip));
  return max;
}

/** Oldest mtime (ms) of the files under a folder; 0 when the folder is missing or empty. */
function oldestFile(dir) {
  let min = Infinity;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else min = Math.min(min, statSync(p).mtimeMs);
    }
  };
  try {
    walk(dir);
  } catch {
    return 0;
  }
  return min === Infinity ? 0 : min;
}

// Packages first: a changed package is named as such, not as the app whose bundle holds it.
const workspaces = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(ROOT, group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${group}/${d.name}`),
);
const STAMP = join(ROOT, ".turbo", "ilms-built");

/** The first workspace whose build is older than its inputs, with the reason; undefined when all are fresh. */
export function stale() {
  const stamp = newest(STAMP);
  const globalInputs = Math.max(...GLOBAL.map((f) => newest(join(ROOT, f))));
  for (const ws of workspaces) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(ROOT, ws, "package.json"), "utf8"));
    } catch {
      continue; // not a workspace
    }
    if (!pkg.scripts?.build) continue;
    // The workspace folder's own mtime changes when the build recreates dist/; what is under it counts.
    const own = readdirSync(join(ROOT, ws)).filter((e) => !SKIP.has(e));
    const inputs = Math.max(
      globalInputs,
      ...own.map((e) => newest(join(ROOT, ws, e))),
      ...(EXTRA[ws] ?? []).map((p) => newest(join(ROOT, p))),
    );
    const outputs = oldestFile(join(ROOT, ws, "dist"));
    if (outputs === 0) return `${ws}: not built`;
    if (Math.max(outputs, stamp) <= inputs) return `${ws}: changed since its build`;
  }
  return undefined;
}

/** Runs `npm run build` (output to this process's stdout/stderr) and stamps its success; returns its exit code. */
export function buildStale(reason) {
  console.log(`${reason}; building`);
  const started = new Date();
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) return build.status ?? 1;
  mkdirSync(join(ROOT, ".turbo"), { recursive: true });
  writeFileSync(STAMP, `npm run build succeeded; started ${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reason = stale();
  if (reason === undefined) process.exit(0);
  if (!process.argv.includes("--build")) {
    console.log(reason);
    process.exit(1);
  }
  process.exit(buildStale(reason));
}
