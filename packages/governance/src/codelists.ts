/**
 * Administration of code lists and codes: add, edit, relabel per language, delete when unused, each checked
 * against the caller's role and recorded in the audit trail with the entity before and after. A code that any
 * fact table (or source, group, child code or mapping) refers to cannot be deleted; the error says where.
 * Reads are the engine's (`codelistsById`, `codesByKey`, `codeUsage`).
 */
import { codeUsage, codelistsById, codesByKey } from "@ilms/query";
import type { CodeRecord, CodelistRecord } from "@ilms/query";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { bad, labelsFrom, notFound, requireText } from "./checks";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";
import { audited } from "./snapshots";

type Labels = readonly { lang: string; text: string }[];

export interface NewCodelist {
  id: string;
  kind: string;
  description: string;
  labels: Labels;
}

export interface CodelistChanges {
  description?: string;
  labels?: Labels;
}

export interface CodeChanges {
  parentCode?: string | null;
  family?: string | null;
  level?: string;
  sortOrder?: number;
  labels?: Labels;
}

export interface NewCode extends CodeChanges {
  codelistId: string;
  code: string;
}

const KINDS = ["ilostat", "classification", "ilms", "attribute"];

function withEnglish(field: string, labels: Record<string, string>): Record<string, string> {
  if (!labels.en) bad(field, "an English label (`en`) is required");
  return labels;
}

async function loadCode(db: Runner, codelistId: string, code: string): Promise<CodeRecord> {
  const [row] = await codesByKey(db, [{ codelistId, code }]);
  if (!row) notFound(`Code ${code} of list ${codelistId}`);
  return row;
}

/** Refuses a parent that is missing or that would make the hierarchy a cycle. */
async function checkParent(db: Runner, codelistId: string, code: string, parent: string | null | undefined): Promise<void> {
  if (parent === null || parent === undefined) return;
  if (parent === code) bad("parentCode", "a code cannot be its own parent");
  const chain = await db.query<{ code: string }>(
    `with recursive up(code, parent_code) as (
       select code, parent_code from codes where codelist_id = $1 and code = $2
       union select c.code, c.parent_code from codes c join up on c.codelist_id = $1 and c.code = up.parent_code)
     select code from up`,
    [codelistId, parent],
  );
  if (chain.length === 0) bad("parentCode", `'${parent}' is not a code of list ${codelistId}`);
  if (chain.some((r) => r.code === code)) bad("parentCode", `'${parent}' is below '${code}' in the hierarchy (that would make a cycle)`);
}

/** Adds a code list (`caller` null: the local administrator, i.e. the CLI). */
export function createCodelist(db: Runner, caller: Caller | null, input: NewCodelist): Promise<CodelistRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "createCodelist", { input }, async () => {
    const id = requireText("id", input.id, /^[A-Z][A-Z0-9_]{1,39}$/, "must be capitals, digits and underscores");
    if (!KINDS.includes(input.kind)) bad("kind", `'${input.kind}' is not one of ${KINDS.join(", ")}`);
    const labels = withEnglish("labels", labelsFrom("labels", input.labels));
    const [exists] = await codelistsById(db, [id]);
    if (exists) bad("id", `list ${id} already exists`);
    await db.query("insert into codelists (id, kind, labels, description) values ($1, $2, $3::jsonb, $4)", [
      id,
      input.kind,
      JSON.stringify(labels),
      input.description.trim(),
    ]);
    return (await codelistsById(db, [id]))[0]!;
  });
}

/** Changes the description or titles of a code list. */
export function updateCodelist(db: Runner, caller: Caller | null, id: string, input: CodelistChanges): Promise<CodelistRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "updateCodelist", { id, input }, async () => {
    const [list] = await codelistsById(db, [id]);
    if (!list) notFound(`Code list ${id}`);
    const labels = input.labels ? withEnglish("labels", labelsFrom("labels", input.labels)) : list.labels;
    await db.query("update codelists set labels = $2::jsonb, description = $3 where id = $1", [
      id,
      JSON.stringify(labels),
      input.description?.trim() ?? list.description,
    ]);
    return (await codelistsById(db, [id]))[0]!;
  });
}

