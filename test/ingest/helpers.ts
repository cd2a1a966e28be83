/** Shared fixtures for the intake suites: the shipped sample, corrupted copies, small files and counts. */
import { readFileSync } from "node:fs";
import { TABLES, factTableName } from "@ilms/domain";
import type { DbHandle } from "@ilms/db";
import { DEMO_FILE } from "@ilms/ingest";

export const HEADER = "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source";

/** The shipped real sample, as text (with its BOM). */
export function sampleText(): string {
  return readFileSync(DEMO_FILE, "utf8");
}

/**
 * The sample with four defects, each at a known line: an unknown destination code, text in obs_value, a
 * duplicated row (appended) and a truncated last line.
 */
export function corruptedSample(): { text: string; expected: { line: number; column: string; value: string; code: string }[] } {
  const lines = sampleText().replace(/\n$/, "").split("\n");
  const set = (lineNo: number, column: number, value: string) => {
    const fields = lines[lineNo - 1]!.split(",");
    const old = fields[column]!;
    fields[column] = value;
    lines[lineNo - 1] = fields.join(",");
    return old;
  };
  set(3, 4, "CDS_DES_ZZZ"); // classif1
  set(5, 7, "1.2.3x"); // obs_value
  const duplicated = lines[10 - 1]!;
  lines.push(duplicated);
  const duplicateLine = lines.length;
  lines.push("LAO,,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR");
  const truncatedLine = lines.length;
  return {
    text: lines.join("\n") + "\n",
    expected: [
      { line: 3, column: "classif1", value: "CDS_DES_ZZZ", code: "UNKNOWN_CODE" },
      { line: 5, column: "obs_value", value: "1.2.3x", code: "NOT_NUMERIC" },
      { line: duplicateLine, column: "*", value: duplicated.split(",")[7]!, code: "DUPLICATE_CELL" },
      { line: truncatedLine, column: "*", value: "LAO,,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR", code: "MALFORMED_LINE" },
    ],
  };
}

/** One row of the ILOSTAT columns, in {@link HEADER} order; the fields not given are left empty. */
export function ilostatRow(r: {
  ref_area: string;
  source: string;
  indicator: string;
  sex: string;
  classif1: string;
  classif2?: string;
  time: string;
  obs_value: string;
  obs_status?: string;
}): string[] {
  return [r.ref_area, r.source, r.indicator, r.sex, r.classif1, r.classif2 ?? "", r.time, r.obs_value, r.obs_status ?? "", "", "", ""];
}

/** A CSV text from rows of the ILOSTAT columns (empty fields left empty). */
export function csv(rows: string[][], header = HEADER): string {
  return [header, ...rows.map((r) => r.join(","))].join("\n") + "\n";
}

/** Fact rows in all tables, optionally of one round. */
export async function countFacts(h: Pick<DbHandle, "query">, roundCode?: string): Promise<number> {
  let total = 0;
  for (const t of TABLES) {
    const [row] = roundCode
      ? await h.query<{ n: number }>(
          `select count(*)::int as n from ${factTableName(t)} f join collection_rounds r on r.id = f.round_id where r.code = $1`,
          [roundCode],
        )
      : await h.query<{ n: number }>(`select count(*)::int as n from ${factTableName(t)}`);
    total += Number(row?.n ?? 0);
  }
  return total;
}

export async function createRound(h: Pick<DbHandle, "query">, code: string, status = "draft"): Promise<void> {
  await h.query("insert into collection_rounds (code, title, reference_year, status) values ($1, $2, 2024, $3)", [
    code,
    `Test round ${code}`,
    status,
  ]);
}

export async function createSource(h: Pick<DbHandle, "query">, code: string, refArea: string, name = "Test source"): Promise<void> {
  await h.query("insert into data_sources (code, ref_area, name) values ($1, $2, $3) on conflict (code) do nothing", [code, refArea, name]);
}
