/**
 * Where a code is used. Fact tables are found from the catalogue (every coded column of every table, plus
 * the status flag), so a new table or dimension is covered without touching this file.
 */
import { TABLES, factTableName } from "@ilms/domain";
import type { DbHandle } from "@ilms/db";

interface Use {
  /** Where, e.g. `fact_t05.economic_activity` or `data_sources.source_type`. */
  place: string;
  /** The same in words, for people: `Table 5: Employed migrants… (Sex)`, `Data sources (source type)`. */
  label: string;
  sql: string;
}

function usesOf(codelistId: string): Use[] {
  const uses: Use[] = [];
  for (const table of TABLES) {
    const columns: [string, string][] = [
      ...(codelistId === "AREA" ? [["ref_area", "Reporting country"] as [string, string]] : []),
      ...(codelistId === "SEX" ? [["sex", "Sex"] as [string, string]] : []),
      ...(codelistId === "OBS_STATUS" ? [["obs_status", "Status flag"] as [string, string]] : []),
      ...table.dimensions.filter((d) => d.codelist === codelistId).map((d) => [d.column, d.title] as [string, string]),
    ];
    for (const [column, title] of columns)
      uses.push({
        place: `${factTableName(table)}.${column}`,
        label: `Table ${table.id}: ${table.title} (${title})`,
        sql: `select 1 from ${factTableName(table)} where ${column} = $1 limit 1`,
      });
  }
  const other: Record<string, [string, string, string][]> = {
    AREA: [
      ["data_sources", "ref_area", "Data sources (country)"],
      ["country_group_members", "country", "Country groups (members)"],
    ],
    SOURCE_TYPE: [["data_sources", "source_type", "Data sources (source type)"]],
    BASIS: [["data_sources", "migrant_basis", "Data sources (migrant basis)"]],
  };
  for (const [table, column, label] of other[codelistId] ?? [])
    uses.push({ place: `${table}.${column}`, label, sql: `select 1 from ${table} where ${column} = $1 limit 1` });
  uses.push({ place: "child codes", label: "Child codes", sql: `select 1 from codes where codelist_id = $2 and parent_code = $1 limit 1` });
  uses.push({
    place: "code mappings",
    label: "Code mappings",
    sql: `select 1 from code_mappings where (codelist_id = $2 and code = $1) or (target_codelist_id = $2 and target_code = $1) limit 1`,
  });
  return uses;
}

async function usesFound(h: DbHandle, codelistId: string, code: string): Promise<Use[]> {
  const uses = usesOf(codelistId);
  // One round trip: each probe is a `limit 1` on an indexed or small column.
  const sql = uses.map((u, i) => `select ${i} as i where exists (${u.sql})`).join(" union all ");
  const rows = await h.query<{ i: number }>(sql, [code, codelistId]);
  return rows.map((r) => uses[Number(r.i)]!);
}

/** The places that refer to `code` of `codelistId` (empty when it may be deleted). */
export async function codeUsage(h: DbHandle, codelistId: string, code: string): Promise<string[]> {
  return (await usesFound(h, codelistId, code)).map((u) => u.place);
}

/** The same places in words (table numbers and titles, not database names), for the console. */
export async function codeUsageLabels(h: DbHandle, codelistId: string, code: string): Promise<string[]> {
  return (await usesFound(h, codelistId, code)).map((u) => u.label);
}
