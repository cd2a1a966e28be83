/**
 * Corridors: origin x destination matrices of migrant stocks and flows between countries, from either side's
 * report (the country of origin's tables by destination or residence, the country of destination's tables by
 * origin). Which tables serve which measure is the catalogue's mirror pairs; countries may be given as groups,
 * whose membership counts in the years the country was a member. Every value is the latest one the caller may
 * see (its {@link Visibility}).
 */
import { mirrorPairs, requireTable } from "@ilms/domain";
import type { CorridorMeasure, IlmsTable } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { QueryError } from "./errors";
import { loadMemberships } from "./hierarchy";
import { Params, visibleRoundsSql } from "./sql";
import type { Visibility } from "./sql";

export type CorridorSide = "DESTINATION" | "ORIGIN" | "BOTH";

/** One side's report of a corridor in a year. */
export interface SideValue {
  /** The reporting country. */
  reporter: string;
  /** The other country of the corridor (destination or residence for the origin's report, origin for the destination's). */
  counterpart: string;
  time: number;
  table: number;
  value: string;
  status: string | null;
  source: string;
  round: string;
  /** Migrant basis of the value (`CBR` birth, `CCT` citizenship); null for tables of nationals (citizenship by definition). */
  basis: string | null;
  /** Level of the source's type in the SOURCE_TYPE list (`household_survey`, `administrative`, ...), when described. */
  sourceKind: string | null;
}

/** The column of a table that names the other country of the corridor; the table may have no other breakdown but the basis. */
export function counterpartColumn(table: IlmsTable): string {
  const counterpart = table.dimensions.filter((d) => d.counterpart);
  const other = table.dimensions.filter((d) => !d.counterpart && d.key !== "basis");
  if (counterpart.length !== 1 || other.length > 0) throw new Error(`table ${table.id} is not a corridor table`);
  return counterpart[0]!.column;
}

/**
 * The latest visible value of one table per reporting country, counterpart and year (sex given, counterpart
 * never the total). Where several sources or bases give one, the latest round's is taken, then the first
 * source and basis in code order: one value per corridor and year, with its source, basis and round.
 */
export async function sideValues(
  db: ReadHandle,
  table: IlmsTable,
  q: { reporters: readonly string[]; counterparts: readonly string[]; yearFrom: number; yearTo: number; sex: string },
  vis: Visibility,
): Promise<SideValue[]> {
  const p = new Params();
  const cp = counterpartColumn(table);
  const basis = table.dimensions.some((d) => d.key === "basis") ? "f.basis" : "null::text";
  const rows = await db.query<{
    reporter: string;
    counterpart: string;
    time: number;
    value: string;
    status: string | null;
    source: string;
    round: string;
    basis: string | null;
    source_kind: string | null;
  }>(
    `select distinct on (f.ref_area, f.${cp}, f.time)
            f.ref_area as reporter, f.${cp} as counterpart, f.time, f.obs_value::text as value, f.obs_status as status,
            f.source_code as source, r.code as round, ${basis} as basis, st.level as source_kind
       from fact_t${String(table.id).padStart(2, "0")} f
       join collection_rounds r on r.id = f.round_id
       left join data_sources s on s.code = f.source_code
       left join codes st on st.codelist_id = 'SOURCE_TYPE' and st.code = s.source_type
      where f.round_id = any(array(${visibleRoundsSql(vis, p)}))
        and f.ref_area = any(${p.add(q.reporters, "::text[]")}) and f.${cp} = any(${p.add(q.counterparts, "::text[]")})
        and f.ref_area <> f.${cp} and f.sex = ${p.add(q.sex)} and f.time between ${p.add(q.yearFrom, "::int")} and ${p.add(q.yearTo, "::int")}
        and f.obs_value is not null
      order by f.ref_area, f.${cp}, f.time, f.round_id desc, f.source_code, ${basis}`,
    p.values,
  );
  return rows.map((r) => ({
    reporter: r.reporter,
    counterpart: r.counterpart,
    time: Number(r.time),
    table: table.id,
    value: r.value,
    status: r.status,
    source: r.source,
    round: r.round,
    basis: r.basis,
    sourceKind: r.source_kind,
  }));
}

