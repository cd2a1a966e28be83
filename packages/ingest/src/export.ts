/**
 * Exports: ILOSTAT bulk CSV (lossless: what was imported comes back with the same codes and the same value
 * text, because `numeric` keeps the published decimals), a labelled CSV for people, and XLSX with one sheet
 * per table and a notes sheet. Values are the latest of each cell as of a round (published rounds only unless
 * asked otherwise). Text cells starting with a formula character are neutralised.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { ILOSTAT_COLUMNS, TABLES, encodeIlostatCodes, factTableName, getIndicator, requireTable } from "@ilms/domain";
import type { DimensionKey, IlmsTable } from "@ilms/domain";
import type { DbHandle } from "@ilms/db";
import { cellColumns } from "@ilms/db/schema";
import { ImportRequestError } from "./report";
import { csvField } from "./rows";

export type ExportFormat = "ilostat-csv" | "csv" | "xlsx";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ilostat-csv", "csv", "xlsx"];

export interface ExportOptions {
  table?: number;
  indicator?: string;
  format: ExportFormat;
  /** Values as they stood when this round was the latest (its own and earlier rounds). */
  asOfRound?: string;
  /** Include draft, submitted and validated rounds (editors); otherwise published rounds only. */
  includeUnpublished?: boolean;
}

export interface ExportResult {
  rows: number;
  tables: number[];
}

/**
 * Spreadsheet formula injection: a text cell starting with `=`, `+`, `-`, `@` (or tab / carriage return) is
 * prefixed with an apostrophe so no spreadsheet evaluates it. Only text: values are numbers and stay as they are.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

interface FactRow {
  ref_area: string;
  time: number;
  sex: string;
  indicator: string;
  source_code: string;
  value: string | null;
  obs_status: string | null;
  note_classif: string | null;
  note_indicator: string | null;
  note_source: string | null;
  round_code: string;
  [dimension: string]: unknown;
}

async function selection(db: DbHandle, options: ExportOptions): Promise<{ tables: IlmsTable[]; asOfId: number | null }> {
  let tables: IlmsTable[] = [...TABLES];
  if (options.indicator !== undefined) {
    const indicator = getIndicator(options.indicator);
    if (!indicator) throw new ImportRequestError("UNKNOWN_INDICATOR", `Indicator '${options.indicator}' is not in the ILMS catalogue`);
    tables = [requireTable(indicator.table)];
    if (options.table !== undefined && options.table !== indicator.table)
      throw new ImportRequestError("BAD_SELECTION", `Indicator ${indicator.id} feeds table ${indicator.table}, not ${options.table}`);
  } else if (options.table !== undefined) {
    if (!TABLES.some((t) => t.id === options.table))
      throw new ImportRequestError("UNKNOWN_TABLE", `No ILMS table ${options.table}: tables are numbered 1 to ${TABLES.length}`);
    tables = [requireTable(options.table)];
  }
  let asOfId: number | null = null;
  if (options.asOfRound) {
    const [round] = await db.query<{ id: number }>("select id from collection_rounds where code = $1", [options.asOfRound]);
    if (!round) throw new ImportRequestError("ROUND_NOT_FOUND", `No collection round '${options.asOfRound}'`);
    asOfId = Number(round.id);
  }
  return { tables, asOfId };
}

/** The latest value of every cell of a table (per reporting country, to keep memory bounded), in a stable order. */
async function* latestRows(db: DbHandle, table: IlmsTable, options: ExportOptions, asOfId: number | null): AsyncGenerator<FactRow> {
  const fact = factTableName(table);
  const cell = cellColumns(table);
  const where = ["f.ref_area = $1"];
  const params: unknown[] = [];
  if (!options.includeUnpublished) where.push("r.status = 'published'");
  if (asOfId !== null) where.push(`r.id <= ${asOfId}`);
  if (options.indicator) where.push(`f.indicator = '${options.indicator.replaceAll("'", "''")}'`);
  const areas = await db.query<{ ref_area: string }>(`select distinct ref_area from ${fact} order by ref_area`);
  for (const { ref_area } of areas) {
    params[0] = ref_area;
    const rows = await db.query<FactRow>(
      `select * from (
         select distinct on (${cell.map((c) => `f.${c}`).join(", ")})
           f.*, f.obs_value::text as value, r.code as round_code
         from ${fact} f join collection_rounds r on r.id = f.round_id
         where ${where.join(" and ")}
         order by ${cell.map((c) => `f.${c}`).join(", ")}, r.id desc
       ) x order by indicator, sex, ${table.dimensions.map((d) => d.column).join(", ")}, source_code, time`,
      params,
    );
    for (const row of rows) yield row;
  }
}

function dimensionValues(table: IlmsTable, row: FactRow): Partial<Record<DimensionKey, string>> {
  return Object.fromEntries(table.dimensions.map((d) => [d.key, String(row[d.column])]));
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((resolve) => out.once("drain", resolve));
}

async function labelIndex(db: DbHandle): Promise<(list: string, code: string | null) => string> {
  const rows = await db.query<{ codelist_id: string; code: string; label: string }>(
    "select codelist_id, code, labels->>'en' as label from codes",
  );
  const map = new Map(rows.map((r) => [`${r.codelist_id}\u0000${r.code}`, r.label]));
  return (list, code) => (code === null ? "" : (map.get(`${list}\u0000${code}`) ?? ""));
}

