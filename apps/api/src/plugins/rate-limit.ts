/**
 * Per-address rate limit for anonymous callers: at most `requests` GraphQL requests per `windowMs` from one
 * client address (fixed windows). Signed-in callers and API keys are not limited here (their accounts are).
 */
export interface RateLimitOptions {
  requests: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly options: RateLimitOptions) {}

  /** Counts one request of `address`; returns null when allowed, else the seconds until the window ends. */
  hit(address: string, now = Date.now()): number | null {
    if (this.windows.size > 100_000) this.prune(now);
    let window = this.windows.get(address);
    if (!window || now - window.start >= this.options.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count++;
    if (window.count <= this.options.requests) return null;
    return Math.max(1, Math.ceil((window.start + this.options.windowMs - now) / 1000));
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) if (now - window.start >= this.options.windowMs) this.windows.delete(address);
  }
}