/** Countries given as countries or groups, per year: a group's members count only in the years they were members. */
export interface CountrySet {
  /** Every country any year may use. */
  all: string[];
  has(country: string, year: number): boolean;
}

export async function resolveCountries(db: ReadHandle, codes: readonly string[], what: string): Promise<CountrySet> {
  if (codes.length === 0) throw new QueryError("BAD_USER_INPUT", `Give at least one country or group of ${what}`);
  const groups = await db.query<{ code: string; area: string }>("select code, coalesce(ilostat_code, code) as area from country_groups");
  const memberships = await loadMemberships(db);
  const byGroup = new Map<string, typeof memberships>();
  for (const g of groups) {
    const members = memberships.filter((m) => m.area === g.area);
    byGroup.set(g.code, members);
    byGroup.set(g.area, members);
  }
  const plain = codes.filter((c) => !byGroup.has(c));
  if (plain.length > 0) {
    const known = await db.query<{ code: string }>("select code from codes where codelist_id = 'AREA' and code = any($1::text[])", [plain]);
    const unknown = plain.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length > 0)
      throw new QueryError(
        "BAD_USER_INPUT",
        `Unknown ${what}: ${unknown.join(", ")} (give ISO alpha-3 country codes or a country group such as ASEAN)`,
        {
          field: what,
          codes: unknown,
        },
      );
  }
  const grouped = codes.flatMap((c) => byGroup.get(c) ?? []);
  return {
    all: [...new Set([...plain, ...grouped.map((m) => m.country)])].sort(),
    has: (country, year) =>
      plain.includes(country) ||
      grouped.some((m) => m.country === country && m.fromYear <= year && (m.toYear === null || m.toYear >= year)),
  };
}

export interface YearRange {
  yearFrom: number;
  yearTo: number;
}

/** `year`, or `yearFrom`/`yearTo` (each defaulting to the other): a range of at most 100 years, never empty. */
export function yearRange(q: { year?: number | null; yearFrom?: number | null; yearTo?: number | null }): YearRange {
  if (q.year != null && (q.yearFrom != null || q.yearTo != null))
    throw new QueryError("BAD_USER_INPUT", "Give either year or yearFrom/yearTo, not both", { field: "year" });
  const yearFrom = q.year ?? q.yearFrom ?? q.yearTo;
  const yearTo = q.year ?? q.yearTo ?? q.yearFrom;
  if (yearFrom == null || yearTo == null) throw new QueryError("BAD_USER_INPUT", "Give a year, or yearFrom and yearTo", { field: "year" });
  if (yearTo < yearFrom) throw new QueryError("BAD_USER_INPUT", `yearTo ${yearTo} is before yearFrom ${yearFrom}`, { field: "yearTo" });
  if (yearTo - yearFrom > 100) throw new QueryError("BAD_USER_INPUT", "A year range spans at most 100 years", { field: "yearTo" });
  return { yearFrom, yearTo };
}

export interface CorridorRequest {
  measure: CorridorMeasure;
  side: CorridorSide;
  /** Countries or groups of origin; default ASEAN. */
  origins?: readonly string[] | null;
  /** Countries or groups of destination; default ASEAN. */
  destinations?: readonly string[] | null;
  year?: number | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Sex code; default the total (`SEX_T`). */
  sex?: string | null;
  /** How many of the largest corridors to list in `top` (default 10, at most 100). */
  top?: number | null;
}

export interface CorridorCell {
  origin: string;
  destination: string;
  time: number;
  /** The value shown: the requested side's, or with BOTH the destination's where it reports, else the origin's. */
  value: string;
  /** Which side reported `value`. */
  side: "DESTINATION" | "ORIGIN";
  table: number;
  source: string;
  round: string;
  /** The value's observation status, and `ORIGIN_ONLY` / `DESTINATION_ONLY` / `BOTH_REPORTED` with side BOTH. */
  flags: string[];
  originValue: string | null;
  destinationValue: string | null;
}

export interface CorridorTotal {
  country: string;
  time: number;
  value: string;
  cells: number;
}

