/**
 * Administration of code lists and codes: add, edit, relabel per language, delete when unused. A code that
 * any fact table (or source, group, child code or mapping) refers to cannot be deleted; the error says where.
 */
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { codesByKey, codelistsById } from "@ilms/query";
import type { CodeRecord } from "@ilms/query";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { Code, Codelist } from "../codelists/codelist.type";
import { CodeCreateInput, CodeFields, CodelistCreateInput, CodelistUpdateInput } from "./codelist.input";
import { codeUsage, codeUsageLabels } from "./usage";
import { bad, labelsFrom, notFound, requireText } from "./validate";

const KINDS = ["ilostat", "classification", "ilms", "attribute"];

function withEnglish(field: string, labels: Record<string, string>): Record<string, string> {
  if (!labels.en) bad(field, "an English label (`en`) is required");
  return labels;
}

async function loadCode(ctx: Context, codelistId: string, code: string): Promise<CodeRecord> {
  const [row] = await codesByKey(ctx.db, [{ codelistId, code }]);
  if (!row) notFound(`Code ${code} of list ${codelistId}`);
  return row;
}

/** Refuses a parent that is missing or that would make the hierarchy a cycle. */
async function checkParent(ctx: Context, codelistId: string, code: string, parent: string | null | undefined): Promise<void> {
  if (parent === null || parent === undefined) return;
  if (parent === code) bad("parentCode", "a code cannot be its own parent");
  const chain = await ctx.db.query<{ code: string }>(
    `with recursive up(code, parent_code) as (
       select code, parent_code from codes where codelist_id = $1 and code = $2
       union select c.code, c.parent_code from codes c join up on c.codelist_id = $1 and c.code = up.parent_code)
     select code from up`,
    [codelistId, parent],
  );
  if (chain.length === 0) bad("parentCode", `'${parent}' is not a code of list ${codelistId}`);
  if (chain.some((r) => r.code === code)) bad("parentCode", `'${parent}' is below '${code}' in the hierarchy (that would make a cycle)`);
}

@Resolver()
export class CodelistAdminResolver {
  @Mutation(() => Codelist, { description: "Adds a code list." })
  async createCodelist(@Arg("input", () => CodelistCreateInput) input: CodelistCreateInput, @Ctx() ctx: Context): Promise<Codelist> {
    const id = requireText("id", input.id, /^[A-Z][A-Z0-9_]{1,39}$/, "must be capitals, digits and underscores");
    if (!KINDS.includes(input.kind)) bad("kind", `'${input.kind}' is not one of ${KINDS.join(", ")}`);
    const labels = withEnglish("labels", labelsFrom("labels", input.labels));
    const [exists] = await codelistsById(ctx.db, [id]);
    if (exists) bad("id", `list ${id} already exists`);
    await ctx.db.query(`insert into codelists (id, kind, labels, description) values ($1, $2, $3::jsonb, $4)`, [
      id,
      input.kind,
      JSON.stringify(labels),
      input.description.trim(),
    ]);
    return (await codelistsById(ctx.db, [id]))[0]!;
  }

