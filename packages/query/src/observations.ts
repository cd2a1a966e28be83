/**
 * Reading observations: pages in a stable order with opaque cursors, counts, a cell's revisions, and the
 * ILOSTAT shape of a row. Front ends call these with a plan from {@link planFilter}.
 */
import { DIMENSIONS, encodeIlostatCodes, getIndicator } from "@ilms/domain";
import type { DimensionKey, IlmsTable } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { QueryError } from "./errors";
import { planChecked } from "./filter";
import type { FilterPlan, ObservationFilter } from "./filter";
import { Params, cellsSql, countSql, expandedCodesSql, historySql, pageSql, stableOrder } from "./sql";
import type { CellRow, Visibility } from "./sql";

/** Largest page a client may ask for; the default when it asks for none. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export function encodeCursor(table: IlmsTable, row: CellRow): string {
  return Buffer.from(JSON.stringify([table.id, ...stableOrder(table).map((c) => row[c])])).toString("base64url");
}

export function decodeCursor(table: IlmsTable, cursor: string): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const order = stableOrder(table);
    if (Array.isArray(values) && values[0] === table.id && values.length === order.length + 1) {
      const rest = values.slice(1);
      if (rest.every((v, i) => (order[i] === "time" ? Number.isInteger(v) : typeof v === "string"))) return rest as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new QueryError("BAD_USER_INPUT", "Invalid cursor for this filter: use an endCursor returned by the same query", { field: "after" });
}

export interface Page {
  plan: FilterPlan;
  rows: CellRow[];
  hasNextPage: boolean;
}

/** One page of the latest visible cells. */
export async function readPage(db: ReadHandle, plan: FilterPlan, vis: Visibility, first: number, after: string | null): Promise<Page> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new QueryError("BAD_USER_INPUT", `first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      field: "first",
      max: MAX_PAGE_SIZE,
    });
  }
  const cursor = after ? decodeCursor(plan.table, after) : null;
  const sql = pageSql(plan, vis, first, cursor);
  const rows = await db.query<CellRow>(sql.text, sql.params);
  return { plan, rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

interface PlanNode {
  "Node Type": string;
  "Plan Rows": number;
  /** `Outer` for a node's input; `InitPlan` and `SubPlan` for the subqueries it runs. */
  "Parent Relationship"?: string;
  Plans?: PlanNode[];
}

/** A node's input (not its init plans or subplans). */
const inputOf = (node: PlanNode) => node.Plans?.find((c) => c["Parent Relationship"] === "Outer");

/**
 * The planner's estimate of the cells a filter selects, without reading them (PostgreSQL and PGlite alike).
 * The latest-value rule is a DISTINCT ON over the cell key, whose output the planner cannot estimate (it
 * assumes a tenth of its input as distinct cells); one value per cell is the common case, so the estimate is
 * the rows that enter it: the filtered rows in visible rounds. Hierarchy nodes (a group of countries, a
 * section) are expanded to their codes first, so that the planner judges plain code lists by its statistics
 * instead of guessing the selectivity of a recursive query.
 */
export async function plannedRows(db: ReadHandle, plan: FilterPlan, vis: Visibility): Promise<number> {
  const p = new Params();
  const concrete = await expandNodes(db, plan);
  const rows = await db.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${cellsSql(concrete, vis, p)}`, p.values);
  const raw = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const top = parsed[0]?.Plan;
  if (!top) return 0;
  const unique = findNode(top, "Unique");
  let input = unique && inputOf(unique);
  while (input && /Sort$/.test(input["Node Type"]) && inputOf(input)) input = inputOf(input);
  return Math.round(input?.["Plan Rows"] ?? top["Plan Rows"]);
}

/** The plan with every expanding code condition replaced by the codes it selects (one small query each). */
async function expandNodes(db: ReadHandle, plan: FilterPlan): Promise<FilterPlan> {
  const expand = async <C extends { codelist: string; codes: string[]; expand: boolean }>(cond: C): Promise<C> => {
    if (!cond.expand) return cond;
    const p = new Params();
    const rows = await db.query<{ code: string }>(expandedCodesSql(cond, p), p.values);
    return { ...cond, codes: rows.map((r) => r.code), expand: false };
  };
  return {
    ...plan,
    codes: await Promise.all(plan.codes.map(expand)),
    classif: await Promise.all(plan.classif.map((group) => Promise.all(group.map(expand)))),
  };
}

