/**
 * Login throttling, counted in the database so that it holds across processes: after
 * {@link LOGIN_LIMITS.perEmail} failures for one email, or {@link LOGIN_LIMITS.perIp} from one address, within
 * the window, further attempts are refused (even with the right password) until the window has passed.
 */
import { GovernanceCode, GovernanceError } from "./errors";
import type { Runner } from "./audit";

export const LOGIN_LIMITS = { windowMinutes: 15, perEmail: 5, perIp: 30 } as const;

export async function assertLoginAllowed(db: Runner, email: string, ip: string | null): Promise<void> {
  const [row] = await db.query<{ by_email: number; by_ip: number; oldest: Date | null }>(
    `select count(*) filter (where email = $1)::int as by_email,
            count(*) filter (where $2::text is not null and ip = $2)::int as by_ip,
            min(at) as oldest
       from login_attempts
      where not success and at > now() - make_interval(mins => $3) and (email = $1 or ($2::text is not null and ip = $2))`,
    [email, ip, LOGIN_LIMITS.windowMinutes],
  );
  if (!row) return;
  if (row.by_email >= LOGIN_LIMITS.perEmail || row.by_ip >= LOGIN_LIMITS.perIp) {
    const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + LOGIN_LIMITS.windowMinutes * 60_000 - Date.now()) / 1000));
    throw new GovernanceError(
      GovernanceCode.RateLimited,
      `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      {
        retryAfterSeconds,
      },
    );
  }
}

export async function recordLoginAttempt(db: Runner, email: string, ip: string | null, success: boolean): Promise<void> {
  await db.query("insert into login_attempts (email, ip, success) values ($1, $2, $3)", [email, ip, success]);
}

/**
 * Drops what only matters for a while: login attempts and ended sessions older than 30 days, spent or expired
 * setup tokens. Run at start and daily by the API process; the audit trail is never pruned.
 */
export async function pruneAuthRecords(db: Runner): Promise<void> {
  await db.query("delete from login_attempts where at < now() - interval '30 days'");
  await db.query("delete from sessions where coalesce(revoked_at, expires_at) < now() - interval '30 days'");
  await db.query("delete from setup_tokens where used_at is not null or expires_at < now()");
}
