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
