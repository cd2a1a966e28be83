#!/usr/bin/env node
/**
 * Builds one workspace package (the current folder) to JavaScript with esbuild: every `exports` entry plus the
 * entries named on the command line (an app's `src/main.ts`), bundled per package with code splitting, so a
 * module shared by two entries exists once (one `GovernanceError` class, one cache). Other packages and
 * node_modules stay imports, resolved at run time through the `ilms-dist` export condition.
 *
 * `dist/` mirrors `src/` one level deep (`src/x.ts` -> `dist/x.js`, chunks in `dist/`), so paths a module finds
 * relative to itself (`../data`, `../demo`, `../../../drizzle`, `../../console/dist`) are the same in both.
 * Decorators follow the package's tsconfig (experimentalDecorators, no metadata); no type check here
 * (`npm run typecheck` does that).
 */
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { esbuildBase } from "./esbuild-base.mjs";

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/** The source file of an export target: a string or a condition map whose `default` is the source. */
function sourceOf(target) {
  if (typeof target === "string") return target;
  return target?.default;
}

// Absolute paths, so an entry named both ways (`src/main.ts` and the export `./src/main.ts`) is built once.
const entries = new Set(process.argv.slice(2).map((e) => resolve(dir, e)));
for (const target of Object.values(pkg.exports ?? {})) {
  const source = sourceOf(target);
  if (typeof source === "string" && source.startsWith("./src/") && source.endsWith(".ts")) entries.add(resolve(dir, source));
}
if (entries.size === 0) throw new Error(`${pkg.name}: nothing to build (no ./src/*.ts exports and no entry given)`);

const outdir = join(dir, "dist");
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await build({
  ...esbuildBase(dir),
  entryPoints: [...entries],
  outbase: join(dir, "src"),
  outdir,
  packages: "external",
});
console.log(`${pkg.name}: ${entries.size} entries -> dist/ in ${Math.round(performance.now() - started)} ms`);
