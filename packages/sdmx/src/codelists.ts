/**
 * The codes of the SDMX code lists, read through the engine (administrators edit the code lists, so they are
 * data): a warehouse list as stored with its parents, the area codes behind an ILOSTAT prefix, or the few codes
 * the catalogue fixes. Labels are in the negotiated language where a code has one, else in English; each code
 * says which language its name is in (`xml:lang`).
 */
import type { DbHandle } from "@ilms/db";
import { localisedCodes } from "@ilms/query";
import type { SdmxCodelist } from "./model";

export interface SdmxCode {
  id: string;
  name: string;
  parent: string | null;
  /** Language of `name` (the one asked, or the fallback). */
  lang: string;
}

export interface LoadedCodelist extends SdmxCodelist {
  codes: SdmxCode[];
}

/** The codes of each list, in the stored order, labelled in `lang` with English as the fallback. */
export async function loadCodelists(db: DbHandle, lists: readonly SdmxCodelist[], lang = "en"): Promise<LoadedCodelist[]> {
  const stored = [
    ...new Set(lists.flatMap((l) => (l.source.kind === "list" ? [l.source.list] : l.source.kind === "prefixed" ? ["AREA"] : []))),
  ];
  const rows = await localisedCodes(db, stored, lang);
  const byList = new Map<string, SdmxCode[]>();
  for (const r of rows) {
    const list = byList.get(r.codelistId) ?? [];
    list.push({ id: r.code, name: r.label, parent: r.parentCode, lang: r.lang });
    byList.set(r.codelistId, list);
  }
  return lists.map((l) => {
    const source = l.source;
    let codes: SdmxCode[];
    if (source.kind === "fixed") codes = source.codes.map((c) => ({ id: c.id, name: c.name, parent: null, lang: "en" }));
    else if (source.kind === "list") codes = byList.get(source.list) ?? [];
    else
      codes = (byList.get("AREA") ?? []).map((c) => ({
        ...c,
        id: `${source.prefix}_${c.id}`,
        parent: c.parent === null ? null : `${source.prefix}_${c.parent}`,
      }));
    // A parent outside the list (never expected) would make the message invalid: drop the link, not the code.
    const ids = new Set(codes.map((c) => c.id));
    return { ...l, codes: codes.map((c) => (c.parent !== null && !ids.has(c.parent) ? { ...c, parent: null } : c)) };
  });
}
