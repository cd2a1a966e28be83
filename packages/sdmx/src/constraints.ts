/**
 * Content constraints computed from the data that exist, as the caller may see them: the codes each dimension
 * of a flow actually has and the first and last period (`/contentconstraint`), and the codes still available
 * around a partial key (`/availableconstraint/{flow}/{key}` with `mode=exact|available`). The rows are read
 * through the engine like every data query (visibility, vintages), keeping only the distinct codes.
 */
import type { DbHandle } from "@ilms/db";
import type { Visibility } from "@ilms/query";

import type { SdmxDataflow } from "./model";
import { dataFilter, prepareData } from "./query";
import type { DataQueryParams } from "./query";

export interface ContentConstraint {
  id: string;
  name: string;
  /** `Actual`: what the data have. */
  type: "Actual";
  flow: SdmxDataflow;
  /** Codes per dimension, in key order (an empty list: the dimension has no data in the region). */
  keyValues: { id: string; values: string[] }[];
  timeRange: { start: string; end: string } | null;
  /** Observations in the region (written as the `obs_count` annotation), null when not counted. */
  observations: number | null;
}

/** The id of a flow's actual content constraint: `CC_<flow id without DF_>`. */
export function constraintIdOf(flow: SdmxDataflow): string {
  return `CC_${flow.id.replace(/^DF_/, "")}`;
}

interface Region {
  values: Set<string>[];
  first: number | null;
  last: number | null;
  count: number;
}

async function regionOf(
  db: DbHandle,
  flow: SdmxDataflow,
  key: string | undefined,
  params: DataQueryParams,
  vis: Visibility,
): Promise<Region> {
  const prepared = await prepareData(db, flow, dataFilter(flow, key, params), vis);
  const region: Region = { values: flow.dimensions.map(() => new Set<string>()), first: null, last: null, count: 0 };
  for await (const row of prepared.rows()) {
    flow.dimensions.forEach((d, i) => region.values[i]!.add(d.valueOf(row)));
    const year = Number(row.time);
    if (region.first === null || year < region.first) region.first = year;
    if (region.last === null || year > region.last) region.last = year;
    region.count++;
  }
  return region;
}

const sorted = (values: Set<string>) => [...values].sort();

/** The actual content constraint of a flow: every code its visible data have; null when it has none. */
export async function actualConstraint(db: DbHandle, flow: SdmxDataflow, vis: Visibility): Promise<ContentConstraint | null> {
  const region = await regionOf(db, flow, undefined, {}, vis);
  if (region.count === 0) return null;
  return {
    id: constraintIdOf(flow),
    name: `Data available in ${flow.name}`,
    type: "Actual",
    flow,
    keyValues: flow.dimensions.map((d, i) => ({ id: d.id, values: sorted(region.values[i]!) })),
    timeRange: { start: String(region.first), end: String(region.last) },
    observations: region.count,
  };
}

export type AvailabilityMode = "exact" | "available";

/**
 * What is available around a key. `exact`: the codes of the observations that match the key. `available`: for
 * each dimension, the codes that could be chosen there while the other positions keep their selection (the
 * dimension's own selection is ignored), as a data explorer offers them. Null when nothing matches.
 */
export async function availableConstraint(
  db: DbHandle,
  flow: SdmxDataflow,
  key: string | undefined,
  params: DataQueryParams,
  mode: AvailabilityMode,
  vis: Visibility,
): Promise<ContentConstraint | null> {
  const exact = await regionOf(db, flow, key, params, vis);
  if (exact.count === 0) return null;
  const values = exact.values.map(sorted);
  const positions = key === undefined || key === "" || key === "all" ? null : key.split(".");
  if (mode === "available" && positions) {
    for (let i = 0; i < flow.dimensions.length; i++) {
      if (positions[i] === "") continue; // already a wildcard: the exact region has every available code
      const widened = positions.map((p, j) => (j === i ? "" : p)).join(".");
      values[i] = sorted((await regionOf(db, flow, widened, params, vis)).values[i]!);
    }
  }
  return {
    id: `CC_AVAILABLE_${flow.id.replace(/^DF_/, "")}`,
    name: `Data available in ${flow.name} (${mode})`,
    type: "Actual",
    flow,
    keyValues: flow.dimensions.map((d, i) => ({ id: d.id, values: values[i]! })),
    timeRange: { start: String(exact.first), end: String(exact.last) },
    observations: exact.count,
  };
}
