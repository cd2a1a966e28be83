/**
 * Turns a client's filter (ILOSTAT codes, table dimensions by name, hierarchy nodes) into a plan over one
 * fact table, using only the catalogue: no database access, so a bad filter fails before any SQL runs. Then
 * {@link checkFilterCodes} checks every code against the code lists (which administrators edit, so they live in
 * the database): an unknown code is an error naming its argument and close matches, never an empty answer.
 */
import { DIMENSIONS, getIndicator, getTable, tableRange } from "@ilms/domain";
import type { ClassifSlot, DimensionKey, IlmsTable, IndicatorDef } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { rootHandle } from "./deadline";
import { QueryError } from "./errors";

/** What every front end can ask for; every list is an OR, lists of different fields are ANDed. */
export interface ObservationFilter {
  /** ILMS table number (see the catalogue). Either this or `indicator` is required. */
  table?: number | null | undefined;
  /** ILOSTAT indicator id; narrows the table to that indicator's rows. */
  indicator?: string | null | undefined;
  /** Reporting countries (ISO alpha-3) or country groups (`ASEAN`, `X84`), which select their members. */
  refArea?: readonly string[] | null | undefined;
  /** `SEX_T`, `SEX_M`, `SEX_F`. */
  sex?: readonly string[] | null | undefined;
  /** ILOSTAT `classif1` codes (`ECO_ISIC4_C`, `CDS_DES_KOR`). */
  classif1?: readonly string[] | null | undefined;
  /** ILOSTAT `classif2` codes (`CBR_BIR_FOREIGN`). */
  classif2?: readonly string[] | null | undefined;
  timeFrom?: number | null | undefined;
  timeTo?: number | null | undefined;
  /** Source codes (`BA:544`). */
  source?: readonly string[] | null | undefined;
  /** The latest N years of each series. */
  lastN?: number | null | undefined;
  /** Any dimension of the table by name, with its stored codes (bare area codes for counterpart dimensions). */
  dimensions?: Partial<Record<DimensionKey, readonly string[] | null | undefined>> | null | undefined;
  /** Whether a hierarchy node also selects the codes below it (default true). */
  expandHierarchy?: boolean | null | undefined;
}

/** A condition on one coded column: the codes, and whether nodes select their descendants. */
export interface CodeCondition {
  column: string;
  codelist: string;
  codes: string[];
  expand: boolean;
  /** The filter argument the codes came from (`refArea`, `dimensions.destination`), for errors. */
  field?: string;
  /** How the client wrote each code (ILOSTAT prefixed forms), parallel to `codes`. */
  written?: string[];
  /**
   * Set by {@link checkFilterCodes} from the code lists: every stored code the condition selects, its
   * hierarchy already walked, so that SQL compares the column with a list an index can use.
   */
  selects?: string[];
  /**
   * Set by {@link checkFilterCodes} for areas that name country groups: every code the condition can select
   * (the codes and every country ever in their groups), an indexable bound beside the year-by-year membership test.
   */
  within?: string[];
}

/** Codes of one ILOSTAT classif column that go with one indicator. */
export interface ClassifCondition {
  indicator: string;
  column: string;
  codelist: string;
  codes: string[];
  /** Whether nodes select the codes below them. */
  expand: boolean;
  /** `classif1` or `classif2`, for errors. */
  field?: string;
  /** How the client wrote each code, parallel to `codes`. */
  written?: string[];
  /** As {@link CodeCondition.selects}. */
  selects?: string[];
  /** As {@link CodeCondition.within}. */
  within?: string[];
}

export interface FilterPlan {
  table: IlmsTable;
  /** Indicators the rows may have; null for any of the table's. */
  indicators: string[] | null;
  codes: CodeCondition[];
  /** ORed per indicator, ANDed across classif columns. */
  classif: ClassifCondition[][];
  timeFrom: number | null;
  timeTo: number | null;
  sources: string[] | null;
  lastN: number | null;
}

