/**
 * The active region's expectations (reporting countries, tables, expected cells), kept between requests: the
 * quality map, the gaps map and its download read them on every request otherwise (one statement each). A region
 * changes only by `applyRegion` (`ilms region apply`, start-up), which moves the data epoch in every process
 * that serves it: the API's own writes directly, other processes' through the change notifications on
 * PostgreSQL (http/data-changes.ts) or the owner's socket on PGlite. So the cache is dropped with the response
 * cache ({@link dataEpoch}), and after a minute in any case, as the label cache is.
 */
import type { DbHandle } from "@ilms/db";
import { activeExpectations, rootHandle } from "@ilms/query";
import type { Expectations } from "@ilms/query";
import { dataEpoch } from "../../http/response-cache";

const TTL_MS = 60_000;

class ExpectationsCache {
  private byRegion = new Map<string, Expectations>();
  private epoch = dataEpoch();
  private filledAt = Date.now();

  async get(db: DbHandle, region: string | null | undefined): Promise<Expectations> {
    if (this.epoch !== dataEpoch() || Date.now() - this.filledAt > TTL_MS) {
      this.byRegion.clear();
      this.epoch = dataEpoch();
      this.filledAt = Date.now();
    }
    const key = region ?? "";
    const held = this.byRegion.get(key);
    if (held) return held;
    const epoch = this.epoch;
    const read = await activeExpectations(db, region);
    // Invalidated while reading: the answer may be from before the change; use it once, keep nothing.
    if (epoch === dataEpoch()) this.byRegion.set(key, read);
    return read;
  }
}

// One cache per database handle (that is, per API instance and database).
const byDb = new WeakMap<DbHandle, ExpectationsCache>();

/** The expectations of region `region` (the active one) as of the current data epoch. */
export function regionExpectations(request: DbHandle, region: string | null | undefined): Promise<Expectations> {
  const db = rootHandle(request);
  let cache = byDb.get(db);
  if (!cache) byDb.set(db, (cache = new ExpectationsCache()));
  return cache.get(request, region);
}
