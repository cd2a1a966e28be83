/**
 * HTTP around GraphQL execution: the response cache for anonymous reads, `ETag` / `If-None-Match`,
 * `Cache-Control` (public for published data, no-store otherwise) and compression (gzip or brotli through
 * node:zlib, for bodies worth it). Execution itself stays Apollo's.
 */
import { metrics } from "../observability/metrics";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HTTPGraphQLResponse } from "@apollo/server";
import type { DbHandle } from "@ilms/db";
import { CACHEABLE_HEADER } from "../plugins/cacheability";
import { cacheKey, etagOf } from "./response-cache";
import type { CachedResponse, ResponseCache } from "./response-cache";
import type { RawJson } from "./raw-json";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Bodies below this size are sent as they are: compressing them costs more than it saves. */
const COMPRESS_FROM = 1024;

export interface ServeOptions {
  db: DbHandle;
  cache: ResponseCache | null;
  /** Seconds clients and the cache keep a published answer. */
  maxAge: number;
  /** Largest answer sent, in bytes: a larger one is replaced by a `RESPONSE_TOO_LARGE` error. */
  maxResponseBytes?: number;
  /**
   * Memo of the next embargo release (absolute ms, or null for none), re-read every few seconds and after every
   * invalidation (`epoch`), since publishing or rescheduling moves it.
   */
  release?: { value: number | null; checked: number; epoch: string | null };
}

/** How long the next-release memo is trusted: an embargo lifts in the cache at most this late. */
const RELEASE_RECHECK_MS = 5_000;

export interface GraphQLHttpRequest {
  method: string;
  search: string;
  body: unknown;
}

function operationOf(request: GraphQLHttpRequest): Record<string, unknown> | null {
  if (request.method === "GET") {
    const params = new URLSearchParams(request.search);
    return {
      query: params.get("query") ?? undefined,
      operationName: params.get("operationName") ?? undefined,
      variables: params.get("variables") ?? undefined,
      extensions: params.get("extensions") ? { sent: true } : undefined,
    };
  }
  if (request.method === "POST" && request.body && typeof request.body === "object" && !Array.isArray(request.body))
    return request.body as Record<string, unknown>;
  return null;
}

function anonymous(req: IncomingMessage): boolean {
  return req.headers.authorization === undefined && req.headers["x-api-key"] === undefined;
}

function encodingFor(req: IncomingMessage): "br" | "gzip" | null {
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (/\bgzip\b/.test(accept)) return "gzip";
  if (/\bbr\b/.test(accept)) return "br";
  return null;
}

async function sendBody(req: IncomingMessage, res: ServerResponse, status: number, body: string, entry?: CachedResponse): Promise<void> {
  res.statusCode = status;
  res.setHeader("vary", appendVary(res.getHeader("vary"), "Accept-Encoding"));
  const encoding = body.length >= COMPRESS_FROM ? encodingFor(req) : null;
  if (!encoding) {
    res.setHeader("content-length", Buffer.byteLength(body));
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  let compressed: Buffer;
  if (encoding === "gzip") {
    compressed = entry?.gzip ?? (await gzipAsync(body, { level: 6 }));
    if (entry) entry.gzip = compressed;
  } else {
    compressed = await brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  }
  res.setHeader("content-encoding", encoding);
  res.setHeader("content-length", compressed.length);
  res.end(req.method === "HEAD" ? undefined : compressed);
}

function appendVary(current: unknown, value: string): string {
  const list = current
    ? String(current)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
  return list.join(", ");
}

function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers["if-none-match"];
  if (!header) return false;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

async function sendCached(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, hit: boolean): Promise<void> {
  res.setHeader("etag", entry.etag);
  res.setHeader("cache-control", `public, max-age=${entry.maxAge}`);
  res.setHeader("x-cache", hit ? "HIT" : "MISS");
  res.setHeader("content-type", entry.contentType);
  if (notModified(req, entry.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  await sendBody(req, res, entry.status, entry.body, entry);
}

/** Seconds until the next published round's embargo lifts (null when none is pending). */
async function secondsToNextRelease(db: DbHandle): Promise<number | null> {
  const [row] = await db.query<{ s: number | null }>(
    `select extract(epoch from min(release_at) - now())::float8 as s from collection_rounds where status = 'published' and release_at > now()`,
  );
  return row?.s == null ? null : Math.max(0, Math.floor(row.s));
}

/** Errors of a well-formed request that GraphQL over HTTP answers with 200 under the legacy `application/json` type. */
const REQUEST_ERRORS_OF_WELL_FORMED = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "QUERY_TOO_EXPENSIVE",
  "QUERY_TOO_COSTLY",
]);

/**
 * Apollo answers parse, validation and variable errors with 400 whatever the client accepts; the GraphQL over
 * HTTP spec asks for 200 when the response is `application/json` (clients of that type read errors from the
 * body), and keeps 400 for `application/graphql-response+json`.
 */
function legacyJsonGraphQLError(response: HTTPGraphQLResponse, body: string): boolean {
  if (!(response.headers.get("content-type") ?? "").startsWith("application/json")) return false;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[]; data?: unknown };
    const code = parsed.errors?.[0]?.extensions?.code;
    return parsed.data === undefined && typeof code === "string" && REQUEST_ERRORS_OF_WELL_FORMED.has(code);
  } catch {
    return false;
  }
}

