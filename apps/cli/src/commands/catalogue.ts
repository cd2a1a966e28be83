/**
 * `ilms catalogue labels import FILE --lang fr`: labels in another language of the free text that is not a code
 * (table titles and descriptions, dimension titles and descriptions, indicator titles, note texts, sources'
 * free-text fields)
 * from a CSV of `kind,subject,field,label`, through `@ilms/governance/labels`: all rows checked first, every
 * bad line reported, nothing written unless all pass; then a report of what is still untranslated, per kind.
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { TextLabelFileError, importTextLabels } from "@ilms/governance/labels";
import type { TextLabelRow } from "@ilms/governance/labels";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { Command } from "../command";
import { refusing } from "../refusal";

const USAGE = `ilms catalogue labels import FILE.csv --lang LANG [--json]

Loads labels in language LANG (fr, es, pt...) for the free text of the warehouse that is not a code: table
titles and descriptions, dimension titles and descriptions, ILOSTAT indicator titles, note texts and sources'
free-text fields. FILE is a CSV with a header kind,subject,field,label:
  kind     table, dimension, indicator, note or source
  subject  table number (5), dimension key (economicActivity), indicator id (MNA_OEMP_SEX_CDS_NB), note
           reference (R1:3513), source code (BA:544)
  field    title or description (tables, dimensions; title when empty), title (indicators), text (notes), or a
           source's field:
           name, agency, geographicCoverage, populationCoverage, referencePeriod, periodicity,
           comparabilityNote, knownGaps, seriesBreaks, notes
Every row is checked first; a file with a bad row (unknown subject or field, empty label, a label twice) is
refused with each line and nothing is written. The report lists, per kind, how many texts still have no label
in LANG; those fall back to the default language wherever they are shown (GraphQL says so in
extensions.langFallback, SDMX in xml:lang, exports and the report in a note).`;

function readRows(file: string): TextLabelRow[] {
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
  if (records.length === 0) throw new UsageError(`${file}: no rows (a header kind,subject,field,label and one row per text)`);
  const header = Object.keys(records[0] ?? {});
  for (const column of ["kind", "subject", "label"])
    if (!header.includes(column)) throw new UsageError(`${file}: no '${column}' column (header: ${header.join(",")})`);
  const extra = header.filter((h) => !["kind", "subject", "field", "label"].includes(h));
  if (extra.length > 0)
    throw new UsageError(`${file}: unknown column${extra.length > 1 ? "s" : ""} ${extra.join(", ")} (kind, subject, field, label)`);
  return records.map((r, i) => ({
    line: i + 2,
    kind: r.kind ?? "",
    subject: r.subject ?? "",
    field: r.field || undefined,
    label: r.label ?? "",
  }));
}

export const catalogueCommand: Command = {
  name: "catalogue",
  summary: "Load labels in another language of table titles, dimensions, indicators, notes and sources (labels import FILE --lang fr)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, { lang: { type: "string" }, json: { type: "boolean" } });
    const [what, action, file, extra] = positionals;
    if (what !== "labels" || action !== "import") throw new UsageError("give: ilms catalogue labels import FILE.csv --lang LANG");
    if (!file) throw new UsageError("give the CSV file of kind,subject,field,label rows");
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    if (!values.lang) throw new UsageError("--lang is required (the language of the labels, e.g. fr)");
    const rows = readRows(file);
    const lang = values.lang;
    return refusing(io, "catalogue", async () => {
      try {
        const report = await withDb(io, (db) => db.transaction((tx) => importTextLabels(tx, null, lang, rows)));
        if (values.json) {
          println(io.stdout, JSON.stringify(report));
          return EXIT.ok;
        }
        println(io.stdout, `${file}: ${report.set} label${report.set === 1 ? "" : "s"} in ${lang} set, ${report.unchanged} already so.`);
        for (const m of report.missing)
          println(
            io.stdout,
            m.untranslated === 0
              ? `  ${m.kind}: every text (${m.total}) has a label in ${lang}`
              : `  ${m.kind}: ${m.untranslated} of ${m.total} texts still without a label in ${lang} (they fall back), e.g. ${m.examples.join(", ")}`,
          );
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof TextLabelFileError)) throw error;
        println(io.stderr, `ilms catalogue: ${file} is refused, nothing was written:`);
        for (const p of error.problems) println(io.stderr, `  ${file}:${p.line} ${p.field}: ${p.message}`);
        return EXIT.rejected;
      }
    });
  },
};
