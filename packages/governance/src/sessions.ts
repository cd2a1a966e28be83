/** Login, refresh-token rotation and logout: the session life cycle behind the `login`/`refreshToken`/`logout` mutations. */
import type { GovernanceContext as Context } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import { USER_COLUMNS, normaliseEmail } from "./accounts";
import type { UserRow } from "./accounts";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { assertLoginAllowed, recordLoginAttempt } from "./throttle";
import { randomToken, sha256, signAccessToken } from "./tokens";
import type { AuthConfig } from "./tokens";

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: UserRow;
}

function config(ctx: Context): AuthConfig {
  if (!ctx.auth) throw new Error("authentication is not configured for this context");
  return ctx.auth;
}

/** Opens a session for `user` and returns its first token pair. */
export async function openSession(tx: Runner, ctx: Context, user: UserRow): Promise<IssuedSession> {
  const cfg = config(ctx);
  const refreshToken = randomToken();
  const [session] = await tx.query<{ id: string }>(
    "insert into sessions (user_id, refresh_token_hash, expires_at, ip, user_agent) values ($1, $2, now() + make_interval(secs => $3), $4, $5) returning id",
    [user.id, sha256(refreshToken), cfg.refreshTtlSeconds, ctx.request?.ip ?? null, ctx.request?.userAgent?.slice(0, 300) ?? null],
  );
  const access = await signAccessToken(cfg, { sub: user.id, sid: session!.id, role: user.role });
  return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, user };
}

const WRONG = "Wrong email or password";

export async function login(ctx: Context, emailInput: string, password: string): Promise<IssuedSession> {
  let email: string;
  try {
    email = normaliseEmail(emailInput);
  } catch {
    throw new GovernanceError(GovernanceCode.Unauthenticated, WRONG);
  }
  const ip = ctx.request?.ip ?? null;
  await assertLoginAllowed(ctx.db, email, ip);
  const [row] = await ctx.db.query<UserRow & { password_hash: string | null }>(
    `select ${USER_COLUMNS}, password_hash from users where email = $1`,
    [email],
  );
  const ok = await verifyPassword(row?.password_hash, password);
  if (!ok || !row) {
    await recordLoginAttempt(ctx.db, email, ip, false);
    throw new GovernanceError(GovernanceCode.Unauthenticated, WRONG);
  }
  if (!row.active) {
    await recordLoginAttempt(ctx.db, email, ip, false);
    throw new GovernanceError(GovernanceCode.Unauthenticated, "Account deactivated; ask an administrator");
  }
  const { password_hash: _hash, ...user } = row;
  return ctx.db.transaction(async (tx) => {
    await recordLoginAttempt(tx, email, ip, true);
    await tx.query("update users set last_login_at = now() where id = $1", [user.id]);
    const issued = await openSession(tx, ctx, user);
    await recordAudit(
      tx,
      { ...ctx, user: { id: user.id, email: user.email, role: user.role, countries: user.countries } },
      { action: "login", entity: "session", entityId: user.id },
    );
    return issued;
  });
}

/** Rotates a refresh token. A token that was already rotated is a stolen copy: its session is revoked. */
export async function refresh(ctx: Context, refreshToken: string): Promise<IssuedSession> {
  const hash = sha256(refreshToken);
  // Refusals are returned, not thrown, from the transaction: the revocation of a reused token must commit.
  const outcome = await ctx.db.transaction(async (tx): Promise<IssuedSession | string> => {
    const [session] = await tx.query<{ id: string; user_id: string; revoked_at: Date | null; expired: boolean }>(
      "select id, user_id, revoked_at, expires_at <= now() as expired from sessions where refresh_token_hash = $1 for update",
      [hash],
    );
    if (!session) {
      const [reused] = await tx.query<{ id: string; user_id: string }>(
        "update sessions set revoked_at = coalesce(revoked_at, now()) where previous_token_hash = $1 returning id, user_id",
        [hash],
      );
      if (reused)
        await recordAudit(tx, ctx, {
          action: "refreshTokenReuse",
          entity: "session",
          entityId: reused.id,
          after: { revoked: true, userId: reused.user_id },
        });
      return "Invalid refresh token; log in again";
    }
    if (session.revoked_at !== null) return "Session ended (logged out or revoked); log in again";
    if (session.expired) return "Session expired; log in again";
    const [user] = await tx.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [session.user_id]);
    if (!user?.active) return "Account deactivated; ask an administrator";
    const next = randomToken();
    await tx.query(
      "update sessions set previous_token_hash = refresh_token_hash, refresh_token_hash = $2, last_used_at = now() where id = $1",
      [session.id, sha256(next)],
    );
    const access = await signAccessToken(config(ctx), { sub: user.id, sid: session.id, role: user.role });
    return { accessToken: access.token, refreshToken: next, expiresAt: access.expiresAt, user };
  });
  if (typeof outcome === "string") throw new GovernanceError(GovernanceCode.Unauthenticated, outcome);
  return outcome;
}

