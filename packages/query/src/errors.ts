/**
 * Errors the query engine raises for bad requests. Each front end maps the code onto its own protocol
 * (GraphQL `extensions.code`, SDMX REST status codes); anything else thrown by the engine is a bug.
 */
export type QueryErrorCode = "BAD_USER_INPUT" | "UNKNOWN_CODE" | "NOT_FOUND" | "FORBIDDEN" | "QUERY_TOO_EXPENSIVE" | "NOT_AGGREGATABLE";

export class QueryError extends Error {
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "QueryError";
  }
}