export interface CorridorMatrix {
  measure: CorridorMeasure;
  side: CorridorSide;
  originTable: number;
  destinationTable: number;
  sex: string;
  origins: string[];
  destinations: string[];
  cells: CorridorCell[];
  /** Per origin and year, the sum of its row (over the destinations asked). */
  rowTotals: CorridorTotal[];
  /** Per destination and year, the sum of its column. */
  columnTotals: CorridorTotal[];
  /** The largest cells, largest first. */
  top: CorridorCell[];
}

/** Exact sum of decimal texts (thousandths at most in the warehouse; summed as scaled integers). */
function sum(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split(".")[1] ?? "").length));
  const total = values.reduce((acc, v) => acc + BigInt(Math.round(Number(v) * 10 ** scale)), 0n);
  const text = total.toString().padStart(scale + 1, "0");
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

export async function corridors(db: ReadHandle, q: CorridorRequest, vis: Visibility): Promise<CorridorMatrix> {
  const pair = mirrorPairs(q.measure)[0];
  if (!pair) throw new QueryError("BAD_USER_INPUT", `No tables serve the corridor measure ${q.measure}`);
  const years = yearRange(q);
  const top = q.top ?? 10;
  if (top < 0 || top > 100) throw new QueryError("BAD_USER_INPUT", "top is between 0 and 100", { field: "top" });
  const sex = q.sex ?? "SEX_T";
  const origins = await resolveCountries(db, q.origins ?? ["ASEAN"], "origins");
  const destinations = await resolveCountries(db, q.destinations ?? ["ASEAN"], "destinations");
  const originTable = requireTable(pair.origin.table);
  const destinationTable = requireTable(pair.destination.table);
  const read = { yearFrom: years.yearFrom, yearTo: years.yearTo, sex };
  const fromOrigin =
    q.side === "DESTINATION"
      ? []
      : await sideValues(db, originTable, { ...read, reporters: origins.all, counterparts: destinations.all }, vis);
  const fromDestination =
    q.side === "ORIGIN"
      ? []
      : await sideValues(db, destinationTable, { ...read, reporters: destinations.all, counterparts: origins.all }, vis);
  const key = (o: string, d: string, t: number) => `${o} ${d} ${t}`;
  const byOrigin = new Map(fromOrigin.map((v) => [key(v.reporter, v.counterpart, v.time), v]));
  const byDestination = new Map(fromDestination.map((v) => [key(v.counterpart, v.reporter, v.time), v]));
  const keys = new Set([...byOrigin.keys(), ...byDestination.keys()]);
  const cells: CorridorCell[] = [];
  for (const k of [...keys].sort()) {
    const o = byOrigin.get(k);
    const d = byDestination.get(k);
    const [origin, destination, t] = k.split(" ") as [string, string, string];
    const time = Number(t);
    if (!origins.has(origin, time) || !destinations.has(destination, time)) continue;
    const shown = (d ?? o)!;
    const flags = [
      ...(shown.status ? [shown.status] : []),
      ...(q.side === "BOTH" ? [o && d ? "BOTH_REPORTED" : o ? "ORIGIN_ONLY" : "DESTINATION_ONLY"] : []),
    ];
    cells.push({
      origin,
      destination,
      time,
      value: shown.value,
      side: d ? "DESTINATION" : "ORIGIN",
      table: shown.table,
      source: shown.source,
      round: shown.round,
      flags,
      originValue: o?.value ?? null,
      destinationValue: d?.value ?? null,
    });
  }
  const totals = (by: (c: CorridorCell) => string): CorridorTotal[] => {
    const groups = new Map<string, CorridorCell[]>();
    for (const c of cells) {
      const g = `${by(c)} ${c.time}`;
      groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    return [...groups].map(([g, list]) => ({
      country: g.split(" ")[0]!,
      time: list[0]!.time,
      value: sum(list.map((c) => c.value)),
      cells: list.length,
    }));
  };
  return {
    measure: q.measure,
    side: q.side,
    originTable: originTable.id,
    destinationTable: destinationTable.id,
    sex,
    origins: origins.all,
    destinations: destinations.all,
    cells,
    rowTotals: totals((c) => c.origin),
    columnTotals: totals((c) => c.destination),
    top: [...cells]
      .sort((a, b) => Number(b.value) - Number(a.value) || (a.origin + a.destination < b.origin + b.destination ? -1 : 1))
      .slice(0, top),
  };
}
