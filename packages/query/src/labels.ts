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
 * The codes of whole lists in their stored order, each labelled by {@link labelIn} in `lang` where it has a
 * label in it, else in English, else the code itself (`lang` of the record says which).
 */
export async function localisedCodes(h: ReadHandle, lists: readonly string[], lang: string): Promise<LocalisedCode[]> {
  if (lists.length === 0) return [];
  const rows = await h.query<Omit<LocalisedCode, "label" | "lang"> & { labels: Record<string, string> }>(
    `select codelist_id as "codelistId", code, parent_code as "parentCode", labels
       from codes where codelist_id = any($1::text[]) order by codelist_id, sort_order, code`,
    [lists],
  );
  return rows.map(({ labels, ...code }) => {
    const choice = labelIn(labels, lang, "en", { anyLanguage: false });
    return { ...code, label: choice.text === "" ? code.code : choice.text, lang: choice.lang };
  });
}

/** The languages code labels exist in (English first). */
export async function labelLanguages(h: ReadHandle): Promise<string[]> {
  const rows = await h.query<{ lang: string }>(`select distinct jsonb_object_keys(labels) as lang from codes order by 1`);
  const langs = rows.map((r) => r.lang);
  return ["en", ...langs.filter((l) => l !== "en")];
}

/** A label chosen for a language: the text, the language it is really in, and whether that is a fallback. */
export interface LabelChoice {
  text: string;
  lang: string;
  fallback: boolean;
}

/**
 * The label of `labels` in `lang`; without one, in `fallbackLang` (the region's default language, English
 * unless told), then in any language (unless `anyLanguage` is false: then an empty text in `fallbackLang`).
 * Every face that shows a label in a requested language uses this, so a fallback can always be reported,
 * never passed off as a translation.
 */
export function labelIn(
  labels: Readonly<Record<string, string>>,
  lang: string,
  fallbackLang = "en",
  options: { anyLanguage?: boolean } = {},
): LabelChoice {
  const own = labels[lang];
  if (own !== undefined && own !== "") return { text: own, lang, fallback: false };
  const base = labels[fallbackLang];
  if (base !== undefined && base !== "") return { text: base, lang: fallbackLang, fallback: lang !== fallbackLang };
  const found = options.anyLanguage === false ? undefined : Object.entries(labels).find(([, t]) => t !== "");
  const [other, text] = found ?? [fallbackLang, ""];
  return { text, lang: other, fallback: other !== lang };
}

/**
 * Languages of an `Accept-Language` header, best first (`fr-CH, fr;q=0.9, en;q=0.8` gives fr, en): primary
 * subtags only, since labels are held per language; `*` and malformed parts are skipped.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const parts = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { lang: tag.trim().toLowerCase().split("-")[0]!, weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((p) => /^[a-z]{2,3}$/.test(p.lang) && p.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return [...new Set(parts.map((p) => p.lang))];
}

/** Labels of every code in one language, for a download; with how many of the lists used fell back. */
export interface CodeLabels {
  lang: string;
  label(codelist: string, code: string): string | undefined;
  /** Per code list among `lists`: codes without a label in `lang` (they are given in the fallback language). */
  fallbacks: { codelist: string; untranslated: number; total: number }[];
}

/** Reads the labels of all codes in `lang` (falling back as {@link labelIn}); counts fallbacks over `lists`. */
export async function codeLabelsIn(h: Pick<ReadHandle, "query">, lang: string, lists: readonly string[]): Promise<CodeLabels> {
  const rows = await h.query<{ codelistId: string; code: string; labels: Record<string, string> }>(
    `select codelist_id as "codelistId", code, labels from codes`,
  );
  const byKey = new Map<string, string>();
  const counts = new Map<string, { untranslated: number; total: number }>(lists.map((l) => [l, { untranslated: 0, total: 0 }]));
  for (const r of rows) {
    const choice = labelIn(r.labels, lang);
    byKey.set(`${r.codelistId}\u0000${r.code}`, choice.text);
    const count = counts.get(r.codelistId);
    if (count) {
      count.total++;
      if (choice.fallback) count.untranslated++;
    }
  }
  return {
    lang,
    label: (codelist, code) => byKey.get(`${codelist}\u0000${code}`),
    fallbacks: [...counts].filter(([, c]) => c.untranslated > 0).map(([codelist, c]) => ({ codelist, ...c })),
  };
}

/** What free text other than codes can be labelled per language (`text_labels`), and notes (`notes.labels`). */
export type TextLabelKind = "table" | "dimension" | "indicator" | "source";

