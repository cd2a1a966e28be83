/**
 * Slices: the cells of a filter in a compact, chart-ready form (dimensions with their codes, observations as
 * index tuples with values and statuses, in the spirit of SDMX-JSON), optionally aggregated: grouped by the
 * chosen dimensions and rolled up along hierarchies (division -> section -> broad sector, ISCED level -> ILO
 * aggregate, ISCO major group -> skill level, country -> group).
 *
 * Aggregation never double counts: a published value of the target code is used as it is; otherwise the
 * contributors nearest to the target in the hierarchy are summed, and the expected contributors that are
 * absent or empty are counted as missing. Non-additive measures (means, such as wages) are never summed.
 */
import type { ReadHandle } from "@ilms/db";
import { cellAxes } from "@ilms/domain";
import type { IlmsTable } from "@ilms/domain";
import { sumDecimals } from "./decimal";
import { QueryError } from "./errors";
import type { FilterPlan } from "./filter";
import { ancestorsAt, descendantsAt, loadHierarchy, loadMemberships } from "./hierarchy";
import type { GroupMembership, Hierarchy } from "./hierarchy";
import { plannedRows } from "./observations";
import { allCellsSql, compactSliceSql } from "./sql";
import type { CellRow, Visibility } from "./sql";

/** Most input cells a slice reads before it is refused as too expensive. */
export const MAX_SLICE_CELLS = 50_000;

export interface SliceDimensionRequest {
  /** `refArea`, `time`, `sex`, `source` or one of the table's dimension keys. */
  dimension: string;
  /** Roll up to this hierarchy level (`section`, `sector`, `skill_level`, `aggregate`, `group`). */
  level?: string | null | undefined;
}

export interface SliceDimension {
  id: string;
  /** Code list of the codes; null for time and source. */
  codelist: string | null;
  level: string | null;
  codes: string[];
}

export interface SliceResult {
  table: IlmsTable;
  unit: string;
  measure: string;
  aggregated: boolean;
  dimensions: SliceDimension[];
  /** Per observation, the index of its code in each dimension. */
  keys: number[][];
  values: (string | null)[];
  statuses: (string | null)[];
  /** Cells summed into each observation (1 when not aggregated). */
  contributors: number[];
  /** Expected contributors absent from the data or without a value. */
  missing: number[];
  /** Contributors carrying a status flag. */
  flagged: number[];
  /**
   * The same `keys`, `values` and `statuses` as JSON text, when the database wrote them (slices without
   * roll-ups): a face may send these bytes as they are instead of walking the arrays.
   */
  encoded?: EncodedObservations;
}

/** Observations as JSON text (see {@link SliceResult.encoded}), with their number. */
export interface EncodedObservations {
  cells: number;
  keys: string;
  values: string;
  statuses: string;
}

interface Axis {
  id: string;
  column: string;
  codelist: string | null;
  level: string | null;
  /** Targets (with distance) of a row's code; identity for dimensions that are not rolled up. */
  targets(row: CellRow): readonly (readonly [string, number])[];
  /** Expected codes `distance` below a target, for completeness; null when unknown. */
  expected(target: string, distance: number, row: CellRow): Set<string> | null;
}

/** The slice dimensions a table offers, by id, with their SQL column and code list: the table's cell axes. */
export function sliceDimensionsOf(table: IlmsTable): { id: string; column: string; codelist: string | null }[] {
  return cellAxes(table).map((a) => ({ id: a.key, column: a.column, codelist: a.codelist }));
}

/** Default slice dimensions: every dimension except the source, ILOSTAT's order with time last. */
export function defaultDimensions(table: IlmsTable): SliceDimensionRequest[] {
  const axes = cellAxes(table).filter((a) => a.key !== "source" && a.key !== "time");
  return [...axes.map((a) => ({ dimension: a.key })), { dimension: "time" }];
}

const codeOf = (row: CellRow, column: string) => String(row[column]);

function memberAxisTargets(memberships: GroupMembership[]) {
  const byCountry = new Map<string, GroupMembership[]>();
  for (const m of memberships) byCountry.set(m.country, [...(byCountry.get(m.country) ?? []), m]);
  const inYear = (m: GroupMembership, year: number) => m.fromYear <= year && (m.toYear === null || m.toYear >= year);
  return {
    targets: (code: string, year: number) =>
      new Map((byCountry.get(code) ?? []).filter((m) => inYear(m, year)).map((m) => [m.area, 1] as const)),
    members: (area: string, year: number) => new Set(memberships.filter((m) => m.area === area && inYear(m, year)).map((m) => m.country)),
    areas: new Set(memberships.map((m) => m.area)),
  };
}

