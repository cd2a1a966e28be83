/**
 * Secrets and tokens: the JWT signing key, short-lived access tokens (HS256 JWTs via `jose`) and opaque random
 * tokens (refresh tokens, API keys, setup tokens) of which only a SHA-256 is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SignJWT, errors as joseErrors, jwtVerify } from "jose";

export const ISSUER = "ilms-warehouse";
export const AUDIENCE = "ilms-api";

export interface AuthConfig {
  /** HMAC key for access tokens (at least 32 bytes). */
  secret: Uint8Array;
  /** Access-token lifetime in seconds (default 15 minutes). */
  accessTtlSeconds: number;
  /** Refresh-token (session) lifetime in seconds (default 30 days). */
  refreshTtlSeconds: number;
}

export function authConfig(secret: string | Uint8Array, options: Partial<Omit<AuthConfig, "secret">> = {}): AuthConfig {
  const key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (key.length < 32) throw new Error("ILMS_JWT_SECRET must be at least 32 bytes long");
  return {
    secret: key,
    accessTtlSeconds: options.accessTtlSeconds ?? 15 * 60,
    refreshTtlSeconds: options.refreshTtlSeconds ?? 30 * 24 * 3600,
  };
}

/**
 * The signing secret: `ILMS_JWT_SECRET` when set; otherwise, outside production, one generated on first start and
 * kept (mode 0600) in `file` so that tokens survive restarts. A secret found at `legacyFile` instead (where
 * earlier versions kept it) is moved to `file`, so existing sessions stay valid. Production refuses to start
 * without the variable.
 */
export function loadJwtSecret(options: { fromEnv: string | undefined; production: boolean; file: string; legacyFile?: string }): {
  secret: string;
  origin: string;
} {
  if (options.fromEnv) return { secret: options.fromEnv, origin: "ILMS_JWT_SECRET" };
  if (options.production)
    throw new Error("ILMS_JWT_SECRET is required when NODE_ENV=production (at least 32 random bytes, e.g. `openssl rand -base64 48`)");
  if (existsSync(options.file)) return { secret: readFileSync(options.file, "utf8").trim(), origin: options.file };
  const legacy = options.legacyFile && existsSync(options.legacyFile) ? readFileSync(options.legacyFile, "utf8").trim() : "";
  const secret = legacy || randomBytes(48).toString("base64url");
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, `${secret}\n`, { mode: 0o600 });
  chmodSync(options.file, 0o600);
  if (legacy) {
    rmSync(options.legacyFile!);
    return { secret, origin: `${options.file} (moved from ${options.legacyFile})` };
  }
  return { secret, origin: `${options.file} (generated)` };
}

/** 256 random bits, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session id: checked on every request so that logout and deactivation take effect at once. */
  sid: string;
  role: string;
}

export async function signAccessToken(config: AuthConfig, claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + config.accessTtlSeconds;
  const token = await new SignJWT({ sid: claims.sid, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(config.secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

export class TokenRejected extends Error {}

/** Verifies signature, algorithm, issuer, audience and expiry; throws {@link TokenRejected} with a client-safe reason. */
export async function verifyAccessToken(config: AuthConfig, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, config.secret, { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") throw new TokenRejected("Invalid access token");
    return { sub: payload.sub, sid: payload.sid, role: String(payload.role ?? "") };
  } catch (error) {
    if (error instanceof TokenRejected) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new TokenRejected("Access token expired; refresh it or log in again");
    throw new TokenRejected("Invalid access token");
  }
}
