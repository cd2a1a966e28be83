/**
 * "What anonymous readers see has changed", across processes. A write that changes published data or what
 * describes it (an import, labels, a region, a publication, a source, ...) calls {@link signalDataChanged}
 * inside its own transaction: PostgreSQL delivers the notification at commit, to every session listening on
 * {@link DATA_CHANGED_CHANNEL}, and never for a write rolled back. The API listens on the primary
 * (`DbHandle.listenForChanges`) and drops its caches on each notification, so a label import or a region
 * applied by `ilms` in another process is seen by the very next request, not when a cache expires.
 *
 * On PGlite the statement is harmless and nobody listens: commands reach an embedded folder through its owner's
 * socket, and the owner drops its caches after every exchange on it (`share.ts`).
 */

/** The channel of the notifications; its payload names the action (for the log, never acted upon). */
export const DATA_CHANGED_CHANNEL = "ilms_data_changed";

/** A notification payload may hold 8000 bytes; an action name is far shorter. */
const MAX_PAYLOAD = 200;

interface Runner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Signals, inside the transaction of `runner`, that what anonymous readers see has changed (`what`: the action). */
export async function signalDataChanged(runner: Runner, what: string): Promise<void> {
  await runner.query("select pg_notify($1, $2)", [DATA_CHANGED_CHANNEL, what.slice(0, MAX_PAYLOAD)]);
}

export interface DataChangeEvents {
  /** A committed write signalled a change (`payload`: what it was). */
  onChange(payload: string): void;
  /**
   * The listening connection is listening again after it was lost: notifications sent meanwhile were missed, so
   * whatever was cached must be dropped (called once per reconnection, not for the first LISTEN).
   */
  onReconnect(): void;
}

export interface DataChangeListener {
  /** Stops listening and closes the listening connection. */
  close(): Promise<void>;
}
