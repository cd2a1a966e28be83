/**
 * Code labels and free texts (table titles, dimension names, sources' names and notes) in the report's
 * language, read through the engine. A code or a text without a label in that language is shown in English
 * marked † (the document explains the mark); an unknown code is shown as itself.
 */
import type { ReadHandle } from "@ilms/db";
import { codesByKey, labelIn, listGroups, readTextLabels, withOriginal } from "@ilms/query";
import type { TextLabelKind, TextLabels } from "@ilms/query";

export const FALLBACK_MARK = "†";

export interface Labeller {
  /** Reads the labels of these codes (once each). */
  ensure(codelistId: string, codes: Iterable<string>): Promise<void>;
  get(codelistId: string, code: string): string;
  /**
   * A free text in the report's language: the label loaded for it (`ilms catalogue labels import`), else
   * `own` (the report's own words for it, already in that language) when given, else `original` (English)
   * marked †.
   */
  text(kind: TextLabelKind, subject: string | number, field: string, original: string, own?: string): string;
  /** Whether any label or text given so far fell back to English. */
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
  const loaded: TextLabels = lang === "en" ? { of: () => ({}) } : await readTextLabels(db);
  return {
    text(kind, subject, field, original, own) {
      const labels = loaded.of(kind, subject, field);
      if (own !== undefined) return labels[lang] || own;
      const choice = labelIn(withOriginal(original, labels), lang);
      if (!choice.fallback || original === "") return choice.text;
      fellBack = true;
      return `${choice.text}${FALLBACK_MARK}`;
    },
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