async function buildAxes(db: ReadHandle, table: IlmsTable, requests: readonly SliceDimensionRequest[]): Promise<Axis[]> {
  const offered = sliceDimensionsOf(table);
  const seen = new Set<string>();
  const hierarchies = new Map<string, Promise<Hierarchy>>();
  let memberships: Promise<GroupMembership[]> | undefined;
  const axes: Axis[] = [];
  for (const request of requests) {
    const dim = offered.find((d) => d.id === request.dimension);
    if (!dim) {
      throw new QueryError(
        "BAD_USER_INPUT",
        `Table ${table.id} has no slice dimension '${request.dimension}'; it offers ${offered.map((d) => d.id).join(", ")}`,
        {
          field: "dimensions",
        },
      );
    }
    if (seen.has(dim.id)) throw new QueryError("BAD_USER_INPUT", `Dimension '${dim.id}' is requested twice`, { field: "dimensions" });
    seen.add(dim.id);
    const level = request.level ?? null;
    if (level === null) {
      // One target per code (itself): shared maps, not one per row.
      const identity = new Map<string, (readonly [string, number])[]>();
      const targets = (row: CellRow) => {
        const code = codeOf(row, dim.column);
        let found = identity.get(code);
        if (!found) identity.set(code, (found = [[code, 0]]));
        return found;
      };
      axes.push({ ...dim, level, targets, expected: () => null });
      continue;
    }
    if (!table.measure.additive) {
      throw new QueryError(
        "NOT_AGGREGATABLE",
        `Table ${table.id} (${table.title}) holds ${table.measure.title.toLowerCase()} in ${table.measure.unit.toLowerCase()}: a mean cannot be summed or rolled up, because the mean of a group depends on the numbers of employees behind each mean, which the table does not carry. Ask for the cells without a roll-up level.`,
        { table: table.id, dimension: dim.id, level },
      );
    }
    if (dim.codelist === "AREA") {
      if (level !== "group")
        throw new QueryError("BAD_USER_INPUT", `Areas roll up to level 'group' (country groups such as ASEAN), not '${level}'`, {
          field: "level",
        });
      memberships ??= loadMemberships(db);
      const groups = memberAxisTargets(await memberships);
      const byCodeYear = new Map<string, (readonly [string, number])[]>();
      axes.push({
        ...dim,
        level,
        targets: (row) => {
          const code = codeOf(row, dim.column);
          const key = `${code}:${row.time}`;
          let found = byCodeYear.get(key);
          if (!found) {
            found = groups.areas.has(code) ? [[code, 0]] : [...groups.targets(code, Number(row.time))];
            byCodeYear.set(key, found);
          }
          return found;
        },
        expected: (target, distance, row) => (distance === 1 ? groups.members(target, Number(row.time)) : null),
      });
      continue;
    }
    if (!dim.codelist)
      throw new QueryError("BAD_USER_INPUT", `Dimension '${dim.id}' has no hierarchy to roll up along`, { field: "level" });
    const codelist = dim.codelist;
    const promise = hierarchies.get(codelist) ?? loadHierarchy(db, codelist);
    hierarchies.set(codelist, promise);
    const h = await promise;
    if (!h.levels.has(level)) {
      throw new QueryError(
        "BAD_USER_INPUT",
        `Code list ${codelist} (${dim.id}) has no level '${level}'; its levels are ${[...h.levels].sort().join(", ")}`,
        {
          field: "level",
        },
      );
    }
    const cache = new Map<string, (readonly [string, number])[]>();
    axes.push({
      ...dim,
      level,
      targets: (row) => {
        const code = codeOf(row, dim.column);
        let found = cache.get(code);
        if (!found) cache.set(code, (found = [...ancestorsAt(h, code, level)]));
        return found;
      },
      expected: (target, distance) => descendantsAt(h, target, distance),
    });
  }
  return axes;
}

interface Contributor {
  row: CellRow;
  /** Distance to the target per axis. */
  distances: number[];
  /** Codes of the dimensions left out of the slice: two contributors that differ only there are ambiguous. */
  rest: string;
}

