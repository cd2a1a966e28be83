/**
 * The one place that writes SQL over fact tables. Every read (pages of observations, counts, slices,
 * availability, the quality map, revisions) starts from {@link cellsSql}: the rows of one table that pass a
 * filter, in the rounds the caller may see, keeping per cell the value of the latest such round. Tables differ
 * only by their dimension columns, which come from the catalogue.
 */
import { cellAxes, factTableName } from "@ilms/domain";
import type { IlmsTable } from "@ilms/domain";
import type { CodeCondition, FilterPlan } from "./filter";
import { publicRoundSql } from "./visibility";

/** Which rounds a read sees. */
export interface Visibility {
  /** Whether unpublished and embargoed rounds are visible (authorised staff). */
  drafts: boolean;
  /** The state as of this round: later rounds are ignored. Null for the latest. */
  asOfRoundId: number | null;
}

export const PUBLIC: Visibility = { drafts: false, asOfRoundId: null };

/** Positional parameters collected while SQL text is written. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ""): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** Identifier-safe names come from the catalogue only; this guards against a future mistake. */
const checked = new Set<string>();
function ident(name: string): string {
  if (checked.has(name)) return name;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier ${name}`);
  checked.add(name);
  return name;
}

function literal(value: string): string {
  if (!/^[A-Z0-9_]+$/.test(value)) throw new Error(`unsafe SQL literal ${value}`);
  return `'${value}'`;
}

/** Per table, the column lists every statement uses: the catalogue's cell axes, checked once. */
const COLUMNS = new WeakMap<IlmsTable, { dimensions: string[]; key: string[] }>();
function columnsOf(table: IlmsTable): { dimensions: string[]; key: string[] } {
  let columns = COLUMNS.get(table);
  if (!columns) {
    const axes = cellAxes(table);
    columns = { dimensions: axes.filter((a) => a.dimension).map((a) => ident(a.column)), key: axes.map((a) => ident(a.column)) };
    COLUMNS.set(table, columns);
  }
  return columns;
}

/** Dimension columns of a table, in catalogue order. */
export function dimensionColumns(table: IlmsTable): string[] {
  return columnsOf(table).dimensions;
}

/** Columns that identify a cell: one value per cell and round. */
export function cellKey(table: IlmsTable): string[] {
  return columnsOf(table).key;
}

/** A series is a cell without its year (for `lastN`). */
function seriesKey(table: IlmsTable): string[] {
  return cellKey(table).filter((c) => c !== "time");
}

/**
 * Stable reading order: the cell key, which is also the order of the fact table's unique index, so that a page
 * is read in index order and stops after its rows instead of sorting the whole selection.
 */
export function stableOrder(table: IlmsTable): string[] {
  return cellKey(table);
}

/** What a cell read returns. `obs_value` is text so that no driver turns it into a float. */
export function cellColumns(table: IlmsTable): string[] {
  return [
    ...cellKey(table),
    "indicator",
    "file_indicator",
    "round_id",
    "obs_value::text as obs_value",
    "obs_status",
    "note_classif",
    "note_indicator",
    "note_source",
  ];
}

export interface CellRow {
  ref_area: string;
  time: number;
  sex: string;
  source_code: string;
  indicator: string;
  /** The indicator id the imported file gave, when it was an extra id of the region (`sameAs` `indicator`). */
  file_indicator: string | null;
  round_id: number;
  obs_value: string | null;
  obs_status: string | null;
  note_classif: string | null;
  note_indicator: string | null;
  note_source: string | null;
  /** Dimension columns by SQL name. */
  [column: string]: string | number | null;
}

/** The ids of the rounds a read sees. */
export function visibleRoundsSql(vis: Visibility, p: Params): string {
  const conditions = [vis.drafts ? "true" : publicRoundSql("r")];
  if (vis.asOfRoundId !== null) conditions.push(`r.id <= ${p.add(vis.asOfRoundId, "::int")}`);
  return `select r.id from collection_rounds r where ${conditions.join(" and ")}`;
}

/**
 * Edges child -> parent along which a filter node selects codes below it: rollup mappings, additive parents
 * (except family totals, which would select a whole list), and for areas the members of country groups.
 */
function hierarchyEdgesSql(codelist: string): string {
  if (codelist === "AREA") {
    return `select m.country as child, g.code as parent from country_group_members m join country_groups g on g.code = m.group_code
            union all
            select m.country, g.ilostat_code from country_group_members m join country_groups g on g.code = m.group_code where g.ilostat_code is not null`;
  }
  const list = literal(codelist);
  return `select m.code as child, m.target_code as parent from code_mappings m
             where m.codelist_id = ${list} and m.target_codelist_id = ${list} and m.kind = 'rollup'
          union all
          select c.code, c.parent_code from codes c join codes p on p.codelist_id = c.codelist_id and p.code = c.parent_code
             where c.codelist_id = ${list} and p.level <> 'total'`;
}

/** The codes a node selects: itself and every code below it along the hierarchy edges. */
export function expandedCodesSql(cond: Pick<CodeCondition, "codelist" | "codes">, p: Params): string {
  return `with recursive h(code) as (
            select unnest(${p.add(cond.codes, "::text[]")})
            union
            select e.child from h join (${hierarchyEdgesSql(cond.codelist)}) e on e.parent = h.code
          ) select code from h`;
}

/**
 * `column` is one of `codes`: one code is an equality, which the planner uses as an index condition on any column
 * of a composite index (`= any` of a one-element array on a later column becomes a filter on every row the
 * earlier columns select: 2.3 ms instead of 1.7 ms for a country's five years of one migrant status).
 */
export function inCodes(column: string, codes: readonly string[], p: Params): string {
  return codes.length === 1 ? `${column} = ${p.add(codes[0], "::text")}` : `${column} = any(${p.add(codes, "::text[]")})`;
}

function codeConditionSql(cond: CodeCondition, p: Params, alias: string): string {
  const column = `${alias}.${ident(cond.column)}`;
  if (cond.selects) return inCodes(column, cond.selects, p);
  if (!cond.expand) return inCodes(column, cond.codes, p);
  if (cond.codelist === "AREA") {
    // A country group selects its members in the years they were members (ECOWAS in 2026 leaves out BFA,
    // MLI and NER), as roll-ups and corridors count them; a country selects itself. The bound, when the code
    // lists gave it, is what an index can use: without it the membership test runs on every row of the table.
    const bound = cond.within ? `${inCodes(column, cond.within, p)} and ` : "";
    const codes = p.add(cond.codes, "::text[]");
    // Aliases of their own: this condition is also written inside latestOnlySql's subquery over `g`.
    return `${bound}(${column} = any(${codes}) or exists (
              select 1 from country_group_members cgm join country_groups cg on cg.code = cgm.group_code
               where (cg.code = any(${codes}) or cg.ilostat_code = any(${codes})) and cgm.country = ${column}
                 and extract(year from cgm.valid_from) <= ${alias}.time
                 and (cgm.valid_to is null or extract(year from cgm.valid_to) >= ${alias}.time)))`;
  }
  return `${column} in (${expandedCodesSql(cond, p)})`;
}

/** WHERE conditions of a filter plan over fact rows aliased `alias`. */
export function filterConditions(plan: FilterPlan, p: Params, alias = "f"): string[] {
  const where: string[] = [];
  if (plan.indicators) where.push(inCodes(`${alias}.indicator`, plan.indicators, p));
  for (const cond of plan.codes) where.push(codeConditionSql(cond, p, alias));
  for (const group of plan.classif) {
    const alternatives = group.map((c) => `(${alias}.indicator = ${p.add(c.indicator)} and ${codeConditionSql(c, p, alias)})`);
    where.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" or ")})`);
  }
  if (plan.timeFrom !== null) where.push(`${alias}.time >= ${p.add(plan.timeFrom, "::int")}`);
  if (plan.timeTo !== null) where.push(`${alias}.time <= ${p.add(plan.timeTo, "::int")}`);
  if (plan.sources) where.push(inCodes(`${alias}.source_code`, plan.sources, p));
  return where;
}