/** Writes the selected observations to `out` in the chosen format. Does not end `out` for CSV; XLSX ends it. */
export async function exportObservations(db: DbHandle, options: ExportOptions, out: Writable): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(options.format))
    throw new ImportRequestError("BAD_FORMAT", `Unknown format '${options.format}': use ${EXPORT_FORMATS.join(", ")}`);
  const { tables, asOfId } = await selection(db, options);
  const result: ExportResult = { rows: 0, tables: [] };
  const touch = (id: number) => {
    result.rows++;
    if (!result.tables.includes(id)) result.tables.push(id);
  };

  if (options.format === "ilostat-csv") {
    await write(out, `\uFEFF${ILOSTAT_COLUMNS.join(",")}\n`);
    for (const table of tables) {
      for await (const row of latestRows(db, table, options, asOfId)) {
        const indicator = getIndicator(row.indicator)!;
        const { classif1, classif2 } = encodeIlostatCodes(indicator, dimensionValues(table, row));
        const text = (s: string | null) => csvField(s === null ? null : neutralise(s));
        const fields = [
          text(row.ref_area),
          text(row.source_code),
          text(row.indicator),
          text(row.sex),
          text(classif1),
          text(classif2),
          String(row.time),
          csvField(row.value), // the value text as stored: `2.300` stays `2.300`
          text(row.obs_status),
          text(row.note_classif),
          text(row.note_indicator),
          text(row.note_source),
        ];
        await write(out, fields.map((f) => (f === '""' ? "" : f)).join(",") + "\n");
        touch(table.id);
      }
    }
    return result;
  }

  const label = await labelIndex(db);
  const dims = TABLES.flatMap((t) => t.dimensions).filter(
    (d, i, all) => all.findIndex((x) => x.key === d.key) === i && tables.some((t) => t.dimensions.includes(d)),
  );
  const header = [
    "table",
    "indicator",
    "ref_area",
    "ref_area_label",
    "time",
    "sex",
    "sex_label",
    ...dims.flatMap((d) => [d.column, `${d.column}_label`]),
    "source",
    "obs_value",
    "unit",
    "obs_status",
    "obs_status_label",
    "note_classif",
    "note_indicator",
    "note_source",
    "round",
  ];
  const labelled = (table: IlmsTable, row: FactRow): (string | number | null)[] => [
    table.id,
    row.indicator,
    row.ref_area,
    label("AREA", row.ref_area),
    Number(row.time),
    row.sex,
    label("SEX", row.sex),
    ...dims.flatMap((d) => {
      const code = table.dimensions.includes(d) ? String(row[d.column]) : null;
      return [code, label(d.codelist, code)];
    }),
    row.source_code,
    row.value,
    table.measure.unit,
    row.obs_status,
    label("OBS_STATUS", row.obs_status),
    row.note_classif,
    row.note_indicator,
    row.note_source,
    row.round_code,
  ];
  const VALUE_AT = header.indexOf("obs_value");

  if (options.format === "csv") {
    await write(out, `\uFEFF${header.join(",")}\n`);
    for (const table of tables) {
      for await (const row of latestRows(db, table, options, asOfId)) {
        const cells = labelled(table, row).map((v, i) =>
          v === null ? "" : i === VALUE_AT || typeof v === "number" ? csvField(String(v)) : csvField(neutralise(v)),
        );
        await write(out, cells.map((f) => (f === '""' ? "" : f)).join(",") + "\n");
        touch(table.id);
      }
    }
    return result;
  }

  // XLSX: streamed workbook, one sheet per table that has rows, then a notes sheet.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const notes = new Set<string>();
  const sources = new Set<string>();
  for (const table of tables) {
    let sheet: ExcelJS.Worksheet | undefined;
    const tableDims = table.dimensions;
    const tableHeader = header.filter((h) => !dims.some((d) => !tableDims.includes(d) && (h === d.column || h === `${d.column}_label`)));
    for await (const row of latestRows(db, table, options, asOfId)) {
      if (!sheet) {
        sheet = workbook.addWorksheet(`T${String(table.id).padStart(2, "0")} ${table.key}`.slice(0, 31));
        sheet.addRow(tableHeader).commit();
      }
      const full = labelled(table, row);
      const values = header
        .map((h, i) => [h, full[i]] as const)
        .filter(([h]) => tableHeader.includes(h))
        .map(([h, v]) =>
          v === null || v === undefined ? null : h === "obs_value" ? Number(v) : typeof v === "number" ? v : neutralise(v),
        );
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
  info.addRow(["Rounds", options.includeUnpublished ? "all rounds, including unpublished" : "published rounds only"]).commit();
  if (options.asOfRound) info.addRow(["As of round", options.asOfRound]).commit();
  info.addRow(["Values", "Latest value of each cell; thousands of persons except table 8 (local currency per month, a mean)"]).commit();
  info.addRow([]).commit();
  info.addRow(["Source", "Name"]).commit();
  if (sources.size > 0) {
    const rows = await db.query<{ code: string; name: string }>(
      "select code, name from data_sources where code = any($1::text[]) order by code",
      [[...sources]],
    );
    for (const r of rows) info.addRow([neutralise(r.code), neutralise(r.name)]).commit();
  }
  info.addRow([]).commit();
  info.addRow(["Note", "Text"]).commit();
  if (notes.size > 0) {
    const keys = [...notes].map((n) => n.split(":"));
    const rows = await db.query<{ note_type: string; note_id: string; text: string }>(
      "select note_type, note_id, labels->>'en' as text from notes where (note_type || ':' || note_id) = any($1::text[]) order by 1, 2",
      [keys.map((k) => k.join(":"))],
    );
    const known = new Map(rows.map((r) => [`${r.note_type}:${r.note_id}`, r.text]));
    for (const n of [...notes].sort()) info.addRow([neutralise(n), neutralise(known.get(n) ?? "(no text registered)")]).commit();
  }
  info.commit();
  await workbook.commit();
  return result;
}
