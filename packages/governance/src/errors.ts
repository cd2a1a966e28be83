/**
 * Errors governance raises for refused requests (bad input, no such account, not allowed, a refused workflow
 * step, too many attempts). Each face maps the code onto its protocol: the API onto GraphQL `extensions.code`
 * (same codes), the CLI onto a message and exit code 1. Anything else thrown here is a bug.
 */
export const GovernanceCode = {
  BadUserInput: "BAD_USER_INPUT",
  NotFound: "NOT_FOUND",
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  /** Too many attempts (login throttling); retry after `details.retryAfterSeconds`. */
  RateLimited: "RATE_LIMITED",
  /** The workflow refused the step (a round that is not in the status the action needs). */
  InvalidTransition: "INVALID_TRANSITION",
} as const;
export type GovernanceCode = (typeof GovernanceCode)[keyof typeof GovernanceCode];

export class GovernanceError extends Error {
  constructor(
    readonly code: GovernanceCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "GovernanceError";
  }
}
