import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { MAX_MISSING_CELLS, TABLES } from "@ilms/domain";
import { availability, checkAreaCodes, listCodes, qualityMap } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import { addWarnings } from "../../http/warnings";
import type { Context } from "../../context";
import { Code } from "../codelists/codelist.type";
import { engine, planOf, queryLoaders, visibility } from "../observations/engine";
import { ObservationFilterInput, toEngineFilter } from "../observations/observation.input";
import { toDataSource } from "../sources/source.type";
import type { DbDataSource } from "../sources/source.type";
import { AvailabilityCell, QualityMapCell } from "./quality.type";
import { regionExpectations } from "../regions/expectations-cache";

@Resolver(() => QualityMapCell)
export class QualityResolver {
  @Query(() => [AvailabilityCell], {
    description: "Counts of observations of a table per country and year, optionally narrowed by a filter.",
  })
  async availability(
    @Arg("table", () => Int, { description: "ILMS table number." }) table: number,
    @Ctx() ctx: Context,
    @Arg("filter", () => ObservationFilterInput, { nullable: true, description: "Narrows the cells counted; its `table` must agree." })
    filter?: ObservationFilterInput | null,
    @Arg("asOfRound", () => String, { nullable: true, description: "As of this round (code)." }) asOfRound?: string | null,
  ): Promise<AvailabilityCell[]> {
    return engine(async () => {
      const plan = await planOf(ctx, { ...(filter ? toEngineFilter(filter) : {}), table });
      return availability(ctx.db, plan, await visibility(ctx, asOfRound));
    });
  }

  @Query(() => [QualityMapCell], {
    description:
      "The source-quality map: per reporting country x table x year, the sources and their migrant basis and comparability, completeness against the table's expected cells (as the active region narrows them), the share of flagged values, open check findings and the last round that touched it. Only cells with data are listed.",
  })
  async qualityMap(
    @Arg("countries", () => [String], {
      description: "Reporting countries or groups (`ASEAN`); of the active region's group, only its reporting countries.",
    })
    countries: string[],
    @Ctx() ctx: Context,
    @Arg("tables", () => [Int], {
      nullable: true,
      description: `Table numbers (default the active region's tables, of the catalogue's ${TABLES.length}).`,
    })
    tables?: number[] | null,
    @Arg("yearFrom", () => Int, { nullable: true, description: "First year." }) yearFrom?: number | null,
    @Arg("yearTo", () => Int, { nullable: true, description: "Last year." }) yearTo?: number | null,
    @Arg("asOfRound", () => String, { nullable: true, description: "As of this round (code)." }) asOfRound?: string | null,
  ): Promise<QualityMapCell[]> {
    return engine(async () => {
      addWarnings(ctx, (await checkAreaCodes(ctx.db, countries, "countries")).warnings);
      const expectations = await regionExpectations(ctx.db, ctx.region);
      const cells = await qualityMap(ctx.db, { countries, tables, yearFrom, yearTo, expectations }, await visibility(ctx, asOfRound));
      for (const cell of cells) for (const s of cell.sources) queryLoaders(ctx).source.prime(s.code, s);
      return cells.map(({ missingCells, ...c }) => ({
        ...c,
        missing: missingCells,
        sources: c.sources.map((s) => toDataSource(s as unknown as DbDataSource)),
      }));
    });
  }

  @Query(() => [Code], { description: "Observation status flags (code list `OBS_STATUS`), which administrators extend." })
  statusCodes(@Ctx() ctx: Context): Promise<Code[]> {
    return listCodes(ctx.db, { codelistId: "OBS_STATUS" });
  }

  @FieldResolver(() => [String], {
    description: `Labels of the expected cells not reported with a value (e.g. "Female · C. Manufacturing"), at most ${MAX_MISSING_CELLS}; the labels are read only when asked, in one batch.`,
  })
  async missingCells(
    @Root() cell: QualityMapCell,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true, description: "Language of the labels." }) lang?: string | null,
  ): Promise<string[]> {
    const codes = await ctx.loaders.code.loadMany(cell.missing.flat());
    const labels = new Map(
      codes.flatMap((c) =>
        c && !(c instanceof Error)
          ? [[`${c.codelistId}:${c.code}`, labelFor(ctx, c.labels, lang, `code ${c.codelistId}:${c.code}`)] as const]
          : [],
      ),
    );
    return cell.missing.map((codes) => codes.map((c) => labels.get(`${c.codelistId}:${c.code}`) || c.code).join(" · "));
  }

  @FieldResolver(() => String, { nullable: true, description: "Code of the last round that touched these cells." })
  async lastRoundCode(@Root() cell: QualityMapCell, @Ctx() ctx: Context): Promise<string | null> {
    return (await queryLoaders(ctx).round.load(cell.lastRoundId))?.code ?? null;
  }
}
