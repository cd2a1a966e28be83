/**
 * Code labels for slices, kept between requests: a slice names a few hundred codes at most, all from lists
 * that change only through admin mutations, and reading them costs a statement on every request otherwise.
 * The cache is dropped with the response cache (every mutation, every publication: {@link dataEpoch}) and
 * after a minute in any case, which bounds how long another API process may show a relabelled code.
 */
import type { DbHandle } from "@ilms/db";
import { prefetchCodes, rootHandle } from "@ilms/query";
import type { CodeRecord, LabelPrefetch } from "@ilms/query";
import { dataEpoch } from "../../http/response-cache";

const TTL_MS = 60_000;

const keyOf = (codelistId: string, code: string) => `${codelistId}\u0000${code}`;

class LabelCache {
  private codes = new Map<string, CodeRecord>();
  private lists = new Set<string>();
  private epoch = dataEpoch();
  private filledAt = Date.now();

  private fresh(): void {
    if (this.epoch !== dataEpoch() || Date.now() - this.filledAt > TTL_MS) {
      this.codes.clear();
      this.lists.clear();
      this.epoch = dataEpoch();
      this.filledAt = Date.now();
    }
  }

  /** Makes sure the codes of `prefetch` are held, reading what is missing in one statement. */
  async ensure(db: DbHandle, prefetch: LabelPrefetch): Promise<void> {
    this.fresh();
    const lists = prefetch.lists.filter((l) => !this.lists.has(l));
    const keys = prefetch.keys.filter((k) => !this.lists.has(k.codelistId) && !this.codes.has(keyOf(k.codelistId, k.code)));
    if (lists.length === 0 && keys.length === 0) return;
    const epoch = this.epoch;
    const rows = await prefetchCodes(db, { keys, lists });
    if (epoch !== dataEpoch()) return; // invalidated while reading: keep nothing
    for (const row of rows) this.codes.set(keyOf(row.codelistId, row.code), row);
    for (const l of lists) this.lists.add(l);
  }

  get(codelistId: string, code: string): CodeRecord | undefined {
    return this.codes.get(keyOf(codelistId, code));
  }
}

// One cache per database handle (that is, per API instance and database).
const byDb = new WeakMap<DbHandle, LabelCache>();

export function labelCache(request: DbHandle): LabelCache {
  const db = rootHandle(request); // a request's guarded handle reads through the instance's one
  let cache = byDb.get(db);
  if (!cache) byDb.set(db, (cache = new LabelCache()));
  return cache;
}
