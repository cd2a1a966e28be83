/**
 * Error codes clients see in `extensions.code`, and the mask that keeps internals (SQL, stack traces) out of
 * responses: anything not raised as a {@link UserError} is logged with an id and reported by that id only.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import { GovernanceError } from "@ilms/governance/errors";

export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  /** A filter names a code its code list does not have (`extensions`: argument, code, suggestions). */
  UnknownCode = "UNKNOWN_CODE",
  NotFound = "NOT_FOUND",
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  TooExpensive = "QUERY_TOO_EXPENSIVE",
  NotAggregatable = "NOT_AGGREGATABLE",
  /** Too many attempts (login throttling); retry after `extensions.retryAfterSeconds`. */
  RateLimited = "RATE_LIMITED",
  /** A state machine refused the step (a round that is not in the status the action needs). */
  InvalidTransition = "INVALID_TRANSITION",
  Internal = "INTERNAL_SERVER_ERROR",
}

/** An error meant for the client: its message and code are shown as they are. */
export class UserError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Governance's coded refusals as GraphQL errors: the same code in `extensions.code`, the details beside it. */
export function fromGovernance(error: unknown): unknown {
  return error instanceof GovernanceError ? new UserError(error.code as ErrorCode, error.message, error.details) : error;
}

const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal),
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Apollo `formatError`: passes coded client errors, replaces everything else by a generic message with an id. */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown } | null)?.originalError;
  // Nested fields are not wrapped by the schema guard: a governance refusal raised there is mapped here.
  if (original instanceof GovernanceError) {
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...original.details, code: original.code },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PASS_THROUGH.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // PostgreSQL cannot store NUL in text; a nested argument carrying one reaches the database (root arguments are
  // refused earlier by the schema guard). It is the client's input, not a fault: say so, without the SQL.
  const pgCode = (original as { code?: unknown } | undefined)?.code;
  if (pgCode === "22021" || pgCode === "22P05") {
    return {
      message: "Text must not contain NUL (\\u0000) characters",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.BadUserInput },
    };
  }
  const id = randomUUID();
  console.error(`[error ${id}]`, error);
  return {
    message: `Internal server error (id ${id})`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.Internal, errorId: id },
  };
}
