/**
 * What data exist: observation counts per country and year for one table, and the source-quality map per
 * country x table x year (sources, migrant basis, comparability, completeness against the table's expected
 * cells in the breakdown the data use, with the missing cells named; share of flagged values, open check
 * findings, the last round that touched it).
 */
import type { ReadHandle } from "@ilms/db";
import { assessCompleteness, cellAxes, getTable, tableRange } from "@ilms/domain";
import type { IlmsTable } from "@ilms/domain";
import { QueryError } from "./errors";
import type { FilterPlan } from "./filter";
import { DEFAULT_EXPECTATIONS, expectedCountries, expectedTable } from "./regions";
import type { Expectations } from "./regions";
import { sourcesByCode } from "./sources";
import type { SourceRecord } from "./sources";
import { Params, cellsSql, visibleRoundsSql } from "./sql";
import type { Visibility } from "./sql";

export interface AvailabilityRecord {
  refArea: string;
  time: number;
  observations: number;
  /** Cells with a value (the others are flagged missing values). */
  withValue: number;
  flagged: number;
}

export async function availability(db: ReadHandle, plan: FilterPlan, vis: Visibility): Promise<AvailabilityRecord[]> {
  const p = new Params();
  const text = `select c.ref_area as "refArea", c.time::int as time, count(*)::int as observations, count(c.obs_value)::int as "withValue", count(c.obs_status)::int as flagged
    from (${cellsSql(plan, vis, p)}) c group by c.ref_area, c.time order by c.ref_area, c.time`;
  return db.query<AvailabilityRecord>(text, p.values);
}

