/**
 * SDMX-CSV: one line per observation. 1.0: `DATAFLOW` (`ILO:DF_X(1.0)`), the key's dimensions, `TIME_PERIOD`,
 * `OBS_VALUE` (the stored decimal text) and the attributes; `labels=both` writes `ID: Name` in the header and
 * `code: name` for coded components. 2.0: `STRUCTURE,STRUCTURE_ID,ACTION` (`dataflow`, `ILO:DF_X(1.0)`, `I`) in
 * front of the same columns, ids only.
 */
import type { Writable } from "node:stream";
import { VERSION } from "@ilms/sdmx";
import { csvField, csvText } from "../neutralise";
import { write } from "../types";
import { flowUrn } from "./types";
import type { SdmxDataInput } from "./types";

export async function writeSdmxCsv(
  input: SdmxDataInput,
  out: Writable,
  labels: "id" | "both" = "id",
  version: "1.0" | "2.0" = "1.0",
): Promise<number> {
  const { flow } = input;
  const attributes = input.dataOnly ? [] : flow.attributes;
  const coded = (codelist: string | null, code: string | null) =>
    code === null ? "" : labels === "both" && codelist ? `${code}: ${input.name(codelist, code)}` : code;
  const head = (id: string, name: string) => csvText(labels === "both" ? `${id}: ${name}` : id);
  const lead = version === "2.0" ? ["STRUCTURE", "STRUCTURE_ID", "ACTION"] : ["DATAFLOW"];
  const header = [
    ...lead,
    ...flow.dimensions.map((d) => head(d.id, d.name)),
    head("TIME_PERIOD", "Time period"),
    head("OBS_VALUE", "Observation value"),
    ...attributes.map((a) => head(a.id, a.name)),
  ];
  await write(out, header.join(",") + "\n");
  const urn = flowUrn(flow, flow.agency, VERSION);
  const front = version === "2.0" ? ["dataflow", urn, "I"] : [urn];
  let count = 0;
  for await (const row of input.rows) {
    const fields = [
      ...front,
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
