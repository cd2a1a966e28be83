/** Note texts: read by anyone (engine), added, relabelled and deleted (when unreferenced) through governance. */
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { findNoteText, listNoteTexts } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import { createNote, deleteNote, updateNote } from "@ilms/governance/notes";
import type { Context } from "../../context";
import { Label } from "../codelists/codelist.type";
import { LabelInput } from "../admin/label.input";
import { Note } from "./note.type";

@Resolver(() => Note)
export class NoteResolver {
  @Query(() => [Note], { description: "Note texts, optionally of one type." })
  notes(@Ctx() ctx: Context, @Arg("noteType", () => String, { nullable: true }) noteType?: string): Promise<Note[]> {
    return listNoteTexts(ctx.db, noteType);
  }

  @Query(() => Note, { nullable: true, description: "One note by type and id." })
  note(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Ctx() ctx: Context,
  ): Promise<Note | undefined> {
    return findNoteText(ctx.db, noteType, noteId);
  }

  @FieldResolver(() => String, { description: "Text in the requested language (English when missing)." })
  text(@Root() note: Note, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return labelFor(ctx, note.labels, lang, `note ${note.noteType}:${note.noteId}`);
  }

  @FieldResolver(() => [Label], { description: "The text in every language it has." })
  labels(@Root() note: Note): Label[] {
    return Object.entries(note.labels).map(([lang, text]) => ({ lang, text }));
  }

  @Mutation(() => Note, { description: "Adds a note text." })
  createNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Arg("labels", () => [LabelInput]) labels: LabelInput[],
    @Ctx() ctx: Context,
  ): Promise<Note> {
    return createNote(ctx.db, ctx, { noteType, noteId, labels });
  }

  @Mutation(() => Note, { description: "Replaces a note's texts." })
  updateNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Arg("labels", () => [LabelInput]) labels: LabelInput[],
    @Ctx() ctx: Context,
  ): Promise<Note> {
    return updateNote(ctx.db, ctx, { noteType, noteId, labels });
  }

  @Mutation(() => Note, { description: "Deletes a note no observation refers to." })
  deleteNote(
    @Arg("noteType", () => String) noteType: string,
    @Arg("noteId", () => String) noteId: string,
    @Ctx() ctx: Context,
  ): Promise<Note> {
    return deleteNote(ctx.db, ctx, noteType, noteId);
  }
}
