/** The code lists as the validator needs them: one read per import, then in-memory look-ups. */
import type { CodeIndex, CodelistId } from "@ilms/domain";
import type { DbHandle, RawTx } from "@ilms/db";

interface CodeInfo {
  family: string | null;
  parent: string | null;
  level: string;
}

export interface LoadedCodes extends CodeIndex {
  has(codelist: CodelistId, code: string): boolean;
  label?: never;
}

/** Reads every code once and answers {@link CodeIndex} questions from memory (a few thousand rows). */
export async function loadCodeIndex(db: Pick<DbHandle | RawTx, "query">): Promise<LoadedCodes> {
  const rows = await db.query<{ codelist_id: string; code: string; family: string | null; parent_code: string | null; level: string }>(
    "select codelist_id, code, family, parent_code, level from codes",
  );
  const byList = new Map<string, Map<string, CodeInfo>>();
  const lists = new Map<string, string[]>();
  for (const r of rows) {
    let m = byList.get(r.codelist_id);
    if (!m) byList.set(r.codelist_id, (m = new Map()));
    m.set(r.code, { family: r.family, parent: r.parent_code, level: r.level });
    const l = lists.get(r.code);
    if (l) l.push(r.codelist_id);
    else lists.set(r.code, [r.codelist_id]);
  }
  return {
    family: (codelist, code) => {
      const info = byList.get(codelist)?.get(code);
      return info === undefined ? undefined : info.family;
    },
    listsOf: (code) => (lists.get(code) ?? []) as CodelistId[],
    has: (codelist, code) => byList.get(codelist)?.has(code) ?? false,
  };
}
