/**
 * Before/after states for the audit trail of mutations whose resolvers do not record their own: for each, how to
 * name the entity from the mutation's arguments and how to read its current state. The schema guard reads the
 * state before and after the mutation, so edits of code lists, codes, groups and notes carry both.
 */
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import type { Caller } from "./caller";

type Args = Record<string, any>;

export interface Snapshot {
  entity: string;
  id(args: Args): string | null;
  read(db: Runner, args: Args): Promise<unknown>;
}

async function one(db: Runner, sql: string, params: unknown[]): Promise<unknown> {
  const [row] = await db.query<{ j: unknown }>(sql, params);
  return row?.j ?? null;
}

const codelist: Snapshot = {
  entity: "codelist",
  id: (a) => a.id ?? a.input?.id ?? null,
  read: (db, a) => one(db, "select row_to_json(c) as j from codelists c where id = $1", [a.id ?? a.input?.id]),
};

const codeKey = (a: Args): [string | undefined, string | undefined] => [a.codelist ?? a.input?.codelistId, a.code ?? a.input?.code];
const code: Snapshot = {
  entity: "code",
  id: (a) => codeKey(a).join(":"),
  read: (db, a) => one(db, "select row_to_json(c) as j from codes c where codelist_id = $1 and code = $2", codeKey(a)),
};

const groupCode = (a: Args): string | undefined => a.group ?? a.code ?? a.input?.code;
const group: Snapshot = {
  entity: "country_group",
  id: (a) => groupCode(a) ?? null,
  read: (db, a) =>
    one(
      db,
      `select json_build_object('group', row_to_json(g), 'members',
         (select coalesce(json_agg(row_to_json(m) order by m.country, m.valid_from), '[]'::json) from country_group_members m where m.group_code = g.code)) as j
         from country_groups g where g.code = $1`,
      [groupCode(a)],
    ),
};

const note: Snapshot = {
  entity: "note",
  id: (a) => `${a.noteType}:${a.noteId}`,
  read: (db, a) => one(db, "select row_to_json(n) as j from notes n where note_type = $1 and note_id = $2", [a.noteType, a.noteId]),
};

export const SNAPSHOTS: Readonly<Record<string, Snapshot>> = {
  createCodelist: codelist,
  updateCodelist: codelist,
  createCode: code,
  updateCode: code,
  relabelCode: code,
  deleteCode: code,
  createCountryGroup: group,
  updateCountryGroup: group,
  addGroupMember: group,
  endGroupMember: group,
  createNote: note,
  updateNote: note,
  deleteNote: note,
};

/**
 * Runs a governance write of code lists, codes, groups or notes and records it in the audit trail with the
 * entity's state before and after (the same entry the schema guard writes for mutations that record none).
 */
export async function audited<T>(db: Runner, caller: Caller | null, action: string, args: Args, run: () => Promise<T>): Promise<T> {
  const snapshot = SNAPSHOTS[action];
  if (!snapshot) throw new Error(`no snapshot for ${action}`);
  const before = await snapshot.read(db, args);
  const result = await run();
  await recordAudit(db, caller, {
    action,
    entity: snapshot.entity,
    entityId: snapshot.id(args),
    before,
    after: await snapshot.read(db, args),
  });
  return result;
}
