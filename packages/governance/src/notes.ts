/**
 * Note texts: added, relabelled and deleted (when no observation refers to them), each checked against the
 * caller's role and recorded in the audit trail with the note before and after. Reads are the engine's
 * (`listNoteTexts`, `findNoteText`).
 */
import { findNoteText, noteUsage } from "@ilms/query";
import type { NoteText } from "@ilms/query";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { bad, labelsFrom, notFound, requireText } from "./checks";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";
import { audited } from "./snapshots";

export interface NoteInput {
  noteType: string;
  noteId: string;
  labels: readonly { lang: string; text: string }[];
}

function texts(labels: NoteInput["labels"]): Record<string, string> {
  const out = labelsFrom("labels", labels);
  if (!out.en) bad("labels", "an English text (`en`) is required");
  return out;
}

/** Adds a note text (`caller` null: the local administrator, i.e. the CLI). */
export function createNote(db: Runner, caller: Caller | null, input: NoteInput): Promise<NoteText> {
  if (caller) authorize(caller, "notes.edit");
  return audited(db, caller, "createNote", input, async () => {
    const type = requireText("noteType", input.noteType, /^[A-Z][A-Z0-9]{0,9}$/, "must be capitals and digits, e.g. R1");
    const id = requireText("noteId", input.noteId, /^[A-Za-z0-9]{1,20}$/, "must be letters and digits");
    const values = texts(input.labels);
    if (await findNoteText(db, type, id)) bad("noteId", `note ${type}:${id} already exists`);
    await db.query("insert into notes (note_type, note_id, labels) values ($1, $2, $3::jsonb)", [type, id, JSON.stringify(values)]);
    return (await findNoteText(db, type, id))!;
  });
}

/** Replaces a note's texts. */
export function updateNote(db: Runner, caller: Caller | null, input: NoteInput): Promise<NoteText> {
  if (caller) authorize(caller, "notes.edit");
  const { noteType, noteId } = input;
  return audited(db, caller, "updateNote", input, async () => {
    if (!(await findNoteText(db, noteType, noteId))) notFound(`Note ${noteType}:${noteId}`);
    await db.query("update notes set labels = $3::jsonb where note_type = $1 and note_id = $2", [
      noteType,
      noteId,
      JSON.stringify(texts(input.labels)),
    ]);
    return (await findNoteText(db, noteType, noteId))!;
  });
}

/** Deletes a note no observation refers to. */
export function deleteNote(db: Runner, caller: Caller | null, noteType: string, noteId: string): Promise<NoteText> {
  if (caller) authorize(caller, "notes.edit");
  return audited(db, caller, "deleteNote", { noteType, noteId }, async () => {
    const note = await findNoteText(db, noteType, noteId);
    if (!note) notFound(`Note ${noteType}:${noteId}`);
    const used = await noteUsage(db, note.ref);
    if (used.length > 0) {
      throw new GovernanceError(
        GovernanceCode.BadUserInput,
        `Note ${note.ref} is referenced by observations (${used.join(", ")}) and cannot be deleted`,
        { usedBy: used },
      );
    }
    await db.query("delete from notes where note_type = $1 and note_id = $2", [noteType, noteId]);
    return note;
  });
}
