import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_SLICE_CELLS,
  cellHistory,
  countCells,
  encodeCursor,
  parseNoteRefs,
  plannedRows,
  readPage,
  toIlostat,
} from "@ilms/query";
import type { IlostatObservation } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import { codedAxes, requireTable } from "@ilms/domain";
import type { Context } from "../../context";
import { Code } from "../codelists/codelist.type";
import { Note } from "../notes/note.type";
import { DataSource, toDataSource } from "../sources/source.type";
import type { DbDataSource } from "../sources/source.type";
import { engine, planOf, queryLoaders, visibility } from "./engine";
import { CellInput, ObservationFilterInput, toEngineFilter } from "./observation.input";
import { CostEstimate, DimensionValue, Observation, ObservationConnection, Revision } from "./observation.type";

export function toObservation(raw: IlostatObservation): Observation {
  return {
    table: raw.table,
    refArea: raw.refArea,
    indicator: raw.indicator,
    sex: raw.sex,
    classif1: raw.classif1,
    classif2: raw.classif2,
    time: raw.time,
    obsValue: raw.obsValue,
    value: raw.obsValue === null ? null : Number(raw.obsValue),
    obsStatus: raw.obsStatus,
    source: raw.source,
    roundId: raw.roundId,
    noteClassif: raw.noteClassif,
    noteIndicator: raw.noteIndicator,
    noteSource: raw.noteSource,
    raw,
  };
}

