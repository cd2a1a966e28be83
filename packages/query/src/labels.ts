/**
 * Codes a slice will need labels for, when they are known before its cells are read: the codes a filter
 * names exactly, and whole short lists (sex, migrant status...). Reading them alongside the cells, rather than
 * after, saves a round trip on the common dashboard request.
 */
import type { DbHandle } from "@ilms/db";
import type { FilterPlan } from "./filter";
import type { CodeRecord } from "./metadata";
import type { SliceDimensionRequest } from "./slice";
import { sliceDimensionsOf } from "./slice";

/** Lists short enough to read whole. */
const SHORT_LISTS = new Set(["SEX", "MIG", "BASIS", "LMS"]);

export interface LabelPrefetch {
  keys: { codelistId: string; code: string }[];
  lists: string[];
}

/** What to read ahead, or null when some dimension's codes cannot be known before the cells (roll-ups, open filters). */
export function labelPrefetch(plan: FilterPlan, requests: readonly SliceDimensionRequest[] | null | undefined): LabelPrefetch | null {
  const offered = sliceDimensionsOf(plan.table);
  const wanted =
    requests && requests.length > 0
      ? requests
      : offered.filter((d) => d.id !== "source").map((d) => ({ dimension: d.id, level: null as string | null }));
  const keys: LabelPrefetch["keys"] = [];
  const lists: string[] = [];
  for (const request of wanted) {
    const dim = offered.find((d) => d.id === request.dimension);
    if (!dim) return null;
    if (!dim.codelist) continue;
    if (request.level) return null;
    if (SHORT_LISTS.has(dim.codelist)) {
      lists.push(dim.codelist);
      continue;
    }
    const exact = [
      ...plan.codes.filter((c) => c.column === dim.column && !c.expand).flatMap((c) => c.codes),
      ...plan.classif
        .flat()
        .filter((c) => c.column === dim.column && !c.expand)
        .flatMap((c) => c.codes),
    ];
    const open =
      plan.codes.some((c) => c.column === dim.column && c.expand) || plan.classif.flat().some((c) => c.column === dim.column && c.expand);
    if (exact.length === 0 || open) return null;
    for (const code of exact) keys.push({ codelistId: dim.codelist, code });
  }
  return { keys, lists };
}

export function prefetchCodes(h: DbHandle, prefetch: LabelPrefetch): Promise<CodeRecord[]> {
  return h.query<CodeRecord>(
    `select codelist_id as "codelistId", code, parent_code as "parentCode", family, level, sort_order as "sortOrder", labels, attributes
       from codes
      where codelist_id = any($3::text[]) or (codelist_id, code) in (select * from unnest($1::text[], $2::text[]))`,
    [prefetch.keys.map((k) => k.codelistId), prefetch.keys.map((k) => k.code), prefetch.lists],
  );
}
