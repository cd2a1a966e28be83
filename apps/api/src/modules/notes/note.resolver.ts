/** Note texts: read by anyone, added, relabelled and deleted (when unreferenced) by the console. */
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { TABLES, factTableName } from "@ilms/domain";
import { pickLabel } from "@ilms/query";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { Label } from "../codelists/codelist.type";
import { LabelInput } from "../admin/label.input";
import { bad, labelsFrom, notFound, requireText } from "../admin/validate";
import { Note } from "./note.type";

const SELECT = `select note_type as "noteType", note_id as "noteId", note_type || ':' || note_id as ref, labels from notes`;

async function loadNote(ctx: Context, noteType: string, noteId: string): Promise<Note | undefined> {
  const [row] = await ctx.db.query<Note>(`${SELECT} where note_type = $1 and note_id = $2`, [noteType, noteId]);
  return row;
}

function texts(labels: LabelInput[]): Record<string, string> {
  const out = labelsFrom("labels", labels);
  if (!out.en) bad("labels", "an English text (`en`) is required");
  return out;
}

@Resolver(() => Note)
export class NoteResolver {
  @Query(() => [Note], { description: "Note texts, optionally of one type." })
  notes(@Ctx() ctx: Context, @Arg("noteType", () => String, { nullable: true }) noteType?: string): Promise<Note[]> {
    return ctx.db.query<Note>(`${SELECT} where ($1::text is null or note_type = $1) order by note_type, note_id`, [noteType ?? null]);
  }

  @Query(() => Note, { nullable: true, description: "One note by type and id." })
  note(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Ctx() ctx: Context,
  ): Promise<Note | undefined> {
    return loadNote(ctx, noteType, noteId);
  }

  @FieldResolver(() => String, { description: "Text in the requested language (English when missing)." })
  text(@Root() note: Note, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return pickLabel(note.labels, lang ?? ctx.lang);
  }

  @FieldResolver(() => [Label], { description: "The text in every language it has." })
  labels(@Root() note: Note): Label[] {
    return Object.entries(note.labels).map(([lang, text]) => ({ lang, text }));
  }

  @Mutation(() => Note, { description: "Adds a note text." })
  async createNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Arg("labels", () => [LabelInput]) labels: LabelInput[],
    @Ctx() ctx: Context,
  ): Promise<Note> {
    const type = requireText("noteType", noteType, /^[A-Z][A-Z0-9]{0,9}$/, "must be capitals and digits, e.g. R1");
    const id = requireText("noteId", noteId, /^[A-Za-z0-9]{1,20}$/, "must be letters and digits");
    const values = texts(labels);
    if (await loadNote(ctx, type, id)) bad("noteId", `note ${type}:${id} already exists`);
    await ctx.db.query(`insert into notes (note_type, note_id, labels) values ($1, $2, $3::jsonb)`, [type, id, JSON.stringify(values)]);
    return (await loadNote(ctx, type, id))!;
  }

  @Mutation(() => Note, { description: "Replaces a note's texts." })
  async updateNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Arg("labels", () => [LabelInput]) labels: LabelInput[],
    @Ctx() ctx: Context,
  ): Promise<Note> {
    if (!(await loadNote(ctx, noteType, noteId))) notFound(`Note ${noteType}:${noteId}`);
    await ctx.db.query(`update notes set labels = $3::jsonb where note_type = $1 and note_id = $2`, [
      noteType,
      noteId,
      JSON.stringify(texts(labels)),
    ]);
    return (await loadNote(ctx, noteType, noteId))!;
  }

  @Mutation(() => Note, { description: "Deletes a note no observation refers to." })
  async deleteNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Ctx() ctx: Context,
  ): Promise<Note> {
    const note = await loadNote(ctx, noteType, noteId);
    if (!note) notFound(`Note ${noteType}:${noteId}`);
    // Observations carry notes as `T1:1_T2:2` lists; match the reference as a whole item of the list.
    const pattern = `(^|_)${note.ref.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(_|$)`;
    const probes = TABLES.map(
      (t) =>
        `select '${factTableName(t)}' as place where exists (select 1 from ${factTableName(t)} where note_classif ~ $1 or note_indicator ~ $1 or note_source ~ $1)`,
    );
    const used = await ctx.db.query<{ place: string }>(probes.join(" union all "), [pattern]);
    if (used.length > 0) {
      throw new UserError(
        ErrorCode.BadUserInput,
        `Note ${note.ref} is referenced by observations (${used.map((u) => u.place).join(", ")}) and cannot be deleted`,
        { usedBy: used.map((u) => u.place) },
      );
    }
    await ctx.db.query(`delete from notes where note_type = $1 and note_id = $2`, [noteType, noteId]);
    return note;
  }
}
