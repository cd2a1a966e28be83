/**
 * The data-gaps map (the mission's second objective): per reporting country, what is missing or weak in the
 * warehouse against what the ILMS questionnaire expects — the tables and years without any value (every
 * table the active region collects is expected every year the country is in the set asked; of the region's
 * group, only its reporting countries are expected), the sources that lack quality fields
 * ({@link SOURCE_QUALITY_FIELDS}), the sources whose comparability with the ILMS definitions is partial or
 * unassessed, where breaks in series cluster (stored check findings) and the corridors whose two reports
 * disagree most (mirror asymmetries). Everything is read with the caller's {@link Visibility}.
 */
import type { ReadHandle } from "@ilms/db";
import { DEFAULT_GAP_THRESHOLDS, SOURCE_QUALITY_FIELDS, getTable, tableRange } from "@ilms/domain";
import type { GapThresholds } from "@ilms/domain";
import { yearRange } from "./corridors";
import { QueryError } from "./errors";
import type { FilterPlan } from "./filter";
import { mirror } from "./mirror";
import type { MirrorRow } from "./mirror";
import { sourcesByCode } from "./sources";
import type { SourceRecord } from "./sources";
import { DEFAULT_EXPECTATIONS, expectedCountries } from "./regions";
import type { Expectations } from "./regions";
import { Params, cellsSql, visibleRoundsSql } from "./sql";
import type { Visibility } from "./sql";

export interface GapsRequest {
  /**
   * Reporting countries or groups (a group's members count in the years they were members; of the active
   * region's group, only its reporting countries); default the active region's group.
   */
  countries?: readonly string[] | null;
  year?: number | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Tables expected (default the tables the active region collects). */
  tables?: readonly number[] | null;
  thresholds?: Partial<GapThresholds> | null;
  /** The active region's reporting countries and tables ({@link DEFAULT_EXPECTATIONS} when absent). */
  expectations?: Expectations | null;
}

/** A table of a country with years expected and not reported (no visible value at all that year). */
export interface TableGap {
  table: number;
  title: string;
  expectedYears: number[];
  reportedYears: number[];
  missingYears: number[];
}

export interface SourceGap {
  source: string;
  name: string;
  /** Titles of the quality fields the source description lacks. */
  missingFields: string[];
}

export interface ComparabilityGap {
  source: string;
  name: string;
  /** `partial`, `not_comparable` or `unassessed` (no comparability recorded). */
  comparability: string;
  note: string | null;
}

/** Break findings of a country in one table and year (stored findings of visible rounds). */
export interface BreakCluster {
  table: number;
  time: number;
  breaks: number;
}

export interface CountryGaps {
  country: string;
  /** Years the country is expected in (the years asked, within its membership of the groups asked). */
  years: number[];
  /** Table-years expected and reported. */
  expected: number;
  reported: number;
  /** Tables with at least one expected year missing, in catalogue order. */
  missing: TableGap[];
  /** Tables with no value in any expected year. */
  tablesAbsent: number[];
  sourcesLackingQuality: SourceGap[];
  comparability: ComparabilityGap[];
  /** Table-years with at least the threshold's number of break findings, most first. */
  breakClusters: BreakCluster[];
  /** Corridor-years (the country as origin or destination) with |asymmetry| at least the threshold, largest first. */
  asymmetries: MirrorRow[];
}

export interface GapsMap {
  yearFrom: number;
  yearTo: number;
  tables: number[];
  thresholds: GapThresholds;
  countries: CountryGaps[];
}

/** Which years each country reported each table with a value, and the sources behind those values. */
async function reportedYears(
  db: ReadHandle,
  tables: readonly number[],
  countries: readonly string[],
  yearFrom: number,
  yearTo: number,
  vis: Visibility,
): Promise<{ table: number; refArea: string; time: number; sources: string[] }[]> {
  const p = new Params();
  const parts = tables.map((id) => {
    const plan: FilterPlan = {
      table: getTable(id)!,
      indicators: null,
      codes: [{ column: "ref_area", codelist: "AREA", codes: [...countries], expand: false }],
      classif: [],
      timeFrom: yearFrom,
      timeTo: yearTo,
      sources: null,
      lastN: null,
    };
    return `select ${id}::int as "table", c.ref_area as "refArea", c.time::int as time, array_agg(distinct c.source_code) as sources
      from (${cellsSql(plan, vis, p)}) c where c.obs_value is not null group by c.ref_area, c.time`;
  });
  return db.query(parts.join("\nunion all\n"), p.values);
}

/** Stored break findings per country, table and year, in the rounds the caller may see. */
async function breakCounts(
  db: ReadHandle,
  countries: readonly string[],
  yearFrom: number,
  yearTo: number,
  vis: Visibility,
): Promise<{ refArea: string; table: number; time: number; breaks: number }[]> {
  const p = new Params();
  return db.query(
    `select f.ref_area as "refArea", f.table_id as "table", f.time::int as time, count(*)::int as breaks
       from check_findings f
      where f."check" = 'break' and f.round_id in (${visibleRoundsSql(vis, p)})
        and f.ref_area = any(${p.add(countries, "::text[]")}) and f.time between ${p.add(yearFrom, "::int")} and ${p.add(yearTo, "::int")}
      group by f.ref_area, f.table_id, f.time`,
    p.values,
  );
}

