/**
 * A request's deadline, seen by the database: the handle a request reads through checks the request's abort
 * signal before every statement (so work for a client that has gone, or past its deadline, stops at the next
 * statement) and, on PostgreSQL, runs each statement read-only under `SET LOCAL statement_timeout` so that one
 * long statement is cancelled by the server itself (in one round trip, on the primary or a replica:
 * `DbHandle.readOnce`).
 * PGlite runs statements in this process and cannot interrupt one (it ignores `statement_timeout`): there the
 * check between statements is the bound, and each statement waits for the event loop's next turn, so that other
 * requests' I/O runs between two statements.
 */
import { readTransaction } from "@ilms/db";
import type { DbHandle } from "@ilms/db";

/** Thrown instead of running a statement once the request was cancelled. */
export class RequestCancelledError extends Error {
  constructor(readonly reason: string) {
    super(`Request cancelled: ${reason}`);
    this.name = "RequestCancelledError";
  }
}

export interface ReadGuard {
  signal: AbortSignal;
  /** Longest a single statement may run on PostgreSQL (milliseconds); none when absent or 0. */
  statementTimeoutMs?: number | undefined;
  /** Whether the guard applies now; a mutation turns it off, so that nothing it writes stops half-way. */
  active?: () => boolean;
  /** Called before each statement, e.g. to abort the signal once a deadline has passed. */
  beforeStatement?: () => void;
  /**
   * Whether reads must go to the primary even when the handle has read replicas: a caller who wrote a moment
   * ago reads its own writes (`ILMS_READ_AFTER_WRITE_MS`). Replicas serve the others.
   */
  primary?: () => boolean;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "aborted";
}

const roots = new WeakMap<object, DbHandle>();

/** The handle a guarded one reads through (the handle itself when it is not guarded): key caches by it. */
export function rootHandle<H extends object>(db: H): H | DbHandle {
  return roots.get(db) ?? db;
}

/**
 * A request's handle: its `query` honours the guard; transactions and the drizzle database pass through
 * unchanged. Caches that outlive a request key by {@link rootHandle}.
 */
export function guardReads(db: DbHandle, guard: ReadGuard): DbHandle {
  // One error for all the statements refused or abandoned: a cancelled heavy request has hundreds in flight, and
  // each distinct error would have its own stack formatted when the fields that read it fail.
  let cancelled: RequestCancelledError | undefined;
  const cancellation = () => (cancelled ??= new RequestCancelledError(reasonOf(guard.signal)));
  const run = <T>(text: string, params?: unknown[]): Promise<T[]> => {
    if (!(guard.active ?? (() => true))()) return db.query<T>(text, params);
    const timeout = guard.statementTimeoutMs && guard.statementTimeoutMs > 0 ? Math.ceil(guard.statementTimeoutMs) : 0;
    guard.beforeStatement?.();
    if (guard.signal.aborted) return Promise.reject(cancellation());
    const primary = guard.primary?.() ?? false;
    const work =
      db.driver === "postgres" && db.readOnce
        ? // A guarded statement is a query's read (mutations turn the guard off): read-only, so the database
          // itself refuses a write on this path; in one round trip, on a healthy replica unless `primary`.
          db.readOnce<T>(text, params, timeout, { primary })
        : db.driver === "postgres" && (timeout > 0 || db.replicas)
          ? // A handle without the one-round-trip path: the same in a read-only transaction.
            readTransaction(
              db,
              async (tx) => {
                if (timeout > 0) await tx.query(`set local statement_timeout = ${timeout}`);
                return tx.query<T>(text, params);
              },
              { primary },
            )
          : // PGlite runs the statement on this thread: let pending I/O (other requests, health probes) in first,
            // so that back-to-back statements never hold the event loop longer than one of them.
            new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
              guard.beforeStatement?.();
              if (guard.signal.aborted) throw cancellation();
              return db.query<T>(text, params);
            });
    // Stop waiting when the request is cancelled; the statement itself ends by its timeout (PostgreSQL).
    return new Promise<T[]>((resolve, reject) => {
      const onAbort = () => reject(cancellation());
      guard.signal.addEventListener("abort", onAbort, { once: true });
      work.then(
        (rows) => {
          guard.signal.removeEventListener("abort", onAbort);
          resolve(rows);
        },
        (error: unknown) => {
          guard.signal.removeEventListener("abort", onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
  // Spread, so that whatever else a handle carries (now or later) passes through unchanged.
  // Its `readOnce` would bypass this guard: reads go through `query`.
  const guarded: DbHandle = { ...db, query: run, readOnce: undefined };
  roots.set(guarded, rootHandle(db));
  return guarded;
}
