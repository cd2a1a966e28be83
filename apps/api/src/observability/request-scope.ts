/**
 * The request a piece of code runs for, without threading it through every call: the HTTP handler opens a scope
 * (AsyncLocalStorage) per request, and the logger, the error mask and the metrics read from it. Outside a request
 * (start-up, timers) there is none.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Which face of the API a request reached (a metrics label). */
export type Face = "graphql" | "sdmx" | "export" | "static" | "probe" | "other";

export interface RequestScope {
  /** The caller's `X-Request-Id` when it is a sane token, else a generated UUID; echoed in the response header. */
  readonly id: string;
  face: Face;
  /** GraphQL operation name, SDMX resource, ...: a bounded metrics label (see metrics.ts). */
  operation: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request being served, if any. */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** Runs `fn` as the work of one request. */
export function runInRequest<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Accepted incoming ids: what proxies and tracing systems send (UUIDs, hex trace ids, short tokens). */
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of `req`: its `X-Request-Id` when acceptable (a balancer's id joins the logs), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && INCOMING_ID.test(value) ? value : randomUUID();
}

/** `error` with the current request's id in `extensions.requestId` (GraphQL errors, so a report names its request). */
export function withRequestId<T extends { extensions?: Record<string, unknown> | undefined }>(error: T): T {
  const scope = currentRequest();
  if (!scope) return error;
  return { ...error, extensions: { ...error.extensions, requestId: scope.id } };
}
