/**
 * Read replicas on PostgreSQL's own streaming replication (`DATABASE_REPLICA_URLS`): read-only work goes to
 * the healthy replicas in turn; the primary serves it when none is healthy. A replica is healthy when it
 * answers and has replayed what the primary wrote up to `maxLagSeconds` ago.
 *
 * Lag is measured against the primary's own clock of writes: every check records where the primary's WAL is
 * (`pg_current_wal_lsn()`) and when; a replica's lag is how long ago the primary first had WAL the replica has
 * not replayed (`pg_last_wal_replay_lsn()`). An idle primary thus never makes a replica look late, which
 * `now() - pg_last_xact_replay_timestamp()` alone would. The granularity is the check interval (1 s).
 */
import postgres from "postgres";
import { isConnectionFailure } from "./availability";
import { SESSION_SETTINGS } from "./session";

export interface ReplicaOptions {
  urls: readonly string[];
  /** A replica further behind than this (seconds) is skipped. */
  maxLagSeconds: number;
  /** Pool size per replica. */
  max?: number | undefined;
  /** Reads on the replicas as named prepared statements (see client.ts). */
  prepare?: boolean | undefined;
  /** How often replicas and the primary's position are checked (default 1 s). */
  checkEveryMs?: number | undefined;
}

/** What `/readyz` and the metrics report of one replica. */
export interface ReplicaState {
  /** The replica's URL without its password. */
  url: string;
  healthy: boolean;
  /** Seconds behind the primary at the last check; null before a first successful check. */
  lagSeconds: number | null;
  /** Why it is not healthy. */
  reason?: string;
}

/** A replica's connection, as the engine's read path uses it: statements in read-only transactions. */
export interface ReplicaMember {
  readonly url: string;
  readonly sql: postgres.Sql;
}

