/**
 * Labels of codes in another language, loaded from a file of `code,label` rows (`ilms codelist labels import`):
 * every row is checked first (known code, one code list, non-empty label, no code twice) and a refusal names
 * each bad line, writing nothing; then the labels are set in one audited step, and the report says what is
 * still untranslated in the lists concerned. Translations are real ones supplied by the office: nothing here
 * invents a label.
 */
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