interface Bucket {
  targets: string[];
  /** By the contributor's own codes on the slice's axes. */
  contributors: Map<string, Contributor>;
}

/**
 * Arranges cells (already read) into a slice. Exposed separately from {@link readSlice} so derived indicators
 * can reuse it on cells they computed.
 */
export async function arrangeSlice(
  db: ReadHandle,
  table: IlmsTable,
  rows: readonly CellRow[],
  requests?: readonly SliceDimensionRequest[] | null,
): Promise<SliceResult> {
  const axes = await buildAxes(db, table, requests && requests.length > 0 ? requests : defaultDimensions(table));
  const rolled = axes.some((a) => a.level !== null);
  const omitted = sliceDimensionsOf(table).filter((d) => !axes.some((a) => a.id === d.id));
  if (!rolled) return arrangeCells(table, axes, omitted, rows);
  const buckets = new Map<string, Bucket>();

  for (const row of rows) {
    const perAxis = axes.map((a) => a.targets(row));
    if (perAxis.some((t) => t.length === 0)) continue; // a code outside the requested level (a total, a coarser code)
    const own = axes.map((a) => codeOf(row, a.column)).join("\u0000");
    const rest = omitted.map((d) => codeOf(row, d.column)).join("\u0000");
    // Cartesian product of targets (a code rarely has more than one target per axis).
    let combos: (readonly [string, number])[][] = [[]];
    for (const targets of perAxis) combos = combos.flatMap((c) => targets.map((t) => [...c, t]));
    for (const combo of combos) {
      const targets = combo.map(([t]) => t);
      const key = targets.join("\u0000");
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { targets, contributors: new Map() }));
      const previous = bucket.contributors.get(own);
      if (previous && previous.rest !== rest) throw ambiguity(omitted, previous.row, row);
      bucket.contributors.set(own, { row, distances: combo.map(([, d]) => d), rest });
    }
  }

  interface Out {
    targets: string[];
    value: string | null;
    status: string | null;
    contributors: number;
    missing: number;
    flagged: number;
  }
  const out: Out[] = [];
  for (const bucket of buckets.values()) {
    let chosen = [...bucket.contributors.values()];
    const nearest = axes.map((_, i) => Math.min(...chosen.map((c) => c.distances[i]!)));
    chosen = chosen.filter((c) => c.distances.every((d, i) => d === nearest[i]));
    const direct = nearest.every((d) => d === 0);
    if (direct && chosen.length === 1) {
      const row = chosen[0]!.row;
      out.push({
        targets: bucket.targets,
        value: row.obs_value,
        status: row.obs_status,
        contributors: 1,
        missing: 0,
        flagged: row.obs_status ? 1 : 0,
      });
      continue;
    }
    const withValue = chosen.filter((c) => c.row.obs_value !== null);
    let expected = 1;
    for (let i = 0; i < axes.length; i++) {
      if (nearest[i] === 0) continue;
      const set = axes[i]!.expected(bucket.targets[i]!, nearest[i]!, chosen[0]!.row);
      expected *= set ? set.size : chosen.length;
    }
    const missing = Math.max(0, expected - withValue.length);
    const flags = [...new Set(chosen.map((c) => c.row.obs_status).filter((s): s is string => !!s))].sort();
    if (missing > 0) flags.push("INCOMPLETE");
    out.push({
      targets: bucket.targets,
      value: withValue.length > 0 ? sumDecimals(withValue.map((c) => c.row.obs_value!)) : null,
      status: flags.length > 0 ? flags.join("+") : null,
      contributors: chosen.length,
      missing,
      flagged: chosen.filter((c) => c.row.obs_status).length,
    });
  }

  const dimensions: SliceDimension[] = axes.map((a, i) => ({
    id: a.id,
    codelist: a.codelist,
    level: a.level,
    codes: sortedCodes(a, new Set(out.map((o) => o.targets[i]!))),
  }));
  const index = dimensions.map((d) => new Map(d.codes.map((c, i) => [c, i])));
  const keyed = out.map((o) => ({ o, key: o.targets.map((t, i) => index[i]!.get(t)!) }));
  keyed.sort(byKey);
  return {
    table,
    unit: table.measure.unit,
    measure: table.measure.title,
    aggregated: rolled,
    dimensions,
    keys: keyed.map((k) => k.key),
    values: keyed.map((k) => k.o.value),
    statuses: keyed.map((k) => k.o.status),
    contributors: keyed.map((k) => k.o.contributors),
    missing: keyed.map((k) => k.o.missing),
    flagged: keyed.map((k) => k.o.flagged),
  };
}

