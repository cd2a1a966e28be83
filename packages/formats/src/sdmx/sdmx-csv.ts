/**
 * SDMX-CSV 1.0: one line per observation, `DATAFLOW` (`ILO:DF_X(1.0)`), the key's dimensions, `TIME_PERIOD`,
 * `OBS_VALUE` (the stored decimal text) and the attributes; `labels=both` writes `code: name` for coded
 * components.
 */
import type { Writable } from "node:stream";
import { AGENCY, VERSION } from "@ilms/sdmx";
import { csvField, csvText } from "../neutralise";
import { write } from "../types";
import { flowUrn } from "./types";
import type { SdmxDataInput } from "./types";

export async function writeSdmxCsv(input: SdmxDataInput, out: Writable, labels: "id" | "both" = "id"): Promise<number> {
  const { flow } = input;
  const attributes = input.dataOnly ? [] : flow.attributes;
  const coded = (codelist: string | null, code: string | null) =>
    code === null ? "" : labels === "both" && codelist ? `${code}: ${input.name(codelist, code)}` : code;
  await write(
    out,
    ["DATAFLOW", ...flow.dimensions.map((d) => d.id), "TIME_PERIOD", "OBS_VALUE", ...attributes.map((a) => a.id)].join(",") + "\n",
  );
  const urn = flowUrn(flow, AGENCY, VERSION);
  let count = 0;
  for await (const row of input.rows) {
    const fields = [
      urn,
      ...flow.dimensions.map((d) => csvText(coded(d.codelist, d.valueOf(row)))),
      String(row.time),
      csvField(row.obs_value),
      ...attributes.map((a) => csvText(coded(a.codelist, a.valueOf(row)))),
    ];
    await write(out, fields.join(",") + "\n");
    count++;
  }
  return count;
}
