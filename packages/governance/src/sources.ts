/**
 * The register of data sources and their quality fields: the writes every face shares (the CLI's
 * `ilms source`; the API's createSource/updateSource are to call these too), each checked against the caller's
 * role and country scope and recorded in the audit trail. Reads are the engine's (`listSources`, `sourcesByCode`).
 */
import { sourcesByCode } from "@ilms/query";
import type { SourceRecord } from "@ilms/query";
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { bad, requireCode, requireText } from "./checks";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";

/** The quality fields, as they are named in GraphQL and files (camelCase) and in the database. */
export const SOURCE_FIELDS = {
  name: { column: "name", type: "text" },
  sourceType: { column: "source_type", type: "text" },
  agency: { column: "agency", type: "text" },
  geographicCoverage: { column: "geographic_coverage", type: "text" },
  populationCoverage: { column: "population_coverage", type: "text" },
  ageFloor: { column: "age_floor", type: "integer" },
  irregularMigrantsCovered: { column: "irregular_migrants_covered", type: "boolean" },
  migrantBasis: { column: "migrant_basis", type: "text" },
  referencePeriod: { column: "reference_period", type: "text" },
  periodicity: { column: "periodicity", type: "text" },
  sampleSize: { column: "sample_size", type: "integer" },
  coefficientOfVariation: { column: "coefficient_of_variation", type: "text" },
  comparability: { column: "comparability", type: "text" },
  comparabilityNote: { column: "comparability_note", type: "text" },
  knownGaps: { column: "known_gaps", type: "text" },
  seriesBreaks: { column: "series_breaks", type: "text" },
  notes: { column: "notes", type: "text" },
} as const satisfies Record<string, { column: string; type: "text" | "integer" | "boolean" }>;

export type SourceField = keyof typeof SOURCE_FIELDS;
export type SourceFields = {
  [K in SourceField]?: (typeof SOURCE_FIELDS)[K]["type"] extends "text"
    ? string | null
    : (typeof SOURCE_FIELDS)[K]["type"] extends "integer"
      ? number | null
      : boolean | null;
};

export interface NewSource extends SourceFields {
  code: string;
  refArea: string;
  name: string;
}

export const COMPARABILITY = ["full", "partial", "not_comparable"] as const;

/** ILOSTAT codes are `<type letters>:<number>` (BA:544); per-country series such as the demo's DEMO:IDN also occur. */
const SOURCE_CODE = /^[A-Z]{1,6}:[A-Za-z0-9_.-]{1,20}$/;

/** Validates the fields present in `input`; returns them as column -> value (empty texts clear a field). */
async function checkFields(db: Runner, input: SourceFields): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const [key, { column }] of Object.entries(SOURCE_FIELDS) as [SourceField, { column: string }][]) {
    const value = input[key];
    if (value === undefined) continue;
    out.set(column, typeof value === "string" && key !== "name" && value.trim() === "" ? null : value);
  }
  if (input.name !== undefined) out.set("name", requireText("name", input.name));
  await requireCode(db, "sourceType", "SOURCE_TYPE", input.sourceType);
  await requireCode(db, "migrantBasis", "BASIS", input.migrantBasis);
  if (input.comparability != null && !(COMPARABILITY as readonly string[]).includes(input.comparability)) {
    bad("comparability", `'${input.comparability}' is not one of ${COMPARABILITY.join(", ")}`);
  }
  for (const key of ["ageFloor", "sampleSize"] as const) {
    const v = input[key];
    if (v != null && !Number.isInteger(v)) bad(key, `'${v}' is not a whole number`);
  }
  if (input.ageFloor != null && (input.ageFloor < 0 || input.ageFloor > 99)) bad("ageFloor", `${input.ageFloor} is not between 0 and 99`);
  if (input.sampleSize != null && input.sampleSize < 0) bad("sampleSize", "must not be negative");
  const cv = input.coefficientOfVariation;
  if (cv != null && cv.trim() !== "" && !/^\d+(\.\d+)?$/.test(cv.trim()))
    bad("coefficientOfVariation", `'${cv}' is not a non-negative decimal`);
  return out;
}

export async function findSource(db: Runner, code: string): Promise<SourceRecord | undefined> {
  const [row] = await sourcesByCode(db, [code]);
  return row;
}

/** Registers a data source with its quality fields (`caller` null: the local administrator, i.e. the CLI). */
export async function createSource(db: Runner, caller: Caller | null, input: NewSource): Promise<SourceRecord> {
  if (caller) authorize(caller, "sources.edit", { countries: [input.refArea] });
  const code = requireText("code", input.code, SOURCE_CODE, "is not a source code like BA:544");
  requireText("name", input.name);
  const refArea = requireText("refArea", input.refArea);
  await requireCode(db, "refArea", "AREA", refArea);
  const fields = await checkFields(db, input);
  if (await findSource(db, code)) bad("code", `source ${code} already exists`);
  const columns = ["code", "ref_area", ...fields.keys()];
  const values = [code, refArea, ...fields.values()];
  await db.query(`insert into data_sources (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`, values);
  const created = (await findSource(db, code))!;
  await recordAudit(db, caller, { action: "createSource", entity: "source", entityId: code, after: created });
  return created;
}

/** Changes quality fields of a data source; fields left out keep their value, null (or empty text) clears one. */
export async function updateSource(db: Runner, caller: Caller | null, code: string, input: SourceFields): Promise<SourceRecord> {
  const before = await findSource(db, code);
  if (!before) throw new GovernanceError(GovernanceCode.NotFound, `Source ${code} does not exist`);
  // Editors change the sources of their own reporting countries only.
  if (caller) authorize(caller, "sources.edit", { countries: [before.refArea] });
  const fields = await checkFields(db, input);
  if (fields.size > 0) {
    const sets = [...fields.keys()].map((column, i) => `${column} = $${i + 2}`);
    await db.query(`update data_sources set ${sets.join(", ")}, updated_at = now() where code = $1`, [code, ...fields.values()]);
  }
  const after = (await findSource(db, code))!;
  await recordAudit(db, caller, { action: "updateSource", entity: "source", entityId: code, before, after });
  return after;
}
