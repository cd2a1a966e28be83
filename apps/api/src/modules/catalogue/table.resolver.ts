import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { MODULES, TABLES, getTable } from "@ilms/domain";
import type { ClassifSlot as ClassifSlotDef, IlmsTable as IlmsTableDef, IndicatorDef } from "@ilms/domain";
import type { Context } from "../../context";
import { Codelist } from "../codelists/codelist.type";
import { Dimension, IlmsTable } from "./table.type";
import { Indicator } from "./table.type";
import type { ClassifSlot } from "./table.type";
import { withOriginal } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";

function slot(s: ClassifSlotDef | undefined): ClassifSlot | null {
  return s ? { dimension: s.dimension, families: [...(s.families ?? [])], prefix: s.prefix ?? null } : null;
}

function toIndicator(i: IndicatorDef): Indicator {
  return {
    id: i.id,
    table: i.table,
    title: i.title,
    fixed: Object.entries(i.fixed).map(([dimension, code]) => ({ dimension, code: code! })),
    classif1: slot(i.classif1),
    classif2: slot(i.classif2),
  };
}

export function toTable(t: IlmsTableDef): IlmsTable {
  return {
    id: t.id,
    key: t.key,
    module: t.module,
    moduleTitle: MODULES[t.module],
    title: t.title,
    description: t.description,
    measure: t.measure.title,
    unit: t.measure.unit,
    additive: t.measure.additive,
    dimensions: t.dimensions.map((d) => ({
      key: d.key,
      title: d.title,
      description: d.description,
      codelistId: d.codelist,
      families: [...(d.families ?? [])],
      counterpart: d.counterpart ?? false,
    })),
    indicators: t.indicators.map(toIndicator),
  };
}

@Resolver(() => IlmsTable)
export class TableResolver {
  @Query(() => [IlmsTable], { description: `The ${TABLES.length} ILMS tables with their dimensions and indicators.` })
  tables(): IlmsTable[] {
    return TABLES.map(toTable);
  }

  @Query(() => IlmsTable, { nullable: true, description: "One ILMS table by number." })
  table(@Arg("id", () => Int) id: number): IlmsTable | null {
    const t = getTable(id);
    return t ? toTable(t) : null;
  }

  @FieldResolver(() => String, {
    description:
      "Table title in the requested language: the catalogue's English, or a label loaded by `ilms catalogue labels import`; without one another language falls back to English and `extensions.langFallback` says so.",
  })
  async title(
    @Root() table: IlmsTable,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    const loaded = (await ctx.loaders.textLabels()).of("table", table.id, "title");
    return labelFor(ctx, withOriginal(table.title, loaded), lang, `table ${table.id}`);
  }

  @FieldResolver(() => String, {
    description:
      "What the table holds, in the requested language (English unless loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  async description(
    @Root() table: IlmsTable,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    const loaded = (await ctx.loaders.textLabels()).of("table", table.id, "description");
    return labelFor(ctx, withOriginal(table.description, loaded), lang, `table ${table.id} description`);
  }
}

@Resolver(() => Dimension)
export class DimensionResolver {
  @FieldResolver(() => Codelist, { nullable: true, description: "The code list." })
  async codelist(@Root() dimension: Dimension, @Ctx() ctx: Context): Promise<Codelist | undefined> {
    return ctx.loaders.codelist.load(dimension.codelistId);
  }

  @FieldResolver(() => String, {
    description:
      "Human title in the requested language (English in the catalogue, others loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  async title(
    @Root() dimension: Dimension,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    const loaded = (await ctx.loaders.textLabels()).of("dimension", dimension.key, "title");
    return labelFor(ctx, withOriginal(dimension.title, loaded), lang, `dimension ${dimension.key}`);
  }

  @FieldResolver(() => String, {
    description: "What the dimension means, in the requested language (fallbacks reported in `extensions.langFallback`).",
  })
  async description(
    @Root() dimension: Dimension,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    const loaded = (await ctx.loaders.textLabels()).of("dimension", dimension.key, "description");
    return labelFor(ctx, withOriginal(dimension.description, loaded), lang, `dimension ${dimension.key} description`);
  }
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => String, {
    description:
      "ILOSTAT's title in the requested language (English, or a label loaded by `ilms catalogue labels import`; a fallback is reported in `extensions.langFallback`).",
  })
  async title(
    @Root() indicator: Indicator,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string> {
    const loaded = (await ctx.loaders.textLabels()).of("indicator", indicator.id, "title");
    return labelFor(ctx, withOriginal(indicator.title, loaded), lang, `indicator ${indicator.id}`);
  }
}
