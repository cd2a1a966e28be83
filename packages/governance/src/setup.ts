/**
 * The first administrator. There is no default password: while no active admin exists, each start prints a fresh
 * one-time setup token (only its hash is stored, valid 24 hours) that `setupAdmin` exchanges for the first admin
 * account. The CLI (`npm run ilms -- user create --admin`) is the other way in.
 */
import type { DbHandle } from "@ilms/db";
import type { GovernanceContext as Context } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { recordAudit } from "./audit";
import { hasActiveAdmin, insertUser } from "./accounts";
import { openSession } from "./sessions";
import type { IssuedSession } from "./sessions";
import { assertLoginAllowed, recordLoginAttempt } from "./throttle";
import { randomToken, sha256 } from "./tokens";

const SETUP_HOURS = 24;

/**
 * On start: when no active admin exists, replaces any unused setup token by a new one and returns lines to print.
 * `cli` is how to run the CLI against this same database (e.g. `ILMS_DATA_DIR=/srv/ilms npm run ilms --`), so the
 * hint never sends the user to a second, empty one.
 */
export async function ensureSetupToken(db: DbHandle, options: { cli?: string } = {}): Promise<string[]> {
  if (await hasActiveAdmin(db)) return [];
  const token = randomToken(24);
  await db.transaction(async (tx) => {
    await tx.query("delete from setup_tokens where used_at is null");
    await tx.query("insert into setup_tokens (token_hash, expires_at) values ($1, now() + make_interval(hours => $2))", [
      sha256(token),
      SETUP_HOURS,
    ]);
  });
  return [
    "No administrator exists yet. Create the first one with this one-time setup token (valid 24 hours, replaced at each start):",
    `  ${token}`,
    `in the console's set-up screen (mutation setupAdmin), or run: ${options.cli ?? "npm run ilms --"} user create --admin --email you@example.org --password-stdin`,
  ];
}

export async function setupAdmin(
  ctx: Context,
  input: { token: string; email: string; password: string; name?: string | null },
): Promise<IssuedSession> {
  const ip = ctx.request?.ip ?? null;
  // Guessing a 192-bit token is hopeless, but throttling keeps the endpoint from being a free oracle.
  await assertLoginAllowed(ctx.db, "setup-token", ip);
  const issued = await ctx.db.transaction(async (tx) => {
    // Serialises concurrent set-ups: only one can consume the token and create the first admin.
    await tx.query("lock table setup_tokens in exclusive mode");
    const [token] = await tx.query<{ id: string }>(
      "select id from setup_tokens where token_hash = $1 and used_at is null and expires_at > now()",
      [sha256(input.token)],
    );
    if (!token) return null;
    if (await hasActiveAdmin(tx))
      throw new GovernanceError(GovernanceCode.Forbidden, "An administrator already exists; ask them for an account");
    const user = await insertUser(tx, { email: input.email, name: input.name ?? null, role: "admin", password: input.password });
    await tx.query("update setup_tokens set used_at = now() where id = $1", [token.id]);
    const actor = { ...ctx, user: { id: user.id, email: user.email, role: user.role, countries: [] } };
    await recordAudit(tx, actor, { action: "setupAdmin", entity: "user", entityId: user.id, after: user });
    return openSession(tx, ctx, user);
  });
  if (issued) return issued;
  // Recorded outside the transaction, which a refusal would roll back.
  await recordLoginAttempt(ctx.db, "setup-token", ip, false);
  throw new GovernanceError(
    GovernanceCode.Unauthenticated,
    "Invalid or expired setup token (a new one is printed at each start while no admin exists)",
  );
}
