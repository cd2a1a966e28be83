/**
 * The per-request context: the database handle, fresh DataLoaders (never shared across requests) and, once
 * governance lands, the caller. Built by {@link createContext} for every HTTP request.
 */
import DataLoader from "dataloader";
import type { DbHandle } from "@ilms/db";
import { childrenByKey, codelistsById, codesByKey, levelCounts, mappingsByKey, membershipsByGroup } from "@ilms/query";
import type { CodeRecord, CodelistRecord, MappingRecord, MembershipRecord } from "@ilms/query";

export interface CodeKey {
  codelistId: string;
  code: string;
}

const codeKey = (k: CodeKey) => `${k.codelistId}\u0000${k.code}`;

export function createLoaders(h: DbHandle) {
  return {
    codelist: new DataLoader<string, CodelistRecord | undefined>((ids) => codelistsById(h, ids)),
    code: new DataLoader<CodeKey, CodeRecord | undefined, string>((keys) => codesByKey(h, keys), { cacheKeyFn: codeKey }),
    children: new DataLoader<CodeKey, CodeRecord[], string>((keys) => childrenByKey(h, keys), { cacheKeyFn: codeKey }),
    mappings: new DataLoader<CodeKey, MappingRecord[], string>((keys) => mappingsByKey(h, keys), { cacheKeyFn: codeKey }),
    levels: new DataLoader<string, { level: string; count: number }[]>((ids) => levelCounts(h, ids)),
    members: new DataLoader<string, MembershipRecord[]>((groups) => membershipsByGroup(h, groups)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The authenticated caller (filled by the governance module from the Authorization header). */
export interface AuthUser {
  id: string;
  email: string;
  role: "admin" | "editor" | "reviewer" | "viewer";
  /** Reporting countries an editor may change (ISO alpha-3); empty for other roles. */
  countries: string[];
  /** Set when the caller is an API key rather than a person. */
  apiKeyId?: string;
}

export interface Context {
  db: DbHandle;
  loaders: Loaders;
  /** Language for labels when a field is not given one. */
  lang: string;
  /** Null for anonymous callers, who read published data only. */
  user: AuthUser | null;
}

export function createContext(db: DbHandle, options: { lang?: string; user?: AuthUser | null } = {}): Context {
  return { db, loaders: createLoaders(db), lang: options.lang ?? "en", user: options.user ?? null };
}

/** Whether the caller may read unpublished (draft, embargoed) rounds. */
export function canReadDrafts(ctx: Pick<Context, "user">): boolean {
  return ctx.user !== null;
}
