/** Data sources: reads for everyone; create and update of every quality field through governance (the CLI's rules). */
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { listSources, visibleSource } from "@ilms/query";
import { createSource, updateSource } from "@ilms/governance/sources";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { DataSourceCreateInput, DataSourceFields } from "./source.input";
import { DataSource } from "./source.type";

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
}