/**
 * The latest visible value of every cell that passes the filter (with `lastN`, only each series' latest N
 * years). Returns a SELECT whose rows are {@link CellRow}s, or only `columns` of them when given (without `lastN`);
 * callers wrap it.
 */
export function cellsSql(plan: FilterPlan, vis: Visibility, p: Params, columns?: readonly string[]): string {
  const table = plan.table;
  const key = cellKey(table);
  // An array computed once (an InitPlan) rather than a join: the fact table is then scanned once, not once per round.
  const where = [`f.round_id = any(array(${visibleRoundsSql(vis, p)}))`, ...filterConditions(plan, p)];
  // `lastN` ranks by the series key, so it reads every column.
  const selected = plan.lastN === null && columns ? columns : cellColumns(table);
  const latest = `select distinct on (${key.map((c) => `f.${c}`).join(", ")}) ${selected.map((c) => `f.${c}`).join(", ")}
    from ${ident(factTableName(table))} f
    where ${where.join("\n      and ")}
    order by ${key.map((c) => `f.${c}`).join(", ")}, f.round_id desc`;
  if (plan.lastN === null) return latest;
  const series = seriesKey(table).join(", ");
  return `select * from (select l.*, dense_rank() over (partition by ${series} order by time desc) as recency from (${latest}) l) ranked
    where recency <= ${p.add(plan.lastN, "::int")}`;
}

