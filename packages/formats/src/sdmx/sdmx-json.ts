/**
 * SDMX-JSON 2.0.0 data messages, flat (all dimensions at the observation level). Observations are written as
 * they come, keyed by the positions of their codes in the order first seen; the structure, which lists those
 * codes, is written after the data set (JSON members have no order), so only the distinct codes are kept.
 * Values are the stored decimal text written as JSON numbers, digit for digit.
 */
import type { Writable } from "node:stream";
import { AGENCY, VERSION } from "@ilms/sdmx";
import { write } from "../types";
import type { SdmxDataInput } from "./types";

export const SDMX_JSON_DATA_SCHEMA =
  "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json";

/** Positions of values in the order first seen. */
export class Positions {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

export async function writeSdmxJsonData(input: SdmxDataInput, out: Writable): Promise<number> {
  const { flow } = input;
  const attributes = input.dataOnly ? [] : flow.attributes;
  const dims = flow.dimensions.map(() => new Positions());
  const time = new Positions();
  const attrs = attributes.map(() => new Positions());
  const links = [{ rel: "dataflow", urn: `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${flow.agency}:${flow.id}(${VERSION})` }];
  const meta = {
    schema: SDMX_JSON_DATA_SCHEMA,
    id: input.header.id,
    test: false,
    prepared: input.header.prepared,
    contentLanguages: [input.lang ?? "en"],
    sender: { id: AGENCY, name: "International Labour Organization" },
  };
  await write(
    out,
    `{"meta":${JSON.stringify(meta)},"data":{"dataSets":[{"structure":0,"action":"Information","links":${JSON.stringify(links)},"observations":{`,
  );
  let count = 0;
  for await (const row of input.rows) {
    const key = [...flow.dimensions.map((d, i) => dims[i]!.of(d.valueOf(row))), time.of(String(row.time))].join(":");
    const values: (string | number | null)[] = [row.obs_value];
    attributes.forEach((a, i) => {
      const v = a.valueOf(row);
      values.push(v === null || v === "" ? null : attrs[i]!.of(v));
    });
    while (values.length > 1 && values[values.length - 1] === null) values.pop(); // trailing nulls may be left out
    // The value text is a JSON number as stored (`2.300`): written raw, never through a float.
    await write(out, `${count > 0 ? "," : ""}"${key}":[${values.map((v) => (v === null ? "null" : String(v))).join(",")}]`);
    count++;
  }
  // An attribute no observation uses cannot be declared (values need one item): only trailing ones can be dropped.
  let used = attributes.length;
  while (used > 0 && attrs[used - 1]!.values.length === 0) used--;
  const dimension = (id: string, name: string, keyPosition: number, values: { id: string; name: string }[]) => ({
    id,
    name,
    keyPosition,
    values,
  });
  const structure = {
    links,
    name: flow.name,
    dimensions: {
      dataSet: [],
      series: [],
      observation: [
        ...flow.dimensions.map((d, i) =>
          dimension(
            d.id,
            d.name,
            i,
            dims[i]!.values.map((v) => ({ id: v, name: input.name(d.codelist, v) })),
          ),
        ),
        {
          id: "TIME_PERIOD",
          name: "Time period",
          keyPosition: flow.dimensions.length,
          roles: ["TIME_PERIOD"],
          values: time.values.map((v) => ({ value: v, name: v })),
        },
      ],
    },
    measures: { observation: [{ id: "OBS_VALUE", name: "Observation value" }] },
    attributes: {
      dataSet: [],
      series: [],
      observation: attributes.slice(0, used).map((a, i) => ({
        id: a.id,
        name: a.name,
        relationship: { primaryMeasure: "OBS_VALUE" },
        values: attrs[i]!.values.map((v) => (a.codelist ? { id: v, name: input.name(a.codelist, v) } : { value: v })),
      })),
    },
    dataSets: [0],
  };
  await write(out, `}}],"structures":[${JSON.stringify(structure)}]}}\n`);
  return count;
}

/** An SDMX-JSON error message. */
export function sdmxJsonError(code: number, title: string, id: string, prepared: string): string {
  return JSON.stringify({ meta: { id, prepared, sender: { id: AGENCY } }, errors: [{ code, title }] });
}
