import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import { tableList, tablesOfKind } from "@ilms/domain";
import { deriveIndicator, labelPrefetch, readSlice } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import { labelCache } from "./label-cache";
import type { SliceResult } from "@ilms/query";
import type { Context } from "../../context";
import { Code } from "../codelists/codelist.type";
import { engine, planOf, queryLoaders, visibility } from "../observations/engine";
import { ObservationFilterInput, toEngineFilter } from "../observations/observation.input";
import { DerivedKind, Slice, SliceCode, SliceDimensionInput, SliceObservations } from "./slice.type";

function toSlice(result: SliceResult, asOfRound: string | null): Slice {
  return {
    table: result.table.id,
    measure: result.measure,
    unit: result.unit,
    aggregated: result.aggregated,
    asOfRound,
    size: result.encoded?.cells ?? result.values.length,
    dimensions: result.dimensions.map((d) => ({
      id: d.id,
      codelist: d.codelist,
      level: d.level,
      codes: d.codes.map((code) => ({ code, codelistId: d.codelist, dimension: d.id })),
    })),
    observations: observationsOf(result),
  };
}

/** Getters, so that arrays the answer never reads (or sends as the database's JSON) are never parsed. */
function observationsOf(result: SliceResult): SliceObservations {
  return {
    get keys() {
      return result.keys;
    },
    get values() {
      return result.values;
    },
    get statuses() {
      return result.statuses;
    },
    get contributors() {
      return result.contributors;
    },
    get missing() {
      return result.missing;
    },
    get flagged() {
      return result.flagged;
    },
    encoded: result.encoded,
  };
}

@Resolver(() => Slice)
export class SliceResolver {
  @Query(() => Slice, {
    description: `A compact slice of one table: the chosen dimensions (default: all but the source) with their codes, and the observations as index arrays. A dimension with a \`level\` is rolled up along its hierarchy; counts add up, means (table ${tableList(tablesOfKind("mean"))}) are refused with NOT_AGGREGATABLE. Dimensions left out must have one value per cell.`,
  })
  async slice(
    @Arg("filter", () => ObservationFilterInput, { description: "Which cells." }) filter: ObservationFilterInput,
    @Ctx() ctx: Context,
    @Arg("dimensions", () => [SliceDimensionInput], {
      nullable: true,
      description: "Dimensions of the result, in order, with optional roll-up levels.",
    })
    dimensions?: SliceDimensionInput[] | null,
    @Arg("asOfRound", () => String, { nullable: true, description: "As of this round (code)." }) asOfRound?: string | null,
  ): Promise<Slice> {
    return engine(async () => {
      const plan = await planOf(ctx, toEngineFilter(filter));
      const vis = await visibility(ctx, asOfRound);
      // Labels come from the label cache, which reads what it lacks alongside the cells (not after them).
      const labels = labelCache(ctx.db);
      const [result] = await Promise.all([
        readSlice(ctx.db, plan, vis, dimensions),
        labels.ensure(ctx.db, labelPrefetch(plan, dimensions)),
      ]);
      const slice = toSlice(result, asOfRound ?? null);
      for (const d of slice.dimensions) {
        if (!d.codelist) continue;
        for (const code of d.codes) {
          code.record = labels.get(d.codelist, code.code);
          if (code.record) ctx.loaders.code.prime({ codelistId: d.codelist, code: code.code }, code.record);
        }
      }
      return slice;
    });
  }

  @Query(() => Slice, {
    description: "A derived indicator (migrant share, sex ratio, percentage distribution, change over years) as a slice, with its unit.",
  })
  async derived(
    @Arg("kind", () => DerivedKind, { description: "Which indicator." }) kind: DerivedKind,
    @Arg("filter", () => ObservationFilterInput, { description: "Which cells it is computed from." }) filter: ObservationFilterInput,
    @Ctx() ctx: Context,
    @Arg("dimension", () => String, {
      nullable: true,
      description: "For PERCENT_DISTRIBUTION: the dimension whose codes are shares of its total.",
    })
    dimension?: string | null,
    @Arg("asOfRound", () => String, { nullable: true, description: "As of this round (code)." }) asOfRound?: string | null,
  ): Promise<Slice> {
    return engine(async () => {
      const plan = await planOf(ctx, toEngineFilter(filter));
      const result = await deriveIndicator(ctx.db, plan, await visibility(ctx, asOfRound), { kind, dimension });
      return toSlice(result, asOfRound ?? null);
    });
  }
}

