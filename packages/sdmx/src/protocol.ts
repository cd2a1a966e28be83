/**
 * The optional parts of SDMX REST data queries, on top of the key and period mapped by `query.ts`:
 * `firstNObservations`, `updatedAfter`, `offset` / `limit` (applied to the engine's row stream, keeping only one
 * counter per series), `includeHistory` (earlier rounds' values from the engine's vintages), `asOf` (the state
 * as of a round's publication), and the SDMX 3.0 query syntax (`*` and `,` in keys, `c[DIM]=op:value` filters,
 * `attributes`, `measures`) translated into the 2.1 forms.
 */
import type { DbHandle } from "@ilms/db";
import { streamSuperseded, visibleRoundStamps } from "@ilms/query";
import type { CellRow, FilterPlan, RoundStamp, Visibility } from "@ilms/query";
import { loadCodelists } from "./codelists";
import { CODELISTS_SDMX } from "./model";
import type { SdmxDataflow } from "./model";
import { SdmxError, short } from "./query";

/** A point in time from an SDMX parameter: an ISO 8601 date or date-time (`2024-01-01`, `2024-01-01T10:00:00Z`). */
export function instantOf(name: string, value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value);
  const date = ok ? new Date(value.replace(" ", "T")) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw new SdmxError("SyntaxError", `${name} '${short(value)}' is not an ISO 8601 date or date-time (e.g. 2024-01-01T00:00:00Z)`);
  return date;
}

/** A whole number parameter, at least `min`. */
export function countOf(name: string, value: string | null, min = 1): number | null {
  if (value === null || value === "") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new SdmxError("SyntaxError", `${name} '${short(value)}' is not a whole number of at least ${min}`);
  return n;
}

export interface RowOptions {
  /** The first N years of each series. */
  firstN: number | null;
  /** Only cells whose value came from a round that became visible after this instant. */
  updatedAfter: Date | null;
  /** Observations to skip, then to keep at most (SDMX 3.0 `offset` / `limit`). */
  offset: number;
  limit: number | null;
  /** `measures=none`: the observations' keys and attributes without their values. */
  noMeasures: boolean;
}

export const NO_ROW_OPTIONS: RowOptions = { firstN: null, updatedAfter: null, offset: 0, limit: null, noMeasures: false };

/** Whether a round's values count as updated after `after`: unpublished rounds (seen by staff only) always do. */
function updatedSince(stamp: RoundStamp | undefined, after: Date): boolean {
  if (!stamp) return false;
  return stamp.visibleSince === null || new Date(stamp.visibleSince).getTime() > after.getTime();
}

/**
 * The rows a query keeps. The engine's order is by reporting area, then year, so within each series years come
 * in order: the first N rows seen of a series are its first N years.
 */
export async function* selectRows(
  rows: AsyncIterable<CellRow>,
  flow: SdmxDataflow,
  options: RowOptions,
  stamps: readonly RoundStamp[],
): AsyncGenerator<CellRow> {
  const byRound = new Map(stamps.map((s) => [s.id, s]));
  const perSeries = new Map<string, number>();
  let skipped = 0;
  let kept = 0;
  for await (const row of rows) {
    if (options.updatedAfter && !updatedSince(byRound.get(row.round_id), options.updatedAfter)) continue;
    if (options.firstN !== null) {
      const series = flow.dimensions.map((d) => d.valueOf(row)).join("\u0000") + `\u0000${row.source_code}`;
      const seen = perSeries.get(series) ?? 0;
      if (seen >= options.firstN) continue;
      perSeries.set(series, seen + 1);
    }
    if (skipped < options.offset) {
      skipped++;
      continue;
    }
    if (options.limit !== null && kept >= options.limit) return;
    kept++;
    yield options.noMeasures ? { ...row, obs_value: null } : row;
  }
}

/** The values each earlier round gave to cells revised since (oldest round first), for `includeHistory`. */
export interface HistorySet {
  round: string;
  validFrom: string | null;
  rows: AsyncIterable<CellRow>;
}

export function historySets(
  db: DbHandle,
  plan: FilterPlan,
  vis: Visibility,
  stamps: readonly RoundStamp[],
  flow: SdmxDataflow,
  options: RowOptions,
): AsyncIterable<HistorySet> {
  return (async function* () {
    for (const stamp of stamps) {
      yield {
        round: stamp.code,
        validFrom: stamp.visibleSince,
        rows: selectRows(streamSuperseded(db, plan, vis, stamp.id), flow, { ...options, offset: 0, limit: null }, stamps),
      };
    }
  })();
}

