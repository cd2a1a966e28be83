/**
 * Admission control for heavy operations (static cost at or above a threshold): at most `maxInFlight` run at
 * once; the next `maxQueue` wait up to `queueTimeoutMs` for a slot, in arrival order; the rest are refused at
 * once with 503 and `Retry-After`. Light operations are never queued. Memory then stays bounded by what the
 * few running heavy operations hold.
 */
import { HeaderMap } from "@apollo/server";
import { ErrorCode, UserError } from "../errors";

export interface AdmissionOptions {
  /** Static cost from which an operation counts as heavy. */
  heavyCost: number;
  maxInFlight: number;
  maxQueue: number;
  queueTimeoutMs: number;
}

/** One heavy operation at a time by default: on a 2-core machine the other core stays free for everything else. */
export const DEFAULT_ADMISSION: AdmissionOptions = { heavyCost: 20_000, maxInFlight: 1, maxQueue: 256, queueTimeoutMs: 5_000 };

export class Admission {
  private running = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(readonly options: AdmissionOptions = DEFAULT_ADMISSION) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Whether a heavy operation arriving now would be refused at once (every slot and queue place taken). */
  get full(): boolean {
    return this.running >= this.options.maxInFlight && this.waiting.length >= this.options.maxQueue;
  }

  /** Seconds a refused client is told to wait. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.queueTimeoutMs / 1000));
  }

  /** Waits for a slot; resolves to the function that gives it back (call it exactly once). */
  async acquire(cost: number): Promise<() => void> {
    if (this.running < this.options.maxInFlight) return this.grant();
    if (this.waiting.length >= this.options.maxQueue) throw this.busy(cost);
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve(this.grant());
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.busy(cost));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private grant(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) next.grant();
    };
  }

  /** The refusal's message. */
  busyMessage(cost: number): string {
    return `The server is running ${this.running} heavy operations (cost ${this.options.heavyCost} or more; this one costs ${cost}) and ${this.waiting.length} are waiting; retry after ${this.retryAfterSeconds} s`;
  }

  private busy(cost: number): UserError {
    const retryAfterSeconds = this.retryAfterSeconds;
    return new UserError(ErrorCode.ServerBusy, this.busyMessage(cost), {
      retryAfterSeconds,
      http: { status: 503, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) },
    });
  }
}
