/**
 * What every writer consumes: the engine's rows of each table as a stream, plus the catalogue around them
 * (labels, round codes, source names, note texts). Writers know no database; a new format (SDMX, JSON-stat)
 * is one more module with the same signature.
 */
import type { Writable } from "node:stream";
import type { IlmsTable } from "@ilms/domain";
import type { CellRow, LabelChoice, TextFallback, TextLabelKind } from "@ilms/query";

export type ExportFormat = "ilostat-csv" | "csv" | "xlsx";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ilostat-csv", "csv", "xlsx"];

/** One table's rows: the engine's latest visible cells, read lazily. */
export interface ExportSection {
  table: IlmsTable;
  rows: AsyncIterable<CellRow>;
}

export interface ExportCatalogue {
  /** English label of a code of a list, "" when unknown or null. */
  label(codelist: string, code: string | null): string;
  /** Code of a round by id. */
  roundCode(roundId: number): string;
  /** Names of data sources by code, as registered (for the XLSX notes sheet; {@link text} gives them in `lang`). */
  sourceNames(codes: readonly string[]): Promise<Map<string, string>>;
  /** Language of the labels and texts (`en` unless asked). */
  lang: string;
  /**
   * A free text (table, indicator and dimension titles, a source's name) in `lang` where a label is loaded,
   * else its original; the choice says which language it is in, and every fallback is counted.
   */
  text(kind: TextLabelKind, subject: string | number, field: string, original: string): LabelChoice;
  /** The texts given so far that fell back (see {@link text}). */
  textFallbacks(): TextFallback[];
  /** Per code list the export uses, codes without a label in `lang` (given in English). */
  codeFallbacks: readonly { codelist: string; untranslated: number; total: number }[];
  /** English texts of notes by `type:id` (for the XLSX notes sheet). */
  noteTexts(keys: readonly string[]): Promise<Map<string, string>>;
  /** Which rounds the rows come from, in words (`published rounds only`, `all rounds, including unpublished`). */
  scope: string;
  /** The round the values stand at, when asked. */
  asOfRound: string | null;
}

export interface ExportInput {
  /** Sections in output order; their tables are known before any row is read. */
  sections: readonly ExportSection[];
  catalogue: ExportCatalogue;
}

export interface ExportResult {
  rows: number;
  tables: number[];
}

/** A writer: CSV writers leave `out` open; XLSX ends it (the workbook's zip is finished by its commit). */
export type ExportWriter = (input: ExportInput, out: Writable) => Promise<ExportResult>;

/** Counts rows per table as a writer goes. */
export function tally(): { result: ExportResult; touch(tableId: number): void } {
  const result: ExportResult = { rows: 0, tables: [] };
  return {
    result,
    touch(tableId) {
      result.rows++;
      if (!result.tables.includes(tableId)) result.tables.push(tableId);
    },
  };
}

/** The client went away: stop reading and writing. */
export class OutputClosed extends Error {
  constructor() {
    super("the output was closed before the export finished");
    this.name = "OutputClosed";
  }
}

/** Writes text, waiting for the consumer when its buffer is full (so a slow client never fills memory). */
export async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new OutputClosed();
  if (out.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
  if (out.destroyed) throw new OutputClosed();
}
