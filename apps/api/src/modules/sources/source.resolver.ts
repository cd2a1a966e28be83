/** Data sources: reads for everyone; create and update of every quality field through governance (the CLI's rules). */
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { listSources, visibleSource, withOriginal } from "@ilms/query";
import type { SourceTextField } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import { createSource, updateSource } from "@ilms/governance/sources";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { DataSourceCreateInput, DataSourceFields } from "./source.input";
import { DataSource } from "./source.type";

/**
 * A source's free-text field in `lang` (the field's argument, else the request's): as entered (taken to be in
 * English, the warehouse's default language), or its label loaded for `lang`; a fallback is reported.
 */
async function textIn(ctx: Context, source: DataSource, field: SourceTextField, lang: string | null | undefined): Promise<string | null> {
  const original = source[field];
  if (original === null || original === undefined || original === "") return original ?? null;
  if ((lang ?? ctx.lang) === "en") return original;
  const loaded = (await ctx.loaders.textLabels()).of("source", source.code, field);
  return labelFor(ctx, withOriginal(original, loaded), lang, `source ${source.code} ${field}`);
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
    return listSources(ctx.db, canReadDrafts(ctx), refArea);
  }

  @Query(() => DataSource, {
    nullable: true,
    description: "One data source by code (null when unknown, or when it has no published data for anonymous callers).",
  })
  async source(@Arg("code", () => String) code: string, @Ctx() ctx: Context): Promise<DataSource | undefined> {
    return visibleSource(ctx.db, code, canReadDrafts(ctx));
  }

  @Mutation(() => DataSource, { description: "Registers a data source with its quality fields." })
  createSource(@Arg("input", () => DataSourceCreateInput) input: DataSourceCreateInput, @Ctx() ctx: Context): Promise<DataSource> {
    // A missing name is refused by governance (`name: is required`), like every other field.
    return createSource(ctx.db, ctx, { ...input, name: input.name ?? "" });
  }

  @Mutation(() => DataSource, { description: "Changes quality fields of a data source; fields left out keep their value." })
  updateSource(
    @Arg("code", () => String) code: string,
    @Arg("input", () => DataSourceFields) input: DataSourceFields,
    @Ctx() ctx: Context,
  ): Promise<DataSource> {
    return updateSource(ctx.db, ctx, code, input);
  }

  @FieldResolver(() => String, {
    description:
      "Name of the survey, census or register, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  name(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    return textIn(ctx, source, "name", lang) as Promise<string>;
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Agency that produces the source, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  agency(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "agency", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Geographic coverage, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  geographicCoverage(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "geographicCoverage", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Population covered, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  populationCoverage(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "populationCoverage", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Reference period, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  referencePeriod(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "referencePeriod", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "How often the source is collected, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  periodicity(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "periodicity", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Why the source is only partly or not comparable, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  comparabilityNote(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "comparabilityNote", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Known gaps in coverage or content, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  knownGaps(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "knownGaps", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Breaks in series, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  seriesBreaks(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "seriesBreaks", lang);
  }
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Free-text notes, in the requested language (as entered unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  notes(
    @Root() source: DataSource,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    return textIn(ctx, source, "notes", lang);
  }
}
