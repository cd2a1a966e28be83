/**
 * `ilms catalogue labels import FILE --lang fr`: labels in another language of the free text that is not a code
 * (table titles and descriptions, dimension titles and descriptions, indicator titles, note texts, sources'
 * free-text fields)
 * from a CSV of `kind,subject,field,label`, through `@ilms/governance/labels`: all rows checked first, every
 * bad line reported, nothing written unless all pass; then a report of what is still untranslated, per kind.
 */
import { TextLabelFileError, importTextLabels } from "@ilms/governance/labels";
import type { Command } from "../command";
import { runLabelImport } from "../label-import";

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

export const catalogueCommand: Command = {
  name: "catalogue",
  summary: "Load labels in another language of table titles, dimensions, indicators, notes and sources (labels import FILE --lang fr)",
  usage: USAGE,
  run: (args, io) =>
    runLabelImport(args, io, {
      command: "catalogue",
      noun: "text",
      header: "kind,subject,field,label",
      columns: ["kind", "subject", "field", "label"],
      required: ["kind", "subject", "label"],
      row: (r, line) => ({ line, kind: r.kind ?? "", subject: r.subject ?? "", field: r.field || undefined, label: r.label ?? "" }),
      importer: (tx, lang, rows) => importTextLabels(tx, null, lang, rows),
      fileError: TextLabelFileError,
      group: (m) => m.kind,
    }),
};
