/**
 * Mirror statistics: the same corridor as reported by the country of origin and by the country of
 * destination, side by side per year, with the ratio D/O, the asymmetry (D-O)/(D+O), the coverage and flags
 * that explain why two correct reports may differ. Which tables mirror which, and each pair's caveat, is the
 * catalogue's {@link MIRROR_PAIRS}.
 */
import { mirrorPairs, requireTable } from "@ilms/domain";
import type { CorridorMeasure } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { QueryError } from "./errors";
import { resolveCountries, sideValues, yearRange } from "./corridors";
import type { SideValue } from "./corridors";
import type { Visibility } from "./sql";

export type MirrorCoverage = "BOTH" | "ORIGIN_ONLY" | "DESTINATION_ONLY" | "NEITHER";

/**
 * Why the two reports may differ: `BASIS_BIRTH_VS_CITIZENSHIP` (the destination counts by country of birth,
 * the origin its nationals), `STOCK_VS_FLOW`, `SURVEY_VS_ADMINISTRATIVE` (one side a household survey or
 * census, the other administrative records), `AGE_COVERAGE` (all ages against working age).
 */
export type MirrorFlag = "BASIS_BIRTH_VS_CITIZENSHIP" | "STOCK_VS_FLOW" | "SURVEY_VS_ADMINISTRATIVE" | "AGE_COVERAGE";

export interface MirrorRow {
  pair: string;
  measure: CorridorMeasure;
  caveat: string;
  origin: string;
  destination: string;
  time: number;
  originTable: number;
  destinationTable: number;
  originValue: string | null;
  destinationValue: string | null;
  originSource: string | null;
  destinationSource: string | null;
  originRound: string | null;
  destinationRound: string | null;
  /** D/O; null unless both report and O > 0. */
  ratio: number | null;
  /** (D-O)/(D+O), between -1 and 1; null unless both report and D+O > 0. */
  asymmetry: number | null;
  coverage: MirrorCoverage;
  flags: MirrorFlag[];
}

export interface MirrorRequest {
  origins: readonly string[];
  destinations: readonly string[];
  yearFrom?: number | null;
  yearTo?: number | null;
  year?: number | null;
  measure?: CorridorMeasure | null;
  sex?: string | null;
  /** List also corridor-years that neither side reports (coverage NEITHER); only for single countries. */
  includeNeither?: boolean;
}

const SURVEYS = new Set(["household_survey", "census"]);

function flagsOf(pair: ReturnType<typeof mirrorPairs>[number], o: SideValue | undefined, d: SideValue | undefined): MirrorFlag[] {
  const flags: MirrorFlag[] = [];
  if (d?.basis === "CBR") flags.push("BASIS_BIRTH_VS_CITIZENSHIP");
  const kind = (t: number) => (requireTable(t).measure.kind === "flow" ? "flow" : "stock");
  if (kind(pair.origin.table) !== kind(pair.destination.table)) flags.push("STOCK_VS_FLOW");
  if (o?.sourceKind && d?.sourceKind && SURVEYS.has(o.sourceKind) !== SURVEYS.has(d.sourceKind)) flags.push("SURVEY_VS_ADMINISTRATIVE");
  if (pair.origin.ages !== pair.destination.ages) flags.push("AGE_COVERAGE");
  return flags;
}

