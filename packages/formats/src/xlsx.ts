/**
 * XLSX: a streamed workbook, one sheet per table that has rows, then a notes sheet (scope, sources, notes; in a
 * language other than English also the titles of tables, indicators and dimensions in it, each with the
 * language it is really in, and the fallbacks).
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { labelledLayout } from "./labelled";
import { sheetText } from "./neutralise";
import { OutputClosed, tally } from "./types";
import type { ExportInput, ExportResult } from "./types";

export async function writeXlsx(input: ExportInput, out: Writable): Promise<ExportResult> {
  const { result, touch } = tally();
  const { catalogue } = input;
  const layout = labelledLayout(
    input.sections.map((s) => s.table),
    catalogue,
  );
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const notes = new Set<string>();
  const sources = new Set<string>();
  for (const { table, rows } of input.sections) {
    let sheet: ExcelJS.Worksheet | undefined;
    const tableHeader = layout.tableHeader(table);
    const keep = layout.header.map((h) => tableHeader.includes(h));
    for await (const row of rows) {
      if (out.destroyed) throw new OutputClosed();
      if (!sheet) {
        sheet = workbook.addWorksheet(`T${String(table.id).padStart(2, "0")} ${table.key}`.slice(0, 31));
        sheet.addRow(tableHeader).commit();
      }
      const full = layout.row(table, row);
      const values = full
        .map((v, i) => [layout.header[i]!, v] as const)
        .filter((_, i) => keep[i])
        .map(([h, v]) => (v === null ? null : h === "obs_value" ? Number(v) : typeof v === "number" ? v : sheetText(v)));
      sheet.addRow(values).commit();
      for (const n of [row.note_classif, row.note_indicator, row.note_source]) for (const part of n?.split("_") ?? []) notes.add(part);
      sources.add(row.source_code);
      touch(table.id);
    }
    sheet?.commit();
  }
  const info = workbook.addWorksheet("Notes");
  info.addRow(["ILMS Warehouse export"]).commit();
  info.addRow(["Generated at", new Date().toISOString()]).commit();
  info.addRow(["Rounds", catalogue.scope]).commit();
  if (catalogue.asOfRound) info.addRow(["As of round", sheetText(catalogue.asOfRound)]).commit();
  info.addRow(["Values", "Latest value of each cell; thousands of persons except table 8 (local currency per month, a mean)"]).commit();
  const names = sources.size > 0 ? await catalogue.sourceNames([...sources]) : new Map<string, string>();
  const codes = [...names.keys()].sort();
  if (catalogue.lang === "en") {
    // English: the layout of every earlier export, unchanged.
    info.addRow([]).commit();
    info.addRow(["Source", "Name"]).commit();
    for (const code of codes) info.addRow([sheetText(code), sheetText(names.get(code))]).commit();
  } else {
    // Another language: the titles and names in it where loaded, each with the language it is really in, and
    // what fell back said once at the top.
    const { lang } = catalogue;
    const text = (kind: Parameters<typeof catalogue.text>[0], subject: string | number, original: string, field = "title") =>
      catalogue.text(kind, subject, field, original);
    const tables = input.sections.map((x) => x.table);
    const tableRows = tables.map((t) => [`T${String(t.id).padStart(2, "0")}`, text("table", t.id, t.title)] as const);
    const indicatorRows = tables.flatMap((t) => t.indicators.map((i) => [i.id, text("indicator", i.id, i.title)] as const));
    const dimensionRows = layout.dims.map((d) => [d.key, text("dimension", d.key, d.title)] as const);
    const sourceRows = codes.map((c) => [c, text("source", c, names.get(c) ?? "", "name")] as const);
    const fell = [
      ...catalogue.textFallbacks().map((f) => `${f.kind} ${f.field} ${f.untranslated} of ${f.total}`),
      ...catalogue.codeFallbacks.map((f) => `${f.codelist} codes ${f.untranslated} of ${f.total}`),
    ];
    info.addRow(["Language", lang]).commit();
    info
      .addRow([
        "Fallback",
        fell.length === 0 ? `every text and label is in ${lang}` : `without a ${lang} label, given in English: ${fell.join(", ")}`,
      ])
      .commit();
    const block = (heading: readonly string[], rows: readonly (readonly [string, { text: string; lang: string }])[]) => {
      info.addRow([]).commit();
      info.addRow([...heading, "Language"]).commit();
      for (const [id, choice] of rows) info.addRow([sheetText(id), sheetText(choice.text), choice.lang]).commit();
    };
    block(["Table", "Title"], tableRows);
    block(["Indicator", "Title"], indicatorRows);
    block(["Dimension", "Title"], dimensionRows);
    block(["Source", "Name"], sourceRows);
  }
  info.addRow([]).commit();
  info.addRow(["Note", "Text"]).commit();
  const texts = notes.size > 0 ? await catalogue.noteTexts([...notes]) : new Map<string, string>();
  for (const n of [...notes].sort()) info.addRow([sheetText(n), sheetText(texts.get(n) ?? "(no text registered)")]).commit();
  info.commit();
  await workbook.commit();
  return result;
}