  @Mutation(() => Codelist, { description: "Changes the description or titles of a code list." })
  async updateCodelist(
    @Arg("id", () => String) id: string,
    @Arg("input", () => CodelistUpdateInput) input: CodelistUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<Codelist> {
    const [list] = await codelistsById(ctx.db, [id]);
    if (!list) notFound(`Code list ${id}`);
    const labels = input.labels ? withEnglish("labels", labelsFrom("labels", input.labels)) : list.labels;
    await ctx.db.query(`update codelists set labels = $2::jsonb, description = $3 where id = $1`, [
      id,
      JSON.stringify(labels),
      input.description?.trim() ?? list.description,
    ]);
    return (await codelistsById(ctx.db, [id]))[0]!;
  }

  @Mutation(() => Code, { description: "Adds a code to a list, under a parent or as a root." })
  async createCode(@Arg("input", () => CodeCreateInput) input: CodeCreateInput, @Ctx() ctx: Context): Promise<Code> {
    const [list] = await codelistsById(ctx.db, [input.codelistId]);
    if (!list) bad("codelistId", `list '${input.codelistId}' does not exist`);
    const code = requireText("code", input.code, /^[A-Za-z0-9_.\-+]{1,60}$/, "may hold only letters, digits and _ . - +");
    const labels = withEnglish("labels", labelsFrom("labels", input.labels ?? []));
    if ((await codesByKey(ctx.db, [{ codelistId: list.id, code }]))[0]) bad("code", `${code} already exists in list ${list.id}`);
    await checkParent(ctx, list.id, code, input.parentCode);
    const level = requireText("level", input.level);
    await ctx.db.query(
      `insert into codes (codelist_id, code, parent_code, family, level, sort_order, labels) values ($1, $2, $3, $4, $5,
         coalesce($6, (select coalesce(max(sort_order), 0) + 1 from codes where codelist_id = $1)), $7::jsonb)`,
      [list.id, code, input.parentCode ?? null, input.family ?? null, level, input.sortOrder ?? null, JSON.stringify(labels)],
    );
    return loadCode(ctx, list.id, code);
  }

  @Mutation(() => Code, {
    description: "Changes a code's parent, family, level, order or labels. The code itself never changes (data refer to it).",
  })
  async updateCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Arg("input", () => CodeFields) input: CodeFields,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    const old = await loadCode(ctx, codelistId, code);
    if (input.parentCode !== undefined) await checkParent(ctx, codelistId, code, input.parentCode);
    const labels = input.labels ? withEnglish("labels", labelsFrom("labels", input.labels)) : old.labels;
    const level = input.level === undefined ? old.level : requireText("level", input.level);
    await ctx.db.query(
      `update codes set parent_code = $3, family = $4, level = $5, sort_order = $6, labels = $7::jsonb where codelist_id = $1 and code = $2`,
      [
        codelistId,
        code,
        input.parentCode === undefined ? old.parentCode : input.parentCode,
        input.family === undefined ? old.family : input.family,
        level,
        input.sortOrder ?? old.sortOrder,
        JSON.stringify(labels),
      ],
    );
    return loadCode(ctx, codelistId, code);
  }

  @Mutation(() => Code, {
    description: "Sets (or, with an empty text, removes) a code's label in one language; English cannot be removed.",
  })
  async relabelCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Arg("lang", () => String) lang: string,
    @Arg("text", () => String) text: string,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    const old = await loadCode(ctx, codelistId, code);
    const labels = { ...old.labels };
    if (text.trim() === "") {
      if (lang === "en") bad("text", "the English label cannot be removed");
      delete labels[lang];
    } else Object.assign(labels, labelsFrom("lang", [{ lang, text }]));
    await ctx.db.query(`update codes set labels = $3::jsonb where codelist_id = $1 and code = $2`, [
      codelistId,
      code,
      JSON.stringify(labels),
    ]);
    return loadCode(ctx, codelistId, code);
  }

  @Mutation(() => Code, {
    description:
      "Deletes a code that nothing refers to; a code used by any fact table, source, group, child or mapping is refused with the places that use it.",
  })
  async deleteCode(
    @Arg("codelist", () => String) codelistId: string,
    @Arg("code", () => String) code: string,
    @Ctx() ctx: Context,
  ): Promise<Code> {
    const old = await loadCode(ctx, codelistId, code);
    const places = await codeUsage(ctx.db, codelistId, code, true);
    if (places.length > 0) {
      throw new UserError(
        ErrorCode.BadUserInput,
        `Code ${code} of list ${codelistId} is in use (${places.join(", ")}) and cannot be deleted`,
        { field: "code", usedBy: places },
      );
    }
    await ctx.db.query(`delete from codes where codelist_id = $1 and code = $2`, [codelistId, code]);
    return old;
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
