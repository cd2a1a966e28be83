/**
 * The esbuild options every build of this repository shares (scripts/build/package.mjs per package,
 * scripts/build/bundle.mjs for the API's bundle): ES modules for Node 20, bundled with code splitting, source maps
 * beside the output, decorators and paths as the folder's tsconfig says.
 */
import { join } from "node:path";

/** The shared options for a build run in folder `dir`; each script adds its entries, output and what stays external. */
export function esbuildBase(dir) {
  return {
    absWorkingDir: dir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    // Source paths in the maps relative to the map, so stack traces name src/*.ts lines.
    sourcesContent: false,
    tsconfig: join(dir, "tsconfig.json"),
    logLevel: "warning",
  };
}