@Resolver(() => Observation)
export class ObservationResolver {
  @Query(() => ObservationConnection, {
    description: `Observations of one table in ILOSTAT's shape: the latest visible value of each cell (or as of a round), in a stable order, ${DEFAULT_PAGE_SIZE} per page by default and at most ${MAX_PAGE_SIZE}.`,
  })
  async observations(
    @Arg("filter", () => ObservationFilterInput, { description: "Which observations." }) filter: ObservationFilterInput,
    @Ctx() ctx: Context,
    @Arg("asOfRound", () => String, {
      nullable: true,
      description: "Read the data as they stood once this round (code) was in: later rounds are ignored.",
    })
    asOfRound?: string | null,
    @Arg("first", () => Int, { nullable: true, description: `Page size (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
    first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the last observation already read (`pageInfo.endCursor`)." })
    after?: string | null,
  ): Promise<ObservationConnection> {
    return engine(async () => {
      const plan = await planOf(ctx, toEngineFilter(filter));
      const vis = await visibility(ctx, asOfRound);
      const page = await readPage(ctx.db, plan, vis, first ?? DEFAULT_PAGE_SIZE, after ?? null);
      const nodes = page.rows.map((row) => toObservation(toIlostat(plan.table, row)));
      const last = page.rows.at(-1);
      // Cursors are built only when `edges` is read (a page read through `nodes` needs the last one only).
      let edges: { cursor: string; node: Observation }[] | undefined;
      return {
        get edges() {
          return (edges ??= page.rows.map((row, i) => ({ cursor: encodeCursor(plan.table, row), node: nodes[i]! })));
        },
        nodes,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(plan.table, last) : null },
        plan,
        vis,
      };
    });
  }

  @Query(() => [Revision], { description: "Every visible value a cell has had, oldest round first: its revision history." })
  async revisions(@Arg("cell", () => CellInput, { description: "The cell." }) cell: CellInput, @Ctx() ctx: Context): Promise<Revision[]> {
    return engine(async () => {
      const vis = await visibility(ctx, null);
      const history = await cellHistory(ctx.db, cell, vis);
      return history.map((r) => ({ ...toObservation(r), createdAt: r.createdAt }));
    });
  }

  @Query(() => CostEstimate, {
    description:
      "What a filter costs before running a slice or paging through it: the planner's estimate of its cells (and the exact count when asked), against the limits.",
  })
  async estimate(
    @Arg("filter", () => ObservationFilterInput, { description: "Which observations." }) filter: ObservationFilterInput,
    @Ctx() ctx: Context,
    @Arg("asOfRound", () => String, { nullable: true, description: "As of this round." }) asOfRound?: string | null,
  ): Promise<CostEstimate> {
    return engine(async () => {
      const plan = await planOf(ctx, toEngineFilter(filter));
      const vis = await visibility(ctx, asOfRound);
      const estimatedCells = await plannedRows(ctx.db, plan, vis);
      return {
        estimatedCells,
        cells: null,
        sliceLimit: MAX_SLICE_CELLS,
        pageLimit: MAX_PAGE_SIZE,
        withinLimit: estimatedCells <= MAX_SLICE_CELLS,
        plan,
        vis,
      };
    });
  }

  @FieldResolver(() => [DimensionValue], { description: "Reporting country, sex and the table's dimensions as typed values." })
  dimensions(@Root() obs: Observation): DimensionValue[] {
    const fixed: Record<string, string> = { refArea: obs.refArea, sex: obs.sex };
    return codedAxes(requireTable(obs.table)).map((a) => ({
      dimension: a.key,
      codelistId: a.codelist,
      code: a.dimension ? (obs.raw.dimensions[a.dimension.key] ?? "") : fixed[a.key]!,
    }));
  }

  @FieldResolver(() => DataSource, { nullable: true, description: "The source with its quality fields." })
  async dataSource(@Root() obs: Observation, @Ctx() ctx: Context): Promise<DataSource | null> {
    const row = await queryLoaders(ctx).source.load(obs.source);
    return row ? toDataSource(row as unknown as DbDataSource) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Code of the collection round the value comes from." })
  async roundCode(@Root() obs: Observation, @Ctx() ctx: Context): Promise<string | null> {
    return (await queryLoaders(ctx).round.load(obs.roundId))?.code ?? null;
  }

  @FieldResolver(() => [Note], { description: "Texts of the notes referenced by `noteClassif`, `noteIndicator` and `noteSource`." })
  async notes(@Root() obs: Observation, @Ctx() ctx: Context): Promise<Note[]> {
    const refs = [obs.noteClassif, obs.noteIndicator, obs.noteSource].flatMap(parseNoteRefs);
    const notes = await queryLoaders(ctx).note.loadMany(refs);
    return notes.flatMap((n) => (n && !(n instanceof Error) ? [{ ...n, ref: `${n.noteType}:${n.noteId}` }] : []));
  }
}

@Resolver(() => ObservationConnection)
export class ObservationConnectionResolver {
  @FieldResolver(() => Int, { description: "Number of observations the filter selects (counted only when asked)." })
  totalCount(@Root() connection: ObservationConnection, @Ctx() ctx: Context): Promise<number> {
    return engine(() => countCells(ctx.db, connection.plan, connection.vis));
  }
}

@Resolver(() => CostEstimate)
export class CostEstimateResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: "Exact number of cells (latest value per cell) the filter selects; counted only when asked.",
  })
  async cells(@Root() estimate: CostEstimate, @Ctx() ctx: Context): Promise<number> {
    return engine(() => countCells(ctx.db, estimate.plan, estimate.vis));
  }
}

@Resolver(() => DimensionValue)
export class DimensionValueResolver {
  @FieldResolver(() => Code, { nullable: true, description: "The code with its label, level and parent." })
  async item(@Root() value: DimensionValue, @Ctx() ctx: Context): Promise<Code | undefined> {
    return ctx.loaders.code.load({ codelistId: value.codelistId, code: value.code });
  }

  @FieldResolver(() => String, { nullable: true, description: "Label of the code in the requested language." })
  async label(
    @Root() value: DimensionValue,
    @Ctx() ctx: Context,
    @Arg("lang", () => String, { nullable: true }) lang?: string | null,
  ): Promise<string | null> {
    const code = await ctx.loaders.code.load({ codelistId: value.codelistId, code: value.code });
    return code ? labelFor(ctx, code.labels, lang, `code ${code.codelistId}:${code.code}`) : null;
  }
}
