/**
 * Statistical checks, run inside the import's transaction once the file's rows are in (or on demand over a
 * whole round, `ilms check`): they report only groups the checked rows touch. They never refuse a file and
 * never change a value; findings are stored and reported.
 *
 * Driven by data: additivity follows `codes.parent_code` within a code family (sex, age bands, sections,
 * ISCO groups, migrant status, labour market status) and the area list for counterpart countries; coherence
 * across tables follows the catalogue's coherence groups ({@link COHERENCE_GROUPS}), parts against wholes its
 * subset rules; counterparts equal to the reporting country and breaks in series are flagged too.
 *
 * Across rounds: each check sees, per cell, the value of the round being checked or else the latest publicly
 * visible one ({@link latestCellsSql}), so new data are compared with what is already published, and every
 * cell of a finding says which round (and source) it came from.
 */
import { createHash } from "node:crypto";
import {
  DEFAULT_CHECK_THRESHOLDS,
  SUBSET_RULES,
  TABLES,
  cellKeyColumns,
  codedAxes,
  coherenceGroups,
  encodeIlostatCodes,
  factTableName,
  getIndicator,
  requireTable,
} from "@ilms/domain";
import type { CheckThresholds, DimensionDef, DimensionKey, IlmsTable, SubsetRule } from "@ilms/domain";
import type { RawTx } from "@ilms/db";
import { signalDataChanged } from "@ilms/db/changes";
import { ImportRequestError } from "./report";
import type { Finding, FindingCell } from "./report";

/**
 * Published figures are rounded (to 0.001 thousand persons in most series, to 0.1 in some): each of n
 * components and the total may be off by half a unit of the finest precision the values show, so a total may
 * differ from the sum of its parts by up to 0.5 unit * (n + 1) without any error. The unit is read from the
 * values' decimals (numeric keeps them: `2.300` has scale 3), never below {@link ROUNDING_UNIT}.
 */
export const ROUNDING_UNIT = 0.001;
const unitOf = (scales: string) => `power(10::numeric, -least(${Math.round(-Math.log10(ROUNDING_UNIT))}, ${scales}))`;
/**
 * Components that may be absent without making the set incomplete: only the sex "other" (rarely collected).
 * A missing "not classified" (`_X`) component makes the set incomplete, so such a total is not checked.
 */
const OPTIONAL_COMPONENT = `(k.code = 'SEX_O')`;
/** Area levels that partition a total of counterpart countries (regions and groups overlap countries). */
const PARTITION_AREA_LEVELS = ["country", "other", "historical"];

interface Axis {
  column: string;
  codelist: string;
  counterpart: boolean;
}

/** The axes a total adds up along: the coded axes of the cell except the reporting country and the basis. */
function axes(table: IlmsTable): Axis[] {
  return codedAxes(table)
    .filter((a) => a.key !== "refArea" && a.key !== "basis")
    .map((a) => ({ column: a.column, codelist: a.codelist, counterpart: a.dimension?.counterpart === true }));
}

/**
 * Planner settings while the checks run (SQL expressions), local to the transaction and set back when they
 * end. The checks sort and hash every checked cell: in memory, where a server's default `work_mem` of 4 MB
 * sends a few thousand cells to temporary files (a server set higher keeps its own). And equality joins on a
 * cell's text keys hash: PostgreSQL costs sorting on five or six text keys far below what it takes (a merge
 * join of 336,150 cells with their year before sorted both sides in 8.2 s; the hash join takes under 1 s).
 */
const CHECK_SETTINGS: Readonly<Record<string, string>> = {
  work_mem: "greatest(pg_size_bytes(current_setting('work_mem')), pg_size_bytes('64MB'))::text || 'B'",
  enable_mergejoin: "'off'",
};

/** Sets each setting to its expression's value for the rest of the transaction; returns the previous values, as expressions. */
async function applySettings(tx: RawTx, settings: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const names = Object.keys(settings);
  const [row] = await tx.query<Record<string, string>>(
    `select ${names.map((n, i) => `current_setting('${n}') as old_${i}, set_config('${n}', ${settings[n]}, true) as new_${i}`).join(", ")}`,
  );
  return Object.fromEntries(names.map((n, i) => [n, `'${String(row![`old_${i}`]).replace(/'/g, "''")}'`]));
}

/** The temporary table that holds a table's checked cells for one run of the checks ({@link temporaryCells}). */
const checkedTable = (table: IlmsTable) => `ingest_checked_t${String(table.id).padStart(2, "0")}`;

/** The columns of a checked cell that the checks read: its key, value and provenance. */
const checkedColumns = (table: IlmsTable) => [
  "id",
  ...cellKeyColumns(table),
  "indicator",
  "obs_value",
  "obs_status",
  "round_id",
  "import_id",
];

/**
 * The cells a check sees, per table: for each cell, its value in the round being checked (`round`, an SQL
 * expression) if that round holds it, else its latest value among the publicly visible rounds, whatever round
 * holds it. Only the reporting countries the checked rows belong to (`areas`, a text array) are read. Each
 * row carries its round's code.
 *
 * The round's own cells are read as they are (the cell index makes them unique); only the cells of other
 * rounds that the round does not hold are sorted for their latest value, so a first round sorts nothing:
 * sorting every cell on its six text keys was most of the checks' time on a large file.
 */
