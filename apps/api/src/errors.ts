/**
 * Error codes clients see in `extensions.code`, and the mask that keeps internals (SQL, stack traces) out of
 * responses: anything not raised as a {@link UserError} is reported by an id only, and logged once per request
 * under that id (see plugins/error-log.ts). No error echoes more than a short prefix of the client's input.
 */
import { log } from "./observability/log";
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import { GovernanceError } from "@ilms/governance/errors";
import { RequestCancelledError } from "@ilms/query";
import { unavailableError } from "@ilms/db";

export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  /** A filter names a code its code list does not have (`extensions`: argument, code, suggestions). */
  UnknownCode = "UNKNOWN_CODE",
  NotFound = "NOT_FOUND",
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  TooExpensive = "QUERY_TOO_EXPENSIVE",
  /** The document's static cost is over the budget (`extensions.cost`, `extensions.budget`); refused before running. */
  TooCostly = "QUERY_TOO_COSTLY",
  /** Too many heavy operations in flight: retry after `extensions.retryAfterSeconds` (HTTP 503, `Retry-After`). */
  ServerBusy = "SERVER_BUSY",
  /**
   * The database server cannot be reached (down, restarting): retry after `extensions.retryAfterSeconds`
   * (HTTP 503, `Retry-After`). Answered at once while it is known to be down, never after a long wait.
   */
  DatabaseUnavailable = "DATABASE_UNAVAILABLE",
  /** The process is shutting down (SIGTERM): it finishes what it started and takes nothing new (HTTP 503). */
  ShuttingDown = "SHUTTING_DOWN",
  /** The request passed its deadline (or its client went away) and its work was stopped. */
  RequestTimeout = "REQUEST_TIMEOUT",
  /** The answer is larger than the response-size ceiling. */
  ResponseTooLarge = "RESPONSE_TOO_LARGE",
  NotAggregatable = "NOT_AGGREGATABLE",
  /** Too many attempts (login throttling); retry after `extensions.retryAfterSeconds`. */
  RateLimited = "RATE_LIMITED",
  /** A state machine refused the step (a round that is not in the status the action needs). */
  InvalidTransition = "INVALID_TRANSITION",
  /** The API runs trusted documents only (for this caller) and the request sent another (plugins/trusted-documents.ts). */
  PersistedQueryNotListed = "PERSISTED_QUERY_NOT_IN_LIST",
  /** No trusted document, nor registered APQ document, has the id the request names. */
  PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND",
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

/** Longest part of the client's input an error repeats. */
export const ECHO_LIMIT = 64;
/** Longest error message sent, whatever it quotes. */
const MESSAGE_LIMIT = 1000;

/** A string cut to `limit` characters plus "…". */
export function clip(text: string, limit = ECHO_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A message with every quoted part (graphql-js and our errors quote the input) cut to a short prefix. */
export function clipMessage(message: string): string {
  const quoted = message
    .replace(/"([^"]{65,})"/g, (_m, inner: string) => `"${clip(inner)}"`)
    .replace(/"([^"]{65,})$/, (_m, inner: string) => `"${clip(inner)}`);
  return clip(quoted, MESSAGE_LIMIT);
}

function clipValues(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return clip(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => clipValues(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipValues(v, depth + 1)]));
}

/** Whether an error is the client's (a coded error shown as it is) rather than an internal fault. */
export function isClientError(error: { extensions?: Record<string, unknown> | undefined; originalError?: unknown }): boolean {
  const code = error.extensions?.code;
  if (typeof code === "string" && PASS_THROUGH.has(code)) return true;
  const original = error.originalError as { code?: unknown } | null | undefined;
  // An unreachable database is not the request's fault either: the health ping says so once per outage.
  if (unavailableError(original)) return true;
  return (
    original instanceof RequestCancelledError || original?.code === "22021" || original?.code === "22P05" || original?.code === "57014"
  );
}

/** Ids given to the internal errors of a request by the error log (plugins/error-log.ts), which logged them once. */
export const loggedErrors = new WeakMap<object, string>();

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
  const unavailable = unavailableError(original);
  if (unavailable) {
    return {
      message: `The database is unavailable; retry after ${unavailable.retryAfterSeconds} s`,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.DatabaseUnavailable, retryAfterSeconds: unavailable.retryAfterSeconds },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PASS_THROUGH.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: clipMessage(formatted.message), extensions: clipValues(extensions) as Record<string, unknown> };
  }
  // PostgreSQL cannot store NUL in text; a nested argument carrying one reaches the database (root arguments are
  // refused earlier by the schema guard). It is the client's input, not a fault: say so, without the SQL.
  const pgCode = (original as { code?: unknown } | undefined)?.code;
  if (original instanceof RequestCancelledError || pgCode === "57014") {
    return {
      message:
        original instanceof RequestCancelledError ? original.message : "Request cancelled: a statement ran past the request's deadline",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.RequestTimeout },
    };
  }
  if (pgCode === "22021" || pgCode === "22P05") {
    return {
      message: "Text must not contain NUL (\\u0000) characters",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.BadUserInput },
    };
  }
  const known = error !== null && typeof error === "object" ? loggedErrors.get(error) : undefined;
  const id = known ?? randomUUID();
  if (!known) log.error({ err: error, errorId: id }, `internal error ${id}`);
  return {
    message: `Internal server error (id ${id})`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.Internal, errorId: id },
  };
}