/** Ends the session of the refresh token given, or else the caller's current session. Idempotent. */
export async function logout(ctx: Context, refreshToken: string | undefined | null): Promise<boolean> {
  const rows = refreshToken
    ? await ctx.db.query<{ id: string }>(
        "update sessions set revoked_at = coalesce(revoked_at, now()) where refresh_token_hash = $1 returning id",
        [sha256(refreshToken)],
      )
    : ctx.user?.sessionId
      ? await ctx.db.query<{ id: string }>("update sessions set revoked_at = coalesce(revoked_at, now()) where id = $1 returning id", [
          ctx.user.sessionId,
        ])
      : [];
  if (rows[0]) await recordAudit(ctx.db, ctx, { action: "logout", entity: "session", entityId: rows[0].id });
  return rows.length > 0;
}

/** Ends every session of a user (deactivation, password reset). */
export async function revokeUserSessions(tx: Runner, userId: string): Promise<number> {
  const rows = await tx.query("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null returning id", [userId]);
  return rows.length;
}

/**
 * A person changes their own password: the current one is checked (and throttled like a login), and every other
 * session of the account ends, so a stolen session does not survive the change.
 */
export async function changeOwnPassword(ctx: Context, current: string, next: string): Promise<boolean> {
  const me = ctx.user;
  if (!me || me.apiKeyId)
    throw new GovernanceError(GovernanceCode.Forbidden, "Only a person signed in with a password can change it (API keys have none)");
  const ip = ctx.request?.ip ?? null;
  await assertLoginAllowed(ctx.db, me.email, ip);
  const [row] = await ctx.db.query<{ password_hash: string | null }>("select password_hash from users where id = $1", [me.id]);
  if (!(await verifyPassword(row?.password_hash, current))) {
    await recordLoginAttempt(ctx.db, me.email, ip, false);
    throw new GovernanceError(GovernanceCode.BadUserInput, "The current password is wrong", { field: "currentPassword" });
  }
  const problem = passwordProblem(next);
  if (problem) throw new GovernanceError(GovernanceCode.BadUserInput, problem, { field: "newPassword" });
  const hash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx.query("update users set password_hash = $2, updated_at = now() where id = $1", [me.id, hash]);
    await tx.query("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null and id is distinct from $2", [
      me.id,
      me.sessionId ?? null,
    ]);
    await recordAudit(tx, ctx, { action: "changePassword", entity: "user", entityId: me.id, after: { passwordChanged: true } });
  });
  return true;
}

/**
 * Remembers the console language of the signed-in person (`fr`; null forgets it), so that it follows them to
 * another browser: the console reads it at login. API keys have no console; anonymous visitors keep theirs in
 * the browser.
 */
export async function setOwnLanguage(ctx: Context, lang: string | null): Promise<UserRow> {
  const me = ctx.user;
  if (!me || me.apiKeyId)
    throw new GovernanceError(GovernanceCode.Forbidden, "Only a person signed in keeps a language on their account (API keys have none)");
  const value = lang === null ? null : lang.trim().toLowerCase();
  if (value !== null && !/^[a-z]{2,3}$/.test(value))
    throw new GovernanceError(GovernanceCode.BadUserInput, `'${lang}' is not a language code such as fr`, { field: "lang" });
  const [row] = await ctx.db.query<UserRow>(`update users set lang = $2, updated_at = now() where id = $1 returning ${USER_COLUMNS}`, [
    me.id,
    value,
  ]);
  if (!row) throw new GovernanceError(GovernanceCode.NotFound, "The account no longer exists");
  return row;
}
