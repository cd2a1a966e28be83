/**
 * JSON-stat 2.0 datasets and collections. A JSON-stat cube places each value by the positions of all its codes,
 * which are known only once every row has been read: the rows are consumed as a stream, but the cells' values
 * and statuses (not the rows) are kept until the end. Values are the stored decimal text written as JSON
 * numbers. A collection (several flows, e.g. every table) embeds one such dataset per flow in `link.item`.
 */
import type { Writable } from "node:stream";
import { write } from "../types";
import type { SdmxDataInput } from "./types";

/** Reads one flow's rows and writes its dataset object (`{"class":"dataset",...}`, no `version` when embedded). */
async function writeDataset(input: SdmxDataInput, out: Writable, embedded: boolean): Promise<number> {
  const { flow } = input;
  const ids = [...flow.dimensions.map((d) => d.id), "TIME_PERIOD"];
  const codes = ids.map(() => new Set<string>());
  const cells: { key: string[]; value: string | null; status: string | null }[] = [];
  for await (const row of input.rows) {
    const key = [...flow.dimensions.map((d) => d.valueOf(row)), String(row.time)];
    key.forEach((c, i) => codes[i]!.add(c));
    cells.push({ key, value: row.obs_value, status: input.dataOnly ? null : row.obs_status });
  }
  const sorted = codes.map((s) => [...s].sort());
  const positions = sorted.map((list) => new Map(list.map((c, i) => [c, i])));
  const size = sorted.map((list) => list.length);
  const dimension: Record<string, unknown> = {};
  ids.forEach((id, i) => {
    const d = flow.dimensions[i];
    dimension[id] = {
      label: d ? d.name : "Time period",
      category: {
        index: Object.fromEntries(sorted[i]!.map((c, j) => [c, j])),
        label: Object.fromEntries(sorted[i]!.map((c) => [c, d ? input.name(d.codelist, c) : c])),
      },
    };
  });
  const head = {
    ...(embedded ? {} : { version: "2.0" }),
    class: "dataset",
    label: flow.name,
    source: "ILMS Warehouse (ILO)",
    updated: input.header.prepared,
    id: ids,
    size,
    role: { time: ["TIME_PERIOD"], geo: ["REF_AREA"] },
    dimension,
    extension: { sdmx: { dataflow: flow.id } },
  };
  const text = JSON.stringify(head);
  await write(out, `${text.slice(0, -1)},"value":{`);
  const index = (key: string[]) => key.reduce((acc, c, i) => acc * size[i]! + positions[i]!.get(c)!, 0);
  let first = true;
  for (const cell of cells) {
    await write(out, `${first ? "" : ","}"${index(cell.key)}":${cell.value ?? "null"}`);
    first = false;
  }
  await write(out, `},"status":{`);
  first = true;
  for (const cell of cells) {
    if (!cell.status) continue;
    await write(out, `${first ? "" : ","}"${index(cell.key)}":${JSON.stringify(cell.status)}`);
    first = false;
  }
  await write(out, "}}");
  return cells.length;
}

export async function writeJsonStat(input: SdmxDataInput, out: Writable): Promise<number> {
  const count = await writeDataset(input, out, false);
  await write(out, "\n");
  return count;
}

/**
 * A JSON-stat 2.0 collection with one embedded dataset per input that has data (read one after the other,
 * so only one flow's cells are held at a time). Resolves with the number of values written.
 */
export async function writeJsonStatCollection(
  label: string,
  inputs: Iterable<SdmxDataInput>,
  out: Writable,
  updated: string,
): Promise<number> {
  await write(
    out,
    `{"version":"2.0","class":"collection","label":${JSON.stringify(label)},"updated":${JSON.stringify(updated)},"link":{"item":[`,
  );
  let count = 0;
  let first = true;
  for (const input of inputs) {
    const rows = input.rows[Symbol.asyncIterator]();
    const head = await rows.next();
    if (head.done) continue; // a flow without visible data is no dataset
    if (!first) await write(out, ",");
    first = false;
    const all = (async function* () {
      yield head.value;
      for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
    })();
    count += await writeDataset({ ...input, rows: all }, out, true);
  }
  await write(out, "]}}\n");
  return count;
}
