#!/usr/bin/env node
/**
 * `npm start`: rebuilds what changed, then serves the API from its bundle, all in this one process.
 *
 * 1. The freshness check (scripts/build/fresh.mjs, an mtime walk of every workspace against its `dist/`): with
 *    nothing changed it answers in tens of milliseconds; otherwise `npm run build` runs (turbo rebuilds only what
 *    changed) and a failed build stops the start with its exit code.
 * 2. The API's bundle (`apps/api/dist/bundle/main.js`, scripts/build/bundle.mjs: its code, the workspace packages
 *    and the pure-JavaScript libraries in a few files) is imported here, so Node starts once and resolves a
 *    handful of modules, where `node --conditions=ilms-dist apps/api/dist/main.js` resolved ~1,600. Source maps
 *    are on as with `--enable-source-maps`. SIGTERM and SIGINT reach the API's own handlers (this is its process).
 *
 * `npm run start:modules` still runs the per-package build (`apps/api/dist/main.js`), as `npm start` did before.
 */
import { stale, buildStale } from "./build/fresh.mjs";

const reason = stale();
if (reason !== undefined) {
  const code = buildStale(reason);
  if (code !== 0) process.exit(code);
}
process.setSourceMapsEnabled(true);
await import("../apps/api/dist/bundle/main.js");