/** A source's free-text fields that can carry labels in other languages (the rest are codes or figures). */
export const SOURCE_TEXT_FIELDS = [
  "name",
  "agency",
  "geographicCoverage",
  "populationCoverage",
  "referencePeriod",
  "periodicity",
  "comparabilityNote",
  "knownGaps",
  "seriesBreaks",
  "notes",
] as const;
export type SourceTextField = (typeof SOURCE_TEXT_FIELDS)[number];

/** The fields of a table and of a dimension that can carry labels in other languages. */
export const TABLE_TEXT_FIELDS = ["title", "description"] as const;
export const DIMENSION_TEXT_FIELDS = ["title", "description"] as const;
/** The field of an ILOSTAT indicator (subject: its id) that can carry labels in other languages. */
export const INDICATOR_TEXT_FIELDS = ["title"] as const;

/** Labels in other languages of free text, by `kind`, subject and field. */
export interface TextLabels {
  /** The stored labels of one field (`{}` when it has none); merge with the original text and pick by {@link labelIn}. */
  of(kind: TextLabelKind, subject: string | number, field: string): Readonly<Record<string, string>>;
}

const textLabelKey = (kind: string, subject: string | number, field: string) => `${kind}\u0000${subject}\u0000${field}`;

/** Reads the labels of free text (all of them: a few per table, dimension, indicator and source field). */
export async function readTextLabels(h: Pick<ReadHandle, "query">, kinds?: readonly TextLabelKind[]): Promise<TextLabels> {
  const rows = await h.query<{ kind: string; subject: string; field: string; labels: Record<string, string> }>(
    `select kind, subject, field, labels from text_labels where $1::text[] is null or kind = any($1::text[])`,
    [kinds ? [...kinds] : null],
  );
  const byKey = new Map(rows.map((r) => [textLabelKey(r.kind, r.subject, r.field), r.labels]));
  return { of: (kind, subject, field) => byKey.get(textLabelKey(kind, subject, field)) ?? {} };
}

/** The labels of a piece of free text: its original (in `originalLang`, English in the catalogue) and the loaded ones. */
export function withOriginal(original: string, loaded: Readonly<Record<string, string>>, originalLang = "en"): Record<string, string> {
  return { ...loaded, [originalLang]: original };
}

/** Texts of one kind and field (`table title`, `source name`) shown without a label in the language asked. */
export interface TextFallback {
  kind: TextLabelKind;
  field: string;
  /** Texts shown in the fallback language, of `total` shown. */
  untranslated: number;
  total: number;
  /** The first subjects that fell back (table numbers, dimension keys, source codes). */
  examples: string[];
}

/**
 * Free text in one language for a download or a document: each text shown is picked by {@link labelIn} from
 * its original and the labels loaded (`text_labels`), and every fallback is counted, so that the document can
 * say which texts are not in the language asked.
 */
export interface TextLabelsIn {
  lang: string;
  /** The text of `kind` `subject` `field` in `lang`, else its original (`original`, English in the catalogue). */
  pick(kind: TextLabelKind, subject: string | number, field: string, original: string): LabelChoice;
  /** The texts picked so far that fell back, per kind and field (none in English). */
  fallbacks(): TextFallback[];
}

const MAX_TEXT_EXAMPLES = 10;

/** Reads the loaded labels of free text once and picks texts in `lang` from them (see {@link TextLabelsIn}). */
export async function textLabelsIn(h: Pick<ReadHandle, "query">, lang: string): Promise<TextLabelsIn> {
  const loaded: TextLabels = lang === "en" ? { of: () => ({}) } : await readTextLabels(h);
  const tally = new Map<string, { kind: TextLabelKind; field: string; seen: Set<string>; fell: string[] }>();
  return {
    lang,
    pick(kind, subject, field, original) {
      const choice = labelIn(withOriginal(original, loaded.of(kind, subject, field)), lang);
      const key = `${kind}\u0000${field}`;
      const entry = tally.get(key) ?? { kind, field, seen: new Set<string>(), fell: [] };
      tally.set(key, entry);
      if (!entry.seen.has(String(subject))) {
        entry.seen.add(String(subject));
        if (choice.fallback) entry.fell.push(String(subject));
      }
      return choice;
    },
    fallbacks: () =>
      [...tally.values()]
        .filter((t) => t.fell.length > 0)
        .map((t) => ({
          kind: t.kind,
          field: t.field,
          untranslated: t.fell.length,
          total: t.seen.size,
          examples: t.fell.slice(0, MAX_TEXT_EXAMPLES),
        })),
  };
}
