import { Arg, Ctx, Float, Int, Query, Resolver } from "type-graphql";
import { corridors, gaps, mirror, mirrorMatrix } from "@ilms/query";
import type { Context } from "../../context";
import { engine, visibility } from "../observations/engine";
import { CorridorMatrix, CorridorMeasureEnum, CorridorSideEnum, GapsMap, MirrorMatrix, MirrorRow } from "./analytics.type";
import { regionExpectations } from "../regions/expectations-cache";

@Resolver()
export class AnalyticsResolver {
  @Query(() => CorridorMatrix, {
    description:
      "An origin x destination matrix of migrant stocks or flows over countries or groups (ASEAN by default; a group's members count in the years they were members), from the destination's report, the origin's or both, with row and column totals and the top corridors.",
  })
  async corridors(
    @Ctx() ctx: Context,
    @Arg("measure", () => CorridorMeasureEnum) measure: CorridorMeasureEnum,
    @Arg("side", () => CorridorSideEnum, { defaultValue: CorridorSideEnum.DESTINATION }) side: CorridorSideEnum,
    @Arg("year", () => Int, { nullable: true }) year?: number | null,
    @Arg("yearFrom", () => Int, { nullable: true }) yearFrom?: number | null,
    @Arg("yearTo", () => Int, { nullable: true }) yearTo?: number | null,
    @Arg("origins", () => [String], { nullable: true, description: "Countries or groups of origin (default ASEAN)." })
    origins?: string[] | null,
    @Arg("destinations", () => [String], { nullable: true, description: "Countries or groups of destination (default ASEAN)." })
    destinations?: string[] | null,
    @Arg("sex", () => String, { nullable: true, description: "Sex code (default SEX_T)." }) sex?: string | null,
    @Arg("top", () => Int, { nullable: true, description: "How many top corridors (default 10, at most 100)." }) top?: number | null,
    @Arg("asOfRound", () => String, { nullable: true }) asOfRound?: string | null,
  ): Promise<CorridorMatrix> {
    return engine(async () => {
      const m = await corridors(
        ctx.db,
        { measure, side, year, yearFrom, yearTo, origins, destinations, sex, top },
        await visibility(ctx, asOfRound),
      );
      return m as unknown as CorridorMatrix;
    });
  }

  @Query(() => [MirrorRow], {
    description:
      "Mirror statistics: per corridor and year, the origin's and the destination's report of the same persons (the catalogue's mirror pairs), the ratio D/O, the asymmetry (D-O)/(D+O), the coverage and the flags that explain differences.",
  })
  async mirror(
    @Ctx() ctx: Context,
    @Arg("origin", () => [String], { description: "Countries or groups of origin." }) origin: string[],
    @Arg("destination", () => [String], { description: "Countries or groups of destination." }) destination: string[],
    @Arg("year", () => Int, { nullable: true }) year?: number | null,
    @Arg("yearFrom", () => Int, { nullable: true }) yearFrom?: number | null,
    @Arg("yearTo", () => Int, { nullable: true }) yearTo?: number | null,
    @Arg("measure", () => CorridorMeasureEnum, { nullable: true, description: "Only the pairs of this measure." })
    measure?: CorridorMeasureEnum | null,
    @Arg("sex", () => String, { nullable: true }) sex?: string | null,
    @Arg("asOfRound", () => String, { nullable: true }) asOfRound?: string | null,
  ): Promise<MirrorRow[]> {
    return engine(async () => {
      const rows = await mirror(
        ctx.db,
        { origins: origin, destinations: destination, year, yearFrom, yearTo, measure, sex },
        await visibility(ctx, asOfRound),
      );
      return rows as unknown as MirrorRow[];
    });
  }

  @Query(() => MirrorMatrix, {
    description:
      "The mirror matrix: every corridor and year of the countries or groups asked at once (ASEAN by default, dated membership respected), per mirror pair, with both reports, D/O, the asymmetry, the coverage (NEITHER included) and the flags.",
  })
  async mirrorMatrix(
    @Ctx() ctx: Context,
    @Arg("origins", () => [String], { nullable: true, description: "Countries or groups of origin (default ASEAN)." })
    origins?: string[] | null,
    @Arg("destinations", () => [String], { nullable: true, description: "Countries or groups of destination (default ASEAN)." })
    destinations?: string[] | null,
    @Arg("year", () => Int, { nullable: true }) year?: number | null,
    @Arg("yearFrom", () => Int, { nullable: true }) yearFrom?: number | null,
    @Arg("yearTo", () => Int, { nullable: true }) yearTo?: number | null,
    @Arg("measure", () => CorridorMeasureEnum, { nullable: true, description: "Only the pairs of this measure." })
    measure?: CorridorMeasureEnum | null,
    @Arg("sex", () => String, { nullable: true }) sex?: string | null,
    @Arg("asOfRound", () => String, { nullable: true }) asOfRound?: string | null,
  ): Promise<MirrorMatrix> {
    return engine(async () => {
      const m = await mirrorMatrix(
        ctx.db,
        { origins, destinations, year, yearFrom, yearTo, measure, sex },
        await visibility(ctx, asOfRound),
      );
      return m as unknown as MirrorMatrix;
    });
  }

  @Query(() => GapsMap, {
    description:
      "The data-gaps map: per reporting country (the active region's by default: the members of its group that report), the tables it collects and the years missing against what the questionnaire expects, sources lacking quality fields, comparability partial or unassessed, where breaks cluster and the largest mirror asymmetries.",
  })
  async gaps(
    @Ctx() ctx: Context,
    @Arg("countries", () => [String], {
      nullable: true,
      description: "Reporting countries or groups (default the active region's group; of it, only the reporting countries).",
    })
    countries?: string[] | null,
    @Arg("year", () => Int, { nullable: true }) year?: number | null,
    @Arg("yearFrom", () => Int, { nullable: true }) yearFrom?: number | null,
    @Arg("yearTo", () => Int, { nullable: true }) yearTo?: number | null,
    @Arg("tables", () => [Int], { nullable: true, description: "Tables expected (default the tables the active region collects)." })
    tables?: number[] | null,
    @Arg("asymmetryAtLeast", () => Float, { nullable: true, description: "List asymmetries from this |(D-O)/(D+O)| (default 0.5)." })
    asymmetryAtLeast?: number | null,
    @Arg("breaksAtLeast", () => Int, { nullable: true, description: "List break clusters from this many findings (default 2)." })
    breaksAtLeast?: number | null,
    @Arg("asOfRound", () => String, { nullable: true }) asOfRound?: string | null,
  ): Promise<GapsMap> {
    return engine(async () => {
      const thresholds = {
        ...(asymmetryAtLeast != null ? { asymmetryAtLeast } : {}),
        ...(breaksAtLeast != null ? { breaksAtLeast } : {}),
      };
      const expectations = await regionExpectations(ctx.db, ctx.region);
      const m = await gaps(
        ctx.db,
        { countries, year, yearFrom, yearTo, tables, thresholds, expectations },
        await visibility(ctx, asOfRound),
      );
      return { ...m, ...m.thresholds } as unknown as GapsMap;
    });
  }
}
