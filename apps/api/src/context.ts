/**
 * The per-request context: the database handle, fresh DataLoaders (never shared across requests) and, once
 * governance lands, the caller. Built by {@link createContext} for every HTTP request.
 */
import DataLoader from "dataloader";
import type { DbHandle } from "@ilms/db";
import { childrenByKey, codelistsById, codesByKey, levelCounts, mappingsByKey, membershipsByGroup, readTextLabels } from "@ilms/query";
import type { CodeRecord, CodelistRecord, MappingRecord, MembershipRecord, TextLabels } from "@ilms/query";
import type { AuthUser, RequestInfo } from "@ilms/governance/caller";
import type { AuthConfig } from "@ilms/governance/tokens";
import type { RawJson } from "./http/raw-json";
import type { Cancellation } from "./plugins/deadline";

export interface CodeKey {
  codelistId: string;
  code: string;
}

/** The region a warehouse serves when `ILMS_REGION` is not set. */
export const DEFAULT_REGION = "asean";

const codeKey = (k: CodeKey) => `${k.codelistId}\u0000${k.code}`;

export function createLoaders(h: DbHandle) {
  let textLabels: Promise<TextLabels> | undefined;
  return {
    /** Labels in other languages of table, dimension and source texts: read once per request, when first needed. */
    textLabels: () => (textLabels ??= readTextLabels(h)),
    codelist: new DataLoader<string, CodelistRecord | undefined>((ids) => codelistsById(h, ids)),
    code: new DataLoader<CodeKey, CodeRecord | undefined, string>((keys) => codesByKey(h, keys), { cacheKeyFn: codeKey }),
    children: new DataLoader<CodeKey, CodeRecord[], string>((keys) => childrenByKey(h, keys), { cacheKeyFn: codeKey }),
    mappings: new DataLoader<CodeKey, MappingRecord[], string>((keys) => mappingsByKey(h, keys), { cacheKeyFn: codeKey }),
    levels: new DataLoader<string, { level: string; count: number }[]>((ids) => levelCounts(h, ids)),
    members: new DataLoader<string, MembershipRecord[]>((groups) => membershipsByGroup(h, groups)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The authenticated caller and where the request came from: governance's types (`@ilms/governance/caller`). */
export type { AuthUser, RequestInfo } from "@ilms/governance/caller";

export interface Context {
  db: DbHandle;
  loaders: Loaders;
  /** Language for labels when a field is not given one. */
  lang: string;
  /** Id of the active region (`ILMS_REGION`). */
  region: string;
  /** Null for anonymous callers, who read published data only. */
  user: AuthUser | null;
  /** Token settings (signing key, lifetimes); set by the app, absent in bare test contexts. */
  auth?: AuthConfig;
  /** Why sent credentials were refused (expired, revoked, tampered): root fields then answer UNAUTHENTICATED. */
  authError?: string;
  request?: RequestInfo;
  /** The mutation being run (root mutations run one at a time): whether it wrote its own audit entry. */
  mutation?: { audited: boolean };
  /** Aborts the request's work past its deadline or when its client disconnects (plugins/deadline.ts). */
  cancellation?: Cancellation;
  /** Static cost of the operation (plugins/cost.ts), once known. */
  cost?: number;
  /** JSON fragments passed through to the response as bytes (http/raw-json.ts); absent outside HTTP. */
  rawJson?: RawJson;
}

export interface ContextOptions {
  lang?: string;
  region?: string;
  user?: AuthUser | null;
  auth?: AuthConfig;
  authError?: string;
  request?: RequestInfo;
  cancellation?: Cancellation;
  rawJson?: RawJson;
}

export function createContext(db: DbHandle, options: ContextOptions = {}): Context {
  return {
    db,
    loaders: createLoaders(db),
    lang: options.lang ?? "en",
    region: options.region ?? DEFAULT_REGION,
    user: options.user ?? null,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.authError ? { authError: options.authError } : {}),
    ...(options.request ? { request: options.request } : {}),
    ...(options.cancellation ? { cancellation: options.cancellation } : {}),
    ...(options.rawJson ? { rawJson: options.rawJson } : {}),
  };
}

/** Whether the caller may read unpublished (draft, embargoed) rounds. */
export function canReadDrafts(ctx: Pick<Context, "user">): boolean {
  return ctx.user !== null;
}
