/**
 * Code labels in the report's language, read through the engine. A code without a label in that language is
 * shown with its English label marked † (the document explains the mark); an unknown code is shown as itself.
 */
import type { ReadHandle } from "@ilms/db";
import { codesByKey, listGroups } from "@ilms/query";

export const FALLBACK_MARK = "†";

export interface Labeller {
  /** Reads the labels of these codes (once each). */
  ensure(codelistId: string, codes: Iterable<string>): Promise<void>;
  get(codelistId: string, code: string): string;
  /** Whether any label given so far fell back to English. */
  readonly fellBack: boolean;
}

export async function labeller(db: ReadHandle, lang: string): Promise<Labeller> {
  const known = new Map<string, Record<string, string>>();
  const key = (list: string, code: string) => `${list}\u0000${code}`;
  // Country groups (ASEAN) label themselves; they are areas in reports.
  for (const g of await listGroups(db)) {
    known.set(key("AREA", g.code), g.labels);
    if (g.ilostatCode) known.set(key("AREA", g.ilostatCode), g.labels);
  }
  let fellBack = false;
  return {
    async ensure(codelistId, codes) {
      const missing = [...new Set(codes)].filter((c) => !known.has(key(codelistId, c)));
      if (missing.length === 0) return;
      const found = await codesByKey(
        db,
        missing.map((code) => ({ codelistId, code })),
      );
      missing.forEach((code, i) => known.set(key(codelistId, code), found[i]?.labels ?? {}));
    },
    get(codelistId, code) {
      const labels = known.get(key(codelistId, code)) ?? {};
      if (labels[lang]) return labels[lang];
      if (labels.en) {
        if (lang === "en") return labels.en;
        fellBack = true;
        return `${labels.en}${FALLBACK_MARK}`;
      }
      return code;
    },
    get fellBack() {
      return fellBack;
    },
  };
}