interface Member extends ReplicaMember {
  healthy: boolean;
  /** WAL position replayed at the last successful check (null for a server not in recovery). */
  replayed: bigint | null;
  lagSeconds: number | null;
  reason: string | undefined;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

function lsn(text: string): bigint {
  const [hi, lo] = text.split("/");
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

/** Every open replica set of this process, for {@link replicaStatus}. */
const openSets = new Set<ReplicaSet>();

export class ReplicaSet {
  private readonly members: Member[];
  private turn = 0;
  /** The primary's WAL position over time, oldest first: `at` is when it was first seen there. */
  private positions: { lsn: bigint; at: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly primary: postgres.Sql,
    readonly options: ReplicaOptions,
  ) {
    this.members = options.urls.map((url) => ({
      url: redact(url),
      sql: postgres(url, {
        max: options.max ?? 10,
        connect_timeout: 2,
        backoff: (retries: number) => Math.min(0.1 * 2 ** retries, 1),
        connection: SESSION_SETTINGS,
        onnotice: () => {},
        types: { bigint: postgres.BigInt },
      }),
      healthy: false,
      replayed: null,
      lagSeconds: null,
      reason: "not checked yet",
    }));
    openSets.add(this);
  }

  /** Checks every replica now and then every `checkEveryMs`, in the background (unref'd). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs ?? 1_000);
    this.timer.unref();
  }

  /** The next healthy replica in turn, or undefined (the primary serves). */
  pick(): ReplicaMember | undefined {
    for (let i = 0; i < this.members.length; i++) {
      const member = this.members[(this.turn + i) % this.members.length]!;
      if (member.healthy) {
        this.turn = (this.turn + i + 1) % this.members.length;
        return member;
      }
    }
    return undefined;
  }

  /** A statement on `member` failed for want of a connection: skip it until a check finds it back. */
  fail(member: ReplicaMember, error: unknown): void {
    const m = this.members.find((x) => x.sql === member.sql);
    if (!m) return;
    if (m.healthy) console.error(`replica ${m.url} failed (${describeError(error)}): the primary serves its reads until it is back`);
    m.healthy = false;
    m.reason = describeError(error);
  }

  status(): ReplicaState[] {
    return this.members.map((m) => ({
      url: m.url,
      healthy: m.healthy,
      lagSeconds: m.lagSeconds,
      ...(m.reason ? { reason: m.reason } : {}),
    }));
  }

  /** One round of checks (concurrent calls share it). */
  check(): Promise<void> {
    this.checking ??= this.runChecks().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async runChecks(): Promise<void> {
    const now = Date.now();
    try {
      const [row] = await this.primary<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
      const position = lsn(row!.lsn);
      const last = this.positions.at(-1);
      if (!last || position > last.lsn) this.positions.push({ lsn: position, at: now });
    } catch {
      // The primary is down: replicas keep their last verdict on lag; reachability is still checked below.
    }
    await Promise.all(this.members.map((m) => this.checkMember(m, now)));
    // Positions every replica has replayed are no longer needed (the newest stays: the reference for the next).
    const replayed = this.members.map((m) => m.replayed);
    if (replayed.every((r) => r !== null)) {
      const floor = replayed.reduce((a, b) => (a! < b! ? a : b))!;
      this.positions = this.positions.filter((p, i) => p.lsn > floor || i === this.positions.length - 1);
    }
    if (this.positions.length > 3600) this.positions = this.positions.slice(-3600);
  }

  private async checkMember(m: Member, now: number): Promise<void> {
    const wasHealthy = m.healthy;
    try {
      const [row] = await m.sql<{ standby: boolean; replayed: string | null }[]>`
        select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed`;
      // A server not in recovery is a primary (or a promoted replica): it is as current as it gets.
      const replayed = row!.standby && row!.replayed ? lsn(row!.replayed) : null;
      m.replayed = replayed;
      const behind = replayed === null ? undefined : this.positions.find((p) => p.lsn > replayed);
      m.lagSeconds = behind ? (now - behind.at) / 1000 : 0;
      if (m.lagSeconds > this.options.maxLagSeconds) {
        m.healthy = false;
        m.reason = `lags ${m.lagSeconds.toFixed(1)} s behind the primary (ILMS_REPLICA_MAX_LAG is ${this.options.maxLagSeconds} s)`;
      } else {
        m.healthy = true;
        m.reason = undefined;
      }
    } catch (error) {
      m.healthy = false;
      m.reason = describeError(error);
    }
    if (wasHealthy && !m.healthy) console.error(`replica ${m.url} skipped: ${m.reason}`);
    if (!wasHealthy && m.healthy && m.lagSeconds !== null) console.error(`replica ${m.url} serves reads again`);
  }

  async close(): Promise<void> {
    openSets.delete(this);
    clearInterval(this.timer);
    await this.checking?.catch(() => {});
    await Promise.all(this.members.map((m) => m.sql.end({ timeout: 5 })));
  }
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Runs `work` on a healthy replica, or on the primary when there is none; a replica that fails for want of a
 * connection (or cancels the statement for a recovery conflict) is skipped and `work` runs on the primary, so
 * that a replica going down costs no failed request.
 */
export async function onReplica<T>(
  set: ReplicaSet | undefined,
  onPrimary: () => Promise<T>,
  onMember: (member: ReplicaMember) => Promise<T>,
): Promise<T> {
  const member = set?.pick();
  if (!member) return onPrimary();
  try {
    return await onMember(member);
  } catch (error) {
    const conflict = (error as { code?: unknown } | null)?.code === "40001";
    if (!isConnectionFailure(error) && !conflict) throw error;
    if (!conflict) set!.fail(member, error);
    return onPrimary();
  }
}

/**
 * The state of every replica of this process's open database handles (or of one set): for `/readyz` and the
 * metrics (`ilms_replica_lag_seconds`, `ilms_replica_healthy`). Empty without `DATABASE_REPLICA_URLS`.
 */
export function replicaStatus(set?: ReplicaSet): ReplicaState[] {
  return set ? set.status() : [...openSets].flatMap((s) => s.status());
}
