/**
 * `ilms codelist labels import FILE --lang fr`: labels of codes in another language from a CSV of `code,label`
 * (optionally a `codelist` column, or `--codelist ID` for the whole file), through `@ilms/governance/labels`:
 * all rows checked first, every bad line reported, nothing written unless all pass; then a report of what is
 * still untranslated in the lists concerned.
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { LabelFileError, importLabels } from "@ilms/governance/labels";
import type { LabelRow } from "@ilms/governance/labels";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";
import { refusing } from "../refusal";

const USAGE = `ilms codelist labels import FILE.csv --lang LANG [--codelist ID] [--json]

Loads labels in language LANG (fr, es, pt...) for codes of the code lists, e.g. official French titles of a
classification. FILE is a CSV with a header: code,label (and optionally codelist, when the file mixes lists
or a code exists in several). Every row is checked first; a file with a bad row (unknown code, empty label,
a code twice) is refused with each line and nothing is written. The report lists, per code list concerned,
how many codes still have no label in LANG; those fall back to the default language wherever labels are shown.`;

function readRows(file: string, codelist: string | undefined): LabelRow[] {
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
  const header = Object.keys(records[0] ?? {});
  if (records.length === 0) throw new UsageError(`${file}: no rows (a header code,label and one row per code)`);
  for (const column of ["code", "label"])
    if (!header.includes(column)) throw new UsageError(`${file}: no '${column}' column (header: ${header.join(",")})`);
  const extra = header.filter((h) => !["code", "label", "codelist"].includes(h));
  if (extra.length > 0)
    throw new UsageError(`${file}: unknown column${extra.length > 1 ? "s" : ""} ${extra.join(", ")} (code, label, codelist)`);
  return records.map((r, i) => ({ line: i + 2, code: r.code ?? "", label: r.label ?? "", codelist: r.codelist || codelist }));
}

export const codelistCommand: Command = {
  name: "codelist",
  summary: "Load code labels in another language from a CSV (labels import FILE --lang fr) and report what is missing",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, { lang: { type: "string" }, codelist: { type: "string" }, json: { type: "boolean" } });
    const [what, action, file, extra] = positionals;
    if (what !== "labels" || action !== "import") throw new UsageError("give: ilms codelist labels import FILE.csv --lang LANG");
    if (!file) throw new UsageError("give the CSV file of code,label rows");
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    if (!values.lang) throw new UsageError("--lang is required (the language of the labels, e.g. fr)");
    const rows = readRows(file, values.codelist?.toUpperCase());
    const lang = values.lang;
    return refusing(io, "codelist", async () => {
      try {
        const report = await withDb(io, (db) => db.transaction((tx) => importLabels(tx, null, lang, rows)));
        if (values.json) {
          println(io.stdout, JSON.stringify(report));
          return EXIT.ok;
        }
        println(io.stdout, `${file}: ${report.set} label${report.set === 1 ? "" : "s"} in ${lang} set, ${report.unchanged} already so.`);
        for (const m of report.missing)
          println(
            io.stdout,
            m.untranslated === 0
              ? `  ${m.codelist}: every code (${m.total}) has a label in ${lang}`
              : `  ${m.codelist}: ${m.untranslated} of ${m.total} codes still without a label in ${lang} (they fall back), e.g. ${m.examples.join(", ")}`,
          );
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof LabelFileError)) throw error;
        println(io.stderr, `ilms codelist: ${file} is refused, nothing was written:`);
        for (const p of error.problems) println(io.stderr, `  ${file}:${p.line} ${p.field}: ${p.message}`);
        return EXIT.rejected;
      }
    });
  },
};