export interface QualityMapRequest {
  /** Countries or groups; of the active region's group, only its reporting countries are listed. */
  countries: readonly string[];
  /** Default: the tables the active region collects. */
  tables?: readonly number[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  /** The active region's reporting countries, tables and expected cells ({@link DEFAULT_EXPECTATIONS} when absent). */
  expectations?: Expectations | null;
}

export interface QualityCell {
  refArea: string;
  table: number;
  time: number;
  sources: SourceRecord[];
  sourceCodes: string[];
  /** Migrant bases of the values (`CBR`, `CCT`); empty for tables without one. */
  bases: string[];
  /** Worst comparability among the sources: `full`, `partial`, `not_comparable`, or null when undocumented. */
  comparability: string | null;
  observations: number;
  expectedCells: number;
  reportedExpectedCells: number;
  /** Per expected axis, the breakdown held against the data (`sex`, `broad sectors`, `place of birth`). */
  expectedBreakdowns: string[];
  /** The expected cells not reported with a value, as their codes per expected axis; at most the catalogue's `MAX_MISSING_CELLS`. */
  missingCells: { codelistId: string; code: string }[][];
  /** Share (0-1) of the expected cells reported with a value. */
  completeness: number;
  flagged: number;
  /** Share (0-1) of the observations carrying a status flag. */
  flaggedShare: number;
  openFindings: number;
  lastRoundId: number;
}

/** A table's expected axes with their fact columns and code lists, in the catalogue's order. */
function expectedAxes(table: IlmsTable): { column: string; codelist: string; codes: string[] }[] {
  return table.expected.axes.map((axis) => {
    const found = cellAxes(table).find((a) => a.key === axis.key)!;
    return { column: found.column, codelist: found.codelist!, codes: axis.breakdowns.flatMap((b) => b.codes) };
  });
}

/** Per cell with a value whose codes are all among some expected breakdown: its codes on the expected axes, `|`-joined. */
function reportedKeysSql(table: IlmsTable, p: Params): string {
  const axes = expectedAxes(table);
  const where = ["c.obs_value is not null", ...axes.map((a) => `c.${a.column} = any(${p.add(a.codes, "::text[]")})`)];
  return `coalesce(array_agg(distinct concat_ws('|', ${axes.map((a) => `c.${a.column}`).join(", ")})) filter (where ${where.join(" and ")}), '{}')`;
}

const COMPARABILITY_RANK: Record<string, number> = { full: 0, partial: 1, not_comparable: 2 };

/**
 * The map, in one statement over every requested table (a UNION of one aggregate per table), then one read of
 * the sources involved and, when the intake's findings table exists, one of the open findings.
 */
export async function qualityMap(db: ReadHandle, request: QualityMapRequest, vis: Visibility): Promise<QualityCell[]> {
  const expectations = request.expectations ?? DEFAULT_EXPECTATIONS;
  const tableIds = request.tables && request.tables.length > 0 ? [...request.tables] : [...expectations.tables];
  const tables = tableIds.map((id) => {
    const t = getTable(id);
    if (!t) throw new QueryError("BAD_USER_INPUT", `No ILMS table ${id}: ${tableRange()}`, { field: "tables" });
    return expectedTable(t, expectations);
  });
  const byId = new Map(tables.map((t) => [t.id, t]));
  if (request.countries.length === 0)
    throw new QueryError("BAD_USER_INPUT", "qualityMap needs at least one country", { field: "countries" });
  // Members of the region's group that do not report are not held to the questionnaire.
  const own = [expectations.group, ...expectations.groupAliases];
  const expected =
    expectations.reportingCountries && request.countries.some((c) => own.includes(c))
      ? await expectedCountries(db, request.countries, expectations)
      : null;
  const p = new Params();
  const parts = tables.map((table) => {
    const plan: FilterPlan = {
      table,
      indicators: null,
      codes: [{ column: "ref_area", codelist: "AREA", codes: [...request.countries], expand: true }],
      classif: [],
      timeFrom: request.yearFrom ?? null,
      timeTo: request.yearTo ?? null,
      sources: null,
      lastN: null,
    };
    const hasBasis = table.dimensions.some((d) => d.key === "basis");
    return `select ${table.id}::int as "table", c.ref_area as "refArea", c.time::int as time,
        array_agg(distinct c.source_code) as "sourceCodes",
        ${hasBasis ? "array_agg(distinct c.basis)" : "'{}'::text[]"} as bases,
        count(*)::int as observations, count(c.obs_status)::int as flagged,
        ${reportedKeysSql(table, p)} as "reportedKeys",
        max(c.round_id)::int as "lastRoundId"
      from (${cellsSql(plan, vis, p)}) c group by c.ref_area, c.time`;
  });
  type Row = Omit<
    QualityCell,
    | "sources"
    | "comparability"
    | "expectedCells"
    | "reportedExpectedCells"
    | "expectedBreakdowns"
    | "missingCells"
    | "completeness"
    | "flaggedShare"
    | "openFindings"
  > & { reportedKeys: string[] };
  const rows = (await db.query<Row>(`${parts.join("\nunion all\n")} order by "refArea", "table", time`, p.values)).filter(
    (r) => !expected || expected.has(r.refArea, r.time),
  );
  const assessed = rows.map((r) =>
    assessCompleteness(
      byId.get(r.table)!,
      r.reportedKeys.map((k) => k.split("|")),
      r.bases,
    ),
  );
  const sourceCodes = [...new Set(rows.flatMap((r) => r.sourceCodes))];
  const [sources, open] = await Promise.all([
    sourceCodes.length > 0 ? sourcesByCode(db, sourceCodes) : Promise.resolve([]),
    rows.length > 0 ? openFindings(db, rows, vis) : Promise.resolve(new Map<string, number>()),
  ]);
  const byCode = new Map(sources.filter((s): s is SourceRecord => !!s).map((s) => [s.code, s]));
  return rows.map(({ reportedKeys: _, ...r }, i) => {
    const completeness = assessed[i]!;
    const cellSources = r.sourceCodes.map((c) => byCode.get(c)).filter((s): s is SourceRecord => !!s);
    const ranks = cellSources.map((s) => (s.comparability ? COMPARABILITY_RANK[s.comparability] : undefined));
    const comparability =
      ranks.length > 0 && ranks.every((x) => x !== undefined) ? Object.keys(COMPARABILITY_RANK)[Math.max(...(ranks as number[]))]! : null;
    const expectedCells = completeness.expected;
    return {
      ...r,
      sources: cellSources,
      comparability,
      expectedCells,
      reportedExpectedCells: completeness.reported,
      expectedBreakdowns: completeness.breakdowns,
      missingCells: completeness.missing.map((cell) => {
        const codelists = expectedAxes(byId.get(r.table)!).map((a) => a.codelist);
        return cell.map((code, j) => ({ codelistId: codelists[j]!, code }));
      }),
      completeness: expectedCells > 0 ? completeness.reported / expectedCells : 0,
      flaggedShare: r.observations > 0 ? r.flagged / r.observations : 0,
      openFindings: open.get(`${r.table}:${r.refArea}:${r.time}`) ?? 0,
    };
  });
}

/**
 * Findings of the intake's statistical checks per map cell, in visible rounds. Findings are never resolved by
 * changing a value, so every stored finding counts as open.
 */
async function openFindings(
  db: ReadHandle,
  cells: readonly { table: number; refArea: string; time: number }[],
  vis: Visibility,
): Promise<Map<string, number>> {
  const p = new Params();
  const rows = await db.query<{ table: number; refArea: string; time: number; n: number }>(
    `select f.table_id as "table", f.ref_area as "refArea", f.time::int as time, count(*)::int as n
       from check_findings f
      where f.round_id in (${visibleRoundsSql(vis, p)})
        and (f.table_id, f.ref_area, f.time) in (select * from unnest(${p.add(
          cells.map((c) => c.table),
          "::int[]",
        )}, ${p.add(
          cells.map((c) => c.refArea),
          "::text[]",
        )}, ${p.add(
          cells.map((c) => c.time),
          "::smallint[]",
        )}))
      group by f.table_id, f.ref_area, f.time`,
    p.values,
  );
  return new Map(rows.map((r) => [`${r.table}:${r.refArea}:${r.time}`, r.n]));
}