/** A dimension's codes in slice order: years by number, other codes as strings. */
function sortedCodes(axis: Axis, codes: Iterable<string>): string[] {
  const list = [...codes];
  list.sort(axis.id === "time" ? (x, y) => Number(x) - Number(y) : undefined);
  return list;
}

/** Row-major order of the slice's cells: by their keys (code positions), dimension by dimension. */
function byKey(x: { key: readonly number[] }, y: { key: readonly number[] }): number {
  for (let i = 0; i < x.key.length; i++) if (x.key[i] !== y.key[i]) return x.key[i]! - y.key[i]!;
  return 0;
}

function ambiguity(omitted: readonly { id: string; column: string }[], a: CellRow, b: CellRow): QueryError {
  const differing = omitted.filter((d) => codeOf(a, d.column) !== codeOf(b, d.column));
  const them = differing.length === 1 ? "it" : "them";
  return new QueryError(
    "BAD_USER_INPUT",
    `Ambiguous slice: ${differing.map((d) => `${d.id} has several values (${codeOf(a, d.column)}, ${codeOf(b, d.column)})`).join("; ")} for the same cell. Filter ${them} to one value or add ${them} to the slice's dimensions.`,
    { field: "dimensions", dimensions: differing.map((d) => d.id) },
  );
}

/** The common case without roll-ups: one observation per cell, no grouping. */
function arrangeCells(
  table: IlmsTable,
  axes: readonly Axis[],
  omitted: readonly { id: string; column: string }[],
  rows: readonly CellRow[],
): SliceResult {
  const columns = axes.map((a) => a.column);
  const codes = axes.map(() => new Set<string>());
  for (const row of rows) for (let i = 0; i < columns.length; i++) codes[i]!.add(String(row[columns[i]!]));
  const dimensions: SliceDimension[] = axes.map((a, i) => ({
    id: a.id,
    codelist: a.codelist,
    level: null,
    codes: sortedCodes(a, codes[i]!),
  }));
  const index = dimensions.map((d) => new Map(d.codes.map((c, i) => [c, i])));
  const seen = new Map<string, CellRow>();
  const keyed: { key: number[]; row: CellRow }[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const key = new Array<number>(columns.length);
    for (let i = 0; i < columns.length; i++) key[i] = index[i]!.get(String(row[columns[i]!]))!;
    if (omitted.length > 0) {
      const id = key.join(",");
      const previous = seen.get(id);
      if (previous) throw ambiguity(omitted, previous, row);
      seen.set(id, row);
    }
    keyed[r] = { key, row };
  }
  keyed.sort(byKey);
  return {
    table,
    unit: table.measure.unit,
    measure: table.measure.title,
    aggregated: false,
    dimensions,
    keys: keyed.map((k) => k.key),
    values: keyed.map((k) => k.row.obs_value),
    statuses: keyed.map((k) => k.row.obs_status),
    contributors: keyed.map(() => 1),
    missing: keyed.map(() => 0),
    flagged: keyed.map((k) => (k.row.obs_status ? 1 : 0)),
  };
}

/**
 * Refuses, before any cell is read, a read without countries that the planner expects to be clearly over
 * `maxCells` (the database would sort the whole selection before the exact cap stops it).
 */
async function refuseLargeEstimate(db: ReadHandle, plan: FilterPlan, vis: Visibility, maxCells: number): Promise<void> {
  if (plan.codes.some((c) => c.column === "ref_area")) return;
  const estimate = await plannedRows(db, plan, vis);
  if (estimate > maxCells * 4) {
    throw new QueryError(
      "QUERY_TOO_EXPENSIVE",
      `The filter selects about ${estimate} cells, more than the ${maxCells} a slice may read; narrow it (countries, years, codes)`,
      {
        limit: maxCells,
        estimate,
      },
    );
  }
}

function tooManyCells(maxCells: number): QueryError {
  return new QueryError(
    "QUERY_TOO_EXPENSIVE",
    `The filter selects more than ${maxCells} cells; narrow it (countries, years, codes) or page through observations`,
    {
      limit: maxCells,
    },
  );
}

