/**
 * A PostgreSQL server that is down, restarting or unreachable, seen by the API as one coded error instead of a
 * generic fault or a hang: connections give up after a few seconds (`connect_timeout`), and a circuit breaker
 * answers at once while the server is known to be down, letting one attempt through every `retryMs` so that
 * service resumes by itself within that time once the server is back.
 */

/** The code clients see (`extensions.code`; HTTP 503 with `Retry-After`). */
export const DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

/** Thrown for a statement that could not run because the database server cannot be reached right now. */
export class DatabaseUnavailableError extends Error {
  readonly code = DATABASE_UNAVAILABLE;

  constructor(
    /** Seconds after which a retry has a chance. */
    readonly retryAfterSeconds: number,
    cause?: unknown,
  ) {
    super(`The database is unavailable (${describe(cause)}); retry after ${retryAfterSeconds} s`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

function describe(cause: unknown): string {
  if (cause === undefined) return "it was down a moment ago";
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause);
}

/** Socket errors, postgres.js connection states and SQLSTATEs that mean "no server to talk to", not "bad SQL". */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // SQLSTATE class 08 (connection exception) and the shutdown family of class 57.
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01", // admin_shutdown: terminating connection due to administrator command
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the database system is starting up / shutting down
]);

/** Whether `error` says the server could not be reached (as opposed to an error of the statement itself). */
export function isConnectionFailure(error: unknown): boolean {
  // drizzle wraps the driver's error (DrizzleQueryError) and callers may wrap it again: follow `cause` a little.
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (typeof errno === "string" && CONNECTION_CODES.has(errno)) return true;
  }
  return false;
}

/** The {@link DatabaseUnavailableError} `error` is or wraps, or one made for a bare connection failure; else undefined. */
export function unavailableError(error: unknown): DatabaseUnavailableError | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof DatabaseUnavailableError) return e;
  return isConnectionFailure(error) ? new DatabaseUnavailableError(1, error) : undefined;
}

/** How long after a connection failure statements waiting for a connection are bounded by RECOVERY_WAIT_MS. */
const RECOVERY_WINDOW_MS = 15_000;
const RECOVERY_WAIT_MS = 2_000;

/**
 * Fails fast while the server is known to be down; see the module comment. The driver keeps statements that wait
 * for a connection queued through its reconnection back-off (seconds, growing), so when the breaker opens it also
 * releases every statement of this pool that has not started yet: each is withdrawn (never run later) and its
 * caller gets {@link DatabaseUnavailableError} at once.
 */
export class CircuitBreaker {
  private openUntil = 0;
  private trippedAt = 0;
  private lastCause: unknown;
  /** Withdrawers of the statements in progress; each returns whether its statement had not started. */
  private readonly pending = new Set<() => void>();

  constructor(
    /** How long after a connection failure statements are refused without trying. */
    readonly retryMs = 1_000,
  ) {}

  /** Whether statements are being refused right now. */
  get open(): boolean {
    return Date.now() < this.openUntil;
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryMs / 1000));
  }

  /**
   * Runs `work` unless the breaker is open; a connection failure opens it and becomes
   * {@link DatabaseUnavailableError}. `withdraw` takes the statement back if it has not started (it must then
   * never run) and says whether it did; a withdrawn statement's caller is answered at once.
   */
  async run<T>(work: () => Promise<T>, withdraw?: () => boolean): Promise<T> {
    if (this.open) throw new DatabaseUnavailableError(this.retryAfterSeconds, this.lastCause);
    let release: ((error: Error) => void) | undefined;
    const released = new Promise<never>((_resolve, reject) => (release = reject));
    const entry = () => {
      if (withdraw?.()) release!(new DatabaseUnavailableError(this.retryAfterSeconds, this.lastCause));
    };
    this.pending.add(entry);
    // Shortly after an outage the driver's connections may still sit in their reconnection back-off: a statement
    // that has not started after RECOVERY_WAIT_MS then is answered as unavailable rather than held.
    const recovering = Date.now() - this.trippedAt < RECOVERY_WINDOW_MS;
    const timer = recovering ? setTimeout(entry, RECOVERY_WAIT_MS) : undefined;
    const running = work();
    // Once withdrawn, its own outcome (a rejection) is nobody's business.
    running.catch(() => {});
    try {
      return await Promise.race([running, released]);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError || !isConnectionFailure(error)) throw error;
      this.trip(error);
      throw new DatabaseUnavailableError(this.retryAfterSeconds, error);
    } finally {
      clearTimeout(timer);
      this.pending.delete(entry);
    }
  }

  private trip(cause: unknown) {
    this.lastCause = cause;
    this.trippedAt = Date.now();
    this.openUntil = this.trippedAt + this.retryMs;
    for (const withdraw of [...this.pending]) withdraw();
  }
}