const lacks = (s: SourceRecord, key: (typeof SOURCE_QUALITY_FIELDS)[number]["key"]) => {
  const v = s[key];
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
};

/** The data-gaps map of the countries asked over the years asked. */
export async function gaps(db: ReadHandle, q: GapsRequest, vis: Visibility): Promise<GapsMap> {
  const { yearFrom, yearTo } = yearRange(q);
  const thresholds = { ...DEFAULT_GAP_THRESHOLDS, ...q.thresholds };
  if (!(thresholds.asymmetryAtLeast >= 0 && thresholds.asymmetryAtLeast <= 1))
    throw new QueryError("BAD_USER_INPUT", "asymmetryAtLeast is between 0 and 1", { field: "asymmetryAtLeast" });
  if (!(Number.isInteger(thresholds.breaksAtLeast) && thresholds.breaksAtLeast >= 1))
    throw new QueryError("BAD_USER_INPUT", "breaksAtLeast is a whole number of 1 or more", { field: "breaksAtLeast" });
  const expectations = q.expectations ?? DEFAULT_EXPECTATIONS;
  const tableIds = [...new Set(q.tables && q.tables.length > 0 ? q.tables : expectations.tables)].sort((a, b) => a - b);
  for (const id of tableIds)
    if (!getTable(id)) throw new QueryError("BAD_USER_INPUT", `No ILMS table ${id}: ${tableRange()}`, { field: "tables" });
  const asked = q.countries && q.countries.length > 0 ? q.countries : [expectations.group];
  const set = await expectedCountries(db, asked, expectations);
  const allYears = Array.from({ length: yearTo - yearFrom + 1 }, (_, i) => yearFrom + i);
  const yearsOf = new Map(set.all.map((c) => [c, allYears.filter((t) => set.has(c, t))]));
  const countries = set.all.filter((c) => yearsOf.get(c)!.length > 0);
  if (countries.length === 0) return { yearFrom, yearTo, tables: tableIds, thresholds, countries: [] };

  const [reported, breaks] = await Promise.all([
    reportedYears(db, tableIds, countries, yearFrom, yearTo, vis),
    breakCounts(db, countries, yearFrom, yearTo, vis),
  ]);
  // Both directions of every corridor touching the countries asked, against the members of the region's group.
  const mirrorRows = [
    ...(await mirror(db, { origins: countries, destinations: [expectations.group], yearFrom, yearTo }, vis)),
    ...(await mirror(db, { origins: [expectations.group], destinations: countries, yearFrom, yearTo }, vis)),
  ];
  const seen = new Set<string>();
  const asymmetric = mirrorRows
    .filter((r) => r.asymmetry !== null && Math.abs(r.asymmetry) >= thresholds.asymmetryAtLeast)
    .filter((r) => {
      const k = `${r.pair} ${r.origin} ${r.destination} ${r.time}`;
      return !seen.has(k) && (seen.add(k), true);
    })
    .sort((a, b) => Math.abs(b.asymmetry!) - Math.abs(a.asymmetry!) || a.time - b.time);

  const sourceCodes = [...new Set(reported.flatMap((r) => r.sources))];
  const sources = (sourceCodes.length > 0 ? await sourcesByCode(db, sourceCodes) : []).filter((s): s is SourceRecord => !!s);

  return {
    yearFrom,
    yearTo,
    tables: tableIds,
    thresholds,
    countries: countries.map((country): CountryGaps => {
      const years = yearsOf.get(country)!;
      const mine = reported.filter((r) => r.refArea === country && years.includes(r.time));
      const missing: TableGap[] = [];
      const tablesAbsent: number[] = [];
      for (const id of tableIds) {
        const have = new Set(mine.filter((r) => r.table === id).map((r) => r.time));
        const missingYears = years.filter((t) => !have.has(t));
        if (have.size === 0) tablesAbsent.push(id);
        if (missingYears.length > 0)
          missing.push({
            table: id,
            title: getTable(id)!.title,
            expectedYears: years,
            reportedYears: years.filter((t) => have.has(t)),
            missingYears,
          });
      }
      const used = new Set(mine.flatMap((r) => r.sources));
      const own = sources.filter((s) => used.has(s.code)).sort((a, b) => (a.code < b.code ? -1 : 1));
      return {
        country,
        years,
        expected: years.length * tableIds.length,
        reported: mine.length,
        missing,
        tablesAbsent,
        sourcesLackingQuality: own
          .map((s) => ({
            source: s.code,
            name: s.name,
            missingFields: SOURCE_QUALITY_FIELDS.filter((f) => lacks(s, f.key)).map((f) => f.title),
          }))
          .filter((s) => s.missingFields.length > 0),
        comparability: own
          .filter((s) => s.comparability !== "full")
          .map((s) => ({ source: s.code, name: s.name, comparability: s.comparability ?? "unassessed", note: s.comparabilityNote })),
        breakClusters: breaks
          .filter((b) => b.refArea === country && b.breaks >= thresholds.breaksAtLeast && years.includes(b.time))
          .map(({ table, time, breaks: n }) => ({ table, time, breaks: n }))
          .sort((a, b) => b.breaks - a.breaks || a.table - b.table || a.time - b.time),
        asymmetries: asymmetric.filter((r) => (r.origin === country || r.destination === country) && years.includes(r.time)),
      };
    }),
  };
}
