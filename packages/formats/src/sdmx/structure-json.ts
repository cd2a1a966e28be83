/**
 * SDMX-JSON structure messages, 2.0.0 (`application/vnd.sdmx.structure+json;version=2.0.0`, the SDMX 3.0
 * information model: `measureList.measures`, `timeDimension`, `format.dataType`) and 1.0.0
 * (`...;version=1.0.0`, the SDMX 2.1 model: `primaryMeasure`, `timeDimensions`, `textFormat.textType`,
 * `isFinal`). The same selection as the SDMX-ML Structure message ({@link SdmxStructures}); references
 * between artefacts are URNs. Structures are small, so each message is built as one string.
 */
import { AGENCY, CONCEPT_SCHEME, VERSION, dsdNameOf } from "@ilms/sdmx";
import type { LoadedCodelist, SdmxDataflow } from "@ilms/sdmx";
import type { SdmxStructures } from "./structure-ml";
import type { SdmxHeader } from "./types";

export type StructureJsonVersion = "1.0" | "2.0";

export const SDMX_JSON_STRUCTURE_SCHEMA: Record<StructureJsonVersion, string> = {
  "2.0":
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json",
  "1.0": "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v1.0.0/structure-message/tools/schemas/1.0/sdmx-json-structure-schema.json",
};

const urn = {
  dataflow: (id: string, agency = AGENCY) => `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${agency}:${id}(${VERSION})`,
  dsd: (id: string, agency = AGENCY) => `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${agency}:${id}(${VERSION})`,
  codelist: (id: string) => `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${AGENCY}:${id}(${VERSION})`,
  concept: (id: string) => `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${AGENCY}:${CONCEPT_SCHEME}(${VERSION}).${id}`,
};

function named(text: string, lang = "en") {
  return { name: text, names: { [lang]: text } };
}

/** A maintainable's identity; `agency` is `ILO` but for an ILMS table flow's structures (the region's agency). */
function maintained(id: string, text: string, stub: boolean, v: StructureJsonVersion, lang = "en", agency = AGENCY) {
  return {
    id,
    version: VERSION,
    agencyID: agency,
    ...(v === "1.0" ? { isFinal: true } : {}),
    ...(stub ? { isExternalReference: true } : {}),
    ...named(text, lang),
  };
}

function codelistJson(list: LoadedCodelist, stub: boolean, v: StructureJsonVersion) {
  const head = maintained(list.id, list.name, stub, v);
  if (stub || list.codes.length === 0) return head;
  return {
    ...head,
    codes: list.codes.map((c) => ({ id: c.id, ...named(c.name), ...(c.parent ? { parent: c.parent } : {}) })),
  };
}

function dataStructureJson(flow: SdmxDataflow, stub: boolean, v: StructureJsonVersion) {
  const head = maintained(flow.dsd, flow.dsdLabel?.text ?? dsdNameOf(flow), stub, v, flow.dsdLabel?.lang, flow.agency);
  if (stub) return head;
  const time = flow.dimensions.length + 1;
  const dimensions = flow.dimensions.map((d) => ({
    id: d.id,
    position: d.position,
    ...(v === "1.0" ? { type: "Dimension" } : {}),
    conceptIdentity: urn.concept(d.id),
    localRepresentation: { enumeration: urn.codelist(d.codelist) },
  }));
  const text = (type: string) => (v === "1.0" ? { textFormat: { textType: type } } : { format: { dataType: type } });
  const attributes = flow.attributes.map((a) => ({
    id: a.id,
    ...(v === "1.0"
      ? { assignmentStatus: "Conditional", attributeRelationship: { primaryMeasure: "OBS_VALUE" } }
      : { usage: "optional", attributeRelationship: { observation: {} } }),
    conceptIdentity: urn.concept(a.id),
    localRepresentation: a.codelist ? { enumeration: urn.codelist(a.codelist) } : text("String"),
  }));
  const timeDimension = {
    id: "TIME_PERIOD",
    ...(v === "1.0" ? { position: time, type: "TimeDimension" } : {}),
    conceptIdentity: urn.concept("TIME_PERIOD"),
    localRepresentation: text("ObservationalTimePeriod"),
  };
  const measure = { id: "OBS_VALUE", conceptIdentity: urn.concept("OBS_VALUE"), localRepresentation: text("Decimal") };
  return {
    ...head,
    dataStructureComponents: {
      attributeList: { id: "AttributeDescriptor", attributes },
      dimensionList:
        v === "1.0"
          ? { id: "DimensionDescriptor", dimensions, timeDimensions: [timeDimension] }
          : { id: "DimensionDescriptor", dimensions, timeDimension },
      measureList: v === "1.0" ? { id: "MeasureDescriptor", primaryMeasure: measure } : { id: "MeasureDescriptor", measures: [measure] },
    },
  };
}

/** The whole SDMX-JSON structure message as text. */
export function structureJson(header: SdmxHeader, s: SdmxStructures, v: StructureJsonVersion): string {
  const data: Record<string, unknown[]> = {};
  if (s.dataflows.length > 0)
    data.dataflows = s.dataflows.map((f) => ({
      ...maintained(f.id, f.label?.text ?? f.name, s.stubs, v, f.label?.lang, f.agency),
      ...(s.stubs ? {} : { structure: urn.dsd(f.dsd, f.agency) }),
    }));
  if (s.codelists.length > 0) data.codelists = s.codelists.map((c) => codelistJson(c, s.stubs, v));
  if (s.concepts) {
    const scheme = maintained(CONCEPT_SCHEME, "Concepts of the ILMS warehouse", s.stubs, v);
    data.conceptSchemes = [s.stubs ? scheme : { ...scheme, concepts: s.concepts.map((c) => ({ id: c.id, ...named(c.name, c.nameLang) })) }];
  }
  if (s.datastructures.length > 0) data.dataStructures = s.datastructures.map((f) => dataStructureJson(f, s.stubs, v));
  const meta = {
    schema: SDMX_JSON_STRUCTURE_SCHEMA[v],
    id: header.id,
    test: false,
    prepared: header.prepared,
    contentLanguages: ["en"],
    sender: { id: AGENCY, name: "International Labour Organization" },
  };
  return `${JSON.stringify({ meta, data })}\n`;
}