/** Adds a code to a list, under a parent or as a root. */
export function createCode(db: Runner, caller: Caller | null, input: NewCode): Promise<CodeRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "createCode", { input }, async () => {
    const [list] = await codelistsById(db, [input.codelistId]);
    if (!list) bad("codelistId", `list '${input.codelistId}' does not exist`);
    const code = requireText("code", input.code, /^[A-Za-z0-9_.\-+]{1,60}$/, "may hold only letters, digits and _ . - +");
    const labels = withEnglish("labels", labelsFrom("labels", input.labels ?? []));
    if ((await codesByKey(db, [{ codelistId: list.id, code }]))[0]) bad("code", `${code} already exists in list ${list.id}`);
    await checkParent(db, list.id, code, input.parentCode);
    const level = requireText("level", input.level);
    await db.query(
      `insert into codes (codelist_id, code, parent_code, family, level, sort_order, labels) values ($1, $2, $3, $4, $5,
         coalesce($6, (select coalesce(max(sort_order), 0) + 1 from codes where codelist_id = $1)), $7::jsonb)`,
      [list.id, code, input.parentCode ?? null, input.family ?? null, level, input.sortOrder ?? null, JSON.stringify(labels)],
    );
    return loadCode(db, list.id, code);
  });
}

/** Changes a code's parent, family, level, order or labels; the code itself never changes (data refer to it). */
export function updateCode(db: Runner, caller: Caller | null, codelistId: string, code: string, input: CodeChanges): Promise<CodeRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "updateCode", { codelist: codelistId, code, input }, async () => {
    const old = await loadCode(db, codelistId, code);
    if (input.parentCode !== undefined) await checkParent(db, codelistId, code, input.parentCode);
    const labels = input.labels ? withEnglish("labels", labelsFrom("labels", input.labels)) : old.labels;
    const level = input.level === undefined ? old.level : requireText("level", input.level);
    await db.query(
      "update codes set parent_code = $3, family = $4, level = $5, sort_order = $6, labels = $7::jsonb where codelist_id = $1 and code = $2",
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
    return loadCode(db, codelistId, code);
  });
}

/** Sets (or, with an empty text, removes) a code's label in one language; English cannot be removed. */
export function relabelCode(
  db: Runner,
  caller: Caller | null,
  codelistId: string,
  code: string,
  lang: string,
  text: string,
): Promise<CodeRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "relabelCode", { codelist: codelistId, code, lang, text }, async () => {
    const old = await loadCode(db, codelistId, code);
    const labels = { ...old.labels };
    if (text.trim() === "") {
      if (lang === "en") bad("text", "the English label cannot be removed");
      delete labels[lang];
    } else Object.assign(labels, labelsFrom("lang", [{ lang, text }]));
    await db.query("update codes set labels = $3::jsonb where codelist_id = $1 and code = $2", [codelistId, code, JSON.stringify(labels)]);
    return loadCode(db, codelistId, code);
  });
}

/** Deletes a code that nothing refers to; a code in use is refused with the places that use it. */
export function deleteCode(db: Runner, caller: Caller | null, codelistId: string, code: string): Promise<CodeRecord> {
  if (caller) authorize(caller, "codelists.edit");
  return audited(db, caller, "deleteCode", { codelist: codelistId, code }, async () => {
    const old = await loadCode(db, codelistId, code);
    const places = await codeUsage(db, codelistId, code, true);
    if (places.length > 0) {
      throw new GovernanceError(
        GovernanceCode.BadUserInput,
        `Code ${code} of list ${codelistId} is in use (${places.join(", ")}) and cannot be deleted`,
        { field: "code", usedBy: places },
      );
    }
    await db.query("delete from codes where codelist_id = $1 and code = $2", [codelistId, code]);
    return old;
  });
}
