#!/usr/bin/env node
/**
 * postinstall: guards postgres.js 3.4.x against a crash when PostgreSQL goes away under load (upstream
 * porsager/postgres#1154, #1208; fix proposed in #1209, not released). A small write is deferred with
 * `setImmediate(nextWrite)`; when the connection closes first, `closed()` nulls the socket and `nextWrite` then
 * throws from a timer (an uncaught exception that ends the process), and the teardown leaves the deferred
 * write's state set, so the connection never flushes again. The patch settles the write with CONNECTION_CLOSED
 * (a catchable error) when the socket is gone, and resets the deferred write on teardown.
 *
 * Two more, found when a backend dies under a read (test/db/prepared.test.ts; after a PostgreSQL restart under
 * load the API stayed unavailable for good in 2 of 4 runs of test/load/faults.test.ts here):
 * - a connection that closes in the middle of a statement kept that statement and the server's error for it
 *   (`query`, `errorResponse`), and the next connection's first answer replayed that error onto the statement
 *   being connected for (57P01 "terminating connection due to administrator command" on a fresh connection);
 *   `closed()` now drops them once it has failed the statement;
 * - a reserved connection (`sql.reserve()`, the one-round-trip reads of packages/db) that closed while reserved
 *   is moved to the closed ones, and `release()` moved it back among the open ones: a dead connection handed
 *   out again and again, every statement on it failing with CONNECTION_CLOSED. `release()` now leaves a
 *   connection that closed, reconnects or ended where it is.
 *
 * Idempotent; says so and changes nothing when a release already contains a fix or the code no longer looks as
 * expected.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

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
/** One change to postgres.js: `find` must occur `count` times in the file; `mark` says it is applied. */
const patches = [
  {
    name: "guarded nextWrite (porsager/postgres#1208)",
    file: "connection.js",
    mark: "/* ilms: guarded nextWrite */",
    edits: [
      {
        find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
        replace: `  function nextWrite(fn) {
    /* ilms: guarded nextWrite */
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
        count: 1,
      },
      {
        find: "    clearImmediate(nextWriteTimer)\n",
        replace: "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n",
        count: 2,
      },
    ],
  },
  {
    name: "a closed connection forgets its statement's error",
    file: "connection.js",
    mark: "/* ilms: closed forgets the statement */",
    edits: [
      {
        find: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
        replace: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
    /* ilms: closed forgets the statement */
    query = results = errorResponse = null
`,
        count: 1,
      },
    ],
  },
  {
    name: "release only a live reserved connection",
    file: "index.js",
    mark: "/* ilms: release only a live reserved connection */",
    edits: [
      {
        find: `      c.reserved = null
      onopen(c)`,
        replace: `      c.reserved = null
      /* ilms: release only a live reserved connection */
      c.queue !== closed && c.queue !== connecting && c.queue !== ended && onopen(c)`,
        count: 1,
      },
    ],
  },
];

for (const patch of patches)
  for (const file of [join(root, "src", patch.file), join(root, "cjs", "src", patch.file)]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    if (text.includes(patch.mark)) continue;
    if (patch.edits.some((e) => text.split(e.find).length !== e.count + 1)) {
      console.log(`patch-postgres: ${file} does not look like postgres.js 3.4.9; left unchanged (${patch.name})`);
      continue;
    }
    writeFileSync(
      file,
      patch.edits.reduce((t, e) => t.replaceAll(e.find, e.replace), text),
    );
    console.log(`patch-postgres: ${patch.name} in ${file}`);
  }