/**
 * A request parameter of the wrong type, which Apollo would silently ignore: GraphQL over HTTP lets a server
 * refuse it with 400, and refusing tells the client about its mistake.
 */
function malformedParameter(request: GraphQLHttpRequest): string | null {
  if (request.method !== "POST" || !request.body || typeof request.body !== "object" || Array.isArray(request.body)) return null;
  const { operationName, extensions } = request.body as Record<string, unknown>;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return "operationName must be a string";
  if (extensions !== undefined && extensions !== null && (typeof extensions !== "object" || Array.isArray(extensions)))
    return "extensions must be an object";
  return null;
}

/** `retryAfterSeconds` of a `DATABASE_UNAVAILABLE` error in the answer, or null when it has none. */
function unavailableRetryAfter(body: string): number | null {
  if (!body.includes('"DATABASE_UNAVAILABLE"')) return null;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[] };
    const error = parsed.errors?.find((e) => e.extensions?.code === "DATABASE_UNAVAILABLE");
    return error ? (error.extensions?.retryAfterSeconds ?? 1) : null;
  } catch {
    return null;
  }
}

/** Serves one GraphQL request: from the cache when it can, else by `execute`, caching what may be cached. */
export async function serveGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  request: GraphQLHttpRequest,
  execute: () => Promise<HTTPGraphQLResponse>,
  options: ServeOptions,
  rawJson?: RawJson,
): Promise<void> {
  const malformed = malformedParameter(request);
  if (malformed) {
    res.statusCode = 400;
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    return sendBody(req, res, 400, JSON.stringify({ errors: [{ message: malformed, extensions: { code: "BAD_REQUEST" } }] }));
  }
  const op = options.cache && anonymous(req) ? operationOf(request) : null;
  const base = op ? cacheKey(op) : null;
  const key = base ? `${base}:${req.headers.accept ?? ""}` : null;
  // The epoch is read before any data: an answer computed across an invalidation is then never stored.
  const epoch = key && options.cache ? await options.cache.epoch() : null;
  if (key && options.cache) {
    const hit = await options.cache.get(key);
    metrics.cacheLookup(hit !== undefined && hit !== null);
    if (hit) return sendCached(req, res, hit, true);
  }

  const response = await execute();
  const cacheable = response.headers.get(CACHEABLE_HEADER) === "1";
  for (const [name, value] of response.headers) if (name !== CACHEABLE_HEADER) res.setHeader(name, value);
  const status = response.status ?? 200;
  if (response.body.kind !== "complete") {
    res.statusCode = status;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
    return;
  }
  // Fragments the database wrote as JSON go in before anything measures, caches or sends the body.
  const body = rawJson ? rawJson.splice(response.body.string) : response.body.string;
  const bytes = options.maxResponseBytes !== undefined && body.length > options.maxResponseBytes / 3 ? Buffer.byteLength(body) : 0;
  if (options.maxResponseBytes !== undefined && bytes > options.maxResponseBytes) {
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    const message = `The answer is ${bytes} bytes, over the ceiling of ${options.maxResponseBytes}: select fewer fields or smaller pages`;
    return sendBody(
      req,
      res,
      400,
      JSON.stringify({ errors: [{ message, extensions: { code: "RESPONSE_TOO_LARGE", bytes, max: options.maxResponseBytes } }] }),
    );
  }
  const retryAfter = unavailableRetryAfter(body);
  if (retryAfter !== null) {
    // The database is down: say so with 503 and when to retry, so that clients and balancers back off.
    res.setHeader("retry-after", String(retryAfter));
    res.setHeader("cache-control", "no-store");
    return sendBody(req, res, 503, body);
  }
  const sent = status === 400 && legacyJsonGraphQLError(response, body) ? 200 : status;
  if (cacheable && status === 200) {
    const now = Date.now();
    if (!options.release || now - options.release.checked > RELEASE_RECHECK_MS || options.release.epoch !== epoch) {
      const seconds = await secondsToNextRelease(options.db);
      options.release = { value: seconds === null ? null : now + seconds * 1000, checked: now, epoch };
    }
    const untilRelease = options.release.value === null ? null : Math.max(0, Math.floor((options.release.value - now) / 1000));
    const maxAge = untilRelease === null ? options.maxAge : Math.min(options.maxAge, untilRelease);
    const entry: CachedResponse = {
      status,
      contentType: response.headers.get("content-type") ?? "application/json; charset=utf-8",
      body,
      etag: etagOf(body),
      maxAge,
    };
    if (key && options.cache && epoch !== null && maxAge > 0) await options.cache.set(key, entry, epoch);
    return sendCached(req, res, entry, false);
  }
  res.setHeader("cache-control", anonymous(req) ? "no-store" : "private, no-store");
  await sendBody(req, res, sent, body);
}
