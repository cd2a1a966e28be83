/**
 * Cancelling a request's work: past its deadline, or when its client disconnects, the request's
 * {@link Cancellation} aborts. The database handle of the request then refuses further statements (see
 * `guardReads` in @ilms/query), every field not yet resolved fails at once, and the answer becomes one coded
 * error (`REQUEST_TIMEOUT`, HTTP 503). Mutations are protected once known: they run to their end, so nothing
 * is ever half-written by a cancellation.
 */
import { setMaxListeners } from "node:events";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { ErrorCode, UserError } from "../errors";

export class Cancellation {
  private readonly controller = new AbortController();
  private protectedFromCancel = false;
  private failure: UserError | undefined;
  /** Whether the request's answer is built in slices (a heavy operation; see plugins/yielding.ts). */
  sliced = false;

  /**
   * @param timeoutMs time from now past which the request is cancelled. Checked by {@link check} as well as by
   * a timer: work that never yields to the event loop (PGlite answers in microtasks) would not see the timer.
   */
  private readonly deadlineAt: number | null;

  constructor(private readonly timeoutMs: number | null = null) {
    this.deadlineAt = timeoutMs === null ? null : Date.now() + timeoutMs;
    // Every statement in flight listens to the signal (DataLoader batches run several at once).
    setMaxListeners(0, this.controller.signal);
  }

  /** Cancels the request if its deadline has passed; returns whether it is cancelled. */
  check(): boolean {
    if (!this.controller.signal.aborted && this.deadlineAt !== null && Date.now() >= this.deadlineAt)
      this.cancel(`its deadline of ${this.timeoutMs} ms passed`);
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether a cancellation would still stop the request (false once it runs a mutation). */
  get active(): boolean {
    return !this.protectedFromCancel;
  }

  cancel(reason: string): void {
    if (this.protectedFromCancel || this.controller.signal.aborted) return;
    this.controller.abort(new Error(reason));
  }

  protect(): void {
    this.protectedFromCancel = true;
  }

  /**
   * The error every field not yet resolved fails with once the request is cancelled (plugins/yielding.ts checks
   * before each resolver): one instance per request, so that thousands of failing fields capture one stack.
   */
  get error(): UserError {
    this.failure ??= new UserError(ErrorCode.RequestTimeout, `Request cancelled: ${this.reason}`);
    return this.failure;
  }

  get reason(): string {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason.message : "cancelled";
  }
}

export function deadlinePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === "mutation") contextValue.cancellation?.protect();
        },
        async willSendResponse({ contextValue, response }) {
          const cancellation = contextValue.cancellation;
          if (!cancellation?.check() || !cancellation.active || response.body.kind !== "single") return;
          response.body.singleResult = {
            errors: [{ message: `Request cancelled: ${cancellation.reason}`, extensions: { code: ErrorCode.RequestTimeout } }],
          };
          response.http.status = 503;
        },
      };
    },
  };
}