export async function mirror(db: ReadHandle, q: MirrorRequest, vis: Visibility): Promise<MirrorRow[]> {
  const years = yearRange(q);
  const pairs = mirrorPairs(q.measure ?? undefined);
  const sex = q.sex ?? "SEX_T";
  const origins = await resolveCountries(db, q.origins, "origins");
  const destinations = await resolveCountries(db, q.destinations, "destinations");
  if (q.includeNeither && origins.all.length * destinations.all.length > 400)
    throw new QueryError("BAD_USER_INPUT", "includeNeither lists every corridor-year: give at most 400 corridors", {
      field: "includeNeither",
    });
  const rows: MirrorRow[] = [];
  for (const pair of pairs) {
    const read = { yearFrom: years.yearFrom, yearTo: years.yearTo, sex };
    const fromOrigin = await sideValues(
      db,
      requireTable(pair.origin.table),
      { ...read, reporters: origins.all, counterparts: destinations.all },
      vis,
    );
    const fromDestination = await sideValues(
      db,
      requireTable(pair.destination.table),
      { ...read, reporters: destinations.all, counterparts: origins.all },
      vis,
    );
    const key = (o: string, d: string, t: number) => `${o} ${d} ${t}`;
    const byOrigin = new Map(fromOrigin.map((v) => [key(v.reporter, v.counterpart, v.time), v]));
    const byDestination = new Map(fromDestination.map((v) => [key(v.counterpart, v.reporter, v.time), v]));
    const keys = new Set([...byOrigin.keys(), ...byDestination.keys()]);
    if (q.includeNeither)
      for (const o of origins.all)
        for (const d of destinations.all) for (let t = years.yearFrom; t <= years.yearTo; t++) if (o !== d) keys.add(key(o, d, t));
    for (const k of [...keys].sort()) {
      const [origin, destination, t] = k.split(" ") as [string, string, string];
      const time = Number(t);
      if (!origins.has(origin, time) || !destinations.has(destination, time)) continue;
      const o = byOrigin.get(k);
      const d = byDestination.get(k);
      const ov = o ? Number(o.value) : null;
      const dv = d ? Number(d.value) : null;
      rows.push({
        pair: pair.key,
        measure: pair.measure,
        caveat: pair.caveat,
        origin,
        destination,
        time,
        originTable: pair.origin.table,
        destinationTable: pair.destination.table,
        originValue: o?.value ?? null,
        destinationValue: d?.value ?? null,
        originSource: o?.source ?? null,
        destinationSource: d?.source ?? null,
        originRound: o?.round ?? null,
        destinationRound: d?.round ?? null,
        ratio: ov !== null && dv !== null && ov > 0 ? dv / ov : null,
        asymmetry: ov !== null && dv !== null && ov + dv > 0 ? (dv - ov) / (dv + ov) : null,
        coverage: o && d ? "BOTH" : o ? "ORIGIN_ONLY" : d ? "DESTINATION_ONLY" : "NEITHER",
        flags: flagsOf(pair, o, d),
      });
    }
  }
  return rows;
}

export interface MirrorMatrix {
  origins: string[];
  destinations: string[];
  yearFrom: number;
  yearTo: number;
  /** Every corridor and year of the countries asked, per mirror pair, NEITHER included. */
  rows: MirrorRow[];
  /** How many corridor-years of each pair have each coverage. */
  coverage: { pair: string; coverage: MirrorCoverage; count: number }[];
}

/**
 * The mirror matrix: all corridors x years of the countries or groups asked at once (ASEAN by default, dated
 * membership respected), each with both reports, the ratio, the asymmetry, the coverage (corridor-years that
 * neither side reports included) and the flags; plus counts per coverage.
 */
export async function mirrorMatrix(
  db: ReadHandle,
  q: Omit<MirrorRequest, "origins" | "destinations" | "includeNeither"> & {
    origins?: readonly string[] | null;
    destinations?: readonly string[] | null;
  },
  vis: Visibility,
): Promise<MirrorMatrix> {
  const years = yearRange(q);
  const origins = q.origins && q.origins.length > 0 ? q.origins : ["ASEAN"];
  const destinations = q.destinations && q.destinations.length > 0 ? q.destinations : ["ASEAN"];
  const rows = await mirror(db, { ...q, origins, destinations, includeNeither: true }, vis);
  const counts = new Map<string, { pair: string; coverage: MirrorCoverage; count: number }>();
  for (const r of rows) {
    const k = `${r.pair} ${r.coverage}`;
    const c = counts.get(k) ?? { pair: r.pair, coverage: r.coverage, count: 0 };
    c.count++;
    counts.set(k, c);
  }
  return {
    origins: (await resolveCountries(db, origins, "origins")).all,
    destinations: (await resolveCountries(db, destinations, "destinations")).all,
    ...years,
    rows,
    coverage: [...counts.values()],
  };
}
