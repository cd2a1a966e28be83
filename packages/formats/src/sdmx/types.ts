/**
 * What the SDMX and JSON-stat writers consume: one flow's engine rows as a stream, with the flow's structure
 * and the names of its codes. Data writers never hold the whole message: each row is written as it comes
 * (SDMX-JSON keeps only the distinct codes per dimension; JSON-stat, whose cube needs every code's position
 * first, keeps the values of the cells, not their rows).
 */
import type { CellRow } from "@ilms/query";
import type { SdmxDataflow } from "@ilms/sdmx";

export interface SdmxHeader {
  /** Message id (letters, digits, `_`, `-`). */
  id: string;
  /** ISO 8601 time the message was prepared. */
  prepared: string;
}

export interface SdmxDataInput {
  flow: SdmxDataflow;
  /** The rows, in the engine's stable order; the first may have been read already and is passed back here. */
  rows: AsyncIterable<CellRow>;
  header: SdmxHeader;
  /** `detail=dataonly`: no attributes. */
  dataOnly: boolean;
  /** Language of the names (negotiated by `Accept-Language`; English when absent). */
  lang?: string;
  /** Name of a code of an SDMX code list (the code itself when it has none). */
  name(codelist: string, code: string): string;
}

/** A data writer writes the whole message and resolves with the number of observations written. */
export type SdmxDataWriter = (input: SdmxDataInput, out: import("node:stream").Writable) => Promise<number>;

export const SDMX_NS = {
  message: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
  common: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
  structure: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
  generic: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic",
  structureSpecific: "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

/** XML text and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** The message header shared by every SDMX-ML message. */
export function headerXml(header: SdmxHeader, structure = ""): string {
  return `<mes:Header><mes:ID>${xml(header.id)}</mes:ID><mes:Test>false</mes:Test><mes:Prepared>${xml(header.prepared)}</mes:Prepared><mes:Sender id="ILO"/>${structure}</mes:Header>`;
}

/** `ILO:DF_X(1.0)`, as SDMX-CSV names a flow. */
export function flowUrn(flow: SdmxDataflow, agency: string, version: string): string {
  return `${agency}:${flow.id}(${version})`;
}
