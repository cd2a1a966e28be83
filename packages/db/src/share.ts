/**
 * The owner of an embedded folder serves it to other local processes (the `ilms` CLI while the API runs) over
 * the PostgreSQL wire protocol, with `@electric-sql/pglite-socket`'s protocol handler, on a Unix socket inside
 * the data folder (loopback TCP when the folder's path is too long for a socket name).
 *
 * PGlite is one backend session shared by everything in the process, so a client's work must never interleave
 * with the owner's own queries: from a client's first message until its exchange ends outside a transaction
 * block (a Sync or a simple Query; a whole `BEGIN ... COMMIT`), the owner's queries and transactions wait on
 * PGlite's transaction lock, and the client waits for theirs. Clients are served one at a time, in order of
 * arrival; the others wait in the accept queue. When a client goes away its open transaction is rolled back
 * and its prepared statements dropped.
 */
import { chmodSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import type { SocketAddress } from "./lock";

export const SOCKET_FILE = "ilms.sock";

/** Longest Unix socket path Linux and macOS accept (sun_path less its terminator, with a margin). */
const MAX_SOCKET_PATH = 100;

export interface SharedFolder {
  readonly address: SocketAddress;
  stop(): Promise<void>;
}

export interface ShareOptions {
  /** Called after each client has gone (e.g. to drop response caches its writes made stale). */
  onClientDone?: () => void;
}

type HandlerOptions = ConstructorParameters<typeof PGLiteSocketHandler>[0];

const STARTUP_VERSION = 196608; // protocol 3.0
const ENDS_EXCHANGE = new Set(["Q", "S", "X", "F"]);

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0, "ascii");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/** Starts serving `client` (opened on `dataDir`) to other processes. */
export async function shareFolder(client: PGlite, dataDir: string, options: ShareOptions = {}): Promise<SharedFolder> {
  // Holding PGlite's transaction lock keeps the owner's own `query`/`transaction` calls out while a client's
  // exchange runs; `runExclusive` (its query lock) then orders single protocol messages.
  let release: (() => void) | undefined;
  const hold = async () => {
    if (release) return;
    release = await new Promise<() => void>((acquired) => {
      void client._runExclusiveTransaction(() => new Promise<void>((done) => acquired(done)));
    });
  };
  const letGo = () => {
    release?.();
    release = undefined;
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn);
    chain = next.catch(() => {});
    return next;
  };
  const run = (message: Uint8Array, onData: (data: Uint8Array) => void) =>
    serial(async () => {
      await hold();
      let bytes = 0;
      await client.runExclusive(() =>
        client.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
      const startup = message.length >= 8 && Buffer.from(message).readInt32BE(4) === STARTUP_VERSION;
      if ((startup || ENDS_EXCHANGE.has(String.fromCharCode(message[0]!))) && !client.isInTransaction()) letGo();
      return bytes;
    });
  /** After a client: no transaction, no half-finished extended-protocol exchange, no prepared statement left. */
  const cleanUp = () =>
    serial(async () => {
      if (!release) return;
      const discard = { onRawData: () => {} };
      await client.runExclusive(async () => {
        await client.execProtocolRawStream(SYNC, discard);
        if (client.isInTransaction()) await client.execProtocolRawStream(simpleQuery("ROLLBACK"), discard);
        await client.execProtocolRawStream(simpleQuery("DEALLOCATE ALL"), discard);
      });
      letGo();
    });
  const queue = {
    enqueue: (_id: number, message: Uint8Array, onData: (data: Uint8Array) => void) => run(message, onData),
    clearQueueForHandler: () => {},
    clearTransactionIfNeeded: async () => {},
    getQueueLength: () => 0,
  } as unknown as HandlerOptions["queryQueue"];

  const waiting: Socket[] = [];
  const connections = new Set<Socket>();
  let busy = false;
  const next = () => {
    if (busy) return;
    const socket = waiting.shift();
    if (!socket) return;
    if (socket.destroyed) return next();
    busy = true;
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      void cleanUp()
        .catch((error: unknown) => console.error("cleaning up after a database client failed", error))
        .finally(() => {
          busy = false;
          options.onClientDone?.();
          next();
        });
    };
    handler.addEventListener("close", finish);
    handler.addEventListener("error", finish);
    socket.once("close", finish);
    void handler.attach(socket).catch(() => {
      socket.destroy();
      finish();
    });
  };
  const server: Server = createServer((socket) => {
    // A waiting client's messages stay buffered in its (paused) socket until its turn.
    connections.add(socket);
    socket.once("close", () => {
      connections.delete(socket);
      const i = waiting.indexOf(socket);
      if (i !== -1) waiting.splice(i, 1);
    });
    waiting.push(socket);
    next();
  });
  const path = join(dataDir, SOCKET_FILE);
  rmSync(path, { force: true }); // a crashed owner's socket file; the folder's lock is ours
  const address = await new Promise<SocketAddress>((resolve, reject) => {
    server.once("error", reject);
    if (path.length <= MAX_SOCKET_PATH) {
      server.listen(path, () => {
        chmodSync(path, 0o600);
        resolve({ path });
      });
    } else {
      server.listen(0, "127.0.0.1", () => {
        const info = server.address();
        if (info === null || typeof info === "string") reject(new Error("no TCP address"));
        else resolve({ host: "127.0.0.1", port: info.port });
      });
    }
  });
  return {
    address,
    stop: async () => {
      for (const socket of waiting.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected clients end with the owner.
        for (const connection of connections) connection.destroy();
      });
      await new Promise((resolve) => setImmediate(resolve));
      await chain;
      if ("path" in address) rmSync(address.path, { force: true });
    },
  };
}
