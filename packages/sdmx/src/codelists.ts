/**
 * The codes of the SDMX code lists, read from the database (administrators edit the code lists, so they are
 * data): a warehouse list as stored with its parents, the area codes behind an ILOSTAT prefix, or the few codes
 * the catalogue fixes.
 */
import type { DbHandle } from "@ilms/db";
import type { SdmxCodelist } from "./model";

export interface SdmxCode {
  id: string;
  name: string;
  parent: string | null;
}

export interface LoadedCodelist extends SdmxCodelist {
  codes: SdmxCode[];
}

/** The codes of each list, in the stored order. */
export async function loadCodelists(db: DbHandle, lists: readonly SdmxCodelist[]): Promise<LoadedCodelist[]> {
  const stored = [
    ...new Set(lists.flatMap((l) => (l.source.kind === "list" ? [l.source.list] : l.source.kind === "prefixed" ? ["AREA"] : []))),
  ];
  const rows =
    stored.length === 0
      ? []
      : await db.query<{ codelist_id: string; code: string; parent_code: string | null; label: string | null }>(
          `select codelist_id, code, parent_code, coalesce(labels->>'en', code) as label from codes
            where codelist_id = any($1::text[]) order by codelist_id, sort_order, code`,
          [stored],
        );
  const byList = new Map<string, SdmxCode[]>();
  for (const r of rows) {
    const list = byList.get(r.codelist_id) ?? [];
    list.push({ id: r.code, name: r.label ?? r.code, parent: r.parent_code });
    byList.set(r.codelist_id, list);
  }
  return lists.map((l) => {
    const source = l.source;
    let codes: SdmxCode[];
    if (source.kind === "fixed") codes = source.codes.map((c) => ({ id: c.id, name: c.name, parent: null }));
    else if (source.kind === "list") codes = byList.get(source.list) ?? [];
    else
      codes = (byList.get("AREA") ?? []).map((c) => ({
        id: `${source.prefix}_${c.id}`,
        name: c.name,
        parent: c.parent === null ? null : `${source.prefix}_${c.parent}`,
      }));
    // A parent outside the list (never expected) would make the message invalid: drop the link, not the code.
    const ids = new Set(codes.map((c) => c.id));
    return { ...l, codes: codes.map((c) => (c.parent !== null && !ids.has(c.parent) ? { ...c, parent: null } : c)) };
  });
}