const nonEmpty = (list: readonly string[] | null | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;

function classifConditions(
  table: IlmsTable,
  indicators: readonly IndicatorDef[],
  slotName: "classif1" | "classif2",
  codes: readonly string[],
  expand: boolean,
): ClassifCondition[] {
  const byIndicator = new Map<string, ClassifCondition>();
  for (const code of codes) {
    let matched = false;
    for (const indicator of indicators) {
      const slot: ClassifSlot | undefined = indicator[slotName];
      if (!slot) continue;
      const dimension = DIMENSIONS[slot.dimension];
      let value: string | undefined;
      if (slot.prefix) {
        if (code.startsWith(`${slot.prefix}_`)) value = code.slice(slot.prefix.length + 1);
      } else {
        const families = slot.families ?? dimension.families;
        if (!families || families.some((f) => code.startsWith(`${f}_`))) value = code;
      }
      if (value === undefined) continue;
      matched = true;
      const entry = byIndicator.get(indicator.id) ?? {
        indicator: indicator.id,
        column: dimension.column,
        codelist: dimension.codelist,
        codes: [],
        expand,
        field: slotName,
        written: [],
      };
      entry.codes.push(value);
      entry.written!.push(code);
      byIndicator.set(indicator.id, entry);
    }
    if (!matched) {
      const accepted = [
        ...new Set(
          indicators.flatMap((i) => {
            const slot = i[slotName];
            if (!slot) return [];
            return slot.prefix
              ? [`${slot.prefix}_<area>`]
              : (slot.families ?? DIMENSIONS[slot.dimension].families ?? []).map((f) => `${f}_*`);
          }),
        ),
      ];
      throw new QueryError(
        "BAD_USER_INPUT",
        accepted.length === 0
          ? `${slotName} '${code}': table ${table.id} has no ${slotName}`
          : `${slotName} '${code}' is not a code of table ${table.id}${indicators.length === 1 ? ` (indicator ${indicators[0]!.id})` : ""}; expected ${accepted.join(", ")}`,
        { field: slotName, value: code },
      );
    }
  }
  return [...byIndicator.values()];
}

/** Validates a filter against the catalogue and resolves it to one fact table. */
export function planFilter(filter: ObservationFilter): FilterPlan {
  let table: IlmsTable | undefined;
  let indicators: IndicatorDef[] | null = null;
  if (filter.indicator) {
    const indicator = getIndicator(filter.indicator);
    if (!indicator)
      throw new QueryError("BAD_USER_INPUT", `Unknown indicator '${filter.indicator}'`, { field: "indicator", value: filter.indicator });
    table = getTable(indicator.table);
    if (filter.table != null && filter.table !== indicator.table) {
      throw new QueryError("BAD_USER_INPUT", `Indicator ${indicator.id} feeds table ${indicator.table}, not table ${filter.table}`, {
        field: "table",
      });
    }
    indicators = [indicator];
  } else if (filter.table != null) {
    table = getTable(filter.table);
    if (!table)
      throw new QueryError("BAD_USER_INPUT", `No ILMS table ${filter.table}: ${tableRange()}`, {
        field: "table",
        value: filter.table,
      });
  } else {
    throw new QueryError("BAD_USER_INPUT", "The filter needs `table` or `indicator`: each ILMS table has its own dimensions", {
      field: "table",
    });
  }
  if (!table) throw new QueryError("BAD_USER_INPUT", "Unknown table", { field: "table" });

  const expand = filter.expandHierarchy ?? true;
  const codes: CodeCondition[] = [];
  if (nonEmpty(filter.refArea)) codes.push({ column: "ref_area", codelist: "AREA", codes: [...filter.refArea], expand, field: "refArea" });
  if (nonEmpty(filter.sex)) codes.push({ column: "sex", codelist: "SEX", codes: [...filter.sex], expand: false, field: "sex" });
  for (const [key, list] of Object.entries(filter.dimensions ?? {})) {
    if (!nonEmpty(list)) continue;
    const dimension = table.dimensions.find((d) => d.key === key);
    if (!dimension) {
      throw new QueryError(
        "BAD_USER_INPUT",
        `Table ${table.id} has no dimension '${key}'; its dimensions are ${table.dimensions.map((d) => d.key).join(", ")}`,
        {
          field: key,
        },
      );
    }
    // Counterpart dimensions store bare area codes; accept ILOSTAT's prefixed form too.
    const values = dimension.counterpart ? list.map((c) => c.replace(/^(CBR_BRT|CCT_CTZ|CRS_RES|CDS_DES|CPR_PRV)_/, "")) : [...list];
    codes.push({
      column: dimension.column,
      codelist: dimension.codelist,
      codes: values,
      expand,
      field: `dimensions.${key}`,
      written: [...list],
    });
  }

  const scope = indicators ?? [...table.indicators];
  const classif: ClassifCondition[][] = [];
  for (const slot of ["classif1", "classif2"] as const) {
    const list = filter[slot];
    if (nonEmpty(list)) classif.push(classifConditions(table, scope, slot, list, expand));
  }
  if (filter.timeFrom != null && filter.timeTo != null && filter.timeFrom > filter.timeTo) {
    throw new QueryError("BAD_USER_INPUT", `timeFrom ${filter.timeFrom} is after timeTo ${filter.timeTo}`, { field: "timeFrom" });
  }
  if (filter.lastN != null && (filter.lastN < 1 || filter.lastN > 100)) {
    throw new QueryError("BAD_USER_INPUT", `lastN must be between 1 and 100, got ${filter.lastN}`, { field: "lastN" });
  }
  return {
    table,
    indicators: indicators ? indicators.map((i) => i.id) : null,
    codes,
    classif,
    timeFrom: filter.timeFrom ?? null,
    timeTo: filter.timeTo ?? null,
    sources: nonEmpty(filter.source) ? [...filter.source] : null,
    lastN: filter.lastN ?? null,
  };
}

/** Longer than any code of any list: no close matches are looked for. */
const MAX_CODE_LENGTH = 64;

/** Levenshtein distance, for the short strings codes are. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` codes of `candidates` closest to `code`: codes that contain it (or that it contains) first, then by
 * edit distance, within a distance that still looks like a typo.
 */
export function closeMatches(code: string, candidates: Iterable<string>, max = 3): string[] {
  // Codes are short; a long string is no typo of one (and comparing it against a whole list would cost seconds).
  if (code.length > MAX_CODE_LENGTH) return [];
  const wanted = code.toUpperCase();
  const bound = Math.max(2, Math.ceil(wanted.length / 2));
  const scored: { code: string; rank: number; distance: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toUpperCase();
    const contains = wanted.length >= 2 && (c.includes(wanted) || wanted.includes(c));
    const distance = editDistance(wanted, c);
    if (contains || distance <= bound) scored.push({ code: candidate, rank: contains ? 0 : 1, distance });
  }
  scored.sort((x, y) => x.rank - y.rank || x.distance - y.distance || x.code.localeCompare(y.code));
  return scored.slice(0, max).map((s) => s.code);
}

interface CodeCheck {
  field: string;
  codelist: string;
  code: string;
  written: string;
  /** Maps a stored code back to how the client writes it (ILOSTAT prefixes). */
  display: (code: string) => string;
  expand: boolean;
}

function checksOf(plan: FilterPlan): CodeCheck[] {
  const checks: CodeCheck[] = [];
  const add = (cond: CodeCondition | ClassifCondition, field: string) => {
    cond.codes.forEach((code, i) => {
      const written = cond.written?.[i] ?? code;
      const prefix = written !== code && written.endsWith(code) ? written.slice(0, written.length - code.length) : "";
      checks.push({ field, codelist: cond.codelist, code, written, display: (c) => prefix + c, expand: cond.expand });
    });
  };
  for (const cond of plan.codes) add(cond, cond.field ?? cond.column);
  for (const cond of plan.classif.flat()) add(cond, cond.field ?? cond.column);
  return checks;
}

/** What a check of filter codes found beyond errors: hierarchy nodes that select nothing below them. */
export interface FilterCheck {
  warnings: string[];
}

/** Every code of every list (areas: with country groups and their member counts), kept between requests. */
interface CodeIndex {
  lists: Map<string, Set<string>>;
  /** Members per country group, by its code and by its ILOSTAT code. */
  groupMembers: Map<string, number>;
  /** Every country ever in each country group, by its code and by its ILOSTAT code. */
  groupCountries: Map<string, string[]>;
  /** The codes right below each code along its list's hierarchy edges ({@link hierarchyEdgesSql}), by `list:code`. */
  below: Map<string, string[]>;
  loadedAt: number;
}

/**
 * How long a loaded index is trusted for codes it knows. A code it does not know, or a group it holds as empty,
 * is looked up again on the spot (one indexed statement for just those codes), so a code added a moment ago is
 * never refused and a group that just got members does not warn; a deleted code (which nothing used) may be
 * accepted for this long and select nothing, as before the check existed.
 */
const INDEX_TTL_MS = 5 * 60_000;
/** Keyed by the database, not a request's guarded handle ({@link rootHandle}): the index outlives requests. */
let indexes = new WeakMap<object, CodeIndex>();

/**
 * Drops every held code index: the next check reads the code lists afresh. The API calls it whenever data
 * changes (its data epoch moves), so that a hierarchy walked from the index is never older than the change.
 */
export function forgetCodeIndexes(): void {
  indexes = new WeakMap();
}

interface IndexRow {
  codelist: string;
  code: string;
  members: number | null;
  countries: string[] | null;
  /** Set on the rows of hierarchy edges: `code` is right below `parent`. */
  parent?: string | null;
}

function addRows(index: CodeIndex, rows: readonly IndexRow[]): void {
  for (const r of rows) {
    if (r.parent) {
      const key = `${r.codelist}:${r.parent}`;
      const below = index.below.get(key);
      if (below) below.push(r.code);
      else index.below.set(key, [r.code]);
      continue;
    }
    let list = index.lists.get(r.codelist);
    if (!list) index.lists.set(r.codelist, (list = new Set()));
    list.add(r.code);
    if (r.members !== null) {
      index.groupMembers.set(r.code, Number(r.members));
      index.groupCountries.set(r.code, r.countries ?? []);
    }
  }
}

const GROUP_ROWS = `select 'AREA' as codelist, c.code, (select count(*)::int from country_group_members m where m.group_code = g.code) as members,
    (select array_agg(distinct m.country) from country_group_members m where m.group_code = g.code) as countries
  from country_groups g cross join lateral (values (g.code), (g.ilostat_code)) c(code) where c.code is not null`;

/** {@link hierarchyEdgesSql} of every list at once, as index rows. */
const EDGE_ROWS = `select m.codelist_id, m.code, null::int, null::text[], m.target_code from code_mappings m
     where m.target_codelist_id = m.codelist_id and m.kind = 'rollup'
   union all
   select c.codelist_id, c.code, null::int, null::text[], c.parent_code from codes c join codes p on p.codelist_id = c.codelist_id and p.code = c.parent_code
     where p.level <> 'total'`;

async function codeIndex(db: ReadHandle): Promise<CodeIndex> {
  const held = indexes.get(rootHandle(db));
  if (held && Date.now() - held.loadedAt < INDEX_TTL_MS) return held;
  const loadedAt = Date.now();
  const rows = await db.query<IndexRow>(
    `select codelist_id as codelist, code, null::int as members, null::text[] as countries, null::text as parent from codes
     union all select g.*, null from (${GROUP_ROWS}) g union all ${EDGE_ROWS}`,
  );
  const index: CodeIndex = { lists: new Map(), groupMembers: new Map(), groupCountries: new Map(), below: new Map(), loadedAt };
  addRows(index, rows);
  indexes.set(rootHandle(db), index);
  return index;
}

/**
 * What a condition selects, from the index: the codes and every code below them (as `expandedCodesSql` walks
 * them); for areas, the codes themselves when none is a country group, else the bound of every country the
 * groups ever held. A condition with a code the index had to look up afresh is left to SQL to expand: the
 * codes below a code added a moment ago may be newer than the index.
 */
function resolveCondition<T extends CodeCondition | ClassifCondition>(cond: T, index: CodeIndex, fresh: ReadonlySet<string>): T {
  if (!cond.expand || cond.codes.some((c) => fresh.has(`${cond.codelist}:${c}`))) return cond;
  if (cond.codelist === "AREA") {
    const countries = cond.codes.flatMap((c) => index.groupCountries.get(c) ?? []);
    return countries.length === 0
      ? { ...cond, selects: [...cond.codes] }
      : { ...cond, within: [...new Set([...cond.codes, ...countries])] };
  }
  const seen = new Set(cond.codes);
  const pending = [...cond.codes];
  while (pending.length > 0) {
    for (const child of index.below.get(`${cond.codelist}:${pending.pop()!}`) ?? [])
      if (!seen.has(child)) {
        seen.add(child);
        pending.push(child);
      }
  }
  return { ...cond, selects: [...seen] };
}

/** Reads just these codes (and their groups' member counts) fresh, into the index. */
async function refresh(db: ReadHandle, index: CodeIndex, checks: readonly CodeCheck[]): Promise<void> {
  const rows = await db.query<IndexRow>(
    `with wanted(codelist, code) as (select * from unnest($1::text[], $2::text[]))
     select c.codelist_id as codelist, c.code, null::int as members, null::text[] as countries from codes c join wanted w on c.codelist_id = w.codelist and c.code = w.code
     union all
     select g.* from (${GROUP_ROWS}) g join wanted w on w.codelist = 'AREA' and w.code = g.code`,
    [checks.map((c) => c.codelist), checks.map((c) => c.code)],
  );
  addRows(index, rows);
}

/**
 * Checks every code of a plan against its code list (areas: also country groups). An unknown code is a
 * `UNKNOWN_CODE` error naming the argument (`filter.dimensions.destination`), the code and up to three close
 * matches of the right list. A country group without members, which would select nothing below it, is a warning.
 * `argument` is the name of the filter argument in the caller's protocol.
 *
 * Returns the plan to read with: the same conditions, each told what it selects ({@link CodeCondition.selects},
 * {@link CodeCondition.within}) so that SQL filters on lists an index can use instead of walking the hierarchy
 * row by row (a country with `expandHierarchy` on, the default, otherwise scans the whole table).
 */
export async function checkFilterCodes(db: ReadHandle, plan: FilterPlan, argument = "filter"): Promise<FilterCheck & { plan: FilterPlan }> {
  const checks = checksOf(plan);
  if (checks.length === 0) return { warnings: [], plan };
  const knows = (index: CodeIndex, c: CodeCheck) => index.lists.get(c.codelist)?.has(c.code) === true;
  const empty = (index: CodeIndex, c: CodeCheck) => c.expand && c.codelist === "AREA" && index.groupMembers.get(c.code) === 0;
  const index = await codeIndex(db);
  // What the held index says against the request (an unknown code, an empty group) is confirmed on fresh data.
  const doubtful = checks.filter((c) => !knows(index, c) || empty(index, c));
  if (doubtful.length > 0) await refresh(db, index, doubtful);
  const unknown = checks.find((c) => !knows(index, c));
  if (unknown) {
    const suggestions = closeMatches(unknown.code, index.lists.get(unknown.codelist) ?? []).map(unknown.display);
    const name = [argument, unknown.field].filter(Boolean).join(".");
    const shown = unknown.written.length > 60 ? `${unknown.written.slice(0, 60)}...` : unknown.written;
    throw new QueryError(
      "UNKNOWN_CODE",
      `${name}: '${shown}' is not a code of list ${unknown.codelist}${suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : ""}`,
      { field: unknown.field, argument: name, value: shown, codelist: unknown.codelist, suggestions },
    );
  }
  const warnings = checks
    .filter((c) => empty(index, c))
    .map((c) => `${[argument, c.field].filter(Boolean).join(".")}: group '${c.written}' has no members, so it selects nothing below it`);
  const fresh = new Set(doubtful.map((c) => `${c.codelist}:${c.code}`));
  const resolved: FilterPlan = {
    ...plan,
    codes: plan.codes.map((c) => resolveCondition(c, index, fresh)),
    classif: plan.classif.map((group) => group.map((c) => resolveCondition(c, index, fresh))),
  };
  return { warnings: [...new Set(warnings)], plan: resolved };
}

/** Checks a list of area codes given as one argument (`qualityMap(countries:)`), like a filter's `refArea`. */
export async function checkAreaCodes(db: ReadHandle, areas: readonly string[], argument: string): Promise<FilterCheck> {
  const plan: FilterPlan = {
    table: getTable(1)!,
    indicators: null,
    codes: [{ column: "ref_area", codelist: "AREA", codes: [...areas], expand: true, field: "" }],
    classif: [],
    timeFrom: null,
    timeTo: null,
    sources: null,
    lastN: null,
  };
  const { warnings } = await checkFilterCodes(db, plan, argument);
  return { warnings };
}

/** {@link planFilter}, then {@link checkFilterCodes}: what every front end runs before reading. */
export async function planChecked(db: ReadHandle, filter: ObservationFilter, argument = "filter"): Promise<FilterPlan & FilterCheck> {
  const { warnings, plan } = await checkFilterCodes(db, planFilter(filter), argument);
  return { ...plan, warnings };
}
