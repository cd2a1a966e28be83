#!/usr/bin/env node
/**
 * Bundles one app entry (the current folder's `src/main.ts`) with the workspace packages and the pure-JavaScript
 * libraries it imports into `dist/bundle/` (one entry file, code-split chunks for what loads later), so a start
 * resolves and reads a handful of files instead of hundreds. Run after scripts/build/package.mjs, which empties
 * `dist/`.
 *
 * Kept external (resolved from node_modules at run time): libraries that find files beside themselves (PGlite's
 * WebAssembly and data, pdfkit's fonts, pino's worker transports), native addons, and the report writers, which
 * load at the first report.
 *
 * Paths a workspace module finds relative to itself (`new URL("../data", import.meta.url)`) must not move with
 * the bundle: in each workspace source, `import.meta.url` is replaced by that source file's own URL, computed
 * from the bundle's location at run time (so a moved checkout still works).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";
import { esbuildBase } from "./esbuild-base.mjs";

export const EXTERNAL = [
  "@electric-sql/pglite",
  "@electric-sql/pglite/*",
  "@electric-sql/pglite-socket",
  "@node-rs/argon2",
  "pino",
  "pino-pretty",
  "exceljs",
  "pdfkit",
  "svg-to-pdfkit",
  "vega",
  "vega-lite",
  "postgres",
];

const dir = process.cwd();
const ROOT = resolve(dir, "../..");
const entry = resolve(dir, process.argv[2] ?? "src/main.ts");
const outdir = join(dir, "dist", "bundle");

/** Workspace sources (apps/*\/src, packages/*\/src): their `import.meta.url` stays their own. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const rel = relative(ROOT, args.path);
      if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const fromBundle = relative(outdir, args.path).split(sep).join("/");
      return {
        contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: "ts",
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * Dynamic imports a start (or the first query) always takes, made static: a module loaded after PGlite has begun,
 * while V8 optimises its WebAssembly on the background threads, waits for that work (0.4-1.9 s measured on a
 * loaded 2-core machine). File (under node_modules) -> the specifiers its `await import(...)` may take statically.
 */
export const EAGER = {
  "@apollo/server/dist/esm/ApolloServer.js": ["./plugin/landingPage/default/index.js"],
  "@apollo/server/dist/esm/incrementalDeliveryPolyfill.js": ["graphql"],
};

const eager = {
  name: "eager-dynamic-imports",
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]@apollo[\\/]server[\\/]/ }, (args) => {
      const key = Object.keys(EAGER).find((k) => args.path.split(sep).join("/").endsWith(`node_modules/${k}`));
      if (!key) return undefined;
      let contents = readFileSync(args.path, "utf8");
      const header = [];
      EAGER[key].forEach((spec, i) => {
        const before = contents;
        contents = contents.replace(
          new RegExp(`await import\\((['"])${spec.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\1\\)`, "g"),
          `await Promise.resolve(__ilmsEager${i})`,
        );
        // A library update that renames the import must fail the build, not silently load late again.
        if (contents === before)
          throw new Error(`${key}: no \`await import("${spec}")\` to make static; update EAGER in scripts/build/bundle.mjs`);
        header.push(`import * as __ilmsEager${i} from ${JSON.stringify(spec)};`);
      });
      return { contents: `${header.join("\n")}\n${contents}`, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

const started = performance.now();
const result = await build({
  ...esbuildBase(dir),
  entryPoints: { main: entry },
  outdir,
  // Workspace packages come from their sources (the `default` condition), bundled in.
  conditions: [],
  external: EXTERNAL,
  // CommonJS libraries in the bundle may `require` Node's built-ins.
  banner: {
    js: 'import { createRequire as __ilmsCreateRequire } from "node:module"; const require = __ilmsCreateRequire(import.meta.url);',
  },
  plugins: [ownUrl, eager],
  metafile: true,
});
writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
// One graphql in the process: type-graphql requires its CommonJS build, and a second copy (the .mjs one) would
// make every schema "from another module or realm".
const graphqlBuilds = new Set(
  Object.keys(result.metafile.inputs)
    .map((path) => /node_modules\/graphql\/.*\.(m?js)$/.exec(path)?.[1])
    .filter(Boolean),
);
if (graphqlBuilds.size > 1)
  throw new Error(`${relative(ROOT, entry)}: the bundle holds graphql twice (${[...graphqlBuilds].join(" and ")})`);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`${relative(ROOT, entry)}: ${inputs} modules -> dist/bundle/ in ${Math.round(performance.now() - started)} ms`);