function latestCellsSql(table: IlmsTable, round: string, areas: string): string {
  const fact = factTableName(table);
  const key = cellKeyColumns(table);
  const columns = checkedColumns(table)
    .map((c) => `f.${c}`)
    .join(", ");
  const cells = key.map((c) => `f.${c}`).join(", ");
  return `select ${columns}, r.code as round_code from ${fact} f join collection_rounds r on r.id = f.round_id
     where f.round_id = ${round} and f.ref_area = any(${areas})
     union all
     (select distinct on (${cells}) ${columns}, r.code from ${fact} f join collection_rounds r on r.id = f.round_id
      where f.ref_area = any(${areas}) and f.round_id <> ${round}
        and r.status = 'published' and (r.release_at is null or r.release_at <= now())
        and not exists (select 1 from ${fact} g where g.round_id = ${round} and ${key.map((c) => `g.${c} = f.${c}`).join(" and ")})
      order by ${cells}, f.round_id desc)`;
}

/**
 * Where one run of the checks reads each table's checked cells ({@link latestCellsSql}), and the parameters
 * every check's statement takes: `$1` the round, `$2` the import (null for a whole round).
 */
interface CheckedCells extends CellsForm {
  readonly params: unknown[];
}

/** How one run reads the checked cells: from temporary tables ({@link temporaryCells}) or inline ({@link inlineCells}). */
interface CellsForm {
  /** A query of the table's checked cells. */
  of(table: IlmsTable): string;
  /**
   * How a statement that reads a table's cells several times holds them: computed once for the statement
   * (inline), or read from the temporary table each time (copying it would cost more than reading it).
   */
  readonly cte: "materialized" | "not materialized";
  /** Drops what the run wrote. */
  close(): Promise<void>;
}

/**
 * From this many of the round's cells in the tables a run reads (on its reporting countries), each table's
 * checked cells are written once into a temporary table every check reads (a table takes part in up to six
 * checks); below, each check reads them inline. Creating, analysing and dropping the tables costs about 3 ms
 * a table on PGlite, more than a small file's checks save by it: re-checking a 2-row round (5 tables) took
 * 33 ms inline and 38 ms with the tables, the 2,756-cell demo round (all 17 tables) 235 and 226 ms.
 */
export const TEMPORARY_CELLS_FROM = 2_000;

/**
 * The round and the reporting countries as SQL literals (an id, and codes read from the fact tables), for
 * the statements that read the checked cells: a `create table as` takes no parameters, and a check's
 * statement must use each parameter it is given, which not every one does with the import's.
 */
function literals(roundId: number, areas: readonly string[]): { round: string; areas: string } {
  return { round: String(Math.trunc(roundId)), areas: `array[${areas.map((a) => `'${a.replace(/'/g, "''")}'`).join(", ")}]::text[]` };
}

/** The checked cells written once per table into temporary tables ({@link latestCellsSql}). */
async function temporaryCells(tx: RawTx, tables: readonly IlmsTable[], roundId: number, areas: string[]): Promise<CellsForm> {
  const { round, areas: list } = literals(roundId, areas);
  for (const table of tables) {
    await tx.query(`create temp table ${checkedTable(table)} on commit drop as ${latestCellsSql(table, round, list)}`);
    await tx.query(`analyze ${checkedTable(table)}`);
  }
  return {
    of: (table) => `select * from ${checkedTable(table)}`,
    cte: "not materialized",
    close: async () => {
      for (const table of tables) await tx.query(`drop table ${checkedTable(table)}`);
    },
  };
}

/**
 * The checked cells read inline by every check: the same cells as {@link latestCellsSql}, by one sort of
 * every visible round's cells, the round's own first (cheaper than its two parts when the cells are few).
 */
function inlineCells(roundId: number, areas: string[]): CellsForm {
  const { round, areas: list } = literals(roundId, areas);
  const of = (table: IlmsTable) => {
    const key = cellKeyColumns(table)
      .map((c) => `f.${c}`)
      .join(", ");
    return `select distinct on (${key}) ${checkedColumns(table)
      .map((c) => `f.${c}`)
      .join(", ")}, r.code as round_code
          from ${factTableName(table)} f join collection_rounds r on r.id = f.round_id
          where f.ref_area = any(${list})
            and (f.round_id = ${round} or (r.status = 'published' and (r.release_at is null or r.release_at <= now())))
          order by ${key}, (f.round_id = ${round}) desc, f.round_id desc`;
  };
  return { of, cte: "materialized", close: async () => {} };
}

/** Whether a checked row is one of the rows being checked: of the round, and of the import when one is given. */
const touched = (alias: string) => `(${alias}.round_id = $1 and ($2::int is null or ${alias}.import_id = $2))`;

function cellJson(table: IlmsTable, alias: string): string {
  const parts = [
    `'table', ${table.id}`,
    `'indicator', ${alias}.indicator`,
    `'refArea', ${alias}.ref_area`,
    `'time', ${alias}.time`,
    `'sex', ${alias}.sex`,
    `'sourceCode', ${alias}.source_code`,
    `'round', ${alias}.round_code`,
    `'value', ${alias}.obs_value::text`,
    `'status', ${alias}.obs_status`,
    `'dimensions', jsonb_build_object(${table.dimensions.map((d) => `'${d.key}', ${alias}.${d.column}`).join(", ") || ""})`,
  ];
  return `jsonb_build_object(${parts.join(", ")})`;
}

interface RawCell {
  table: number;
  indicator: string;
  refArea: string;
  time: number;
  sex: string;
  sourceCode: string;
  round: string;
  value: string | null;
  status: string | null;
  dimensions: Record<string, string>;
}

