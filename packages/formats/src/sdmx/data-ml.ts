/**
 * SDMX-ML 2.1 data messages, flat (`dimensionAtObservation=AllDimensions`: each observation carries its whole
 * key), so that rows are written in the engine's order as they come: GenericData (`gen:ObsKey`, `gen:ObsValue`,
 * `gen:Attributes`) and StructureSpecificData (one `Obs` element per observation with the components as XML
 * attributes, typed by the flow's own namespace).
 */
import type { Writable } from "node:stream";
import { VERSION } from "@ilms/sdmx";
import type { SdmxDataflow } from "@ilms/sdmx";
import type { CellRow } from "@ilms/query";
import { write } from "../types";
import { SDMX_NS, headerXml, xml } from "./types";
import type { SdmxDataInput } from "./types";

export const structureId = (flow: SdmxDataflow) => `${flow.agency}_${flow.id}_${VERSION.replace(".", "_")}`;

/** The namespace of a flow's structure-specific schema, as the SDMX 2.1 standard names it. */
export function structureSpecificNamespace(flow: SdmxDataflow): string {
  return `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${flow.agency}:${flow.id}(${VERSION}):ObsLevelDim:AllDimensions`;
}

export function headerStructure(flow: SdmxDataflow, namespace?: string, atObservation = "AllDimensions"): string {
  const ns = namespace ? ` namespace="${xml(namespace)}"` : "";
  return `<mes:Structure structureID="${structureId(flow)}"${ns} dimensionAtObservation="${atObservation}"><com:StructureUsage><Ref agencyID="${xml(flow.agency)}" id="${xml(flow.id)}" version="${VERSION}"/></com:StructureUsage></mes:Structure>`;
}

export function attributeValues(input: SdmxDataInput, row: CellRow): [string, string][] {
  if (input.dataOnly) return [];
  return input.flow.attributes.flatMap((a) => {
    const value = a.valueOf(row);
    return value === null || value === "" ? [] : [[a.id, value] as [string, string]];
  });
}

/** A GenericData observation's value and attributes (nothing for a missing value or no attribute). */
export function genericValueAndAttributes(input: SdmxDataInput, row: CellRow): string {
  const attributes = attributeValues(input, row);
  return (
    (row.obs_value === null ? "" : `<gen:ObsValue value="${xml(row.obs_value)}"/>`) +
    (attributes.length > 0
      ? `<gen:Attributes>${attributes.map(([id, v]) => `<gen:Value id="${id}" value="${xml(v)}"/>`).join("")}</gen:Attributes>`
      : "")
  );
}

/** One GenericData observation with its whole key (all dimensions at the observation). */
export function genericObs(input: SdmxDataInput, row: CellRow): string {
  const key = input.flow.dimensions.map((d) => `<gen:Value id="${d.id}" value="${xml(d.valueOf(row))}"/>`).join("");
  return (
    `<gen:Obs><gen:ObsKey>${key}<gen:Value id="TIME_PERIOD" value="${row.time}"/></gen:ObsKey>` +
    genericValueAndAttributes(input, row) +
    `</gen:Obs>\n`
  );
}

/** One StructureSpecificData observation, its components as XML attributes. */
export function specificObs(input: SdmxDataInput, row: CellRow): string {
  const parts = input.flow.dimensions.map((d) => `${d.id}="${xml(d.valueOf(row))}"`);
  parts.push(`TIME_PERIOD="${row.time}"`);
  if (row.obs_value !== null) parts.push(`OBS_VALUE="${xml(row.obs_value)}"`);
  for (const [id, v] of attributeValues(input, row)) parts.push(`${id}="${xml(v)}"`);
  return `<Obs xsi:type="ns1:ObsType" ${parts.join(" ")}/>\n`;
}

/** A GenericData data set's opening tag, with `extra` attributes (each with its leading space). */
export const genericDataSet = (flow: SdmxDataflow, extra = "") =>
  `<mes:DataSet structureRef="${structureId(flow)}"${extra} action="Information">\n`;

/** A GenericData message up to its first data set's opening tag, with `atObservation` in the header. */
export function genericStart(input: SdmxDataInput, atObservation = "AllDimensions"): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<mes:GenericData xmlns:mes="${SDMX_NS.message}" xmlns:gen="${SDMX_NS.generic}" xmlns:com="${SDMX_NS.common}">` +
    headerXml(input.header, headerStructure(input.flow, undefined, atObservation)) +
    genericDataSet(input.flow)
  );
}

/** A StructureSpecificData data set's opening tag, with `extra` attributes (each with its leading space). */
export const specificDataSet = (flow: SdmxDataflow, extra = "") =>
  `<mes:DataSet ss:structureRef="${structureId(flow)}" xsi:type="ns1:DataSetType" ss:dataScope="DataStructure"${extra} ss:action="Information">\n`;

/** A StructureSpecificData message up to its first data set's opening tag. */
export function specificStart(input: SdmxDataInput): string {
  const namespace = structureSpecificNamespace(input.flow);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<mes:StructureSpecificData xmlns:mes="${SDMX_NS.message}" xmlns:ss="${SDMX_NS.structureSpecific}" xmlns:com="${SDMX_NS.common}" xmlns:xsi="${SDMX_NS.xsi}" xmlns:ns1="${xml(namespace)}">` +
    headerXml(input.header, headerStructure(input.flow, namespace)) +
    specificDataSet(input.flow)
  );
}

/** Writes one observation per row, as `obs` spells it; resolves with how many. */
export async function writeObservations(out: Writable, rows: AsyncIterable<CellRow>, obs: (row: CellRow) => string): Promise<number> {
  let count = 0;
  for await (const row of rows) {
    await write(out, obs(row));
    count++;
  }
  return count;
}

export async function writeGenericData(input: SdmxDataInput, out: Writable): Promise<number> {
  await write(out, genericStart(input));
  const count = await writeObservations(out, input.rows, (row) => genericObs(input, row));
  await write(out, `</mes:DataSet></mes:GenericData>\n`);
  return count;
}

export async function writeStructureSpecificData(input: SdmxDataInput, out: Writable): Promise<number> {
  await write(out, specificStart(input));
  const count = await writeObservations(out, input.rows, (row) => specificObs(input, row));
  await write(out, `</mes:DataSet></mes:StructureSpecificData>\n`);
  return count;
}
