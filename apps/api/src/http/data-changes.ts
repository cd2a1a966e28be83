/**
 * Writes made by other processes (an `ilms` command, another API instance) reach this one's caches at once on
 * PostgreSQL: every such write signals `ilms_data_changed` at commit (`@ilms/db` changes.ts, called by the
 * audit trail and the importer), and the API listens on the primary. Each notification moves the data epoch
 * ({@link invalidateResponseCache}): the response cache (in memory, or the epoch shared in Redis), the label cache
 * and the active region's expectations follow it. While the listening connection is lost, notifications are
 * missed: when postgres.js listens again, the caches are dropped once.
 *
 * PGlite needs none of it: commands reach an embedded folder through the API's own socket, after every exchange
 * on which the caches are dropped (main.ts, `share.afterExchange`).
 */
import type { DataChangeListener, DbHandle } from "@ilms/db";
import { log } from "../observability";
import { invalidateResponseCache } from "./response-cache";

const drop = (why: string) =>
  invalidateResponseCache().catch((error: unknown) => log.error({ err: error }, `cache invalidation after ${why} failed`));

/** Starts listening when the database signals changes (PostgreSQL); undefined otherwise. */
export async function followDataChanges(db: DbHandle): Promise<DataChangeListener | undefined> {
  if (!db.listenForChanges) return undefined;
  return db.listenForChanges({
    onChange: (payload) => {
      log.debug({ change: payload }, "data changed in another session: caches dropped");
      void drop(`a change (${payload})`);
    },
    onReconnect: () => {
      log.warn("listening for data changes again after the connection was lost: caches dropped (changes meanwhile were not heard)");
      void drop("a reconnection");
    },
  });
}
