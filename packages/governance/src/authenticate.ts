/**
 * Request -> caller: `Authorization: Bearer <access token>` (a JWT from `login`) or an API key in `X-API-Key`
 * (or as the bearer). Every access token is checked against its session and user on each request, so logout,
 * deactivation and role changes take effect at once instead of when the token expires.
 */
import type { DbHandle } from "@ilms/db";
import type { Role } from "@ilms/db/schema";
import type { AuthUser } from "./caller";
import { TokenRejected, sameDigest, sha256, verifyAccessToken } from "./tokens";
import type { AuthConfig } from "./tokens";

export const API_KEY_PREFIX = "ilms_";

export interface Authentication {
  user: AuthUser | null;
  /** Why credentials that were sent are refused; every root field then answers UNAUTHENTICATED with it. */
  error?: string;
}

interface SessionRow {
  id: string;
  email: string;
  role: Role;
  countries: string[];
  active: boolean;
  revoked_at: Date | null;
  expires_at: Date;
  user_id: string;
}

/** Splits `ilms_<prefix>_<secret>`; null when the text is not shaped like a key. */
export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = /^ilms_([A-Za-z0-9]{8,16})_([A-Za-z0-9_-]{20,100})$/.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

async function fromAccessToken(db: DbHandle, config: AuthConfig, token: string): Promise<Authentication> {
  let claims;
  try {
    claims = await verifyAccessToken(config, token);
  } catch (error) {
    return { user: null, error: error instanceof TokenRejected ? error.message : "Invalid access token" };
  }
  if (!/^[0-9a-f-]{36}$/i.test(claims.sid) || !/^[0-9a-f-]{36}$/i.test(claims.sub)) return { user: null, error: "Invalid access token" };
  const [row] = await db.query<SessionRow>(
    `select s.id, s.user_id, s.revoked_at, s.expires_at, u.email, u.role, u.countries, u.active
       from sessions s join users u on u.id = s.user_id where s.id = $1`,
    [claims.sid],
  );
  if (!row || row.user_id !== claims.sub) return { user: null, error: "Invalid access token" };
  if (row.revoked_at !== null) return { user: null, error: "Session ended (logged out or revoked); log in again" };
  if (new Date(row.expires_at).getTime() <= Date.now()) return { user: null, error: "Session expired; log in again" };
  if (!row.active) return { user: null, error: "Account deactivated" };
  return { user: { id: row.user_id, email: row.email, role: row.role, countries: row.countries ?? [], sessionId: row.id } };
}

async function fromApiKey(db: DbHandle, key: string): Promise<Authentication> {
  const parsed = parseApiKey(key);
  if (!parsed) return { user: null, error: "Invalid API key" };
  const [row] = await db.query<{
    id: string;
    name: string;
    key_hash: string;
    role: Role;
    countries: string[];
    revoked_at: Date | null;
    expires_at: Date | null;
  }>("select id, name, key_hash, role, countries, revoked_at, expires_at from api_keys where prefix = $1", [parsed.prefix]);
  if (!row || !sameDigest(row.key_hash, sha256(parsed.secret))) return { user: null, error: "Invalid API key" };
  if (row.revoked_at !== null) return { user: null, error: "API key revoked" };
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= Date.now()) return { user: null, error: "API key expired" };
  // Written at most once a minute per key, so that machine traffic does not turn every read into a write.
  await db.query(
    "update api_keys set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
    [row.id],
  );
  return { user: { id: row.id, email: `api-key:${row.name}`, role: row.role, countries: row.countries ?? [], apiKeyId: row.id } };
}

/** Resolves the caller from request headers (lower-cased names, as node gives them). Never throws for bad credentials. */
export async function authenticate(
  db: DbHandle,
  config: AuthConfig,
  headers: Record<string, string | string[] | undefined>,
): Promise<Authentication> {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const authorization = header("authorization")?.trim();
  const apiKey = header("x-api-key")?.trim();
  if (authorization && apiKey) return { user: null, error: "Send either Authorization or X-API-Key, not both" };
  if (apiKey) return fromApiKey(db, apiKey);
  if (!authorization) return { user: null };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return { user: null, error: "Authorization header must be `Bearer <token>`" };
  const token = match[1]!;
  return token.startsWith(API_KEY_PREFIX) ? fromApiKey(db, token) : fromAccessToken(db, config, token);
}
