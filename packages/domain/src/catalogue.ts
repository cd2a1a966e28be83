/**
 * The catalogue of the ILMS tables: the only place a table, an axis or a rule is written. The tables are data
 * (`tables.ts`); this module answers what every consumer asks of them, so that none rebuilds a column list
 * or names a table number: a table's cell axes and key columns, its coded columns, the coherence and mirror
 * groups, and look-ups by id.
 */
import type {
  CellAxis,
  CoherenceGroupKey,
  CoherenceMembership,
  DimensionDef,
  IlmsTable,
  IndicatorDef,
  MeasureKind,
  MirrorGroupKey,
} from "./dimensions";
import { DIMENSIONS } from "./dimensions";
import { TABLES } from "./tables";

export * from "./dimensions";
export { LABOUR_MARKET_STATUSES, MODULES, TABLES } from "./tables";

const tablesById = new Map(TABLES.map((t) => [t.id, t]));
const indicatorsById = new Map(TABLES.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)));

export const INDICATORS: readonly IndicatorDef[] = [...indicatorsById.values()];

/** Table numbers in catalogue order. */
export const TABLE_IDS: readonly number[] = TABLES.map((t) => t.id);

/** "tables are numbered 1 to 17": for messages about an unknown table number. */
export function tableRange(): string {
  return `tables are numbered ${Math.min(...TABLE_IDS)} to ${Math.max(...TABLE_IDS)}`;
}

export function getTable(id: number): IlmsTable | undefined {
  return tablesById.get(id);
}

/** The table, or an error naming the valid range: for code paths where an unknown id is a bug or bad input. */
export function requireTable(id: number): IlmsTable {
  const table = tablesById.get(id);
  if (!table) throw new RangeError(`No ILMS table ${id}: ${tableRange()}`);
  return table;
}

export function getIndicator(id: string): IndicatorDef | undefined {
  return indicatorsById.get(id);
}

/** SQL name of a table's fact table: `fact_t05`. */
export function factTableName(table: Pick<IlmsTable, "id">): string {
  return `fact_t${String(table.id).padStart(2, "0")}`;
}

/** Every dimension used by any table, once. */
export const ALL_DIMENSIONS: readonly DimensionDef[] = Object.values(DIMENSIONS);

/** The axes every table's cells have, whatever their dimensions. */
export const FIXED_AXES = {
  refArea: { key: "refArea", column: "ref_area", codelist: "AREA" },
  time: { key: "time", column: "time", codelist: null },
  sex: { key: "sex", column: "sex", codelist: "SEX" },
  source: { key: "source", column: "source_code", codelist: null },
} as const satisfies Record<string, CellAxis>;

const AXES = new WeakMap<IlmsTable, readonly CellAxis[]>();

/**
 * The axes that identify a cell of `table`, in key order: reporting country, year, sex, the table's
 * dimensions in ILOSTAT order, source. One value per cell and round; the fact table's unique key.
 */
export function cellAxes(table: IlmsTable): readonly CellAxis[] {
  let axes = AXES.get(table);
  if (!axes) {
    axes = [
      FIXED_AXES.refArea,
      FIXED_AXES.time,
      FIXED_AXES.sex,
      ...table.dimensions.map((d): CellAxis => ({ key: d.key, column: d.column, codelist: d.codelist, dimension: d })),
      FIXED_AXES.source,
    ];
    AXES.set(table, axes);
  }
  return axes;
}

/** The columns of {@link cellAxes}: the cell key. */
export function cellKeyColumns(table: IlmsTable): string[] {
  return cellAxes(table).map((a) => a.column);
}

/** The coded axes of a table's cells (reporting country, sex, dimensions): each column holds codes of one list. */
export function codedAxes(table: IlmsTable): (CellAxis & { codelist: NonNullable<CellAxis["codelist"]> })[] {
  return cellAxes(table).filter((a): a is CellAxis & { codelist: NonNullable<CellAxis["codelist"]> } => a.codelist !== null);
}

/** Whether a table has a dimension. */
export function hasDimension(table: IlmsTable, key: DimensionDef["key"]): boolean {
  return table.dimensions.some((d) => d.key === key);
}

/** Tables of a measure kind, in catalogue order: `tablesOfKind("mean")` are the ones never summed. */
export function tablesOfKind(kind: MeasureKind): IlmsTable[] {
  return TABLES.filter((t) => t.measure.kind === kind);
}

/** "1, 2, 5-7": table numbers for documentation and messages, consecutive runs shortened. */
export function tableList(tables: readonly Pick<IlmsTable, "id">[]): string {
  const ids = tables.map((t) => t.id).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${ids[i]}-${ids[j]}` : ids.slice(i, j + 1).join(", "));
    i = j + 1;
  }
  return runs.join(", ");
}

export const COHERENCE_GROUP_TITLES: Readonly<Record<CoherenceGroupKey, string>> = {
  "employed-migrants": "Employed migrants",
  "outflows-for-employment": "Outflow of nationals for employment",
};

export interface CoherenceGroup {
  key: CoherenceGroupKey;
  title: string;
  members: readonly (CoherenceMembership & { table: IlmsTable })[];
}

/** Totals that must agree across tables for the same country, year, source, sex (and migrant basis). */
export function coherenceGroups(): CoherenceGroup[] {
  return (Object.keys(COHERENCE_GROUP_TITLES) as CoherenceGroupKey[]).map((key) => ({
    key,
    title: COHERENCE_GROUP_TITLES[key],
    members: TABLES.flatMap((table) => table.coherence.filter((m) => m.group === key).map((m) => ({ ...m, table }))),
  }));
}

export const MIRROR_GROUP_TITLES: Readonly<Record<MirrorGroupKey, string>> = {
  "migrant-stock": "Migrants abroad seen from the country of origin and from the country of residence",
  "migrant-flows": "Migration flows seen from the country of origin and from the country of destination",
};

/** Pairs of tables that describe the same persons from both countries (mirror statistics). */
export function mirrorGroups(): { key: MirrorGroupKey; title: string; origin: IlmsTable[]; destination: IlmsTable[] }[] {
  return (Object.keys(MIRROR_GROUP_TITLES) as MirrorGroupKey[]).map((key) => ({
    key,
    title: MIRROR_GROUP_TITLES[key],
    origin: TABLES.filter((t) => t.mirror.some((m) => m.group === key && m.side === "origin")),
    destination: TABLES.filter((t) => t.mirror.some((m) => m.group === key && m.side === "destination")),
  }));
}