const asCell = (c: RawCell, role: string): FindingCell => ({
  table: c.table,
  indicator: c.indicator,
  refArea: c.refArea,
  time: Number(c.time),
  sex: c.sex,
  dimensions: c.dimensions,
  sourceCode: c.sourceCode,
  round: c.round,
  value: c.value,
  role,
});

/** The cell's ILOSTAT codes, for messages people recognise (`SEX_T`, `CDS_DES_KOR`). */
function codesOf(c: RawCell): { sex: string; classif1: string; classif2: string } {
  const indicator = getIndicator(c.indicator);
  const encoded = indicator
    ? encodeIlostatCodes(indicator, c.dimensions as Partial<Record<DimensionKey, string>>)
    : { classif1: "", classif2: "" };
  return { sex: c.sex, ...encoded };
}

function codeOnAxis(c: RawCell, axis: Axis, table: IlmsTable): string {
  const codes = codesOf(c);
  if (axis.column === "sex") return codes.sex;
  const indicator = getIndicator(c.indicator);
  const dim = table.dimensions.find((d) => d.column === axis.column) as DimensionDef;
  if (indicator?.classif1?.dimension === dim.key) return codes.classif1;
  if (indicator?.classif2?.dimension === dim.key) return codes.classif2;
  return c.dimensions[dim.key] ?? "";
}

function fmt(n: number): string {
  return n.toFixed(3);
}

/** English labels of codes by code list, for messages with labels and not only codes. */
class Labels {
  private constructor(private readonly byList: Map<string, Map<string, string>>) {}

  static async load(tx: RawTx): Promise<Labels> {
    const rows = await tx.query<{ codelist_id: string; code: string; label: string | null }>(
      "select codelist_id, code, labels->>'en' as label from codes",
    );
    const byList = new Map<string, Map<string, string>>();
    for (const r of rows) {
      if (!byList.has(r.codelist_id)) byList.set(r.codelist_id, new Map());
      byList.get(r.codelist_id)!.set(r.code, r.label ?? r.code);
    }
    return new Labels(byList);
  }

  of(codelist: string, code: string): string {
    if (codelist === "AREA" && code === "TOTAL") return "all countries";
    return this.byList.get(codelist)?.get(code) ?? code;
  }

  /** "Indonesia 2016, Female, Country of destination: Brunei Darussalam (table 15, source X, round Y)". */
  cell(c: RawCell, omit: readonly string[] = []): string {
    const table = requireTable(c.table);
    const dims = table.dimensions
      .filter((d) => d.key !== "basis" && !omit.includes(d.key) && c.dimensions[d.key] !== undefined)
      .map((d) => `${d.title}: ${this.of(d.codelist, c.dimensions[d.key]!)}`);
    return [`${this.of("AREA", c.refArea)} ${c.time}`, this.of("SEX", c.sex), ...dims].join(", ");
  }
}

const where = (c: RawCell) => `table ${c.table}, source ${c.sourceCode}, round ${c.round}`;

