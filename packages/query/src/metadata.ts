/**
 * Reads of the reference data (code lists, codes, country groups), shaped for any front end: the GraphQL
 * API today, SDMX structure messages later. Batched by design: every function takes many keys at once so
 * that request-scoped loaders can call it once per tick.
 */
import type { ReadHandle } from "@ilms/db";

export interface CodelistRecord {
  id: string;
  kind: string;
  labels: Record<string, string>;
  description: string;
}

export interface CodeRecord {
  codelistId: string;
  code: string;
  parentCode: string | null;
  family: string | null;
  level: string;
  sortOrder: number;
  labels: Record<string, string>;
  attributes: Record<string, string> | null;
}

export interface MappingRecord {
  codelistId: string;
  code: string;
  targetCodelistId: string;
  targetCode: string;
  kind: "classification" | "rollup";
}

export interface GroupRecord {
  code: string;
  ilostatCode: string | null;
  labels: Record<string, string>;
  description: string;
}

export interface MembershipRecord {
  groupCode: string;
  country: string;
  validFrom: string;
  validTo: string | null;
}

const CODE_COLUMNS = `codelist_id as "codelistId", code, parent_code as "parentCode", family, level, sort_order as "sortOrder", labels, attributes`;

/** Picks the label in `lang`, falling back to English, then to any language. */
export function pickLabel(labels: Record<string, string>, lang = "en"): string {
  return labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? "";
}

export function listCodelists(h: ReadHandle): Promise<CodelistRecord[]> {
  return h.query<CodelistRecord>(`select id, kind, labels, description from codelists order by id`);
}

export async function codelistsById(h: ReadHandle, ids: readonly string[]): Promise<(CodelistRecord | undefined)[]> {
  const rows = await h.query<CodelistRecord>(`select id, kind, labels, description from codelists where id = any($1::text[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

export interface CodeQuery {
  codelistId: string;
  level?: string | undefined;
  /** `null` for root codes; undefined for any parent. */
  parentCode?: string | null | undefined;
  family?: string | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export function listCodes(h: ReadHandle, q: CodeQuery): Promise<CodeRecord[]> {
  const where = ["codelist_id = $1"];
  const params: unknown[] = [q.codelistId];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (q.level !== undefined) add((n) => `level = $${n}`, q.level);
  if (q.family !== undefined) add((n) => `family = $${n}`, q.family);
  if (q.parentCode === null) where.push("parent_code is null");
  else if (q.parentCode !== undefined) add((n) => `parent_code = $${n}`, q.parentCode);
  if (q.search) add((n) => `(code ilike $${n} or labels->>'en' ilike $${n})`, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  params.push(q.limit ?? 10_000, q.offset ?? 0);
  return h.query<CodeRecord>(
    `select ${CODE_COLUMNS} from codes where ${where.join(" and ")} order by sort_order, code limit $${params.length - 1} offset $${params.length}`,
    params,
  );
}

/** Codes by `(codelist, code)` keys, in key order. */
export async function codesByKey(
  h: ReadHandle,
  keys: readonly { codelistId: string; code: string }[],
): Promise<(CodeRecord | undefined)[]> {
  const rows = await h.query<CodeRecord>(
    `select ${CODE_COLUMNS} from codes where (codelist_id, code) in (select * from unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k.codelistId), keys.map((k) => k.code)],
  );
  const byKey = new Map(rows.map((r) => [`${r.codelistId}\u0000${r.code}`, r]));
  return keys.map((k) => byKey.get(`${k.codelistId}\u0000${k.code}`));
}

/** Children of each `(codelist, code)` key, in sort order. */
export async function childrenByKey(h: ReadHandle, keys: readonly { codelistId: string; code: string }[]): Promise<CodeRecord[][]> {
  const rows = await h.query<CodeRecord>(
    `select ${CODE_COLUMNS} from codes where (codelist_id, parent_code) in (select * from unnest($1::text[], $2::text[])) order by sort_order, code`,
    [keys.map((k) => k.codelistId), keys.map((k) => k.code)],
  );
  const groups = new Map<string, CodeRecord[]>();
  for (const r of rows) {
    const key = `${r.codelistId}\u0000${r.parentCode}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return keys.map((k) => groups.get(`${k.codelistId}\u0000${k.code}`) ?? []);
}

export async function mappingsByKey(h: ReadHandle, keys: readonly { codelistId: string; code: string }[]): Promise<MappingRecord[][]> {
  const rows = await h.query<MappingRecord>(
    `select codelist_id as "codelistId", code, target_codelist_id as "targetCodelistId", target_code as "targetCode", kind
       from code_mappings where (codelist_id, code) in (select * from unnest($1::text[], $2::text[])) order by kind, target_codelist_id, target_code`,
    [keys.map((k) => k.codelistId), keys.map((k) => k.code)],
  );
  return keys.map((k) => rows.filter((r) => r.codelistId === k.codelistId && r.code === k.code));
}

/** Number of codes per level of each list, for overviews (`ISIC4`: 21 sections, 88 divisions...). */
export async function levelCounts(h: ReadHandle, ids: readonly string[]): Promise<{ level: string; count: number }[][]> {
  const rows = await h.query<{ codelistId: string; level: string; count: number }>(
    `select codelist_id as "codelistId", level, count(*)::int as count, min(sort_order) as first
       from codes where codelist_id = any($1::text[]) group by codelist_id, level order by codelist_id, first, level`,
    [ids],
  );
  return ids.map((id) => rows.filter((r) => r.codelistId === id).map(({ level, count }) => ({ level, count })));
}

export function listGroups(h: ReadHandle): Promise<GroupRecord[]> {
  return h.query<GroupRecord>(`select code, ilostat_code as "ilostatCode", labels, description from country_groups order by code`);
}

/** Memberships of each group; with `at` (ISO date), only those valid on that day. */
export async function membershipsByGroup(h: ReadHandle, groups: readonly string[], at?: string): Promise<MembershipRecord[][]> {
  const rows = await h.query<MembershipRecord>(
    `select group_code as "groupCode", country, valid_from::text as "validFrom", valid_to::text as "validTo"
       from country_group_members
      where group_code = any($1::text[]) and ($2::date is null or (valid_from <= $2::date and (valid_to is null or valid_to >= $2::date)))
      order by country, valid_from`,
    [groups, at ?? null],
  );
  return groups.map((g) => rows.filter((r) => r.groupCode === g));
}
