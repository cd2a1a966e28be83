/** Labelled CSV for people: one header over the selected tables, codes with English labels, unit and round. */
import type { Writable } from "node:stream";
import { labelledLayout } from "./labelled";
import { csvField, csvText } from "./neutralise";
import { tally, write } from "./types";
import type { ExportInput, ExportResult } from "./types";

export async function writeLabelledCsv(input: ExportInput, out: Writable): Promise<ExportResult> {
  const { result, touch } = tally();
  const layout = labelledLayout(
    input.sections.map((s) => s.table),
    input.catalogue,
  );
  const valueAt = layout.header.indexOf("obs_value");
  await write(out, `\uFEFF${layout.header.join(",")}\n`);
  for (const { table, rows } of input.sections) {
    for await (const row of rows) {
      const cells = layout
        .row(table, row)
        .map((v, i) => (v === null ? "" : i === valueAt || typeof v === "number" ? csvField(v) : csvText(v)));
      await write(out, cells.join(",") + "\n");
      touch(table.id);
    }
  }
  return result;
}