async function additivity(tx: RawTx, table: IlmsTable, cells: CheckedCells): Promise<Finding[]> {
  const cell = cellKeyColumns(table);
  const findings: Finding[] = [];
  for (const axis of axes(table)) {
    const others = cell.filter((c) => c !== axis.column);
    const levels = PARTITION_AREA_LEVELS.map((l) => `'${l}'`).join(", ");
    // Each row enters once as a component (keyed by its parent code) and, when it is a total, once as a total
    // (keyed by its own code); one hash aggregate per axis then sets every total beside the sum of its
    // components. No self-join, so the cost grows linearly with the cells checked on both drivers.
    const asComponent = axis.counterpart
      ? `select ${others.map((o) => `c.${o}`).join(", ")}, 'TOTAL' as key, 0 as role, c.obs_value as v, c.id, c.round_id, c.import_id, c.${axis.column} as code
         from v c join codes k on k.codelist_id = 'AREA' and k.code = c.${axis.column} and k.level in (${levels})
         where c.${axis.column} <> 'TOTAL'`
      : `select ${others.map((o) => `c.${o}`).join(", ")}, k.parent_code as key, 0 as role, c.obs_value as v, c.id, c.round_id, c.import_id, c.${axis.column} as code
         from v c join codes k on k.codelist_id = '${axis.codelist}' and k.code = c.${axis.column} and k.parent_code is not null`;
    const isTotal = axis.counterpart
      ? `p.${axis.column} = 'TOTAL'`
      : `p.${axis.column} in (select parent_code from codes where codelist_id = '${axis.codelist}' and parent_code is not null)`;
    // Cells without any total on this axis have nothing to check: a cheap look before the aggregate.
    const [anyTotal] = await tx.query<{ any: boolean }>(`select exists (select 1 from (${cells.of(table)}) p where ${isTotal}) as any`);
    if (!anyTotal?.any) continue;
    const asTotal = `select ${others.map((o) => `p.${o}`).join(", ")}, p.${axis.column} as key, 1 as role, p.obs_value as v, p.id, p.round_id, p.import_id, p.${axis.column} as code
         from v p where ${isTotal}`;
    const complete = axis.counterpart
      ? "bool_or(x.role = 0 and x.code = 'X')"
      : `count(*) filter (where x.role = 0 and x.code <> 'SEX_O') = (select count(*) from codes k where k.codelist_id = '${axis.codelist}' and k.parent_code = x.key and not ${OPTIONAL_COMPONENT})`;
    const total = "max(x.v) filter (where x.role = 1)";
    const parts = "sum(x.v) filter (where x.role = 0)";
    const failing = `
      select max(x.id) filter (where x.role = 1) as pid, x.key, ${parts} as expected
      from (${asComponent} union all ${asTotal}) x
      group by ${others.map((o) => `x.${o}`).join(", ")}, x.key
      having count(*) filter (where x.role = 1) = 1 and ${total} is not null
         and count(*) filter (where x.role = 0) > 0 and count(*) filter (where x.role = 0 and x.v is null) = 0
         and bool_or(${touched("x")}) and ${complete}
         and abs(${total} - ${parts}) > 0.5 * ${unitOf("max(scale(x.v))")} * count(*)`;
    const component = axis.counterpart
      ? `c.${axis.column} <> 'TOTAL' and exists (select 1 from codes k where k.codelist_id = 'AREA' and k.code = c.${axis.column} and k.level in (${levels}))`
      : `exists (select 1 from codes k where k.codelist_id = '${axis.codelist}' and k.code = c.${axis.column} and k.parent_code = f.key)`;
    const sql = `
      with v as ${cells.cte} (${cells.of(table)}), failing as (${failing})
      select ${cellJson(table, "p")} as total, p.obs_value::text as actual, f.expected::text as expected,
             (select jsonb_agg(${cellJson(table, "c")} order by c.${axis.column}) from v c
              where ${others.map((o) => `c.${o} = p.${o}`).join(" and ")} and ${component}) as parts
      from failing f join v p on p.id = f.pid`;
    const rows = await tx.query<{ total: RawCell; parts: RawCell[]; expected: string; actual: string }>(sql, cells.params);
    for (const r of rows) {
      const total = r.total;
      const parts = r.parts;
      const context = [codesOf(total).classif1, codesOf(total).classif2, axis.column === "sex" ? "" : total.sex].filter(
        (s) => s && s !== codeOnAxis(total, axis, table),
      );
      const sum = parts.map((p) => `${codeOnAxis(p, axis, table)} ${p.value}`).join(" + ");
      const diff = Number(r.actual) - Number(r.expected);
      const rounds = [...new Set([total, ...parts].map((c) => c.round))];
      findings.push({
        check: "additivity",
        severity: "warning",
        table: table.id,
        refArea: total.refArea,
        time: Number(total.time),
        sourceCode: total.sourceCode,
        message:
          `Table ${table.id}, ${total.refArea} ${total.time}${context.length ? `, ${context.join(", ")}` : ""}: ` +
          `${codeOnAxis(total, axis, table)} ${total.value} differs from ${sum} = ${fmt(Number(r.expected))} by ${fmt(diff)}` +
          (rounds.length > 1 ? ` (rounds ${rounds.join(", ")})` : ""),
        expected: r.expected,
        actual: r.actual,
        cells: [asCell(total, "total"), ...parts.map((p) => asCell(p, "component"))],
      });
    }
  }
  return findings;
}

/** A table's contribution to a coherence group: its total cell, optionally restricted on some dimensions. */
interface CoherenceMember {
  table: number;
  /** Dimension values the member is restricted to (e.g. migrant status foreign-born or non-citizen). */
  where?: Partial<Record<DimensionKey, readonly string[]>>;
}

interface CoherenceGroup {
  key: string;
  title: string;
  members: readonly CoherenceMember[];
}

/** Totals that must agree across tables for the same country, year, source, sex (and migrant basis): the catalogue's groups. */
export const COHERENCE_GROUPS: readonly CoherenceGroup[] = coherenceGroups().map((g) => ({
  key: g.key,
  title: g.title,
  members: g.members.map((m) => ({ table: m.table.id, ...(m.where ? { where: m.where } : {}) })),
}));

/** SQL conditions restricting a table's cells to its totals, except on the dimensions `where` restricts. */
function restrictions(
  table: IlmsTable,
  alias: string,
  only: Partial<Record<DimensionKey, readonly string[]>> | undefined,
  totals: boolean,
) {
  const conditions: string[] = [];
  for (const d of table.dimensions) {
    if (d.key === "basis") continue;
    const values = only?.[d.key];
    if (values) conditions.push(`${alias}.${d.column} in (${values.map((v) => `'${v}'`).join(", ")})`);
    else if (!totals) continue;
    else if (d.counterpart) conditions.push(`${alias}.${d.column} = 'TOTAL'`);
    else conditions.push(`${alias}.${d.column} in (select code from codes where codelist_id = '${d.codelist}' and level = 'total')`);
  }
  return conditions;
}

function memberSelect(member: CoherenceMember, cells: CheckedCells): string {
  const table = requireTable(member.table);
  const conditions = ["f.obs_value is not null", ...restrictions(table, "f", member.where, true)];
  const basis = table.dimensions.some((d) => d.key === "basis") ? "f.basis" : "null::text";
  // One total per table and key even where several families carry one (ECO_ISIC4_TOTAL, ECO_AGGREGATE_TOTAL).
  const order = table.dimensions.map((d) => `f.${d.column}`).join(", ");
  return `select distinct on (f.ref_area, f.time, f.sex, f.source_code, ${basis})
            ${table.id} as table_id, f.ref_area, f.time, f.sex, f.source_code, ${basis} as basis, f.obs_value,
            ${touched("f")} as touched, ${cellJson(table, "f")} as cell
          from (${cells.of(table)}) f where ${conditions.join(" and ")}
          order by f.ref_area, f.time, f.sex, f.source_code, ${basis}, ${order}`;
}

/**
 * Totals of a coherence group that disagree. Where the smaller is below the configured share of the larger,
 * one table covers only part of the other: a `partial-coverage` finding with the share, not a disagreement.
 */
