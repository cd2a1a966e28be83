/**
 * The owner of an embedded folder serves it to other local processes (the `ilms` CLI while the API runs) over
 * the PostgreSQL wire protocol, with `@electric-sql/pglite-socket`'s protocol handler, on a Unix socket inside
 * the data folder (loopback TCP when the folder's path is too long for a socket name).
 *
 * PGlite is one backend session shared by everything in the process, so a client's work must never interleave
 * with the owner's own queries or another client's: from a client's first message until its exchange ends
 * outside a transaction block (a Sync or a simple Query; a whole `BEGIN ... COMMIT`), it holds PGlite's
 * transaction lock, so the owner's queries and transactions and the other clients wait, and it waits for
 * theirs. Up to {@link MAX_CLIENTS} clients are connected at once, further ones wait in the accept queue. When a
 * client goes away its open transaction is rolled back. Session settings a client changes (`SET`) are the
 * owner's too: the `ilms` CLI changes none, and uses no named prepared statements.
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
  /**
   * Called at the end of each exchange of a client (a statement, or a whole transaction), before the owner's
   * own queries run again: it may have written (e.g. drop response caches it made stale).
   */
  afterExchange?: () => void;
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

/** Clients connected at once; more wait in the accept queue for a free place. */
const MAX_CLIENTS = 8;

/** Starts serving `client` (opened on `dataDir`) to other processes. */
export async function shareFolder(client: PGlite, dataDir: string, options: ShareOptions = {}): Promise<SharedFolder> {
  // The exchange lock: PGlite's transaction lock, taken for one client's exchange at a time. Holding it keeps
  // the owner's own `query`/`transaction` calls and the other clients out; `runExclusive` (PGlite's query
  // lock) then runs each protocol message.
  let holder: { id: number; release: () => void } | undefined;
  let wakeUp: (() => void)[] = [];
  const take = async (id: number) => {
    while (holder && holder.id !== id) await new Promise<void>((resolve) => wakeUp.push(resolve));
    if (holder) return;
    const release = await new Promise<() => void>((acquired) => {
      void client._runExclusiveTransaction(() => new Promise<void>((done) => acquired(done)));
    });
    holder = { id, release };
  };
  const letGo = (id: number) => {
    if (holder?.id !== id) return;
    holder.release();
    holder = undefined;
    const waiting = wakeUp;
    wakeUp = [];
    for (const resolve of waiting) resolve();
  };
  // Each client's messages run in the order they came, one after the other.
  const chains = new Map<number, Promise<unknown>>();
  const serial = <T>(id: number, fn: () => Promise<T>): Promise<T> => {
    const next = (chains.get(id) ?? Promise.resolve()).then(fn);
    chains.set(
      id,
      next.catch(() => {}),
    );
    return next;
  };
  const run = (id: number, message: Uint8Array, onData: (data: Uint8Array) => void) =>
    serial(id, async () => {
      await take(id);
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
      if ((startup || ENDS_EXCHANGE.has(String.fromCharCode(message[0]!))) && !client.isInTransaction()) {
        if (!startup) options.afterExchange?.();
        letGo(id);
      }
      return bytes;
    });
  /** After a client: no open transaction, no half-finished extended-protocol exchange, no prepared statement. */
  const cleanUp = (id: number) =>
    serial(id, async () => {
      chains.delete(id);
      if (holder?.id !== id) return;
      const discard = { onRawData: () => {} };
      await client.runExclusive(async () => {
        await client.execProtocolRawStream(SYNC, discard);
        if (client.isInTransaction()) await client.execProtocolRawStream(simpleQuery("ROLLBACK"), discard);
        // The session is shared: statements are dropped only when no other client may still use its own.
        if (active.size === 0) await client.execProtocolRawStream(simpleQuery("DEALLOCATE ALL"), discard);
      });
      options.afterExchange?.();
      letGo(id);
    });
  const queue = {
    enqueue: (id: number, message: Uint8Array, onData: (data: Uint8Array) => void) => run(id, message, onData),
    clearQueueForHandler: () => {},
    clearTransactionIfNeeded: async () => {},
    getQueueLength: () => 0,
  } as unknown as HandlerOptions["queryQueue"];

  const waiting: Socket[] = [];
  const connections = new Set<Socket>();
  const active = new Set<number>();
  const cleaning = new Set<Promise<unknown>>();
  const next = () => {
    if (active.size >= MAX_CLIENTS) return;
    const socket = waiting.shift();
    if (!socket) return;
    if (socket.destroyed) return next();
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    const id = handler.handlerId;
    active.add(id);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active.delete(id);
      const cleaned = cleanUp(id)
        .catch((error: unknown) => console.error("cleaning up after a database client failed", error))
        .finally(() => {
          cleaning.delete(cleaned);
          next();
        });
      cleaning.add(cleaned);
    };
    handler.addEventListener("close", finish);
    handler.addEventListener("error", finish);
    socket.once("close", finish);
    void handler.attach(socket).catch(() => {
      socket.destroy();
      finish();
    });
    next();
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
      await Promise.all([...cleaning]);
      if ("path" in address) rmSync(address.path, { force: true });
    },
  };
}