/** Reads the latest visible cells of a filter, refusing more than `maxCells`. */
export async function readCells(db: ReadHandle, plan: FilterPlan, vis: Visibility, maxCells = MAX_SLICE_CELLS): Promise<CellRow[]> {
  // Without countries the selection may span a whole table: ask the planner first (no data read) and refuse a
  // read that is clearly too large before the database sorts it. Narrower reads go straight to the exact cap.
  await refuseLargeEstimate(db, plan, vis, maxCells);
  const sql = allCellsSql(plan, vis, maxCells + 1);
  const rows = await db.query<CellRow>(sql.text, sql.params);
  if (rows.length > maxCells) throw tooManyCells(maxCells);
  return rows;
}

interface CompactRow {
  n: number;
  distinct_keys: number;
  keys: string;
  vals: string;
  statuses: string;
  [codes: `codes_${number}`]: string;
}

/**
 * A slice without roll-ups whose encoding the database builds (see {@link compactSliceSql}): the same result as
 * {@link arrangeCells} over the rows, without a row object per cell. Null when a dimension left out of the
 * slice has several values for one cell: the caller then reads the rows, whose error names the values.
 */
async function readCompactSlice(
  db: ReadHandle,
  plan: FilterPlan,
  vis: Visibility,
  axes: readonly Axis[],
  maxCells: number,
): Promise<SliceResult | null> {
  await refuseLargeEstimate(db, plan, vis, maxCells);
  const compact = axes.map((a) => ({ column: a.column, numeric: a.id === "time" }));
  const sql = compactSliceSql(plan, vis, compact, maxCells + 1);
  const [row] = await db.query<CompactRow>(sql.text, sql.params);
  if (!row) throw new Error("the compact slice statement returned no row");
  if (row.n > maxCells) throw tooManyCells(maxCells);
  if (row.distinct_keys < row.n) return null;
  const table = plan.table;
  return new CompactSlice(
    table,
    axes.map((a, i) => ({
      id: a.id,
      codelist: a.codelist,
      level: null,
      codes: (JSON.parse(row[`codes_${i}`] ?? "[]") as (string | number)[]).map(String),
    })),
    { cells: row.n, keys: row.keys, values: row.vals, statuses: row.statuses },
  );
}

/**
 * A slice whose observations arrive as JSON text: the arrays are parsed only when a caller reads them (a face
 * that sends {@link SliceResult.encoded} never does).
 */
class CompactSlice implements SliceResult {
  readonly unit: string;
  readonly measure: string;
  readonly aggregated = false;
  #keys?: number[][];
  #values?: (string | null)[];
  #statuses?: (string | null)[];

  constructor(
    readonly table: IlmsTable,
    readonly dimensions: SliceDimension[],
    readonly encoded: EncodedObservations,
  ) {
    this.unit = table.measure.unit;
    this.measure = table.measure.title;
  }

  get keys(): number[][] {
    return (this.#keys ??= JSON.parse(this.encoded.keys) as number[][]);
  }
  get values(): (string | null)[] {
    return (this.#values ??= JSON.parse(this.encoded.values) as (string | null)[]);
  }
  get statuses(): (string | null)[] {
    return (this.#statuses ??= JSON.parse(this.encoded.statuses) as (string | null)[]);
  }
  get contributors(): number[] {
    return new Array<number>(this.encoded.cells).fill(1);
  }
  get missing(): number[] {
    return new Array<number>(this.encoded.cells).fill(0);
  }
  get flagged(): number[] {
    return this.statuses.map((s) => (s ? 1 : 0));
  }
}

export async function readSlice(
  db: ReadHandle,
  plan: FilterPlan,
  vis: Visibility,
  requests?: readonly SliceDimensionRequest[] | null,
  maxCells = MAX_SLICE_CELLS,
): Promise<SliceResult> {
  const wanted = requests && requests.length > 0 ? requests : defaultDimensions(plan.table);
  // Refuse an impossible roll-up before reading any cell.
  if (!plan.table.measure.additive && wanted.some((r) => r.level)) await buildAxes(db, plan.table, wanted);
  if (!wanted.some((r) => r.level)) {
    // No roll-up: the database builds the encoding (the axes are only checked here, no hierarchy is read).
    const compact = await readCompactSlice(db, plan, vis, await buildAxes(db, plan.table, wanted), maxCells);
    if (compact) return compact;
  }
  const rows = await readCells(db, plan, vis, maxCells);
  return arrangeSlice(db, plan.table, rows, requests);
}