async function coherence(
  tx: RawTx,
  group: CoherenceGroup,
  cells: CheckedCells,
  labels: Labels,
  thresholds: CheckThresholds,
): Promise<Finding[]> {
  const union = group.members.map((m) => `(${memberSelect(m, cells)})`).join(" union all ");
  const sql = `
    select ref_area, time, sex, source_code, basis, min(table_id)::int as table_id,
           jsonb_agg(cell order by obs_value desc, table_id) as cells, min(obs_value)::text as low, max(obs_value)::text as high
    from (${union}) m
    group by ref_area, time, sex, source_code, basis
    having count(*) > 1 and max(obs_value) - min(obs_value) > ${unitOf("max(scale(obs_value))")} and bool_or(touched)`;
  const rows = await tx.query<{
    ref_area: string;
    time: number;
    sex: string;
    source_code: string;
    basis: string | null;
    table_id: number;
    cells: RawCell[];
    low: string;
    high: string;
  }>(sql, cells.params);
  return rows.map((r): Finding => {
    const high = r.cells[0]!;
    const low = r.cells[r.cells.length - 1]!;
    const share = Number(r.high) > 0 ? Number(r.low) / Number(r.high) : 1;
    const context = `${group.title}, ${labels.of("AREA", r.ref_area)} ${r.time}, ${labels.of("SEX", r.sex)}${r.basis ? ` (${labels.of("BASIS", r.basis)})` : ""}`;
    const partial = share < thresholds.partialCoverageBelow;
    return {
      check: partial ? "partial-coverage" : "coherence",
      severity: partial ? "info" : "warning",
      table: Number(r.table_id),
      refArea: r.ref_area,
      time: Number(r.time),
      sourceCode: r.source_code,
      message: partial
        ? `${context}: table ${low.table} (${where(low)}) totals ${low.value}, ${(share * 100).toFixed(1)}% of table ${high.table} (${where(high)}) ${high.value}: it covers only part of it`
        : `${context}: totals differ across tables: ` +
          r.cells.map((c) => `table ${c.table} ${c.value} (source ${c.sourceCode}, round ${c.round})`).join(", "),
      expected: high.value,
      actual: low.value,
      cells: r.cells.map((c) => asCell(c, "total")),
    };
  });
}

/** Parts that exceed their whole: the catalogue's subset rules ({@link SUBSET_RULES}). */
async function subset(tx: RawTx, rule: SubsetRule, cells: CheckedCells, labels: Labels): Promise<Finding[]> {
  const part = requireTable(rule.part.table);
  const whole = requireTable(rule.whole.table);
  const restricted = new Set([...Object.keys(rule.part.where ?? {}), ...Object.keys(rule.whole.where ?? {})]);
  const shared = part.dimensions.filter((d) => !restricted.has(d.key) && whole.dimensions.some((w) => w.key === d.key));
  const join = [
    "p.ref_area = w.ref_area",
    "p.time = w.time",
    "p.sex = w.sex",
    ...shared.map((d) => `p.${d.column} = w.${d.column}`),
    ...(rule.sameSource ? ["p.source_code = w.source_code"] : []),
  ];
  const sql = `
    select ${cellJson(part, "p")} as part, ${cellJson(whole, "w")} as whole
    from (${cells.of(part)}) p join (${cells.of(whole)}) w on ${join.join(" and ")}
    where ${[...restrictions(part, "p", rule.part.where, false), ...restrictions(whole, "w", rule.whole.where, false)].join(" and ") || "true"}
      and p.obs_value - w.obs_value > ${unitOf("greatest(scale(p.obs_value), scale(w.obs_value))")}
      and (${touched("p")} or ${touched("w")})
    order by p.ref_area, p.time, p.sex`;
  const rows = await tx.query<{ part: RawCell; whole: RawCell }>(sql, cells.params);
  return rows.map(({ part: p, whole: w }): Finding => ({
    check: "subset",
    severity: "warning",
    table: p.table,
    refArea: p.refArea,
    time: Number(p.time),
    sourceCode: p.sourceCode,
    message:
      `${labels.cell(p, Object.keys(rule.part.where ?? {}))}: ${rule.part.label} ${p.value} (${where(p)}) exceeds ` +
      `${rule.whole.label} ${w.value} (${where(w)}), which it is part of, by ${fmt(Number(p.value) - Number(w.value))}`,
    expected: w.value,
    actual: p.value,
    cells: [asCell(p, "part"), asCell(w, "whole")],
  }));
}

/** A counterpart country equal to the reporting country: IDN counted among IDN's own foreign-born. */
async function selfCounterpart(tx: RawTx, table: IlmsTable, cells: CheckedCells, labels: Labels): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const d of table.dimensions.filter((x) => x.counterpart)) {
    const rows = await tx.query<{ cell: RawCell }>(
      `select ${cellJson(table, "f")} as cell from (${cells.of(table)}) f
       where f.${d.column} = f.ref_area and ${touched("f")} order by f.ref_area, f.time, f.sex`,
      cells.params,
    );
    for (const { cell: c } of rows) {
      findings.push({
        check: "self-counterpart",
        severity: "warning",
        table: table.id,
        refArea: c.refArea,
        time: Number(c.time),
        sourceCode: c.sourceCode,
        message: `${labels.cell(c)}: the ${d.title.toLowerCase()} is the reporting country itself (${c.value}, ${where(c)})`,
        expected: null,
        actual: c.value,
        cells: [asCell(c, "total")],
      });
    }
  }
  return findings;
}

