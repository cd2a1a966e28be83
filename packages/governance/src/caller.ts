/**
 * Who is acting, as every governance function sees it. The API builds it per request (its context has these
 * fields and more); the CLI passes `null` and is recorded as `system`.
 */
import type { DbHandle } from "@ilms/db";
import type { AuthConfig } from "./tokens";

/** The authenticated caller (from the Authorization header or an API key). */
export interface AuthUser {
  id: string;
  email: string;
  role: "admin" | "editor" | "reviewer" | "viewer";
  /** Reporting countries an editor may change (ISO alpha-3); empty for other roles. */
  countries: string[];
  /** Set when the caller is an API key rather than a person. */
  apiKeyId?: string;
  /** Login session behind the access token (ended by `logout`). */
  sessionId?: string;
}

/** Where a request came from, for throttling and the audit trail. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface Caller {
  /** Null for anonymous callers. */
  user: AuthUser | null;
  request?: RequestInfo;
  /** The mutation being run (root mutations run one at a time): whether it wrote its own audit entry. */
  mutation?: { audited: boolean };
}

/** A caller with the database and, for sign-ins, the token settings. */
export interface GovernanceContext extends Caller {
  db: DbHandle;
  /** Token settings (signing key, lifetimes); needed by login, refresh and set-up. */
  auth?: AuthConfig;
}
