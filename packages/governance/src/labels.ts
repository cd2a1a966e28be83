/**
 * Labels of codes in another language, loaded from a file of `code,label` rows (`ilms codelist labels import`):
 * every row is checked first (known code, one code list, non-empty label, no code twice) and a refusal names
 * each bad line, writing nothing; then the labels are set in one audited step, and the report says what is
 * still untranslated in the lists concerned. Translations are real ones supplied by the office: nothing here
 * invents a label.
 */
import { DIMENSIONS, INDICATORS, TABLES } from "@ilms/domain";
import { DIMENSION_TEXT_FIELDS, INDICATOR_TEXT_FIELDS, SOURCE_TEXT_FIELDS, TABLE_TEXT_FIELDS, readTextLabels } from "@ilms/query";
import type { Runner } from "./audit";
import { recordAudit } from "./audit";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { labelsFrom } from "./checks";
import { authorize } from "./permissions";

export interface LabelRow {
  /** Line of the file, for messages. */
  line: number;
  code: string;
  label: string;
  /** The code list, when the file or the command names it. */
  codelist?: string;
}

export interface LabelImport {
  lang: string;
  /** Labels set or changed. */
  set: number;
  /** Rows whose label was already the same. */
  unchanged: number;
  /** Per code list concerned: codes still without a label in `lang`, counted, with the first few. */
  missing: { codelist: string; total: number; untranslated: number; examples: string[] }[];
}

export interface LabelProblem {
  line: number;
  field: "code" | "label" | "codelist";
  message: string;
}

/** A file of labels with problems: each line refused, nothing written. */
export class LabelFileError extends GovernanceError {
  constructor(readonly problems: readonly LabelProblem[]) {
    super(GovernanceCode.BadUserInput, problems.map((p) => `line ${p.line}, ${p.field}: ${p.message}`).join("; "), {
      field: problems[0]?.field ?? "code",
      problems,
    });
  }
}