/** Every row (all visible rounds, not only the latest) of the cells that pass the filter: for revisions. */
export function historySql(plan: FilterPlan, vis: Visibility, p: Params): string {
  const table = plan.table;
  const where = [`f.round_id in (${visibleRoundsSql(vis, p)})`, ...filterConditions(plan, p)];
  return `select ${cellColumns(table)
    .map((c) => `f.${c}`)
    .join(", ")}, to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at
    from ${ident(factTableName(table))} f
    where ${where.join(" and ")}
    order by ${cellKey(table)
      .map((c) => `f.${c}`)
      .join(", ")}, f.round_id`;
}

export interface SqlStatement {
  text: string;
  params: unknown[];
}

/**
 * "No later visible round holds this cell": the latest-value rule written as an anti-join on the unique index,
 * which lets pages stream in index order (the DISTINCT ON form must sort the whole selection first).
 */
function latestOnlySql(table: IlmsTable, vis: Visibility, p: Params, alias = "f", narrowing: readonly string[] = []): string {
  const key = cellKey(table);
  return `not exists (select 1 from ${ident(factTableName(table))} g
      where ${key.map((c) => `g.${c} = ${alias}.${c}`).join(" and ")}
        and g.round_id > ${alias}.round_id and g.round_id = any(array(${visibleRoundsSql(vis, p)}))${narrowing.map((c) => `\n        and ${c}`).join("")})`;
}

/**
 * The filter's conditions on a cell's key columns (codes, years, sources; not the indicator, which is no part
 * of the key), over rows aliased `alias`. A later round of the same cell meets them too, so they may be
 * repeated inside {@link latestOnlySql}: the planner then reads only the filter's range of the index there,
 * where a merge anti-join otherwise walks the index from its first entry (PGlite: a 1,000-row page of the
 * ninth country read about 280,000 entries).
 */
function keyConditions(plan: FilterPlan, p: Params, alias: string): string[] {
  const where = plan.codes.map((cond) => codeConditionSql(cond, p, alias));
  if (plan.timeFrom !== null) where.push(`${alias}.time >= ${p.add(plan.timeFrom, "::int")}`);
  if (plan.timeTo !== null) where.push(`${alias}.time <= ${p.add(plan.timeTo, "::int")}`);
  if (plan.sources) where.push(inCodes(`${alias}.source_code`, plan.sources, p));
  return where;
}

/** A page of cells in the stable order, after the cursor, one row more than asked (to know if more follow). */
export function pageSql(plan: FilterPlan, vis: Visibility, first: number, after: readonly (string | number)[] | null): SqlStatement {
  const p = new Params();
  const order = stableOrder(plan.table);
  const cursor = (alias: string) =>
    after
      ? [
          `(${order.map((c) => `${alias}.${c}`).join(", ")}) > (${after.map((v) => p.add(v, typeof v === "number" ? "::int" : "::text")).join(", ")})`,
        ]
      : [];
  if (plan.lastN !== null) {
    const cells = cellsSql(plan, vis, p);
    const where = cursor("c");
    return {
      text: `select c.* from (${cells}) c ${where.length > 0 ? `where ${where[0]}` : ""} order by ${order.map((c) => `c.${c}`).join(", ")} limit ${p.add(first + 1, "::int")}`,
      params: p.values,
    };
  }
  const where = [
    `f.round_id = any(array(${visibleRoundsSql(vis, p)}))`,
    ...filterConditions(plan, p),
    // Not the cursor: as the inner side of a nested-loop anti-join, the planner took `(g.key) > (cursor)` for
    // its index condition instead of the key's equality and read the rest of the country per row (streams).
    latestOnlySql(plan.table, vis, p, "f", keyConditions(plan, p, "g")),
    ...cursor("f"),
  ];
  return factPageSql(plan, where, order, first, p);
}

/** The cells of the fact table of `plan` that meet `where`, in `order`, one row more than `first`. */
function factPageSql(plan: FilterPlan, where: readonly string[], order: readonly string[], first: number, p: Params): SqlStatement {
  const columns = cellColumns(plan.table)
    .map((c) => `f.${c}`)
    .join(", ");
  return {
    text: `select ${columns}
      from ${ident(factTableName(plan.table))} f
      where ${where.join("\n        and ")}
      order by ${order.map((c) => `f.${c}`).join(", ")}
      limit ${p.add(first + 1, "::int")}`,
    params: p.values,
  };
}

export function countSql(plan: FilterPlan, vis: Visibility): SqlStatement {
  const p = new Params();
  return { text: `select count(*)::int as n from (${cellsSql(plan, vis, p)}) c`, params: p.values };
}

/** All cells of a filter, at most `limit` rows (callers pass their cap + 1 to detect an overflow). */
export function allCellsSql(plan: FilterPlan, vis: Visibility, limit: number): SqlStatement {
  const p = new Params();
  return { text: `${cellsSql(plan, vis, p)} limit ${p.add(limit, "::int")}`, params: p.values };
}