function findNode(node: PlanNode, type: string): PlanNode | undefined {
  if (node["Node Type"] === type) return node;
  for (const child of node.Plans ?? []) {
    const found = findNode(child, type);
    if (found) return found;
  }
  return undefined;
}

export async function countCells(db: ReadHandle, plan: FilterPlan, vis: Visibility): Promise<number> {
  const sql = countSql(plan, vis);
  const [row] = await db.query<{ n: number }>(sql.text, sql.params);
  return row?.n ?? 0;
}

/** A row in the ILOSTAT bulk layout, plus the table's dimension values by name. */
export interface IlostatObservation {
  table: number;
  refArea: string;
  indicator: string;
  sex: string;
  classif1: string | null;
  classif2: string | null;
  time: number;
  obsValue: string | null;
  obsStatus: string | null;
  source: string;
  roundId: number;
  noteClassif: string | null;
  noteIndicator: string | null;
  noteSource: string | null;
  /** Stored dimension values by dimension key (bare area codes for counterparts). */
  dimensions: Partial<Record<DimensionKey, string>>;
}

export function toIlostat(table: IlmsTable, row: CellRow): IlostatObservation {
  const dimensions: Partial<Record<DimensionKey, string>> = {};
  for (const d of table.dimensions) dimensions[d.key] = row[d.column] as string;
  const indicator = getIndicator(row.indicator);
  const classif = indicator ? encodeIlostatCodes(indicator, dimensions) : { classif1: "", classif2: "" };
  return {
    table: table.id,
    refArea: row.ref_area,
    indicator: row.indicator,
    sex: row.sex,
    classif1: classif.classif1 || null,
    classif2: classif.classif2 || null,
    time: Number(row.time),
    obsValue: row.obs_value,
    obsStatus: row.obs_status,
    source: row.source_code,
    roundId: Number(row.round_id),
    noteClassif: row.note_classif,
    noteIndicator: row.note_indicator,
    noteSource: row.note_source,
    dimensions,
  };
}

/** A cell named the ILOSTAT way. */
export interface CellRef {
  indicator: string;
  refArea: string;
  sex: string;
  classif1?: string | null | undefined;
  classif2?: string | null | undefined;
  time: number;
  /** Without it, every source's history of the cell. */
  source?: string | null | undefined;
}

export interface Revision extends IlostatObservation {
  createdAt: string;
}

/** Every visible value a cell has had, oldest round first. */
export async function cellHistory(db: ReadHandle, cell: CellRef, vis: Visibility): Promise<Revision[]> {
  const indicator = getIndicator(cell.indicator);
  if (!indicator) throw new QueryError("BAD_USER_INPUT", `Unknown indicator '${cell.indicator}'`, { field: "indicator" });
  for (const slot of ["classif1", "classif2"] as const) {
    if (indicator[slot] && !cell[slot]) {
      throw new QueryError("BAD_USER_INPUT", `${slot} is required for ${indicator.id} (${DIMENSIONS[indicator[slot]!.dimension].title})`, {
        field: slot,
      });
    }
  }
  const filter: ObservationFilter = {
    indicator: cell.indicator,
    refArea: [cell.refArea],
    sex: [cell.sex],
    classif1: cell.classif1 ? [cell.classif1] : null,
    classif2: cell.classif2 ? [cell.classif2] : null,
    timeFrom: cell.time,
    timeTo: cell.time,
    source: cell.source ? [cell.source] : null,
    expandHierarchy: false,
  };
  const plan = await planChecked(db, filter, "cell");
  const p = new Params();
  const rows = await db.query<CellRow & { created_at: string }>(historySql(plan, vis, p), p.values);
  // Classif filters select hierarchy nodes' descendants; a cell names exact codes, so keep only those.
  return rows
    .map((r) => ({ ...toIlostat(plan.table, r), createdAt: r.created_at }))
    .filter((r) => (r.classif1 ?? null) === (cell.classif1 ?? null) && (r.classif2 ?? null) === (cell.classif2 ?? null));
}