/**
 * Breaks in series, flagged and never changed: a value with status `B`, a change of source (no source of the
 * series' previous reported year is among this year's), or a jump beyond the configured factor from the year
 * before (same series and source). A jump counts only when it is large enough to matter: in tables of
 * persons both values are at least `jumpMinValue` thousand persons, and the change is at least `jumpMinShare`
 * of the reporting country's total of the same table, year, sex and source where that total is reported (a
 * series of 3 people becoming 10 is no break). Tables of means (earnings) only take the factor.
 *
 * One set-based statement per table over the checked cells, joined and grouped by hashing; cells are built as
 * JSON only for the rows flagged.
 */
async function breaks(tx: RawTx, table: IlmsTable, cells: CheckedCells, labels: Labels, thresholds: CheckThresholds): Promise<Finding[]> {
  const key = cellKeyColumns(table);
  const series = key.filter((c) => c !== "time");
  const seriesNoSource = series.filter((c) => c !== "source_code");
  const factor = Number(thresholds.jumpFactor);
  if (!(factor > 1)) throw new RangeError(`the jump factor must be above 1, not ${thresholds.jumpFactor}`);
  const minValue = table.measure.additive ? Number(thresholds.jumpMinValue) : 0;
  const minShare = table.measure.additive ? Number(thresholds.jumpMinShare) : 0;
  if (!(minValue >= 0)) throw new RangeError(`the jump's minimum value must be 0 or more, not ${thresholds.jumpMinValue}`);
  if (!(minShare >= 0 && minShare < 1))
    throw new RangeError(`the jump's minimum share must be from 0 to 1, not ${thresholds.jumpMinShare}`);
  // The country's total of the cell: the same table, country, year, sex, source (and basis) with every
  // other dimension at its total.
  const totalOf = ["ref_area", "time", "sex", "source_code", ...(table.dimensions.some((d) => d.key === "basis") ? ["basis"] : [])];
  const isTotal = restrictions(table, "v", undefined, true).join(" and ") || "true";
  const list = (alias: string, columns: readonly string[]) => columns.map((c) => `${alias}.${c}`).join(", ");
  const same = (alias: string, other: string, columns: readonly string[]) =>
    columns.map((c) => `${alias}.${c} = ${other}.${c}`).join(" and ");
  // Hashes, not sorts: a jump compares a cell with the same series' cell of the year before (a hash join;
  // sorting every cell on its five or six text keys for a window was most of the check's time), the country
  // totals are joined to the few candidate jumps only, and only series with more than one source are ordered
  // by year to find a change of source.
  const sql = `
    with v as ${cells.cte} (${cells.of(table)}),
    candidates as (
      select c.*, p.time as prev_time, p.obs_value as prev_value, p.round_code as prev_round, p.obs_status as prev_status,
             coalesce(c.obs_status = 'B', false) as status_break,
             coalesce(c.obs_value > 0 and p.obs_value > 0
               and (c.obs_value / p.obs_value > ${factor} or p.obs_value / c.obs_value > ${factor})
               and least(c.obs_value, p.obs_value) >= ${minValue}, false) as jump
      from v c left join v p on ${same("p", "c", series)} and p.time = c.time - 1
      where ${touched("c")}
    ),
    totals as (
      select ${list("v", totalOf)}, max(v.obs_value) as country_total from v where ${isTotal} group by ${list("v", totalOf)}
    ),
    flagged as (
      select c.*, c.jump and (t.country_total is null or abs(c.obs_value - c.prev_value) >= ${minShare} * t.country_total) as big_jump
      from candidates c left join totals t on ${same("t", "c", totalOf)}
      where c.status_break or c.jump
    ),
    mixed as (select ${list("v", seriesNoSource)} from v group by ${list("v", seriesNoSource)} having min(v.source_code) <> max(v.source_code)),
    y as (
      select ${list("v", seriesNoSource)}, v.time, array_agg(v.source_code) as sources, bool_or(${touched("v")}) as touched
      from v where (${list("v", seriesNoSource)}) in (select * from mixed) group by ${list("v", seriesNoSource)}, v.time
    ),
    l as (
      select y.*, lag(y.sources) over w as prev_sources, lag(y.time) over w as prev_time
      from y window w as (partition by ${list("y", seriesNoSource)} order by y.time)
    ),
    changed as (select * from l where l.touched and l.prev_sources is not null and not (l.sources && l.prev_sources))
    select 'cell' as kind, jsonb_build_array(${cellJson(table, "f")}) as cells,
           jsonb_build_array(${cellJson(table, "f")} || jsonb_build_object('time', f.prev_time, 'value', f.prev_value::text, 'round', f.prev_round, 'status', f.prev_status)) as prev_cells,
           f.status_break, f.big_jump as jump
      from flagged f where f.status_break or f.big_jump
    union all
    select 'source' as kind,
           jsonb_agg(${cellJson(table, "c")} order by c.source_code) filter (where c.time = l.time),
           jsonb_agg(${cellJson(table, "c")} order by c.source_code) filter (where c.time = l.prev_time), false, false
      from changed l join v c on ${same("c", "l", seriesNoSource)} and c.time in (l.time, l.prev_time)
     group by ${list("l", seriesNoSource)}, l.time`;
  const rows = await tx.query<{ kind: "cell" | "source"; cells: RawCell[]; prev_cells: RawCell[]; status_break: boolean; jump: boolean }>(
    sql,
    cells.params,
  );
  const findings: Finding[] = [];
  const base = (c: RawCell) => ({
    check: "break" as const,
    severity: "info" as const,
    table: table.id,
    refArea: c.refArea,
    time: Number(c.time),
    sourceCode: c.sourceCode,
  });
  for (const r of rows) {
    const c = r.cells[0]!;
    const p = r.prev_cells[0]!;
    if (r.kind === "source") {
      findings.push({
        ...base(c),
        message:
          `${labels.cell(c)}: break in series, the source changes from ${r.prev_cells.map((x) => x.sourceCode).join(", ")} ` +
          `(${p.time}: ${p.value}, round ${p.round}) to ${r.cells.map((x) => x.sourceCode).join(", ")} (${c.value}, round ${c.round})`,
        expected: p.value,
        actual: c.value,
        cells: [...r.cells.map((x) => asCell(x, "total")), ...r.prev_cells.map((x) => asCell(x, "previous"))],
      });
      continue;
    }
    if (r.status_break)
      findings.push({
        ...base(c),
        message: `${labels.cell(c)}: break in series (status B) at ${c.value} (${where(c)})`,
        expected: null,
        actual: c.value,
        cells: [asCell(c, "total")],
      });
    if (r.jump)
      findings.push({
        ...base(c),
        message:
          `${labels.cell(c)}: break in series, ${c.value} is ${(Number(c.value) / Number(p.value)).toFixed(2)} times the ` +
          `${p.time} value ${p.value} (${where(c)}; the previous year from round ${p.round}), beyond the factor ${factor}`,
        expected: p.value,
        actual: c.value,
        cells: [asCell(c, "total"), asCell(p, "previous")],
      });
  }
  return findings;
}

