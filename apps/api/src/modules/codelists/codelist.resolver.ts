import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { listCodelists, listCodes } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import type { Context } from "../../context";
import { Code, CodeMapping, Codelist, Label, LevelCount } from "./codelist.type";

function labelsOf(labels: Record<string, string>): Label[] {
  return Object.entries(labels).map(([lang, text]) => ({ lang, text }));
}

@Resolver(() => Codelist)
export class CodelistResolver {
  @Query(() => [Codelist], { description: "All code lists." })
  codelists(@Ctx() ctx: Context): Promise<Codelist[]> {
    return listCodelists(ctx.db);
  }

  @Query(() => Codelist, { nullable: true, description: "One code list by id, e.g. `ISIC4`." })
  async codelist(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Codelist | undefined> {
    return ctx.loaders.codelist.load(id);
  }

  @FieldResolver(() => String, { description: "Title in the requested language (English when missing)." })
  title(@Root() list: Codelist, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return labelFor(ctx, list.labels, lang, `codelist ${list.id}`);
  }

  @FieldResolver(() => [Label], { description: "The title in every language it has." })
  labels(@Root() list: Codelist): Label[] {
    return labelsOf(list.labels);
  }

  @FieldResolver(() => [LevelCount], { description: "Number of codes per hierarchy level." })
  levels(@Root() list: Codelist, @Ctx() ctx: Context): Promise<LevelCount[]> {
    return ctx.loaders.levels.load(list.id);
  }

  @FieldResolver(() => Int, { description: "Number of codes in the list." })
  async codeCount(@Root() list: Codelist, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.levels.load(list.id)).reduce((n, l) => n + l.count, 0);
  }

  @FieldResolver(() => [Code], {
    description: "Codes of the list, in display order; filter by level, parent (`roots` for the top) or text.",
  })
  codes(
    @Root() list: Codelist,
    @Ctx() ctx: Context,
    @Arg("level", () => String, { nullable: true, description: "Only codes at this level." }) level?: string,
    @Arg("parent", () => String, { nullable: true, description: "Only children of this code." }) parent?: string,
    @Arg("roots", () => Boolean, { nullable: true, description: "Only codes without a parent." }) roots?: boolean,
    @Arg("family", () => String, { nullable: true, description: "Only codes of this ILOSTAT family." }) family?: string,
    @Arg("search", () => String, { nullable: true, description: "Case-insensitive match on code or English label." }) search?: string,
    @Arg("first", () => Int, { nullable: true, description: "At most this many codes (default all)." }) first?: number,
    @Arg("offset", () => Int, { nullable: true, description: "Skip this many codes." }) offset?: number,
  ): Promise<Code[]> {
    return listCodes(ctx.db, { codelistId: list.id, level, family, search, parentCode: roots ? null : parent, limit: first, offset });
  }
}

@Resolver(() => Code)
export class CodeResolver {
  @Query(() => Code, { nullable: true, description: "One code by list and code." })
  code(
    @Arg("codelist", () => ID) codelistId: string,
    @Arg("code", () => String) code: string,
    @Ctx() ctx: Context,
  ): Promise<Code | undefined> {
    return ctx.loaders.code.load({ codelistId, code });
  }

  @FieldResolver(() => String, { description: "Label in the requested language (English when missing)." })
  label(@Root() code: Code, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return labelFor(ctx, code.labels, lang, `code ${code.codelistId}:${code.code}`);
  }

  @FieldResolver(() => [Label], { description: "The label in every language it has." })
  labels(@Root() code: Code): Label[] {
    return labelsOf(code.labels);
  }

  @FieldResolver(() => Code, { nullable: true, description: "The additive parent." })
  async parent(@Root() code: Code, @Ctx() ctx: Context): Promise<Code | undefined> {
    return code.parentCode === null ? undefined : ctx.loaders.code.load({ codelistId: code.codelistId, code: code.parentCode });
  }

  @FieldResolver(() => [Code], { description: "Codes whose additive parent this is." })
  children(@Root() code: Code, @Ctx() ctx: Context): Promise<Code[]> {
    return ctx.loaders.children.load(code);
  }

  @FieldResolver(() => [CodeMapping], { description: "Equivalents in reference classifications and coarser codes this one rolls up into." })
  async mappings(@Root() code: Code, @Ctx() ctx: Context): Promise<CodeMapping[]> {
    const links = await ctx.loaders.mappings.load(code);
    const targets = await ctx.loaders.code.loadMany(links.map((l) => ({ codelistId: l.targetCodelistId, code: l.targetCode })));
    return links.flatMap((l, i) => {
      const target = targets[i];
      return target && !(target instanceof Error) ? [{ kind: l.kind, target }] : [];
    });
  }

  @FieldResolver(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 code (areas that are countries)." })
  alpha2(@Root() code: Code): string | null {
    return code.attributes?.alpha2 ?? null;
  }
}
