/**
 * Where a code is used. Fact tables are found from the catalogue (every coded column of every table, plus
 * the status flag), so a new table or dimension is covered without touching this file.
 */
import { TABLES, codedAxes, factTableName } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { sourceVisibleSql } from "./sources";
import { PUBLIC, Params, visibleRoundsSql } from "./sql";

interface Use {
  /** Where, e.g. `fact_t05.economic_activity` or `data_sources.source_type`. */
  place: string;
  /** The same in words, for people: `Table 5: Employed migrants… (Sex)`, `Data sources (source type)`. */
  label: string;
  sql: string;
}

/**
 * With `drafts` false (anonymous callers) a fact row counts only in a public round and a source only with
 * public data, so that usage never reveals unpublished data; staff see every use.
 */
function usesOf(codelistId: string, drafts: boolean): Use[] {
  const uses: Use[] = [];
  const visibleRows = drafts ? "" : ` and round_id = any(array(${visibleRoundsSql(PUBLIC, new Params())}))`;
  for (const table of TABLES) {
    const titles: Record<string, string> = { refArea: "Reporting country", sex: "Sex" };
    const columns: [string, string][] = [
      ...codedAxes(table)
        .filter((a) => a.codelist === codelistId)
        .map((a) => [a.column, a.dimension?.title ?? titles[a.key] ?? a.key] as [string, string]),
      ...(codelistId === "OBS_STATUS" ? [["obs_status", "Status flag"] as [string, string]] : []),
    ];
    for (const [column, title] of columns)
      uses.push({
        place: `${factTableName(table)}.${column}`,
        label: `Table ${table.id}: ${table.title} (${title})`,
        sql: `select 1 from ${factTableName(table)} where ${column} = $1${visibleRows} limit 1`,
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
  for (const [table, column, label] of other[codelistId] ?? []) {
    const visible = table === "data_sources" && !drafts ? ` and ${sourceVisibleSql(false)}` : "";
    uses.push({ place: `${table}.${column}`, label, sql: `select 1 from ${table} where ${column} = $1${visible} limit 1` });
  }
  uses.push({ place: "child codes", label: "Child codes", sql: `select 1 from codes where codelist_id = $2 and parent_code = $1 limit 1` });
  uses.push({
    place: "code mappings",
    label: "Code mappings",
    sql: `select 1 from code_mappings where (codelist_id = $2 and code = $1) or (target_codelist_id = $2 and target_code = $1) limit 1`,
  });
  return uses;
}

async function usesFound(h: ReadHandle, codelistId: string, code: string, drafts: boolean): Promise<Use[]> {
  const uses = usesOf(codelistId, drafts);
  // One round trip: each probe is a `limit 1` on an indexed or small column.
  const sql = uses.map((u, i) => `select ${i} as i where exists (${u.sql})`).join(" union all ");
  const rows = await h.query<{ i: number }>(sql, [code, codelistId]);
  return rows.map((r) => uses[Number(r.i)]!);
}

/** The places that refer to `code` of `codelistId` (empty when it may be deleted, with `drafts`). */
export async function codeUsage(h: ReadHandle, codelistId: string, code: string, drafts: boolean): Promise<string[]> {
  return (await usesFound(h, codelistId, code, drafts)).map((u) => u.place);
}

/** The same places in words (table numbers and titles, not database names), for the console. */
export async function codeUsageLabels(h: ReadHandle, codelistId: string, code: string, drafts: boolean): Promise<string[]> {
  return (await usesFound(h, codelistId, code, drafts)).map((u) => u.label);
}
