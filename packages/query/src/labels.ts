/**
 * Codes a slice will need labels for, read alongside its cells rather than after them (one round trip of
 * latency instead of two): the codes a filter names exactly, or else the whole code list of the dimension (the
 * lists that slices use hold at most a few hundred codes: areas 264, economic activity 128).
 */
import type { ReadHandle } from "@ilms/db";
import type { FilterPlan } from "./filter";
import type { CodeRecord } from "./metadata";
import type { SliceDimensionRequest } from "./slice";
import { sliceDimensionsOf } from "./slice";

export interface LabelPrefetch {
  keys: { codelistId: string; code: string }[];
  lists: string[];
}

/** Which codes to read ahead for a slice of `plan` with these dimensions. */
export function labelPrefetch(plan: FilterPlan, requests: readonly SliceDimensionRequest[] | null | undefined): LabelPrefetch {
  const offered = sliceDimensionsOf(plan.table);
  const wanted =
    requests && requests.length > 0 ? requests.map((r) => r.dimension) : offered.filter((d) => d.id !== "source").map((d) => d.id);
  const keys: LabelPrefetch["keys"] = [];
  const lists = new Set<string>();
  for (const id of wanted) {
    const dim = offered.find((d) => d.id === id);
    if (!dim?.codelist) continue;
    const level = requests?.find((r) => r.dimension === id)?.level;
    const conditions = [...plan.codes, ...plan.classif.flat()].filter((c) => c.column === dim.column);
    const exact = !level && conditions.length > 0 && conditions.every((c) => !c.expand);
    if (exact) for (const code of conditions.flatMap((c) => c.codes)) keys.push({ codelistId: dim.codelist, code });
    else lists.add(dim.codelist);
  }
  return { keys, lists: [...lists] };
}

export function prefetchCodes(h: ReadHandle, prefetch: LabelPrefetch): Promise<CodeRecord[]> {
  return h.query<CodeRecord>(
    `select codelist_id as "codelistId", code, parent_code as "parentCode", family, level, sort_order as "sortOrder", labels, attributes
       from codes
      where codelist_id = any($3::text[]) or (codelist_id, code) in (select * from unnest($1::text[], $2::text[]))`,
    [prefetch.keys.map((k) => k.codelistId), prefetch.keys.map((k) => k.code), prefetch.lists],
  );
}

/** A code with its label in the language asked, or the fallback's; `lang` says which was used. */
export interface LocalisedCode {
  codelistId: string;
  code: string;
  parentCode: string | null;
  label: string;
  lang: string;
}

/**
 * The codes of whole lists in their stored order, each labelled in `lang` where it has a label in it, else in
 * English, else the code itself (`lang` of the record says which).
 */
export function localisedCodes(h: ReadHandle, lists: readonly string[], lang: string): Promise<LocalisedCode[]> {
  if (lists.length === 0) return Promise.resolve([]);
  return h.query<LocalisedCode>(
    `select codelist_id as "codelistId", code, parent_code as "parentCode",
            coalesce(labels->>$2, labels->>'en', code) as label,
            case when labels->>$2 is not null then $2::text else 'en' end as lang
       from codes where codelist_id = any($1::text[]) order by codelist_id, sort_order, code`,
    [lists, lang],
  );
}

/** The languages code labels exist in (English first). */
export async function labelLanguages(h: ReadHandle): Promise<string[]> {
  const rows = await h.query<{ lang: string }>(`select distinct jsonb_object_keys(labels) as lang from codes order by 1`);
  const langs = rows.map((r) => r.lang);
  return ["en", ...langs.filter((l) => l !== "en")];
}
