/** The shipped real sample as plain records, read independently of the import pipeline (for expected values). */
import { readFileSync } from "node:fs";
import { DEMO_FILE } from "@ilms/ingest";

export interface SampleRow {
  ref_area: string;
  indicator: string;
  sex: string;
  classif1: string;
  classif2: string;
  time: string;
  obs_value: string;
  obs_status: string;
}

let cached: SampleRow[] | undefined;

export function sampleRows(): SampleRow[] {
  if (!cached) {
    const [header, ...lines] = readFileSync(DEMO_FILE, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    const columns = header!.split(",");
    cached = lines.map((line) => {
      const fields = line.split(",");
      return Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? ""])) as unknown as SampleRow;
    });
  }
  return cached;
}

/** The sample's value of one cell; throws when the sample has none (a test built on a missing row is wrong). */
export function value(cell: Partial<SampleRow>): string {
  const rows = sampleRows().filter((r) => Object.entries(cell).every(([k, v]) => r[k as keyof SampleRow] === v));
  if (rows.length !== 1) throw new Error(`the sample has ${rows.length} rows for ${JSON.stringify(cell)}`);
  return rows[0]!.obs_value;
}