/** The rounds a caller may see, with their visibility times. */
export function roundStamps(db: DbHandle, vis: Visibility): Promise<RoundStamp[]> {
  return visibleRoundStamps(db, vis);
}

/**
 * `asOf`: the latest visible round whose values were public at that instant (rounds not published yet never
 * count). An instant before every publication is a question with no answer: NoResultsFound, naming the first.
 */
export function asOfRound(stamps: readonly RoundStamp[], asOf: Date): number {
  const published = stamps.filter((s) => s.visibleSince !== null && new Date(s.visibleSince).getTime() <= asOf.getTime());
  if (published.length === 0) {
    const first = stamps.find((s) => s.visibleSince !== null)?.visibleSince;
    throw new SdmxError(
      "NoResultsFound",
      `No round had been published by ${asOf.toISOString()}${first ? `; the first publication was at ${first}` : ""}`,
    );
  }
  return Math.max(...published.map((s) => s.id));
}

/** A 3.0 key (`IDN.*.*.SEX_T,SEX_F.*`, `*`) in 2.1 form (`IDN...SEX_T+SEX_F.`, `all`). */
export function key30(key: string | undefined): string | undefined {
  if (key === undefined || key === "" || key === "*") return "all";
  return key
    .split(".")
    .map((position) => (position === "*" ? "" : position.split(",").join("+")))
    .join(".");
}

const CODE_OPERATORS = ["eq", "ne", "co", "nc", "sw", "ew"] as const;
const TIME_OPERATORS = ["eq", "ge", "gt", "le", "lt"] as const;

function splitOperator(term: string, allowed: readonly string[]): { op: string; value: string } {
  const colon = term.indexOf(":");
  const op = colon > 0 ? term.slice(0, colon) : "eq";
  const value = colon > 0 ? term.slice(colon + 1) : term;
  if (!allowed.includes(op)) throw new SdmxError("SemanticError", `operator '${short(op)}' is not one of ${allowed.join(", ")}`);
  if (value === "") throw new SdmxError("SyntaxError", `operator ${op} has no value`);
  return { op, value };
}

const codeTest = (op: string, value: string) => (code: string) => {
  switch (op) {
    case "ne":
      return code !== value;
    case "co":
      return code.includes(value);
    case "nc":
      return !code.includes(value);
    case "sw":
      return code.startsWith(value);
    case "ew":
      return code.endsWith(value);
    default:
      return code === value;
  }
};

/**
 * SDMX 3.0 component filters (`c[REF_AREA]=IDN,PHL`, `c[SEX]=ne:SEX_T`, `c[TIME_PERIOD]=ge:2018+le:2020`): `,` is
 * OR, `+` is AND. Code filters are resolved against the dimension's code list and narrow the 2.1 key; time
 * filters become the start and end period. An unknown component, or a filter that no code passes, is an error.
 */