/** Sets the labels in `lang` of the codes in `rows`. Run it in one transaction. */
export async function importLabels(db: Runner, caller: Caller | null, lang: string, rows: readonly LabelRow[]): Promise<LabelImport> {
  if (caller) authorize(caller, "codelists.edit");
  labelsFrom("lang", [{ lang, text: "-" }]);
  if (lang === "en")
    throw new GovernanceError(GovernanceCode.BadUserInput, "lang: English labels are the code lists' own; import another language", {
      field: "lang",
    });
  const codes = await db.query<{ codelistId: string; code: string; labels: Record<string, string> }>(
    `select codelist_id as "codelistId", code, labels from codes where code = any($1::text[])`,
    [[...new Set(rows.map((r) => r.code))]],
  );
  const problems: LabelProblem[] = [];
  const seen = new Map<string, number>();
  const targets: { row: LabelRow; codelistId: string; old: string | undefined }[] = [];
  for (const row of rows) {
    const matches = codes.filter((c) => c.code === row.code && (!row.codelist || c.codelistId === row.codelist));
    if (row.label.trim() === "") problems.push({ line: row.line, field: "label", message: `the label of ${row.code} is empty` });
    if (matches.length === 0) {
      problems.push({
        line: row.line,
        field: "code",
        message: `'${row.code}' is not a code${row.codelist ? ` of list ${row.codelist}` : " of any list"}`,
      });
      continue;
    }
    if (matches.length > 1) {
      const lists = matches.map((m) => m.codelistId).join(", ");
      problems.push({
        line: row.line,
        field: "codelist",
        message: `'${row.code}' is a code of several lists (${lists}): name the list (--codelist or a codelist column)`,
      });
      continue;
    }
    const target = matches[0]!;
    const key = `${target.codelistId}:${row.code}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ line: row.line, field: "code", message: `${row.code} is given twice (first on line ${first})` });
    seen.set(key, row.line);
    targets.push({ row, codelistId: target.codelistId, old: target.labels[lang] });
  }
  if (problems.length > 0) throw new LabelFileError(problems);

  const changed = targets.filter((t) => t.old !== t.row.label.trim());
  for (const t of changed)
    await db.query("update codes set labels = labels || jsonb_build_object($3::text, $4::text) where codelist_id = $1 and code = $2", [
      t.codelistId,
      t.row.code,
      lang,
      t.row.label.trim(),
    ]);
  if (changed.length > 0)
    await recordAudit(db, caller, {
      action: "importLabels",
      entity: "codes",
      entityId: lang,
      before: changed.map((t) => ({ codelist: t.codelistId, code: t.row.code, label: t.old ?? null })),
      after: changed.map((t) => ({ codelist: t.codelistId, code: t.row.code, label: t.row.label.trim() })),
    });

  const lists = [...new Set(targets.map((t) => t.codelistId))].sort();
  const missing = await db.query<{ codelist: string; total: number; untranslated: number; examples: string[] }>(
    `select codelist_id as codelist, count(*)::int as total, count(*) filter (where not labels ? $2)::int as untranslated,
            coalesce((array_agg(code order by sort_order, code) filter (where not labels ? $2))[1:10], '{}') as examples
       from codes where codelist_id = any($1::text[]) group by codelist_id order by codelist_id`,
    [lists, lang],
  );
  return { lang, set: changed.length, unchanged: targets.length - changed.length, missing };
}

/** A row of a file of labels of free text (`ilms catalogue labels import`): what is labelled, and the label. */
export interface TextLabelRow {
  line: number;
  /** `table`, `dimension`, `indicator`, `note` or `source`. */
  kind: string;
  /**
   * Table number, dimension key, ILOSTAT indicator id (`MNA_OEMP_SEX_CDS_NB`), note reference (`R1:3513`) or
   * source code (`BA:544`).
   */
  subject: string;
  /** `title` (default for tables, dimensions and indicators), `description`, `text` (notes), or a source's free-text field. */
  field?: string;
  label: string;
}

export interface TextLabelProblem {
  line: number;
  field: "kind" | "subject" | "field" | "label";
  message: string;
}

/** A file of labels of free text with problems: each line refused, nothing written. */
export class TextLabelFileError extends GovernanceError {
  constructor(readonly problems: readonly TextLabelProblem[]) {
    super(GovernanceCode.BadUserInput, problems.map((p) => `line ${p.line}, ${p.field}: ${p.message}`).join("; "), {
      field: problems[0]?.field ?? "subject",
      problems,
    });
  }
}

export const TEXT_LABEL_KINDS = ["table", "dimension", "indicator", "note", "source"] as const;
export type TextKind = (typeof TEXT_LABEL_KINDS)[number];

export interface TextLabelImport {
  lang: string;
  set: number;
  unchanged: number;
  /** Per kind, over everything of that kind: texts still without a label in `lang` (they fall back), with the first few. */
  missing: { kind: TextKind; total: number; untranslated: number; examples: string[] }[];
}

const FIELDS: Record<TextKind, readonly string[]> = {
  table: TABLE_TEXT_FIELDS,
  dimension: DIMENSION_TEXT_FIELDS,
  indicator: INDICATOR_TEXT_FIELDS,
  note: ["text"],
  source: SOURCE_TEXT_FIELDS,
};
const DEFAULT_FIELD: Record<TextKind, string | undefined> = {
  table: "title",
  dimension: "title",
  indicator: "title",
  note: "text",
  source: undefined,
};

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface TextOriginal {
  kind: TextKind;
  subject: string;
  field: string;
  /** The text in its own language; labels loaded so far. */
  labels: Record<string, string>;
}

/** Every piece of free text that can be translated, with its labels so far. */
async function textOriginals(db: Runner): Promise<TextOriginal[]> {
  const loaded = await readTextLabels(db);
  const out: TextOriginal[] = [];
  for (const t of TABLES)
    for (const field of TABLE_TEXT_FIELDS)
      out.push({ kind: "table", subject: String(t.id), field, labels: { ...loaded.of("table", t.id, field) } });
  for (const d of Object.values(DIMENSIONS))
    for (const field of DIMENSION_TEXT_FIELDS)
      out.push({ kind: "dimension", subject: d.key, field, labels: { ...loaded.of("dimension", d.key, field) } });
  for (const i of INDICATORS)
    for (const field of INDICATOR_TEXT_FIELDS)
      out.push({ kind: "indicator", subject: i.id, field, labels: { ...loaded.of("indicator", i.id, field) } });
  const notes = await db.query<{ ref: string; labels: Record<string, string> }>(
    `select note_type || ':' || note_id as ref, labels from notes order by note_type, note_id`,
  );
  for (const n of notes) out.push({ kind: "note", subject: n.ref, field: "text", labels: n.labels });
  const sources = await db.query<Record<string, string | null> & { code: string }>(
    `select code, ${SOURCE_TEXT_FIELDS.map((f) => `${snake(f)} as "${f}"`).join(", ")} from data_sources order by code`,
  );
  for (const s of sources)
    for (const field of SOURCE_TEXT_FIELDS)
      if (s[field] !== null && s[field] !== "")
        out.push({ kind: "source", subject: s.code, field, labels: { ...loaded.of("source", s.code, field) } });
  return out;
}

/**
 * Sets the labels in `lang` of table titles and descriptions, dimension titles and descriptions, indicator
 * titles, note texts and sources' free-text fields. Every row is checked first (known kind, subject and field, a text to translate, no
 * label twice, none empty); a refusal names each bad line and writes nothing. Run it in one transaction.
 */
export async function importTextLabels(
  db: Runner,
  caller: Caller | null,
  lang: string,
  rows: readonly TextLabelRow[],
): Promise<TextLabelImport> {
  if (caller) authorize(caller, "codelists.edit");
  labelsFrom("lang", [{ lang, text: "-" }]);
  if (lang === "en")
    throw new GovernanceError(
      GovernanceCode.BadUserInput,
      "lang: the English texts are the catalogue's and the sources' own; import another language",
      {
        field: "lang",
      },
    );
  const originals = await textOriginals(db);
  const byKey = new Map(originals.map((o) => [`${o.kind}\u0000${o.subject}\u0000${o.field}`, o]));
  const subjects = new Set(originals.map((o) => `${o.kind}\u0000${o.subject}`));
  const problems: TextLabelProblem[] = [];
  const seen = new Map<string, number>();
  const targets: { row: TextLabelRow; target: TextOriginal; label: string; old: string | null }[] = [];
  for (const row of rows) {
    const label = row.label.trim();
    const kind = row.kind.trim().toLowerCase() as TextKind;
    if (label === "") problems.push({ line: row.line, field: "label", message: `the label of ${row.kind} ${row.subject} is empty` });
    if (!TEXT_LABEL_KINDS.includes(kind)) {
      problems.push({ line: row.line, field: "kind", message: `'${row.kind}' is not one of ${TEXT_LABEL_KINDS.join(", ")}` });
      continue;
    }
    // Source codes, note references and ILOSTAT indicator ids are upper case in the warehouse.
    const subject = kind === "source" || kind === "note" || kind === "indicator" ? row.subject.trim().toUpperCase() : row.subject.trim();
    const field = row.field?.trim() || DEFAULT_FIELD[kind];
    if (!subjects.has(`${kind}\u0000${subject}`)) {
      const what = {
        table: "a table number",
        dimension: "a dimension key",
        indicator: "an ILOSTAT indicator of the catalogue",
        note: "a note (type:id)",
        source: "a registered source",
      }[kind];
      problems.push({ line: row.line, field: "subject", message: `'${row.subject}' is not ${what}` });
      continue;
    }
    if (!field || !FIELDS[kind].includes(field)) {
      problems.push({
        line: row.line,
        field: "field",
        message: `${field ? `'${field}' is not a field` : "give the field"} of ${kind === "indicator" ? "an" : "a"} ${kind} to label (${FIELDS[kind].join(", ")})`,
      });
      continue;
    }
    const key = `${kind}\u0000${subject}\u0000${field}`;
    const target = byKey.get(key);
    if (!target) {
      problems.push({ line: row.line, field: "field", message: `${kind} ${subject} has no ${field} to translate` });
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ line: row.line, field: "subject", message: `${kind} ${subject} ${field} is given twice (first on line ${first})` });
    seen.set(key, row.line);
    targets.push({ row, target, label, old: target.labels[lang] ?? null });
  }
  if (problems.length > 0) throw new TextLabelFileError(problems);

  const changed = targets.filter((t) => t.old !== t.label);
  for (const t of changed) {
    const { kind, subject, field } = t.target;
    if (kind === "note") {
      const [noteType, ...rest] = subject.split(":");
      await db.query("update notes set labels = labels || jsonb_build_object($3::text, $4::text) where note_type = $1 and note_id = $2", [
        noteType,
        rest.join(":"),
        lang,
        t.label,
      ]);
    } else
      await db.query(
        `insert into text_labels (kind, subject, field, labels) values ($1, $2, $3, jsonb_build_object($4::text, $5::text))
         on conflict (kind, subject, field) do update set labels = text_labels.labels || excluded.labels, updated_at = now()`,
        [kind, subject, field, lang, t.label],
      );
    t.target.labels[lang] = t.label;
  }
  if (changed.length > 0)
    await recordAudit(db, caller, {
      action: "importTextLabels",
      entity: "text_labels",
      entityId: lang,
      before: changed.map((t) => ({ kind: t.target.kind, subject: t.target.subject, field: t.target.field, label: t.old })),
      after: changed.map((t) => ({ kind: t.target.kind, subject: t.target.subject, field: t.target.field, label: t.label })),
    });
  const missing = TEXT_LABEL_KINDS.map((kind) => {
    const of = originals.filter((o) => o.kind === kind);
    const without = of.filter((o) => !o.labels[lang]);
    return {
      kind,
      total: of.length,
      untranslated: without.length,
      examples: without.slice(0, 10).map((o) => (DEFAULT_FIELD[kind] === o.field ? o.subject : `${o.subject} ${o.field}`)),
    };
  }).filter((m) => m.total > 0);
  return { lang, set: changed.length, unchanged: targets.length - changed.length, missing };
}
