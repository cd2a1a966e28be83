/**
 * What `ilms codelist labels import` and `ilms catalogue labels import` share: the command line
 * (`labels import FILE.csv --lang LANG [--json]`), reading the CSV with its header checked, one transaction
 * through the importer, the report (JSON or text, with what is still without a label) and the refusal of a bad
 * file, one `file:line field: message` a problem. Each command brings its columns, its rows and its importer.
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import type { Runner } from "@ilms/governance/audit";
import { EXIT, UsageError, parse, println, withDb } from "./command";
import type { CliIo } from "./command";
import { refusing } from "./refusal";

/** What an importer answers: labels set, those already so, and per group what still has no label. */
interface LabelReport<Missing> {
  set: number;
  unchanged: number;
  missing: readonly Missing[];
}

interface MissingLabels {
  total: number;
  untranslated: number;
  examples: readonly string[];
}

/** A command's part of a label import. */
export interface LabelImportSpec<Row, Missing extends MissingLabels> {
  /** The command's name: `ilms <command> labels import`, and the prefix of its refusals. */
  command: string;
  /** What one row labels, in the report and the messages: `code`, `text`. */
  noun: string;
  /** The columns a file may have, as a refusal lists them, and those it must have. */
  columns: readonly string[];
  required: readonly string[];
  /** The header as the messages show it: `code,label`. */
  header: string;
  /** Options of the command besides `--lang` and `--json` (each takes a string). */
  options?: readonly string[];
  /** A record of the CSV (lower-cased column names, trimmed values) as the importer's row. */
  row(record: Record<string, string>, line: number, options: Record<string, string | undefined>): Row;
  /** Checks every row and writes them all, or throws `fileError` and writes nothing. */
  importer(tx: Runner, lang: string, rows: Row[]): Promise<LabelReport<Missing>>;
  /** The importer's refusal of the file, with each problem. */
  fileError: abstract new (...args: never[]) => Error & { problems: readonly { line: number; field: string; message: string }[] };
  /** The group a line of the missing report counts (a code list, a kind of text). */
  group(missing: Missing): string;
}

function readRecords(file: string, spec: LabelImportSpec<unknown, MissingLabels>): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      trim: true,
    });
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new UsageError(`${file}: no rows (a header ${spec.header} and one row per ${spec.noun})`);
  const header = Object.keys(records[0] ?? {});
  for (const column of spec.required)
    if (!header.includes(column)) throw new UsageError(`${file}: no '${column}' column (header: ${header.join(",")})`);
  const extra = header.filter((h) => !spec.columns.includes(h));
  if (extra.length > 0)
    throw new UsageError(`${file}: unknown column${extra.length > 1 ? "s" : ""} ${extra.join(", ")} (${spec.columns.join(", ")})`);
  return records;
}

/** Runs `ilms <command> labels import FILE.csv --lang LANG [--json]` for a command's importer; answers the exit code. */
export async function runLabelImport<Row, Missing extends MissingLabels>(
  args: string[],
  io: CliIo,
  spec: LabelImportSpec<Row, Missing>,
): Promise<number> {
  const extraOptions = Object.fromEntries((spec.options ?? []).map((name) => [name, { type: "string" as const }]));
  const { values, positionals } = parse(args, { lang: { type: "string" }, json: { type: "boolean" }, ...extraOptions });
  const [what, action, file, extra] = positionals;
  if (what !== "labels" || action !== "import") throw new UsageError(`give: ilms ${spec.command} labels import FILE.csv --lang LANG`);
  if (!file) throw new UsageError(`give the CSV file of ${spec.header} rows`);
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const lang = values.lang;
  if (typeof lang !== "string" || lang === "") throw new UsageError("--lang is required (the language of the labels, e.g. fr)");
  const given = values as Record<string, unknown>;
  const options = Object.fromEntries((spec.options ?? []).map((name) => [name, given[name] as string | undefined]));
  const rows = readRecords(file, spec).map((record, i) => spec.row(record, i + 2, options));
  return refusing(io, spec.command, async () => {
    try {
      const report = await withDb(io, (db) => db.transaction((tx) => spec.importer(tx, lang, rows)));
      if (values.json) {
        println(io.stdout, JSON.stringify(report));
        return EXIT.ok;
      }
      println(io.stdout, `${file}: ${report.set} label${report.set === 1 ? "" : "s"} in ${lang} set, ${report.unchanged} already so.`);
      for (const m of report.missing)
        println(
          io.stdout,
          m.untranslated === 0
            ? `  ${spec.group(m)}: every ${spec.noun} (${m.total}) has a label in ${lang}`
            : `  ${spec.group(m)}: ${m.untranslated} of ${m.total} ${spec.noun}s still without a label in ${lang} (they fall back), e.g. ${m.examples.join(", ")}`,
        );
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof spec.fileError)) throw error;
      println(io.stderr, `ilms ${spec.command}: ${file} is refused, nothing was written:`);
      for (const p of error.problems) println(io.stderr, `  ${file}:${p.line} ${p.field}: ${p.message}`);
      return EXIT.rejected;
    }
  });
}