/**
 * A page of the earlier versions of the cells of one round: values that round gave to cells a later visible
 * round has revised (the history `includeHistory` shows), in the stable order, after the cursor, one row more
 * than asked.
 */
export function supersededPageSql(
  plan: FilterPlan,
  vis: Visibility,
  roundId: number,
  first: number,
  after: readonly (string | number)[] | null,
): SqlStatement {
  const p = new Params();
  const order = stableOrder(plan.table);
  const where = [
    `f.round_id = ${p.add(roundId, "::int")}`,
    `f.round_id = any(array(${visibleRoundsSql(vis, p)}))`,
    ...filterConditions(plan, p),
    `not ${latestOnlySql(plan.table, vis, p)}`,
  ];
  if (after)
    where.push(
      `(${order.map((c) => `f.${c}`).join(", ")}) > (${after.map((v) => p.add(v, typeof v === "number" ? "::int" : "::text")).join(", ")})`,
    );
  return factPageSql(plan, where, order, first, p);
}

/** A slice axis as the compact statement needs it: its SQL column and whether it sorts as a number. */
export interface CompactAxis {
  column: string;
  numeric: boolean;
}

/**
 * The compact slice encoding of a filter's latest visible cells, built by the database in one row (no roll-up):
 * `n` cells read (at most `limit`), `distinct_keys` distinct code tuples on the requested axes (fewer than `n`
 * means that a dimension left out has several values for one slice cell), per axis its codes in the order the
 * slice lists them (`codes_<i>`, JSON text), and the observations ordered by their index tuples as JSON text:
 * `keys` (`[[i, j, ...], ...]`), `vals` (decimal text or null) and `statuses`.
 *
 * Codes sort by their bytes (`collate "C"`, as JavaScript sorts ASCII codes) and years as numbers, so the indices
 * are those of {@link arrangeSlice}. Each axis's codes are aggregated once (a few hundred at most); a cell's index
 * is its code's position there, and its place in the answer one mixed-radix number of those indices, so the
 * database sorts integers, never the text of the codes twice. JSON comes back as text: Node passes it on and
 * never builds a row object per cell.
 */
export function compactSliceSql(plan: FilterPlan, vis: Visibility, axes: readonly CompactAxis[], limit: number): SqlStatement {
  const p = new Params();
  // Only what the encoding reads: the sort that keeps each cell's latest round carries narrower rows.
  const read = [...axes.map((a) => ident(a.column)), "obs_value::text as obs_value", "obs_status"];
  const cells = `${cellsSql(plan, vis, p, read)} limit ${p.add(limit, "::int")}`;
  const column = (a: CompactAxis) => `c.${ident(a.column)}`;
  const sorted = (a: CompactAxis) => (a.numeric ? "code" : `code collate "C"`);
  const dims = axes.map(
    (a, i) =>
      `d${i} as (select code, (row_number() over (order by ${sorted(a)}) - 1)::int as k from (select distinct ${column(a)} as code from cells c) x)`,
  );
  // Mixed radix over the axes' code counts: ordering by it is ordering by the index tuples.
  let place = "0::bigint";
  axes.forEach((_, i) => (place = `(${place}) * (select count(*) from d${i}) + d${i}.k`));
  // JSON arrays written as text by string_agg (decimal text never needs escaping; statuses go through to_json):
  // no spaces after commas, and cheaper than json_agg's values. All three in one pass over the cells in key
  // order (one sort, not one per array), so that the i-th key, value and status are the same cell's.
  const jsonArray = (item: string) => `'[' || coalesce(string_agg(${item}, ','), '') || ']'`;
  const joins = axes.map((a, i) => `join d${i} on d${i}.code = ${column(a)}`).join(" ");
  return {
    text: `with cells as (${cells}),
    ${dims.join(",\n    ")},
    placed as (select ${axes.map((_, i) => `d${i}.k as k${i}`).join(", ")}, ${place} as place, c.obs_value, c.obs_status from cells c ${joins})
    select (select count(*)::int from cells) as n, enc.distinct_keys,
      ${axes.map((_, i) => `(select coalesce(json_agg(code order by k), '[]')::text from d${i}) as codes_${i}`).join(",\n      ")},
      enc.keys, enc.vals, enc.statuses
    from (select count(distinct place)::int as distinct_keys,
      ${jsonArray(`'[' || ${axes.map((_, i) => `k${i}`).join(" || ',' || ")} || ']'`)} as keys,
      ${jsonArray(`case when obs_value is null then 'null' else '"' || obs_value || '"' end`)} as vals,
      ${jsonArray(`coalesce(to_json(obs_status)::text, 'null')`)} as statuses
      from (select * from placed order by place) o) enc`,
    params: p.values,
  };
}
