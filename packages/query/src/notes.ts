/** Note texts as observations reference them (`<note type>:<note id>`), and where they are referenced. */
import { TABLES, factTableName } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";

export interface NoteText {
  noteType: string;
  noteId: string;
  /** The reference as observations carry it: `<type>:<id>`. */
  ref: string;
  labels: Record<string, string>;
}

const SELECT = `select note_type as "noteType", note_id as "noteId", note_type || ':' || note_id as ref, labels from notes`;

/** Note texts, optionally of one type, ordered by type and id. */
export function listNoteTexts(db: ReadHandle, noteType?: string | null): Promise<NoteText[]> {
  return db.query<NoteText>(`${SELECT} where ($1::text is null or note_type = $1) order by note_type, note_id`, [noteType ?? null]);
}

export async function findNoteText(db: ReadHandle, noteType: string, noteId: string): Promise<NoteText | undefined> {
  const [row] = await db.query<NoteText>(`${SELECT} where note_type = $1 and note_id = $2`, [noteType, noteId]);
  return row;
}

/** The fact tables with observations that refer to note `ref` (`T1:1`) in any of their note lists. */
export async function noteUsage(db: ReadHandle, ref: string): Promise<string[]> {
  // Observations carry notes as `T1:1_T2:2` lists; match the reference as a whole item of the list.
  const pattern = `(^|_)${ref.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(_|$)`;
  const probes = TABLES.map(
    (t) =>
      `select '${factTableName(t)}' as place where exists (select 1 from ${factTableName(t)} where note_classif ~ $1 or note_indicator ~ $1 or note_source ~ $1)`,
  );
  const used = await db.query<{ place: string }>(probes.join(" union all "), [pattern]);
  return used.map((u) => u.place);
}
