/**
 * SDMX-ML 2.1 Structure messages: dataflows, code lists (hierarchies as parent codes), the concept scheme and
 * data structures, in the order the schema requires. Structures are small (the largest list is the areas'), so
 * the message is built as one string.
 */
import type { Writable } from "node:stream";
import { AGENCY, CONCEPT_SCHEME, VERSION } from "@ilms/sdmx";
import type { LoadedCodelist, SdmxConcept, SdmxDataflow } from "@ilms/sdmx";
import { write } from "../types";
import { SDMX_NS, headerXml, xml } from "./types";
import type { SdmxHeader } from "./types";

export interface SdmxStructures {
  dataflows: readonly SdmxDataflow[];
  /** Flows whose data structure is included. */
  datastructures: readonly SdmxDataflow[];
  codelists: readonly LoadedCodelist[];
  concepts: readonly SdmxConcept[] | null;
  /** `detail=allstubs`: ids and names only. */
  stubs: boolean;
}

const name = (text: string) => `<com:Name xml:lang="en">${xml(text)}</com:Name>`;
const maintained = (id: string, stub: boolean) =>
  `id="${xml(id)}" agencyID="${AGENCY}" version="${VERSION}" isFinal="true"${stub ? ' isExternalReference="true"' : ""}`;

const conceptRef = (id: string) =>
  `<str:ConceptIdentity><Ref id="${id}" maintainableParentID="${CONCEPT_SCHEME}" maintainableParentVersion="${VERSION}" agencyID="${AGENCY}" package="conceptscheme" class="Concept"/></str:ConceptIdentity>`;
const enumeration = (codelist: string) =>
  `<str:LocalRepresentation><str:Enumeration><Ref id="${codelist}" version="${VERSION}" agencyID="${AGENCY}" package="codelist" class="Codelist"/></str:Enumeration></str:LocalRepresentation>`;

function dataStructureXml(flow: SdmxDataflow, stub: boolean): string {
  const open = `<str:DataStructure ${maintained(flow.dsd, stub)}>${name(`Data structure of ${flow.name}`)}`;
  if (stub) return `${open}</str:DataStructure>`;
  const dimensions = flow.dimensions
    .map((d) => `<str:Dimension id="${d.id}" position="${d.position}">${conceptRef(d.id)}${enumeration(d.codelist)}</str:Dimension>`)
    .join("");
  const time = `<str:TimeDimension id="TIME_PERIOD" position="${flow.dimensions.length + 1}">${conceptRef("TIME_PERIOD")}<str:LocalRepresentation><str:TextFormat textType="ObservationalTimePeriod"/></str:LocalRepresentation></str:TimeDimension>`;
  const attributes = flow.attributes
    .map(
      (a) =>
        `<str:Attribute id="${a.id}" assignmentStatus="Conditional">${conceptRef(a.id)}${a.codelist ? enumeration(a.codelist) : '<str:LocalRepresentation><str:TextFormat textType="String"/></str:LocalRepresentation>'}<str:AttributeRelationship><str:PrimaryMeasure><Ref id="OBS_VALUE"/></str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>`,
    )
    .join("");
  return (
    `${open}<str:DataStructureComponents>` +
    `<str:DimensionList id="DimensionDescriptor">${dimensions}${time}</str:DimensionList>` +
    `<str:AttributeList id="AttributeDescriptor">${attributes}</str:AttributeList>` +
    `<str:MeasureList id="MeasureDescriptor"><str:PrimaryMeasure id="OBS_VALUE">${conceptRef("OBS_VALUE")}<str:LocalRepresentation><str:TextFormat textType="Decimal"/></str:LocalRepresentation></str:PrimaryMeasure></str:MeasureList>` +
    `</str:DataStructureComponents></str:DataStructure>`
  );
}

function codelistXml(list: LoadedCodelist, stub: boolean): string {
  const open = `<str:Codelist ${maintained(list.id, stub)}>${name(list.name)}`;
  if (stub) return `${open}</str:Codelist>`;
  const codes = list.codes
    .map(
      (c) =>
        `<str:Code id="${xml(c.id)}">${name(c.name)}${c.parent ? `<str:Parent><Ref id="${xml(c.parent)}"/></str:Parent>` : ""}</str:Code>`,
    )
    .join("");
  return `${open}${codes}</str:Codelist>`;
}

/** The whole message as text. */
export function structureMessage(header: SdmxHeader, s: SdmxStructures): string {
  const parts: string[] = [];
  if (s.dataflows.length > 0)
    parts.push(
      `<str:Dataflows>${s.dataflows
        .map(
          (f) =>
            `<str:Dataflow ${maintained(f.id, s.stubs)}>${name(f.name)}${s.stubs ? "" : `<str:Structure><Ref id="${f.dsd}" version="${VERSION}" agencyID="${AGENCY}" package="datastructure" class="DataStructure"/></str:Structure>`}</str:Dataflow>`,
        )
        .join("")}</str:Dataflows>`,
    );
  if (s.codelists.length > 0) parts.push(`<str:Codelists>${s.codelists.map((c) => codelistXml(c, s.stubs)).join("")}</str:Codelists>`);
  if (s.concepts)
    parts.push(
      `<str:Concepts><str:ConceptScheme ${maintained(CONCEPT_SCHEME, s.stubs)}>${name("Concepts of the ILMS warehouse")}${
        s.stubs ? "" : s.concepts.map((c) => `<str:Concept id="${c.id}">${name(c.name)}</str:Concept>`).join("")
      }</str:ConceptScheme></str:Concepts>`,
    );
  if (s.datastructures.length > 0)
    parts.push(`<str:DataStructures>${s.datastructures.map((f) => dataStructureXml(f, s.stubs)).join("")}</str:DataStructures>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<mes:Structure xmlns:mes="${SDMX_NS.message}" xmlns:str="${SDMX_NS.structure}" xmlns:com="${SDMX_NS.common}">` +
    headerXml(header) +
    `<mes:Structures>${parts.join("")}</mes:Structures></mes:Structure>\n`
  );
}

export async function writeStructure(header: SdmxHeader, s: SdmxStructures, out: Writable): Promise<void> {
  await write(out, structureMessage(header, s));
}

/** An SDMX-ML error message (section 4.7 of the REST specification). */
export function errorMessageXml(code: number, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<mes:Error xmlns:mes="${SDMX_NS.message}" xmlns:com="${SDMX_NS.common}"><mes:ErrorMessage code="${code}"><com:Text xml:lang="en">${xml(text)}</com:Text></mes:ErrorMessage></mes:Error>\n`;
}
