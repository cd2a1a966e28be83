/**
 * SDMX-ML 2.1 data messages, flat (`dimensionAtObservation=AllDimensions`: each observation carries its whole
 * key), so that rows are written in the engine's order as they come: GenericData (`gen:ObsKey`, `gen:ObsValue`,
 * `gen:Attributes`) and StructureSpecificData (one `Obs` element per observation with the components as XML
 * attributes, typed by the flow's own namespace).
 */
import type { Writable } from "node:stream";
import { AGENCY, VERSION } from "@ilms/sdmx";
import type { SdmxDataflow } from "@ilms/sdmx";
import type { CellRow } from "@ilms/query";
import { write } from "../types";
import { SDMX_NS, headerXml, xml } from "./types";
import type { SdmxDataInput } from "./types";

export const structureId = (flow: SdmxDataflow) => `${AGENCY}_${flow.id}_${VERSION.replace(".", "_")}`;

/** The namespace of a flow's structure-specific schema, as the SDMX 2.1 standard names it. */
export function structureSpecificNamespace(flow: SdmxDataflow): string {
  return `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${AGENCY}:${flow.id}(${VERSION}):ObsLevelDim:AllDimensions`;
}

export function headerStructure(flow: SdmxDataflow, namespace?: string, atObservation = "AllDimensions"): string {
  const ns = namespace ? ` namespace="${xml(namespace)}"` : "";
  return `<mes:Structure structureID="${structureId(flow)}"${ns} dimensionAtObservation="${atObservation}"><com:StructureUsage><Ref agencyID="${AGENCY}" id="${xml(flow.id)}" version="${VERSION}"/></com:StructureUsage></mes:Structure>`;
}

export function attributeValues(input: SdmxDataInput, row: CellRow): [string, string][] {
  if (input.dataOnly) return [];
  return input.flow.attributes.flatMap((a) => {
    const value = a.valueOf(row);
    return value === null || value === "" ? [] : [[a.id, value] as [string, string]];
  });
}

/** One GenericData observation with its whole key (all dimensions at the observation). */
export function genericObs(input: SdmxDataInput, row: CellRow): string {
  const key = input.flow.dimensions.map((d) => `<gen:Value id="${d.id}" value="${xml(d.valueOf(row))}"/>`).join("");
  const attributes = attributeValues(input, row);
  const value = row.obs_value === null ? "" : `<gen:ObsValue value="${xml(row.obs_value)}"/>`;
  return (
    `<gen:Obs><gen:ObsKey>${key}<gen:Value id="TIME_PERIOD" value="${row.time}"/></gen:ObsKey>${value}` +
    (attributes.length > 0
      ? `<gen:Attributes>${attributes.map(([id, v]) => `<gen:Value id="${id}" value="${xml(v)}"/>`).join("")}</gen:Attributes>`
      : "") +
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

export async function writeGenericData(input: SdmxDataInput, out: Writable): Promise<number> {
  const { flow } = input;
  await write(
    out,
    `<?xml version="1.0" encoding="UTF-8"?>\n<mes:GenericData xmlns:mes="${SDMX_NS.message}" xmlns:gen="${SDMX_NS.generic}" xmlns:com="${SDMX_NS.common}">` +
      headerXml(input.header, headerStructure(flow)) +
      `<mes:DataSet structureRef="${structureId(flow)}" action="Information">\n`,
  );
  let count = 0;
  for await (const row of input.rows) {
    await write(out, genericObs(input, row));
    count++;
  }
  await write(out, `</mes:DataSet></mes:GenericData>\n`);
  return count;
}

export async function writeStructureSpecificData(input: SdmxDataInput, out: Writable): Promise<number> {
  const { flow } = input;
  const namespace = structureSpecificNamespace(flow);
  await write(
    out,
    `<?xml version="1.0" encoding="UTF-8"?>\n<mes:StructureSpecificData xmlns:mes="${SDMX_NS.message}" xmlns:ss="${SDMX_NS.structureSpecific}" xmlns:com="${SDMX_NS.common}" xmlns:xsi="${SDMX_NS.xsi}" xmlns:ns1="${xml(namespace)}">` +
      headerXml(input.header, headerStructure(flow, namespace)) +
      `<mes:DataSet ss:structureRef="${structureId(flow)}" xsi:type="ns1:DataSetType" ss:dataScope="DataStructure" ss:action="Information">\n`,
  );
  let count = 0;
  for await (const row of input.rows) {
    await write(out, specificObs(input, row));
    count++;
  }
  await write(out, `</mes:DataSet></mes:StructureSpecificData>\n`);
  return count;
}
