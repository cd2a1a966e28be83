/**
 * Administration of code lists and codes: add, edit, relabel per language, delete when unused. The rules (a
 * code in use cannot be deleted; the error says where) live in `@ilms/governance/codelists`; this face only
 * passes the arguments on.
 */
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { codeUsage, codeUsageLabels } from "@ilms/query";
import { createCode, createCodelist, deleteCode, relabelCode, updateCode, updateCodelist } from "@ilms/governance/codelists";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { Code, Codelist } from "../codelists/codelist.type";
import { CodeCreateInput, CodeFields, CodelistCreateInput, CodelistUpdateInput } from "./codelist.input";

@Resolver()
export class CodelistAdminResolver {
  @Mutation(() => Codelist, { description: "Adds a code list." })
  createCodelist(@Arg("input", () => CodelistCreateInput) input: CodelistCreateInput, @Ctx() ctx: Context): Promise<Codelist> {
    return createCodelist(ctx.db, ctx, input);
  }

  @Mutation(() => Codelist, { description: "Changes the description or titles of a code list." })
  updateCodelist(
    @Arg("id", () => String) id: string,
    @Arg("input", () => CodelistUpdateInput) input: CodelistUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<Codelist> {
    return updateCodelist(ctx.db, ctx, id, input);
  }

  @Mutation(() => Code, { description: "Adds a code to a list, under a parent or as a root." })
  createCode(@Arg("input", () => CodeCreateInput) input: CodeCreateInput, @Ctx() ctx: Context): Promise<Code> {
    return createCode(ctx.db, ctx, input);
  }

  @Mutation(() => Code, {
    description: "Changes a code's parent, family, level, order or labels. The code itself never changes (data refer to it).",
  })
  updateCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Arg("input", () => CodeFields) input: CodeFields,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    return updateCode(ctx.db, ctx, codelistId, code, input);
  }

  @Mutation(() => Code, {
    description: "Sets (or, with an empty text, removes) a code's label in one language; English cannot be removed.",
  })
  relabelCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Arg("lang", () => String) lang: string,
    @Arg("text", () => String) text: string,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    return relabelCode(ctx.db, ctx, codelistId, code, lang, text);
  }

  @Mutation(() => Code, {
    description:
      "Deletes a code that nothing refers to; a code used by any fact table, source, group, child or mapping is refused with the places that use it.",
  })
  deleteCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    return deleteCode(ctx.db, ctx, codelistId, code);
  }
}

@Resolver(() => Code)
export class CodeUsageResolver {
  @FieldResolver(() => [String], {
    description:
      "Where the code is used (`fact_t16.economic_activity`, `data_sources.source_type`, `child codes`...); a code used anywhere cannot be deleted. Anonymous callers see only uses by published data.",
  })
  usedBy(@Root() code: Code, @Ctx() ctx: Context): Promise<string[]> {
    return codeUsage(ctx.db, code.codelistId, code.code, canReadDrafts(ctx));
  }

  @FieldResolver(() => [String], {
    description: "Where the code is used, in words: `Table 3: Migrants by sex and country of origin (Sex)`, `Child codes`...",
  })
  usedIn(@Root() code: Code, @Ctx() ctx: Context): Promise<string[]> {
    return codeUsageLabels(ctx.db, code.codelistId, code.code, canReadDrafts(ctx));
  }
}