export interface RunChecksOptions {
  /** Milliseconds per kind of check (and `cells`, reading the checked cells), added to. */
  timings?: Record<string, number>;
  /**
   * How the checks read the checked cells: written once into temporary tables, or inline in each check. By
   * default, temporary tables from {@link TEMPORARY_CELLS_FROM} of the round's cells. Both give the same findings.
   */
  cells?: "temporary" | "inline";
}

/**
 * Runs every check relevant to the tables an import (or a re-check of a whole round, `importId` null) touched;
 * returns the findings, in a stable order. Each check compares the round's values with the latest visible
 * value of every other cell it needs, whatever round holds it.
 */
export async function runChecks(
  tx: RawTx,
  roundId: number,
  importId: number | null,
  tables: number[],
  thresholds: CheckThresholds = DEFAULT_CHECK_THRESHOLDS,
  options: RunChecksOptions = {},
): Promise<Finding[]> {
  const { timings } = options;
  const touchedAreas = await tx.query<{ ref_area: string }>(
    tables
      .map((id) => `select ref_area from ${factTableName(requireTable(id))} where round_id = $1 and ($2::int is null or import_id = $2)`)
      .join(" union ") + " order by ref_area",
    [roundId, importId],
  );
  const areas = touchedAreas.map((r) => r.ref_area);
  if (areas.length === 0) return [];
  const labels = await Labels.load(tx);
  const groups = COHERENCE_GROUPS.filter((g) => g.members.some((m) => tables.includes(m.table)));
  const rules = SUBSET_RULES.filter((r) => tables.includes(r.part.table) || tables.includes(r.whole.table));
  const findings: Finding[] = [];
  // Milliseconds per check kind, for the report and the bench.
  const timed = async <T>(kind: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    if (timings) timings[kind] = (timings[kind] ?? 0) + Math.round(performance.now() - started);
    return result;
  };
  const check = async (kind: string, run: () => Promise<Finding[]>) => findings.push(...(await timed(kind, run)));
  const previous = await applySettings(tx, CHECK_SETTINGS);
  const checked = [
    ...new Set([
      ...tables,
      ...groups.flatMap((g) => g.members.map((m) => m.table)),
      ...rules.flatMap((r) => [r.part.table, r.whole.table]),
    ]),
  ]
    .sort((a, b) => a - b)
    .map(requireTable);
  const cells: CheckedCells = await timed("cells", async () => {
    let form = options.cells;
    if (!form) {
      // Counted up to the threshold only: a large round is not read to learn that it is large.
      const [count] = await tx.query<{ n: number }>(
        `select (${checked
          .map(
            (t) =>
              `(select count(*) from (select 1 from ${factTableName(t)} where round_id = $1 and ref_area = any($2::text[]) limit $3) x)`,
          )
          .join(" + ")})::int as n`,
        [roundId, areas, TEMPORARY_CELLS_FROM],
      );
      form = Number(count?.n) >= TEMPORARY_CELLS_FROM ? "temporary" : "inline";
    }
    const read = form === "temporary" ? await temporaryCells(tx, checked, roundId, areas) : inlineCells(roundId, areas);
    return { ...read, params: [roundId, importId] };
  });
  for (const id of tables) {
    const table = requireTable(id);
    if (table.measure.additive) await check("additivity", () => additivity(tx, table, cells));
    await check("self-counterpart", () => selfCounterpart(tx, table, cells, labels));
    await check("break", () => breaks(tx, table, cells, labels, thresholds));
  }
  for (const group of groups) await check("coherence", () => coherence(tx, group, cells, labels, thresholds));
  for (const rule of rules) await check("subset", () => subset(tx, rule, cells, labels));
  await cells.close();
  await applySettings(tx, previous);
  // Warnings before information (breaks, partial coverage), so that the listed first ones are the errors.
  const order = (f: Finding) =>
    `${f.severity === "warning" ? 0 : 1} ${String(f.table).padStart(2, "0")} ${f.refArea} ${f.time} ${f.check} ${f.message}`;
  return findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * What makes two findings the same: the check and its cells (coordinates, source, value, role), whichever
 * import or round found it. Messages and order of discovery do not count.
 */
export function findingFingerprint(f: Finding): string {
  const cells = f.cells.map((c) => [
    c.table,
    c.indicator,
    c.refArea,
    c.time,
    c.sex,
    Object.entries(c.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    c.sourceCode,
    c.value,
    c.role,
  ]);
  return createHash("sha256")
    .update(JSON.stringify([f.check, cells]))
    .digest("hex");
}

/**
 * Stores findings per cell, in batches (a large file may yield many): a finding already stored for the same
 * check and cells (an unchanged cell checked again, by a re-import into another round) is updated with the
 * round and import that found it again, never added twice. Returns how many were already stored.
 */
export async function storeFindings(tx: RawTx, roundId: number, importId: number, findings: readonly Finding[]): Promise<number> {
  const unique = new Map<string, Finding>();
  for (const f of findings) unique.set(findingFingerprint(f), f);
  const all = [...unique];
  let known = 0;
  for (let i = 0; i < all.length; i += 1000) {
    const batch = all.slice(i, i + 1000).map(([fingerprint, f]) => ({
      fingerprint,
      check: f.check,
      severity: f.severity,
      table_id: f.table,
      ref_area: f.refArea,
      time: f.time,
      source_code: f.sourceCode,
      message: f.message,
      expected: f.expected,
      actual: f.actual,
      cells: f.cells,
    }));
    const rows = await tx.query<{ inserted: boolean }>(
      `insert into check_findings (import_id, round_id, last_import_id, last_round_id, fingerprint, "check", severity, table_id, ref_area, time,
                                   source_code, message, expected, actual, cells)
       select $1, $2, $1, $2, x.fingerprint, x."check", x.severity, x.table_id, x.ref_area, x.time, x.source_code, x.message, x.expected,
              x.actual, x.cells
       from jsonb_to_recordset($3::jsonb) as x(fingerprint text, "check" text, severity text, table_id int, ref_area text, time smallint,
                                               source_code text, message text, expected numeric, actual numeric, cells jsonb)
       on conflict (fingerprint) do update set last_import_id = excluded.last_import_id, last_round_id = excluded.last_round_id,
              times_seen = check_findings.times_seen + 1, last_seen_at = now(), message = excluded.message
       returning (xmax = 0) as inserted`,
      [importId, roundId, JSON.stringify(batch)],
    );
    known += rows.filter((r) => !r.inserted).length;
  }
  return known;
}

/** What an on-demand re-check of a round found (`ilms check --round R`). */
export interface RecheckReport {
  round: string;
  /** Tables with values in the round. */
  tables: number[];
  thresholds: CheckThresholds;
  findingCount: number;
  /** Of {@link findingCount}: findings already stored for the same check and cells. */
  findingsKnown: number;
  /** Findings per kind. */
  byKind: Record<string, number>;
  /** Findings per severity. */
  bySeverity: Record<string, number>;
  findings: Finding[];
  /** Milliseconds spent per check kind. */
  timings: Record<string, number>;
  /** Whether the findings were stored (not with `dryRun`, nor for a round without imports). */
  stored: boolean;
  durationMs: number;
}

/**
 * Re-runs every check over all the values of a round, against the latest visible values of other rounds, and
 * stores the findings (attributed to the round's latest import: a finding already stored is only marked seen
 * again). Nothing else is changed.
 */
export async function recheckRound(
  db: { transaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> },
  roundCode: string,
  options: { thresholds?: Partial<CheckThresholds>; dryRun?: boolean } = {},
): Promise<RecheckReport> {
  const started = Date.now();
  const thresholds = { ...DEFAULT_CHECK_THRESHOLDS, ...options.thresholds };
  return db.transaction(async (tx) => {
    const [round] = await tx.query<{ id: number; import_id: number | null }>(
      `select r.id, (select max(i.id) from imports i where i.round_id = r.id and i.status = 'loaded') as import_id
       from collection_rounds r where r.code = $1`,
      [roundCode],
    );
    if (!round) throw new ImportRequestError("UNKNOWN_ROUND", `No collection round '${roundCode}'`);
    const tables: number[] = [];
    for (const table of TABLES) {
      const [any] = await tx.query<{ any: boolean }>(`select exists (select 1 from ${factTableName(table)} where round_id = $1) as any`, [
        round.id,
      ]);
      if (any?.any) tables.push(table.id);
    }
    const timings: Record<string, number> = {};
    const findings = await runChecks(tx, round.id, null, tables, thresholds, { timings });
    const stored = !options.dryRun && round.import_id !== null && findings.length > 0;
    const findingsKnown = stored ? await storeFindings(tx, round.id, round.import_id!, findings) : 0;
    // Findings show in the quality map: other processes' caches follow at commit.
    if (stored) await signalDataChanged(tx, "recheckRound");
    const count = (key: (f: Finding) => string) => {
      const out: Record<string, number> = {};
      for (const f of findings) out[key(f)] = (out[key(f)] ?? 0) + 1;
      return out;
    };
    return {
      round: roundCode,
      tables,
      thresholds,
      findingCount: findings.length,
      findingsKnown,
      byKind: count((f) => f.check),
      bySeverity: count((f) => f.severity),
      findings,
      timings,
      stored,
      durationMs: Date.now() - started,
    };
  });
}