export async function componentFilters(
  db: DbHandle,
  flow: SdmxDataflow,
  key: string | undefined,
  params: URLSearchParams,
): Promise<{ key: string | undefined; startPeriod: string | null; endPeriod: string | null }> {
  let startPeriod: number | null = null;
  let endPeriod: number | null = null;
  const positions = key === undefined || key === "all" ? flow.dimensions.map(() => "") : key.split(".");
  for (const [name, raw] of params) {
    const m = /^c\[([A-Za-z0-9_]+)\]$/.exec(name);
    if (!m) continue;
    const id = m[1]!;
    if (id === "TIME_PERIOD") {
      const alternatives = raw.split(",");
      if (alternatives.length > 1)
        throw new SdmxError("NotImplemented", "c[TIME_PERIOD] with alternatives (,) is not supported; use one range");
      for (const term of alternatives[0]!.split("+")) {
        const { op, value } = splitOperator(term, TIME_OPERATORS);
        const year = /^(\d{4})/.exec(value);
        if (!year) throw new SdmxError("SyntaxError", `c[TIME_PERIOD] value '${short(value)}' is not an SDMX period (e.g. 2018)`);
        const y = Number(year[1]);
        const from = op === "gt" ? y + 1 : op === "ge" || op === "eq" ? y : null;
        const to = op === "lt" ? y - 1 : op === "le" || op === "eq" ? y : null;
        if (from !== null) startPeriod = startPeriod === null ? from : Math.max(startPeriod, from);
        if (to !== null) endPeriod = endPeriod === null ? to : Math.min(endPeriod, to);
      }
      continue;
    }
    const index = flow.dimensions.findIndex((d) => d.id === id);
    if (index < 0)
      throw new SdmxError(
        "SemanticError",
        `c[${short(id)}]: ${flow.id} has no dimension ${short(id)}; its dimensions are ${flow.dimensions.map((d) => d.id).join(", ")}, TIME_PERIOD`,
      );
    const dimension = flow.dimensions[index]!;
    const list = CODELISTS_SDMX.find((c) => c.id === dimension.codelist)!;
    const [loaded] = await loadCodelists(db, [list]);
    const alternatives = raw.split(",").map((alt) => alt.split("+").map((t) => splitOperator(t, CODE_OPERATORS)));
    let codes = loaded!.codes
      .map((c) => c.id)
      .filter((code) => alternatives.some((all) => all.every((t) => codeTest(t.op, t.value)(code))));
    const current = positions[index]!.split("+").filter((c) => c !== "");
    if (current.length > 0) codes = codes.filter((c) => current.includes(c));
    if (codes.length === 0)
      throw new SdmxError("NoResultsFound", `c[${dimension.id}]=${short(raw)}: no code of ${dimension.codelist} passes the filter`);
    positions[index] = codes.join("+");
  }
  if (startPeriod !== null && endPeriod !== null && startPeriod > endPeriod)
    throw new SdmxError("NoResultsFound", `c[TIME_PERIOD] selects no period (from ${startPeriod} to ${endPeriod})`);
  const changed = positions.some((p) => p !== "");
  return {
    key: changed ? positions.join(".") : key,
    startPeriod: startPeriod === null ? null : String(startPeriod),
    endPeriod: endPeriod === null ? null : String(endPeriod),
  };
}

/**
 * The flow as written under the 3.0 `attributes` parameter: `dsd`, `obs`, `all` (every attribute), `none`,
 * `msd`, `dataset`, `series` (none: the warehouse's attributes are all at the observation), or attribute ids.
 */
export function withAttributes(flow: SdmxDataflow, value: string | null): SdmxDataflow {
  if (value === null || value === "" || value === "dsd" || value === "all" || value === "obs") return flow;
  if (value === "none" || value === "msd" || value === "dataset" || value === "series") return { ...flow, attributes: [] };
  const ids = value.split(",");
  const unknown = ids.find((id) => !flow.attributes.some((a) => a.id === id));
  if (unknown !== undefined)
    throw new SdmxError(
      "SemanticError",
      `attributes: ${flow.id} has no attribute '${short(unknown)}'; its attributes are ${flow.attributes.map((a) => a.id).join(", ")}`,
    );
  return { ...flow, attributes: flow.attributes.filter((a) => ids.includes(a.id)) };
}

/** The 3.0 `measures` parameter: `all` / `OBS_VALUE` keep the value, `none` drops it. */
export function measuresOf(value: string | null): boolean {
  if (value === null || value === "" || value === "all" || value === "OBS_VALUE") return false;
  if (value === "none") return true;
  throw new SdmxError("SemanticError", `measures '${short(value)}' is not all, none or OBS_VALUE (the only measure)`);
}

/**
 * The language to label in, from `Accept-Language` (q-values; `fr-CH` also matches `fr`; `*` any), among the
 * languages labels exist in; English when none of the asked ones has labels. `fallback` says whether the
 * caller asked for a language that could not be served.
 */
export function negotiateLanguage(header: string | undefined, available: readonly string[]): { lang: string; fallback: boolean } {
  if (!header || header.trim() === "") return { lang: "en", fallback: false };
  const asked = header
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find((m) => m)?.[1];
      return { tag: (tag ?? "").trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((a) => a.tag !== "" && Number.isFinite(a.q) && a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const lower = new Map(available.map((l) => [l.toLowerCase(), l]));
  for (const { tag } of asked) {
    if (tag === "*") return { lang: "en", fallback: false };
    const exact = lower.get(tag) ?? lower.get(tag.split("-")[0]!);
    if (exact) return { lang: exact, fallback: false };
  }
  return { lang: "en", fallback: asked.length > 0 };
}
