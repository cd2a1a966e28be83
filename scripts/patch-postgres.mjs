#!/usr/bin/env node
/**
 * postinstall: guards postgres.js 3.4.x against a crash when PostgreSQL goes away under load (upstream
 * porsager/postgres#1154, #1208; fix proposed in #1209, not released). A small write is deferred with
 * `setImmediate(nextWrite)`; when the connection closes first, `closed()` nulls the socket and `nextWrite` then
 * throws from a timer (an uncaught exception that ends the process), and the teardown leaves the deferred
 * write's state set, so the connection never flushes again. The patch settles the write with CONNECTION_CLOSED
 * (a catchable error) when the socket is gone, and resets the deferred write on teardown. Idempotent; says so
 * and changes nothing when a release already contains a fix or the code no longer looks as expected.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const MARK = "/* ilms: guarded nextWrite */";
const require = createRequire(import.meta.url);
let root;
try {
  // The package's exports hide package.json: walk up from its entry to the folder that holds it.
  root = dirname(require.resolve("postgres"));
  while (!existsSync(join(root, "package.json")) || JSON.parse(readFileSync(join(root, "package.json"), "utf8")).name !== "postgres")
    if (root === dirname(root)) throw new Error("postgres.js not found");
    else root = dirname(root);
} catch {
  process.exit(0); // not installed (a partial install): nothing to patch
}
const nextWrite = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const guarded = `  function nextWrite(fn) {
    ${MARK}
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;
const teardown = "    clearImmediate(nextWriteTimer)\n";
const reset = "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n";

for (const file of [join(root, "src", "connection.js"), join(root, "cjs", "src", "connection.js")]) {
  if (!existsSync(file)) continue;
  const text = readFileSync(file, "utf8");
  if (text.includes(MARK)) continue;
  if (!text.includes(nextWrite) || text.split(teardown).length !== 3) {
    console.log(`patch-postgres: ${file} does not look like postgres.js 3.4.9; left unchanged (check porsager/postgres#1208)`);
    continue;
  }
  writeFileSync(file, text.replace(nextWrite, guarded).replaceAll(teardown, reset));
  console.log(`patch-postgres: guarded nextWrite in ${file}`);
}
