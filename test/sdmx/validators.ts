/**
 * Independent readers of what the SDMX face serves: `xmllint` against the official SDMX-ML 2.1 schemas, Ajv
 * (Ajv2019, per the schemas' PROVENANCE) against the official SDMX-JSON 2.0.0 schemas, `sdmx-rest` to build the
 * query URLs as SDMX clients do, `jsonstat-toolkit` to read JSON-stat.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ajvModule from "ajv/dist/2019.js";
import sdmxrest from "sdmx-rest";

const FIXTURES = fileURLToPath(new URL("../fixtures/sdmx/", import.meta.url));
const MESSAGE_XSD = join(FIXTURES, "sdmx-ml-2.1", "SDMXMessage.xsd");

export const HAS_XMLLINT = spawnSync("xmllint", ["--version"]).status === 0;

/** xmllint's verdict on an SDMX-ML message against the official schemas: "" when valid, else its complaints. */
export function xmlSchemaErrors(xml: string, schema = MESSAGE_XSD): string {
  const dir = mkdtempSync(join(tmpdir(), "ilms-sdmx-"));
  try {
    const file = join(dir, "message.xml");
    writeFileSync(file, xml);
    const run = spawnSync("xmllint", ["--noout", "--schema", schema, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    return run.status === 0 ? "" : run.stderr.slice(0, 2000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/** Draft-04 style `id` -> `$id`, as PROVENANCE.md says. */
function withDollarId(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.id === "string" && /^https?:/.test(schema.id)) {
    const { id, ...rest } = schema;
    return { $id: id, ...rest };
  }
  return schema;
}

let dataValidator: Validate | undefined;

/** Ajv's errors for an SDMX-JSON 2.0.0 data message: [] when valid. */
export function sdmxJsonDataErrors(message: unknown): unknown[] {
  if (!dataValidator) {
    const mod = ajvModule as unknown as { default: new (options: object) => { compile(schema: object): Validate } };
    const Ajv = (mod.default as unknown as { default?: typeof mod.default }).default ?? mod.default;
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, logger: false });
    const schema = JSON.parse(readFileSync(join(FIXTURES, "sdmx-json-2.0", "sdmx-json-data-schema-2.0.0.json"), "utf8"));
    dataValidator = ajv.compile(withDollarId(schema));
  }
  return dataValidator(message) ? [] : (dataValidator.errors ?? ["invalid"]);
}

/** An SDMX REST 2.1 URL as the `sdmx-rest` client builds it, against the test API. */
export function sdmxUrl(base: string, query: Record<string, unknown>): string {
  return sdmxrest.getUrl(query, { url: `${base}/sdmx/rest`, api: "v1.5.0" });
}

/**
 * The data-structure-specific schema of a flow for StructureSpecificData with all dimensions at the observation,
 * written here from the structure message the service serves (its DSD and code lists), as the SDMX 2.1 standard
 * derives it from the official base types: every dimension and TIME_PERIOD required with its list's codes,
 * OBS_VALUE a decimal, the DSD's attributes optional, nothing else allowed. Returns the schema's text.
 */
export function structureSpecificSchema(structureXml: string, namespace: string): string {
  const codes = new Map<string, string[]>();
  for (const m of structureXml.matchAll(/<str:Codelist id="([^"]+)"[^>]*>(.*?)<\/str:Codelist>/g))
    codes.set(
      m[1]!,
      [...m[2]!.matchAll(/<str:Code id="([^"]+)"/g)].map((c) => c[1]!),
    );
  const dimensions = [...structureXml.matchAll(/<str:Dimension id="([^"]+)"[^>]*>.*?<Ref id="(CL_[^"]+)"/g)].map((m) => ({
    id: m[1]!,
    codes: codes.get(m[2]!) ?? [],
  }));
  const attributes = [...structureXml.matchAll(/<str:Attribute id="([^"]+)"[^>]*>(.*?)<\/str:Attribute>/g)].map((m) => ({
    id: m[1]!,
    codes: /<Ref id="(CL_[^"]+)"/.exec(m[2]!) ? (codes.get(/<Ref id="(CL_[^"]+)"/.exec(m[2]!)![1]!) ?? []) : null,
  }));
  const enumeration = (list: string[]) =>
    `<xs:simpleType><xs:restriction base="xs:string">${list.map((c) => `<xs:enumeration value="${c}"/>`).join("")}</xs:restriction></xs:simpleType>`;
  const base = join(FIXTURES, "sdmx-ml-2.1");
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="${namespace}" targetNamespace="${namespace}"
  xmlns:dsd="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" elementFormDefault="unqualified" attributeFormDefault="unqualified">
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" schemaLocation="${join(base, "SDMXMessage.xsd")}"/>
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" schemaLocation="${join(base, "SDMXDataStructureSpecific.xsd")}"/>
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" schemaLocation="${join(base, "SDMXCommon.xsd")}"/>
  <xs:complexType name="DataSetType"><xs:complexContent><xs:restriction base="dsd:DataSetType"><xs:sequence>
    <xs:element ref="common:Annotations" minOccurs="0"/>
    <xs:element name="DataProvider" type="common:DataProviderReferenceType" form="unqualified" minOccurs="0"/>
    <xs:element name="Obs" type="ObsType" form="unqualified" maxOccurs="unbounded"/>
  </xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
  <xs:complexType name="ObsType"><xs:complexContent><xs:restriction base="dsd:ObsType"><xs:sequence>
    <xs:element ref="common:Annotations" minOccurs="0"/>
  </xs:sequence>
    ${dimensions.map((d) => `<xs:attribute name="${d.id}" use="required">${enumeration(d.codes)}</xs:attribute>`).join("\n    ")}
    <xs:attribute name="TIME_PERIOD" type="common:ObservationalTimePeriodType" use="required"/>
    <xs:attribute name="OBS_VALUE" type="xs:decimal" use="optional"/>
    ${attributes.map((a) => (a.codes ? `<xs:attribute name="${a.id}" use="optional">${enumeration(a.codes)}</xs:attribute>` : `<xs:attribute name="${a.id}" type="xs:string" use="optional"/>`)).join("\n    ")}
  </xs:restriction></xs:complexContent></xs:complexType>
</xs:schema>
`;
}

/** xmllint's verdict on a StructureSpecificData message against its flow's schema (built on the official XSDs). */
export function structureSpecificErrors(xml: string, schemaText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ilms-sdmx-dsd-"));
  try {
    const schema = join(dir, "dsd.xsd");
    writeFileSync(schema, schemaText);
    return xmlSchemaErrors(xml, schema);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let structureValidator: Validate | undefined;

/** Ajv's errors for an SDMX-JSON 2.0.0 structure message: [] when valid. */
export function sdmxJsonStructureErrors(message: unknown): unknown[] {
  if (!structureValidator) {
    const mod = ajvModule as unknown as { default: new (options: object) => { compile(schema: object): Validate } };
    const Ajv = (mod.default as unknown as { default?: typeof mod.default }).default ?? mod.default;
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, logger: false });
    const schema = JSON.parse(readFileSync(join(FIXTURES, "sdmx-json-2.0", "sdmx-json-structure-schema-2.0.0.json"), "utf8"));
    structureValidator = ajv.compile(withDollarId(schema));
  }
  return structureValidator(message) ? [] : (structureValidator.errors ?? ["invalid"]).slice(0, 5);
}