/**
 * A slice code's label when it is known without reading (a year, or a code whose record came with the slice), or
 * undefined. Labels are the hottest field of a slice (one per code); {@link DIRECT_RESOLVERS} answers them with
 * this before type-graphql's resolver pipeline, which with the loader took 23 promises per label.
 */
export function labelNow(code: SliceCode, ctx: Context, lang: string | null | undefined): string | null | undefined {
  if (code.dimension === "time") return code.code;
  if (code.record) return labelFor(ctx, code.record.labels, lang, `code ${code.record.codelistId}:${code.record.code}`);
  if (!code.codelistId && code.dimension !== "source") return null;
  return undefined;
}

/**
 * Fields answered synchronously when they can be, ahead of their type-graphql resolver (which stays the answer
 * otherwise): type -> field -> a function giving the value, or undefined to fall through. schema.ts installs them.
 */
export const DIRECT_RESOLVERS: Record<string, Record<string, (source: never, args: Record<string, unknown>, ctx: Context) => unknown>> = {
  SliceCode: { label: (code: SliceCode, args, ctx) => labelNow(code, ctx, args.lang as string | null | undefined) },
};

@Resolver(() => SliceCode)
export class SliceCodeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Label in the requested language: the code's label, the source's name, or the year.",
  })
  async label(
    @Root() code: SliceCode,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    const now = labelNow(code, ctx, lang);
    if (now !== undefined) return now;
    if (code.dimension === "source") return (await queryLoaders(ctx).source.load(code.code))?.name ?? null;
    if (!code.codelistId) return null;
    const found = await ctx.loaders.code.load({ codelistId: code.codelistId, code: code.code });
    return found ? labelFor(ctx, found.labels, lang, `code ${found.codelistId}:${found.code}`) : null;
  }

  @FieldResolver(() => Code, { nullable: true, description: "The code with its level and parent (null for years and sources)." })
  async item(@Root() code: SliceCode, @Ctx() ctx: Context): Promise<Code | undefined> {
    return code.codelistId ? ctx.loaders.code.load({ codelistId: code.codelistId, code: code.code }) : undefined;
  }
}

/**
 * The three arrays a chart reads, sent as the database wrote them when it did (http/raw-json.ts): the field
 * resolves to an empty list and the HTTP layer puts the JSON text in its place.
 */
@Resolver(() => SliceObservations)
export class SliceObservationsResolver {
  @FieldResolver(() => [[Int]], { description: "Per observation, one code index per dimension." })
  keys(@Root() o: SliceObservations, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): number[][] {
    return passed(o, ctx, info, "keys") ?? o.keys;
  }

  @FieldResolver(() => [String], { nullable: "items", description: "Values as exact decimal text; null for a missing value." })
  values(@Root() o: SliceObservations, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): (string | null)[] {
    return passed(o, ctx, info, "values") ?? o.values;
  }

  @FieldResolver(() => [String], {
    nullable: "items",
    description:
      "Status per observation. For an aggregate: the distinct flags of its contributors joined by `+`, and `INCOMPLETE` when expected contributors are absent or empty.",
  })
  statuses(@Root() o: SliceObservations, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): (string | null)[] {
    return passed(o, ctx, info, "statuses") ?? o.statuses;
  }
}

/** An empty list standing for the database's JSON, registered with the response; null when there is none. */
function passed(o: SliceObservations, ctx: Context, info: GraphQLResolveInfo, field: "keys" | "values" | "statuses"): never[] | null {
  if (!o.encoded || !ctx.rawJson) return null;
  ctx.rawJson.add(info, o.encoded[field]);
  return [];
}
