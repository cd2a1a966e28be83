/**
 * SDMX-JSON 1.0.0 data messages (`application/vnd.sdmx.data+json;version=1.0.0`), flat like the 2.0 writer:
 * `meta`, then `data.dataSets` with the observations written as they come (keyed by code positions in the
 * order first seen), then `data.structure`, which lists those codes. 1.0 names are plain strings and every
 * dimension value has an `id` and a `name`. Values are the stored decimal text written as JSON numbers.
 */
import type { Writable } from "node:stream";
import { AGENCY } from "@ilms/sdmx";
import { write } from "../types";
import { Positions } from "./sdmx-json";
import type { SdmxDataInput } from "./types";

export async function writeSdmxJson1Data(input: SdmxDataInput, out: Writable): Promise<number> {
  const { flow } = input;
  const attributes = input.dataOnly ? [] : flow.attributes;
  const dims = flow.dimensions.map(() => new Positions());
  const time = new Positions();
  const attrs = attributes.map(() => new Positions());
  const meta = {
    id: input.header.id,
    test: false,
    prepared: input.header.prepared,
    "content-language": ["en"],
    sender: { id: AGENCY, name: "International Labour Organization" },
  };
  await write(out, `{"meta":${JSON.stringify(meta)},"data":{"dataSets":[{"action":"Information","observations":{`);
  let count = 0;
  for await (const row of input.rows) {
    const key = [...flow.dimensions.map((d, i) => dims[i]!.of(d.valueOf(row))), time.of(String(row.time))].join(":");
    const values: (string | number | null)[] = [row.obs_value];
    attributes.forEach((a, i) => {
      const v = a.valueOf(row);
      values.push(v === null || v === "" ? null : attrs[i]!.of(v));
    });
    while (values.length > 1 && values[values.length - 1] === null) values.pop();
    // The value text is a JSON number as stored (`2.300`): written raw, never through a float.
    await write(out, `${count > 0 ? "," : ""}"${key}":[${values.map((v) => (v === null ? "null" : String(v))).join(",")}]`);
    count++;
  }
  let used = attributes.length;
  while (used > 0 && attrs[used - 1]!.values.length === 0) used--;
  const structure = {
    name: flow.name,
    dimensions: {
      dataSet: [],
      series: [],
      observation: [
        ...flow.dimensions.map((d, i) => ({
          id: d.id,
          name: d.name,
          keyPosition: i,
          values: dims[i]!.values.map((v) => ({ id: v, name: input.name(d.codelist, v) })),
        })),
        {
          id: "TIME_PERIOD",
          name: "Time period",
          keyPosition: flow.dimensions.length,
          role: "time",
          values: time.values.map((v) => ({ id: v, name: v, start: `${v}-01-01T00:00:00Z`, end: `${v}-12-31T23:59:59Z` })),
        },
      ],
    },
    attributes: {
      dataSet: [],
      series: [],
      observation: attributes.slice(0, used).map((a, i) => ({
        id: a.id,
        name: a.name,
        values: attrs[i]!.values.map((v) => (a.codelist ? { id: v, name: input.name(a.codelist, v) } : { name: v })),
      })),
    },
  };
  await write(out, `}}],"structure":${JSON.stringify(structure)}}}\n`);
  return count;
}
