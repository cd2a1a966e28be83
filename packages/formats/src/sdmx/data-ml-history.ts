/**
 * SDMX-ML 2.1 data messages for the protocol's optional parts, beside the plain writers of `data-ml.ts`:
 *
 * - `includeHistory=true`: SDMX-ML has no history element, so (as the 2.1 REST specification describes the
 *   option) the message carries the current values as the first data set, then one data set per earlier round
 *   with the values it gave to cells that later rounds revised, each with the round as `setID` and the time its
 *   values became public as `validFromDate` (absent for a round not published yet, which only staff see).
 * - `dimensionAtObservation=TIME_PERIOD` (or a dimension): GenericData grouped in series. The engine reads
 *   cells in its index order (area, year, ...), not series by series, so the observations are grouped in
 *   memory: the route admits such messages up to a bounded number of observations (413 beyond).
 * - `detail=serieskeysonly|nodata`: series (`dimensionAtObservation=TIME_PERIOD`) with their keys and no
 *   observations; all attributes of the warehouse are observation-level, so both details give the same keys.
 *   Each series is written once (only the keys seen are kept, never the rows).
 */
import type { Writable } from "node:stream";
import type { CellRow } from "@ilms/query";
import { write } from "../types";
import {
  genericDataSet,
  genericObs,
  genericStart,
  genericValueAndAttributes,
  specificDataSet,
  specificObs,
  specificStart,
  writeObservations,
} from "./data-ml";
import { xml } from "./types";
import type { SdmxDataInput } from "./types";

/** The values one earlier round gave to cells revised since. */
export interface SdmxHistorySet {
  /** The round's code (written as `setID`). */
  round: string;
  /** When its values became public (ISO 8601); null when not published. */
  validFrom: string | null;
  rows: AsyncIterable<CellRow>;
}

/** `setID` is an SDMX IDType. */
const setId = (code: string) => code.replace(/[^A-Za-z0-9_@$-]/g, "_");

/** The attributes of an earlier round's data set (`prefix`: `ss:` in StructureSpecificData), each with its leading space. */
const historyAttributes = (set: SdmxHistorySet, prefix = "") =>
  ` ${prefix}setID="${xml(setId(set.round))}"${set.validFrom ? ` ${prefix}validFromDate="${xml(set.validFrom)}"` : ""}`;

/**
 * The current values as the first data set, then one data set per earlier round with values (`open` spells its
 * opening tag), then `close`; resolves with the observations written.
 */
async function writeWithHistory(
  out: Writable,
  input: SdmxDataInput,
  history: AsyncIterable<SdmxHistorySet>,
  message: { start: string; open: (set: SdmxHistorySet) => string; obs: (row: CellRow) => string; close: string },
): Promise<number> {
  await write(out, message.start);
  let count = await writeObservations(out, input.rows, message.obs);
  await write(out, `</mes:DataSet>\n`);
  for await (const set of history) {
    let opened = false;
    for await (const row of set.rows) {
      if (!opened) await write(out, message.open(set));
      opened = true;
      await write(out, message.obs(row));
      count++;
    }
    if (opened) await write(out, `</mes:DataSet>\n`);
  }
  await write(out, message.close);
  return count;
}

export function writeGenericDataWithHistory(input: SdmxDataInput, history: AsyncIterable<SdmxHistorySet>, out: Writable): Promise<number> {
  return writeWithHistory(out, input, history, {
    start: genericStart(input),
    open: (set) => genericDataSet(input.flow, historyAttributes(set)),
    obs: (row) => genericObs(input, row),
    close: `</mes:GenericData>\n`,
  });
}

export function writeStructureSpecificDataWithHistory(
  input: SdmxDataInput,
  history: AsyncIterable<SdmxHistorySet>,
  out: Writable,
): Promise<number> {
  return writeWithHistory(out, input, history, {
    start: specificStart(input),
    open: (set) => specificDataSet(input.flow, historyAttributes(set, "ss:")),
    obs: (row) => specificObs(input, row),
    close: `</mes:StructureSpecificData>\n`,
  });
}

/** GenericData with the series keys only (no observations); resolves with the number of series. */
export async function writeGenericSeriesKeys(input: SdmxDataInput, out: Writable): Promise<number> {
  const { flow } = input;
  await write(out, genericStart(input, "TIME_PERIOD"));
  const seen = new Set<string>();
  for await (const row of input.rows) {
    const codes = flow.dimensions.map((d) => d.valueOf(row));
    const key = codes.join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    await write(
      out,
      `<gen:Series><gen:SeriesKey>${flow.dimensions.map((d, i) => `<gen:Value id="${d.id}" value="${xml(codes[i]!)}"/>`).join("")}</gen:SeriesKey></gen:Series>\n`,
    );
  }
  await write(out, `</mes:DataSet></mes:GenericData>\n`);
  return seen.size;
}

/**
 * GenericData grouped in series with `atObservation` (`TIME_PERIOD` or a dimension id) at the observation level:
 * each series' key holds the other dimensions (and the time period when a dimension is at the observation).
 * Series come in the order first seen, observations in the engine's order. Resolves with the observations.
 */
export async function writeGenericSeries(input: SdmxDataInput, atObservation: string, out: Writable): Promise<number> {
  const { flow } = input;
  const inKey = flow.dimensions.filter((d) => d.id !== atObservation);
  const timeInKey = atObservation !== "TIME_PERIOD";
  const observed = flow.dimensions.find((d) => d.id === atObservation);
  const series = new Map<string, { key: string; obs: string[] }>();
  let count = 0;
  for await (const row of input.rows) {
    const values = inKey.map((d) => [d.id, d.valueOf(row)] as const);
    if (timeInKey) values.push(["TIME_PERIOD", String(row.time)]);
    const id = values.map(([, v]) => v).join("\u0000");
    let entry = series.get(id);
    if (!entry) {
      entry = { key: values.map(([d, v]) => `<gen:Value id="${d}" value="${xml(v)}"/>`).join(""), obs: [] };
      series.set(id, entry);
    }
    entry.obs.push(
      `<gen:Obs><gen:ObsDimension value="${xml(observed ? observed.valueOf(row) : String(row.time))}"/>` +
        genericValueAndAttributes(input, row) +
        `</gen:Obs>`,
    );
    count++;
  }
  await write(out, genericStart(input, atObservation));
  for (const entry of series.values())
    await write(out, `<gen:Series><gen:SeriesKey>${entry.key}</gen:SeriesKey>${entry.obs.join("")}</gen:Series>\n`);
  await write(out, `</mes:DataSet></mes:GenericData>\n`);
  return count;
}
