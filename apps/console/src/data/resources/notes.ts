/** ILOSTAT note texts, by type and id (`R1:3513`). */
import { dataOf, labelsInput, noVariables, op, splitId } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";

const NoteFields = graphql(`
  fragment NoteFields on Note {
    ref
    noteType
    noteId
    text
    labels {
      lang
      text
    }
  }
`);

const List = graphql(
  `
    query Notes {
      notes {
        ...NoteFields
      }
    }
  `,
  [NoteFields],
);
const One = graphql(
  `
    query Note($type: String!, $id: String!) {
      note(noteType: $type, noteId: $id) {
        ...NoteFields
      }
    }
  `,
  [NoteFields],
);
const Create = graphql(
  `
    mutation CreateNote($type: String!, $id: String!, $labels: [LabelInput!]!) {
      createNote(noteType: $type, noteId: $id, labels: $labels) {
        ...NoteFields
      }
    }
  `,
  [NoteFields],
);
const Update = graphql(
  `
    mutation UpdateNote($type: String!, $id: String!, $labels: [LabelInput!]!) {
      updateNote(noteType: $type, noteId: $id, labels: $labels) {
        ...NoteFields
      }
    }
  `,
  [NoteFields],
);
const Delete = graphql(`
  mutation DeleteNote($type: String!, $id: String!) {
    deleteNote(noteType: $type, noteId: $id) {
      ref
    }
  }
`);

const ref = (id: unknown) => {
  const [type, noteId] = splitId(String(id), ":");
  return { type, id: noteId };
};

export const notes: Grammar = {
  key: (r) => String(r.ref),
  list: op(List, noVariables, (d) => d.notes),
  one: op(
    One,
    (p) => ref(p.id),
    (d) => d.note,
  ),
  create: op(
    Create,
    (p) => ({ type: String(dataOf(p).noteType), id: String(dataOf(p).noteId), labels: labelsInput(dataOf(p).labels) ?? [] }),
    (d) => d.createNote,
  ),
  update: op(
    Update,
    (p) => ({ type: String(p.previousData?.noteType), id: String(p.previousData?.noteId), labels: labelsInput(dataOf(p).labels) ?? [] }),
    (d) => d.updateNote,
  ),
  delete: op(
    Delete,
    (p) => ref(p.id),
    (d) => d.deleteNote,
  ),
};
