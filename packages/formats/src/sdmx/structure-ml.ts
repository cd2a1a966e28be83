/**
 * SDMX-ML 2.1 Structure messages: dataflows, code lists (hierarchies as parent codes), the concept scheme and
 * data structures, in the order the schema requires. Structures are small (the largest list is the areas'), so
 * the message is built as one string.
 */
import type { Writable } from "node:stream";
import { AGENCY, CONCEPT_SCHEME, VERSION, dsdNameOf } from "@ilms/sdmx";
import type { ContentConstraint, LoadedCodelist, SdmxConcept, SdmxDataflow } from "@ilms/sdmx";
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
  /** `detail=referencestubs`: these kinds (the referenced ones) as stubs, the others in full. */
  stubbed?: readonly StructureKind[];
  /** Content constraints (computed from the data), written after the data structures. */
  constraints?: readonly ContentConstraint[];
}

export type StructureKind = "dataflow" | "datastructure" | "codelist" | "conceptscheme" | "contentconstraint";

const name = (text: string, lang = "en") => `<com:Name xml:lang="${xml(lang)}">${xml(text)}</com:Name>`;
/** A maintainable's identity; `agency` is `ILO` but for an ILMS table flow's structures (the region's agency). */
const maintained = (id: string, stub: boolean, agency: string = AGENCY) =>
  `id="${xml(id)}" agencyID="${xml(agency)}" version="${VERSION}" isFinal="true"${stub ? ' isExternalReference="true"' : ""}`;

const conceptRef = (id: string) =>
  `<str:ConceptIdentity><Ref id="${id}" maintainableParentID="${CONCEPT_SCHEME}" maintainableParentVersion="${VERSION}" agencyID="${AGENCY}" package="conceptscheme" class="Concept"/></str:ConceptIdentity>`;
const enumeration = (codelist: string) =>
  `<str:LocalRepresentation><str:Enumeration><Ref id="${codelist}" version="${VERSION}" agencyID="${AGENCY}" package="codelist" class="Codelist"/></str:Enumeration></str:LocalRepresentation>`;

function dataStructureXml(flow: SdmxDataflow, stub: boolean): string {
  const open = `<str:DataStructure ${maintained(flow.dsd, stub, flow.agency)}>${name(flow.dsdLabel?.text ?? dsdNameOf(flow), flow.dsdLabel?.lang)}`;
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
        `<str:Code id="${xml(c.id)}">${name(c.name, c.lang)}${c.parent ? `<str:Parent><Ref id="${xml(c.parent)}"/></str:Parent>` : ""}</str:Code>`,
    )
    .join("");
  return `${open}${codes}</str:Codelist>`;
}

/**
 * A content constraint: the cube region of the codes a flow's data actually have (`Actual`), the time range as
 * the first and last period.
 */
function contentConstraintXml(c: ContentConstraint, stub: boolean): string {
  const open = `<str:ContentConstraint ${maintained(c.id, stub, c.flow.agency)} type="${c.type}">${name(c.name)}`;
  if (stub) return `${open}</str:ContentConstraint>`;
  const attachment = `<str:ConstraintAttachment><str:Dataflow><Ref id="${xml(c.flow.id)}" version="${VERSION}" agencyID="${xml(c.flow.agency)}" package="datastructure" class="Dataflow"/></str:Dataflow></str:ConstraintAttachment>`;
  const keys = c.keyValues
    .filter((k) => k.values.length > 0)
    .map((k) => `<com:KeyValue id="${xml(k.id)}">${k.values.map((v) => `<com:Value>${xml(v)}</com:Value>`).join("")}</com:KeyValue>`)
    .join("");
  const time = c.timeRange
    ? `<com:KeyValue id="TIME_PERIOD"><com:TimeRange><com:StartPeriod isInclusive="true">${c.timeRange.start}</com:StartPeriod><com:EndPeriod isInclusive="true">${c.timeRange.end}</com:EndPeriod></com:TimeRange></com:KeyValue>`
    : "";
  const annotations =
    c.observations === null
      ? ""
      : `<com:Annotations><com:Annotation id="obs_count"><com:AnnotationTitle>${c.observations}</com:AnnotationTitle><com:AnnotationType>sdmx_metrics</com:AnnotationType></com:Annotation></com:Annotations>`;
  // Annotations come first in a maintainable; the name follows them.
  const head = `<str:ContentConstraint ${maintained(c.id, stub, c.flow.agency)} type="${c.type}">${annotations}${name(c.name)}`;
  return `${head}${attachment}<str:CubeRegion include="true">${keys}${time}</str:CubeRegion></str:ContentConstraint>`;
}

/** The whole message as text. */
export function structureMessage(header: SdmxHeader, s: SdmxStructures): string {
  const parts: string[] = [];
  const stub = (kind: StructureKind) => s.stubs || (s.stubbed?.includes(kind) ?? false);
  if (s.dataflows.length > 0)
    parts.push(
      `<str:Dataflows>${s.dataflows
        .map(
          (f) =>
            `<str:Dataflow ${maintained(f.id, stub("dataflow"), f.agency)}>${name(f.label?.text ?? f.name, f.label?.lang)}${stub("dataflow") ? "" : `<str:Structure><Ref id="${f.dsd}" version="${VERSION}" agencyID="${xml(f.agency)}" package="datastructure" class="DataStructure"/></str:Structure>`}</str:Dataflow>`,
        )
        .join("")}</str:Dataflows>`,
    );
  if (s.codelists.length > 0)
    parts.push(`<str:Codelists>${s.codelists.map((c) => codelistXml(c, stub("codelist"))).join("")}</str:Codelists>`);
  if (s.concepts)
    parts.push(
      `<str:Concepts><str:ConceptScheme ${maintained(CONCEPT_SCHEME, stub("conceptscheme"))}>${name("Concepts of the ILMS warehouse")}${
        stub("conceptscheme") ? "" : s.concepts.map((c) => `<str:Concept id="${c.id}">${name(c.name, c.nameLang)}</str:Concept>`).join("")
      }</str:ConceptScheme></str:Concepts>`,
    );
  if (s.datastructures.length > 0)
    parts.push(
      `<str:DataStructures>${s.datastructures.map((f) => dataStructureXml(f, stub("datastructure"))).join("")}</str:DataStructures>`,
    );
  if (s.constraints && s.constraints.length > 0)
    parts.push(
      `<str:Constraints>${s.constraints.map((c) => contentConstraintXml(c, stub("contentconstraint"))).join("")}</str:Constraints>`,
    );
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
