/** Data sources: reads for everyone, create and update of every quality field for the console. */
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { DbHandle } from "@ilms/db";
import { sourceVisibleSql } from "@ilms/query";
import { recordAudit } from "@ilms/governance/audit";
import { authorize } from "@ilms/governance/permissions";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { bad, notFound, requireCode, requireText } from "../admin/validate";
import { DataSourceCreateInput, DataSourceFields } from "./source.input";
import { DataSource, toDataSource } from "./source.type";
import type { DbDataSource } from "./source.type";

const COLUMNS: Record<keyof DataSourceFields, string> = {
  name: "name",
  sourceType: "source_type",
  agency: "agency",
  geographicCoverage: "geographic_coverage",
  populationCoverage: "population_coverage",
  ageFloor: "age_floor",
  irregularMigrantsCovered: "irregular_migrants_covered",
  migrantBasis: "migrant_basis",
  referencePeriod: "reference_period",
  periodicity: "periodicity",
  sampleSize: "sample_size",
  coefficientOfVariation: "coefficient_of_variation",
  comparability: "comparability",
  comparabilityNote: "comparability_note",
  knownGaps: "known_gaps",
  seriesBreaks: "series_breaks",
  notes: "notes",
};

const SELECT = `select code, ref_area as "refArea", ${Object.entries(COLUMNS)
  .map(([key, column]) => `${column} as "${key}"`)
  .join(", ")}, created_at as "createdAt", updated_at as "updatedAt" from data_sources`;

export const COMPARABILITY = ["full", "partial", "not_comparable"] as const;

/** Validates the fields present in `input`; returns them as column -> value. */
async function checkFields(h: DbHandle, input: DataSourceFields): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const [key, column] of Object.entries(COLUMNS) as [keyof DataSourceFields, string][]) {
    const value = input[key];
    if (value === undefined) continue;
    out.set(column, typeof value === "string" && key !== "name" && value.trim() === "" ? null : value);
  }
  if (input.name !== undefined) out.set("name", requireText("name", input.name));
  await requireCode(h, "sourceType", "SOURCE_TYPE", input.sourceType);
  await requireCode(h, "migrantBasis", "BASIS", input.migrantBasis);
  if (input.comparability != null && !(COMPARABILITY as readonly string[]).includes(input.comparability)) {
    bad("comparability", `'${input.comparability}' is not one of ${COMPARABILITY.join(", ")}`);
  }
  if (input.ageFloor != null && (input.ageFloor < 0 || input.ageFloor > 99)) bad("ageFloor", `${input.ageFloor} is not between 0 and 99`);
  if (input.sampleSize != null && input.sampleSize < 0) bad("sampleSize", "must not be negative");
  const cv = input.coefficientOfVariation;
  if (cv != null && cv.trim() !== "" && !/^\d+(\.\d+)?$/.test(cv.trim()))
    bad("coefficientOfVariation", `'${cv}' is not a non-negative decimal`);
  return out;
}

export async function loadSource(h: DbHandle, code: string): Promise<DataSource | undefined> {
  const [row] = await h.query<DbDataSource>(`${SELECT} where code = $1`, [code]);
  return row ? toDataSource(row) : undefined;
}

@Resolver(() => DataSource)
export class DataSourceResolver {
  @Query(() => [DataSource], {
    description:
      "Data sources with their quality fields, optionally of some reporting countries. Anonymous callers see the sources of published data only.",
  })
  async sources(
    @Ctx() ctx: Context,
    @Arg("refArea", () => [String], { nullable: true, description: "Only sources of these reporting countries." }) refArea?: string[],
  ): Promise<DataSource[]> {
    const rows = await ctx.db.query<DbDataSource>(
      `${SELECT} where ($1::text[] is null or ref_area = any($1::text[])) and ${sourceVisibleSql(canReadDrafts(ctx))} order by ref_area, code`,
      [refArea ?? null],
    );
    return rows.map(toDataSource);
  }

  @Query(() => DataSource, {
    nullable: true,
    description: "One data source by code (null when unknown, or when it has no published data for anonymous callers).",
  })
  async source(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<DataSource | undefined> {
    const [row] = await ctx.db.query<DbDataSource>(`${SELECT} where code = $1 and ${sourceVisibleSql(canReadDrafts(ctx))}`, [code]);
    return row ? toDataSource(row) : undefined;
  }

  @Mutation(() => DataSource, { description: "Registers a data source with its quality fields." })
  async createSource(@Arg("input", () => DataSourceCreateInput) input: DataSourceCreateInput, @Ctx() ctx: Context): Promise<DataSource> {
    authorize(ctx, "sources.edit", { countries: [input.refArea] });
    // ILOSTAT codes are `<type letters>:<number>` (BA:544); per-country series such as the demo's DEMO:IDN also occur.
    const code = requireText("code", input.code, /^[A-Z]{1,6}:[A-Za-z0-9_.-]{1,20}$/, "is not a source code like BA:544");
    requireText("name", input.name);
    await requireCode(ctx.db, "refArea", "AREA", input.refArea);
    const fields = await checkFields(ctx.db, input);
    if (await loadSource(ctx.db, code)) bad("code", `source ${code} already exists`);
    const columns = ["code", "ref_area", ...fields.keys()];
    const values = [code, input.refArea, ...fields.values()];
    await ctx.db.query(
      `insert into data_sources (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    );
    const created = (await loadSource(ctx.db, code))!;
    await recordAudit(ctx.db, ctx, { action: "createSource", entity: "source", entityId: code, after: created });
    return created;
  }

  @Mutation(() => DataSource, { description: "Changes quality fields of a data source; fields left out keep their value." })
  async updateSource(
    @Arg("code", () => String) code: string,
    @Arg("input", () => DataSourceFields) input: DataSourceFields,
    @Ctx() ctx: Context,
  ): Promise<DataSource> {
    const before = await loadSource(ctx.db, code);
    if (!before) notFound(`Source ${code}`);
    // Editors change the sources of their own reporting countries only.
    authorize(ctx, "sources.edit", { countries: [before.refArea] });
    const fields = await checkFields(ctx.db, input);
    if (fields.size > 0) {
      const sets = [...fields.keys()].map((column, i) => `${column} = $${i + 2}`);
      await ctx.db.query(`update data_sources set ${sets.join(", ")}, updated_at = now() where code = $1`, [code, ...fields.values()]);
    }
    const after = (await loadSource(ctx.db, code))!;
    await recordAudit(ctx.db, ctx, { action: "updateSource", entity: "source", entityId: code, before, after });
    return after;
  }
}
