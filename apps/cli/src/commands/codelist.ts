/**
 * `ilms codelist labels import FILE --lang fr`: labels of codes in another language from a CSV of `code,label`
 * (optionally a `codelist` column, or `--codelist ID` for the whole file), through `@ilms/governance/labels`:
 * all rows checked first, every bad line reported, nothing written unless all pass; then a report of what is
 * still untranslated in the lists concerned.
 */
import { LabelFileError, importLabels } from "@ilms/governance/labels";
import type { Command } from "../command";
import { runLabelImport } from "../label-import";

const USAGE = `ilms codelist labels import FILE.csv --lang LANG [--codelist ID] [--json]

Loads labels in language LANG (fr, es, pt...) for codes of the code lists, e.g. official French titles of a
classification. FILE is a CSV with a header: code,label (and optionally codelist, when the file mixes lists
or a code exists in several). Every row is checked first; a file with a bad row (unknown code, empty label,
a code twice) is refused with each line and nothing is written. The report lists, per code list concerned,
how many codes still have no label in LANG; those fall back to the default language wherever labels are shown.`;

export const codelistCommand: Command = {
  name: "codelist",
  summary: "Load code labels in another language from a CSV (labels import FILE --lang fr) and report what is missing",
  usage: USAGE,
  run: (args, io) =>
    runLabelImport(args, io, {
      command: "codelist",
      noun: "code",
      header: "code,label",
      columns: ["code", "label", "codelist"],
      required: ["code", "label"],
      options: ["codelist"],
      row: (r, line, options) => ({
        line,
        code: r.code ?? "",
        label: r.label ?? "",
        codelist: r.codelist || options.codelist?.toUpperCase(),
      }),
      importer: (tx, lang, rows) => importLabels(tx, null, lang, rows),
      fileError: LabelFileError,
      group: (m) => m.codelist,
    }),
};
