/**
 * ILOSTAT bulk CSV, lossless: what was imported comes back with the same codes and the same value text
 * (`numeric` keeps the published decimals: `2.300` stays `2.300`, and a row imported under one of a region's
 * extra indicator ids comes back with that id).
 */
import type { Writable } from "node:stream";
import { ILOSTAT_COLUMNS, encodeIlostatCodes, getIndicator } from "@ilms/domain";
import type { DimensionKey } from "@ilms/domain";
import { csvField, csvText } from "./neutralise";
import { tally, write } from "./types";
import type { ExportInput, ExportResult } from "./types";

export async function writeIlostatCsv(input: ExportInput, out: Writable): Promise<ExportResult> {
  const { result, touch } = tally();
  await write(out, `\uFEFF${ILOSTAT_COLUMNS.join(",")}\n`);
  for (const { table, rows } of input.sections) {
    for await (const row of rows) {
      const indicator = getIndicator(row.indicator)!;
      const dims: Partial<Record<DimensionKey, string>> = {};
      for (const d of table.dimensions) dims[d.key] = String(row[d.column]);
      const { classif1, classif2 } = encodeIlostatCodes(indicator, dims);
      const fields = [
        csvText(row.ref_area),
        csvText(row.source_code),
        csvText(row.file_indicator ?? row.indicator),
        csvText(row.sex),
        csvText(classif1),
        csvText(classif2),
        String(row.time),
        csvField(row.obs_value), // the value text as stored
        csvText(row.obs_status),
        csvText(row.note_classif),
        csvText(row.note_indicator),
        csvText(row.note_source),
      ];
      await write(out, fields.join(",") + "\n");
      touch(table.id);
    }
  }
  return result;
}
