/**
 * The HTTP face of the API: GraphQL at `/graphql` through Apollo Server's HTTP integration API, `/healthz`,
 * and the built console as static files. Stateless: everything a request needs comes from the database and
 * its own context, so any number of processes can serve behind a balancer.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
// Loaded with the app, not at apollo.start(): Apollo imports its default landing page dynamically, and a module
// compiled while V8 optimises PGlite's WebAssembly in the background waits for that (0.4-1.9 s of a start).
import "@apollo/server/plugin/landingPage/default";
import { pendingMigrations, replicaStatus, unavailableError } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { randomBytes } from "node:crypto";
import { authenticate } from "@ilms/governance/authenticate";
import type { Authentication } from "@ilms/governance/authenticate";
import { clientIp } from "./auth/client-ip";
import { applySecurityHeaders } from "./auth/security-headers";
import { authConfig } from "@ilms/governance/tokens";
import type { AuthConfig } from "@ilms/governance/tokens";
import { DEFAULT_REGION, createContext } from "./context";
import type { Context } from "./context";
import { ErrorCode, UserError, clipMessage, maskError } from "./errors";
import { serveStatic } from "./http/static";
import { isAnalyticsExport, serveAnalyticsExport, serveExport } from "./http/export";
import { SDMX_PREFIX, serveSdmx } from "./http/sdmx";
import { langFallbackPlugin } from "./http/lang-fallback";
import { REPORTS_PREFIX, serveReport } from "./http/report";
import { BRANDING_PREFIX, serveBranding } from "./http/branding";
import { warningsPlugin } from "./http/warnings";
import { serveGraphQL } from "./http/graphql-response";
import { RawJson, rawJsonPlugin } from "./http/raw-json";
import type { ServeOptions } from "./http/graphql-response";
import { MemoryResponseCache } from "./http/response-cache";
import { followDataChanges } from "./http/data-changes";
import type { ResponseCache } from "./http/response-cache";
import { guardReads } from "@ilms/query";
import { Admission, DEFAULT_ADMISSION } from "./plugins/admission";
import type { AdmissionOptions } from "./plugins/admission";
import {
  AnalysisCache,
  DEFAULT_LIMITS,
  PersistedDocuments,
  limitsAndCachingPlugin,
  persistedHash,
  preflight,
} from "./plugins/cacheability";
import type { LimitsOptions } from "./plugins/cacheability";
import { Cancellation, deadlinePlugin } from "./plugins/deadline";
import { errorLogPlugin } from "./plugins/error-log";
import { catalogueSizes, loadListSizes } from "./plugins/list-sizes";
import { RateLimiter } from "./plugins/rate-limit";
import { MAX_JSON_NESTING, errorBody, nestedDeeperThan, operationParams } from "./plugins/request-guards";
import { TrustedDocuments, requestedDocumentId } from "./plugins/trusted-documents";
import type { TrustedEnforcement } from "./plugins/trusted-documents";
import { SLICE_FROM_COST, scheduleResolvers } from "./plugins/yielding";
import type { RateLimitOptions } from "./plugins/rate-limit";
import { getSchema } from "./schema";
import { countInFlight, currentRequest, log, metrics, requestIdOf, runInRequest, serveMetrics, withRequestId } from "./observability";
import type { Face, RequestScope } from "./observability";

export interface AppOptions {
  db: DbHandle;
  /** Called after each step of the app's start-up (the process entry logs how long each took). */
  mark?: ((phase: string) => void) | undefined;
  /** Id of the active region (`ILMS_REGION`; default `asean`). */
  region?: string | undefined;
  /** Folder of the built console served at `/`. */
  consoleDir?: string | undefined;
  /** Allowed CORS origins; `*` for any. */
  corsOrigins?: readonly string[] | undefined;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number | undefined;
  /** Access-token signing key and lifetimes; a random key for this process when absent (tests). */
  auth?: AuthConfig | undefined;
  /** Take the client address from `X-Forwarded-For` (behind a reverse proxy); see auth/client-ip.ts. */
  trustProxy?: boolean | undefined;
  /** Response cache for anonymous reads: in memory when absent, none when null. */
  responseCache?: ResponseCache | null | undefined;
  /** Seconds published answers may be cached (default 60). */
  cacheMaxAge?: number | undefined;
  /** Cost budget, depth, data-field and alias limits per operation (defaults in plugins/cacheability.ts). */
  limits?: Partial<LimitsOptions> | undefined;
  /** Most lexical tokens in one document (graphql-js `maxTokens`; default 10,000). */
  maxTokens?: number | undefined;
  /** Heavy operations in flight and waiting (defaults in plugins/admission.ts); null for no admission control. */
  admission?: Partial<AdmissionOptions> | null | undefined;
  /** Per-address limit on anonymous GraphQL and SDMX requests; none when absent. */
  rateLimit?: RateLimitOptions | null | undefined;
  /** Most observations in one SDMX data message (413 beyond; default 1,000,000). */
  sdmxMaxObservations?: number | undefined;
  /** Deadline of a request in milliseconds (default 30 s). */
  requestTimeoutMs?: number | undefined;
  /**
   * `statement_timeout` of a request's reads on PostgreSQL (each runs in its own transaction with `SET LOCAL`);
   * none when absent. The server sets it to the request deadline.
   */
  statementTimeoutMs?: number | undefined;
  /** Largest answer sent, in bytes (default 16 MB). */
  maxResponseBytes?: number | undefined;
  /** Bearer token that opens `/metrics` to non-loopback callers (observability/endpoint.ts); loopback only without. */
  metricsToken?: string | undefined;
  /**
   * For this long after a caller's own mutation (milliseconds), its reads go to the primary rather than to a
   * read replica, so that it sees what it wrote (default 5 s; only matters with replicas).
   */
  readAfterWriteMs?: number | undefined;
  /**
   * Queries of at most this static cost run on the database's priority pool (PostgreSQL), so that they answer
   * while heavy ones hold every connection of the main pool (default 100: a lookup by key, code lists, rounds).
   */
  priorityCost?: number | undefined;
  /**
   * A persisted-document allow-list (plugins/trusted-documents.ts): the manifest file, or the documents already
   * loaded, and whom the rule binds (default: anonymous callers).
   */
  trustedDocuments?: { file: string; enforcement?: TrustedEnforcement | undefined } | TrustedDocuments | undefined;
}

export interface App {
  server: Server;
  apollo: ApolloServer<Context>;
  listen(port: number, host?: string): Promise<string>;
  /**
   * Graceful stop (SIGTERM): new requests are answered 503 `SHUTTING_DOWN` with `Connection: close`, idle
   * keep-alive connections are closed, and requests in flight get up to `graceMs` to finish (an import commits
   * or rolls back) before everything left is closed. Resolves once the server is closed.
   */
  shutdown(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: string, type = "application/json; charset=utf-8") {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** A request refused before it runs, as Apollo answers request errors: 400 for graphql-response+json clients, 200 for legacy application/json. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, refused: UserError) {
  const modern = /application\/graphql-response\+json/.test(req.headers.accept ?? "");
  res.setHeader("cache-control", "no-store");
  const { http: _http, ...extensions } = refused.extensions;
  return send(
    res,
    modern ? 400 : 200,
    JSON.stringify({ errors: [withRequestId({ message: refused.message, extensions })] }),
    modern ? "application/graphql-response+json; charset=utf-8" : "application/json; charset=utf-8",
  );
}

function corsHeaders(req: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  if (!origins.includes("*") && !origins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origins.includes("*") ? "*" : origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    // SDMX clients send conditional requests, a language and API keys from browsers too.
    "access-control-allow-headers":
      "content-type, authorization, apollo-require-preflight, x-api-key, accept, accept-language, if-none-match, if-modified-since",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

/** The face a path belongs to, and its operation label when the path alone says it (GraphQL's comes from its body). */
function routeOf(pathname: string): { face: Face; operation: string } {
  if (pathname === "/graphql") return { face: "graphql", operation: "anonymous" };
  if (pathname === "/export") return { face: "export", operation: "export" };
  if (pathname.startsWith(SDMX_PREFIX)) {
    const resource = pathname.slice(SDMX_PREFIX.length).replace(/^\//, "").split("/")[0] ?? "";
    return { face: "sdmx", operation: SDMX_RESOURCES.has(resource) ? resource : "other" };
  }
  if (pathname === "/healthz" || pathname === "/readyz" || pathname === "/metrics") return { face: "probe", operation: pathname.slice(1) };
  return { face: "static", operation: "static" };
}

/** SDMX REST resources kept as operation labels (anything else is `other`). */
const SDMX_RESOURCES = new Set([
  "data",
  "dataflow",
  "datastructure",
  "codelist",
  "conceptscheme",
  "structure",
  "availableconstraint",
  "contentconstraint",
  "categoryscheme",
]);

export async function createApp(options: AppOptions): Promise<App> {
  // Every raw statement and transaction of this app is counted in the pool-usage gauge (observability/metrics.ts).
  options = { ...options, db: countInFlight(options.db) };
  const mark = options.mark ?? (() => {});
  const schema = scheduleResolvers(await getSchema());
  // An unusable manifest refuses the start before anything is served (plugins/trusted-documents.ts).
  const trustedOption = options.trustedDocuments;
  const trusted =
    trustedOption === undefined
      ? null
      : trustedOption instanceof TrustedDocuments
        ? trustedOption
        : TrustedDocuments.load(trustedOption.file, schema, trustedOption.enforcement);
  mark("schema");
  let sizes = catalogueSizes();
  const refreshSizes = async () => {
    try {
      sizes = await loadListSizes(options.db);
    } catch (error) {
      log.error({ err: error }, "reading list sizes for the cost analysis failed (previous sizes kept)");
    }
  };
  await refreshSizes();
  mark("list sizes");
  const admission = options.admission === null ? undefined : new Admission({ ...DEFAULT_ADMISSION, ...options.admission });
  const limits: LimitsOptions = { ...DEFAULT_LIMITS, ...options.limits };
  const rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : null;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxTokens = options.maxTokens ?? 10_000;
  // One analysis per document (preflight and Apollo's plugin share it); APQ hashes resolve to their text, so a
  // request that sends only a hash is analysed, limited and admitted like one that sends the document.
  const analyses = new AnalysisCache();
  const persisted = new PersistedDocuments();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: (formatted, error) => withRequestId(maskError(formatted, error)),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    parseOptions: { maxTokens },
    plugins: [
      limitsAndCachingPlugin(limits, { sizes: () => sizes, refreshSizes, cache: analyses }),
      deadlinePlugin(),
      errorLogPlugin(),
      ApolloServerPluginCacheControlDisabled(),
      // Inline traces are for federated subgraphs, which this schema is not (Apollo's default would install the
      // plugin only to switch it off, after loading its protobuf encoder: a second of a loaded machine's start).
      ApolloServerPluginInlineTraceDisabled(),
      warningsPlugin(),
      langFallbackPlugin(),
      rawJsonPlugin(),
    ],
    // Credentials travel in headers (never cookies) and mutations are refused over GET, so cross-site requests
    // cannot act for a user; plain GET queries (cacheable URLs) must work, which CSRF prevention would block.
    csrfPrevention: false,
    // The process entry closes the app and then its database on SIGINT/SIGTERM; Apollo's own handler would
    // re-raise the signal and end the process before the embedded database is closed.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  mark("apollo start");
  const corsOrigins = options.corsOrigins ?? [];
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const auth = options.auth ?? authConfig(randomBytes(32));
  const responseCache = options.responseCache === undefined ? new MemoryResponseCache() : options.responseCache;
  // Writes of other processes (PostgreSQL): each committed one drops this process's caches at once.
  const changes = await followDataChanges(options.db);
  const serveOptions: ServeOptions = {
    // One short statement per cacheable answer (the next embargo release): never behind heavy work.
    db: options.db.priority ?? options.db,
    cache: responseCache,
    maxAge: options.cacheMaxAge ?? 60,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
  };

  // /healthz and /readyz answer from memory: the database is pinged in the background, so that a probe never
  // waits behind heavy statements (PGlite runs them in this process, one at a time); the answer says how old the
  // check is. The ping also reads how many migrations are pending, for /readyz.
  const health = { ok: true, checkedAt: 0, pendingMigrations: 0 };
  const priorityCost = options.priorityCost ?? 100;
  const ping = async () => {
    try {
      // On the priority pool: a main pool full of heavy statements must not make the probe report stale news.
      const pending = await pendingMigrations(options.db.priority ?? options.db);
      if (!health.ok) console.error("database reachable again");
      Object.assign(health, { ok: true, checkedAt: Date.now(), pendingMigrations: pending });
    } catch (error) {
      // Said once per outage, not once per failed request.
      if (health.ok) log.error({ err: error }, `database unreachable: ${unavailableError(error)?.message ?? String(error)}`);
      Object.assign(health, { ok: false, checkedAt: Date.now() });
    }
  };
  await ping();
  mark("health check");
  // Re-checked every second, and when a probe finds the result older than 2 s, in the background: the probe never
  // waits for it, and an outage (or the end of one) shows within about a second.
  let pinging = false;
  const refreshHealth = (maxAgeMs = 2_000) => {
    if (pinging || Date.now() - health.checkedAt < maxAgeMs) return;
    pinging = true;
    void ping().finally(() => (pinging = false));
  };
  // Only a server can go away on its own: the embedded database is checked on demand alone.
  const pinger = options.db.priority ? setInterval(() => refreshHealth(900), 1_000) : undefined;
  pinger?.unref();

  // Read-after-write: when each caller (user id) last ran a mutation in this process. Entries older than the
  // window are dropped as they are met and by a sweep, so the map holds only recent writers.
  const readAfterWriteMs = options.readAfterWriteMs ?? 5_000;
  const lastWrites = new Map<string, number>();
  const wroteRecently = (userId: string | null) => {
    if (userId === null || !options.db.replicas) return false;
    const at = lastWrites.get(userId);
    if (at === undefined) return false;
    if (Date.now() - at < readAfterWriteMs) return true;
    lastWrites.delete(userId);
    return false;
  };
  const sweep = setInterval(() => {
    for (const [user, at] of lastWrites) if (Date.now() - at >= readAfterWriteMs) lastWrites.delete(user);
  }, 60_000);
  sweep.unref();

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    if (rateLimiter && req.headers.authorization === undefined && req.headers["x-api-key"] === undefined) {
      const retryAfter = rateLimiter.hit(clientIp(req, options.trustProxy ?? false) ?? "unknown");
      if (retryAfter !== null) {
        res.setHeader("retry-after", String(retryAfter));
        return send(
          res,
          429,
          errorBody(
            `More than ${rateLimiter.options.requests} requests in ${rateLimiter.options.windowMs / 1000} s from this address; retry after ${retryAfter} s`,
            ErrorCode.RateLimited,
            { retryAfterSeconds: retryAfter },
          ),
        );
      }
    }
    const tooDeep = () =>
      send(res, 400, errorBody(`JSON nested more than ${MAX_JSON_NESTING} levels deep`, "BAD_REQUEST", { limit: MAX_JSON_NESTING }));
    if (["variables", "extensions"].some((p) => nestedDeeperThan(url.searchParams.get(p) ?? "", MAX_JSON_NESTING))) return tooDeep();
    let body: unknown = undefined;
    if (req.method === "POST") {
      const text = await readBody(req, maxBody);
      if (nestedDeeperThan(text, MAX_JSON_NESTING)) return tooDeep();
      const type = headers.get("content-type") ?? "";
      if (type.startsWith("application/json") || type.startsWith("application/graphql-response+json")) {
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          return send(res, 400, errorBody("Request body is not valid JSON", "BAD_REQUEST"));
        }
      } else body = text;
    }
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    // Parsing and analysing wait for the event loop's next turn: a `/healthz` probe that arrived with a burst
    // of GraphQL requests is answered in this turn, before their CPU work, instead of after all of it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let params = operationParams(method, url, body);
    // The caller, looked up once per request: the trusted list may need it to let a query pass, the resolvers
    // always do (an access token costs a session read, an API key a read and at times a write).
    let authentication: Promise<Authentication> | undefined;
    const caller = () => (authentication ??= authenticate(options.db, auth, req.headers));
    // Whether the request sends a document the trusted list does not have (checked below, once its type is known).
    let freeForm = false;
    if (trusted) {
      const id = requestedDocumentId(params, persistedHash(params.extensions));
      const listed = id === null ? undefined : trusted.byId(id);
      if (listed) {
        // A listed id becomes its text, for the analysis and for Apollo alike (which knows neither the ids nor
        // `documentId`); the APQ extension goes, since an id need not be the text's hash.
        const { persistedQuery: _apq, ...extensions } = (params.extensions ?? {}) as Record<string, unknown>;
        if (method === "GET") {
          url.searchParams.set("query", listed.body);
          url.searchParams.delete("documentId");
          if (url.searchParams.has("extensions")) url.searchParams.set("extensions", JSON.stringify(extensions));
        } else {
          const { documentId: _id, ...rest } = params as Record<string, unknown>;
          body = { ...rest, query: listed.body, extensions };
        }
        params = operationParams(method, url, body);
      } else if (typeof params.documentId === "string" && params.query === undefined) {
        return sendRefusal(
          req,
          res,
          new UserError(ErrorCode.PersistedQueryNotFound, `No trusted document has the id "${clipMessage(params.documentId)}"`),
        );
      } else freeForm = !(typeof params.query === "string" && trusted.lists(params.query));
    }
    const hash = persistedHash(params.extensions);
    if (hash && typeof params.query === "string") persisted.remember(params.query, hash);
    const known = hash && params.query === undefined ? persisted.get(hash) : undefined;
    const checked = preflight(schema, known ? { ...params, query: known } : params, limits, sizes, maxTokens, analyses);
    const scope = currentRequest();
    if (scope) scope.operation = metrics.operationLabel(checked.operationName ?? params.operationName);
    // The list binds queries: the only mutations an anonymous caller may run (signing in, refreshing a token, the
    // first administrator's set-up) carry their own authorization, and the console needs them to sign in.
    if (trusted && freeForm && trusted.enforcement !== "off" && !("operation" in checked && checked.operation === "mutation")) {
      const signedIn = async () =>
        (req.headers.authorization !== undefined || req.headers["x-api-key"] !== undefined) && (await caller()).user != null;
      if (trusted.enforcement === "everyone" || !(await signedIn()))
        return sendRefusal(
          req,
          res,
          new UserError(
            ErrorCode.PersistedQueryNotListed,
            trusted.enforcement === "everyone"
              ? "This API runs trusted documents only: send the id of a listed document (documentId)"
              : "Anonymous callers may run trusted documents only: send the id of a listed document (documentId), or sign in",
          ),
        );
    }
    if ("refused" in checked) return sendRefusal(req, res, checked.refused);
    // A heavy operation waits for a slot before Apollo even parses it; refused ones cost almost nothing.
    let release: (() => void) | undefined;
    if (admission && checked.cost !== null && checked.cost >= admission.options.heavyCost) {
      const refuse = (message: string, retryAfterSeconds: number) => {
        res.setHeader("retry-after", String(retryAfterSeconds));
        res.setHeader("cache-control", "no-store");
        return send(res, 503, errorBody(message, ErrorCode.ServerBusy, { retryAfterSeconds }));
      };
      // Full: refused at once, without building an error object (this is the path a flood takes).
      if (admission.full) return refuse(admission.busyMessage(checked.cost), admission.retryAfterSeconds);
      try {
        release = await admission.acquire(checked.cost);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return refuse(error.message, admission.retryAfterSeconds);
      }
    }
    // The request's work stops past its deadline or when its client goes (reads only; see plugins/deadline.ts).
    const cancellation = new Cancellation(requestTimeoutMs);
    cancellation.sliced = checked.cost !== null && checked.cost >= SLICE_FROM_COST;
    const deadline = setTimeout(() => cancellation.check(), requestTimeoutMs + 1);
    res.once("close", () => {
      if (!res.writableFinished) cancellation.cancel("the client disconnected");
    });
    let callerId: string | null = null;
    // A cheap query never waits behind heavy ones for a connection (see AppOptions.priorityCost).
    const cheap = checked.operation === "query" && checked.cost !== null && checked.cost <= priorityCost;
    const db = guardReads(cheap && options.db.priority ? options.db.priority : options.db, {
      signal: cancellation.signal,
      statementTimeoutMs: options.statementTimeoutMs,
      active: () => cancellation.active,
      beforeStatement: () => cancellation.check(),
      primary: () => wroteRecently(callerId),
    });
    const rawJson = new RawJson();
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () => {
          const { user, error: authError } = await caller().catch((error: unknown) => {
            const unavailable = unavailableError(error);
            if (!unavailable) throw error;
            throw new UserError(
              ErrorCode.DatabaseUnavailable,
              `The database is unavailable; retry after ${unavailable.retryAfterSeconds} s`,
              {
                retryAfterSeconds: unavailable.retryAfterSeconds,
                http: { status: 503, headers: new HeaderMap([["retry-after", String(unavailable.retryAfterSeconds)]]) },
              },
            );
          });
          callerId = user?.id ?? null;
          const request = { ip: clientIp(req, options.trustProxy ?? false), userAgent: req.headers["user-agent"] ?? null };
          return createContext(db, {
            user,
            ...(authError ? { authError } : {}),
            auth,
            request,
            cancellation,
            region: options.region,
            rawJson,
          });
        },
      });
    try {
      return await serveGraphQL(req, res, { method, search: url.search, body }, execute, serveOptions, rawJson);
    } finally {
      // A mutation protects itself from cancellation: that is how its end is recognised here.
      if (!cancellation.active && callerId !== null) lastWrites.set(callerId, Date.now());
      clearTimeout(deadline);
      release?.();
    }
  }

  // Graceful shutdown: requests in flight, and whether the process takes new ones (see App.shutdown).
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    for (const [key, value] of Object.entries(corsHeaders(req, corsOrigins))) res.setHeader(key, value);
    applySecurityHeaders(res);
    const probe = url.pathname === "/healthz" || url.pathname === "/readyz";
    if (draining) {
      res.setHeader("connection", "close");
      if (!probe) {
        res.setHeader("retry-after", "1");
        return send(res, 503, errorBody("The server is shutting down; retry on another instance", ErrorCode.ShuttingDown));
      }
    }
    inFlight++;
    res.once("close", () => {
      inFlight--;
      // A kept-alive connection is closed once its request is answered: the client reconnects elsewhere.
      if (draining) req.socket.end();
      if (draining && inFlight === 0) drained?.();
    });
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === "/graphql") return await graphql(req, res, url);
      if (url.pathname === "/export") return await serveExport(req, res, url, { db: options.db, auth });
      if (isAnalyticsExport(url.pathname))
        return await serveAnalyticsExport(req, res, url, { db: options.db, auth, region: options.region ?? DEFAULT_REGION });
      if (url.pathname.startsWith(SDMX_PREFIX))
        return await serveSdmx(req, res, url, {
          db: options.db,
          region: options.region ?? DEFAULT_REGION,
          auth,
          cache: responseCache,
          maxAge: serveOptions.maxAge,
          maxObservations: options.sdmxMaxObservations,
          admission,
          rateLimit: rateLimiter ? (r) => rateLimiter.hit(clientIp(r, options.trustProxy ?? false) ?? "unknown") : undefined,
        });
      if (url.pathname === "/metrics" && (req.method === "GET" || req.method === "HEAD"))
        return await serveMetrics(req, res, { token: options.metricsToken, trustProxy: options.trustProxy });
      if (url.pathname.startsWith(REPORTS_PREFIX))
        return await serveReport(req, res, url, { db: options.db, auth, cache: responseCache, region: options.region ?? DEFAULT_REGION });
      if (url.pathname.startsWith(BRANDING_PREFIX)) return await serveBranding(req, res, url, { db: options.db });
      // /healthz: the process is alive and serving (200 even while the database is down: restarting the API
      // would not bring the database back); it tells the database's state. /readyz: whether this instance can
      // answer now (database reachable, migrations applied, not shutting down), and the replicas' state.
      if (url.pathname === "/healthz") {
        refreshHealth();
        const database = { ok: health.ok, checkedMsAgo: Date.now() - health.checkedAt };
        return send(res, 200, JSON.stringify({ status: "ok", driver: options.db.driver, database }));
      }
      if (url.pathname === "/readyz") {
        refreshHealth();
        const checks = {
          database: { ok: health.ok, checkedMsAgo: Date.now() - health.checkedAt },
          migrations: { ok: health.ok && health.pendingMigrations === 0, pending: health.pendingMigrations },
          shuttingDown: draining,
          replicas: options.db.replicas ? replicaStatus(options.db.replicas) : [],
        };
        const ready = checks.database.ok && checks.migrations.ok && !draining;
        res.setHeader("cache-control", "no-store");
        if (!ready) res.setHeader("retry-after", "1");
        return send(
          res,
          ready ? 200 : 503,
          JSON.stringify({ status: ready ? "ready" : "unavailable", driver: options.db.driver, ...checks }),
        );
      }
      if (options.consoleDir && (req.method === "GET" || req.method === "HEAD")) {
        if (await serveStatic(options.consoleDir, url.pathname, req, res)) return;
      }
      send(res, 404, JSON.stringify({ error: "not found" }));
    } catch (error) {
      // The unread rest of the body would be taken for the next request on a kept-alive connection: close it.
      if (error instanceof BodyTooLarge) res.setHeader("connection", "close");
      if (error instanceof BodyTooLarge) return send(res, 413, errorBody(`Request body larger than ${maxBody} bytes`, "BAD_REQUEST"));
      const unavailable = unavailableError(error);
      if (unavailable && !res.headersSent) {
        res.setHeader("retry-after", String(unavailable.retryAfterSeconds));
        return send(
          res,
          503,
          errorBody(`The database is unavailable; retry after ${unavailable.retryAfterSeconds} s`, ErrorCode.DatabaseUnavailable, {
            retryAfterSeconds: unavailable.retryAfterSeconds,
          }),
        );
      }
      log.error({ err: error, url: req.url, method: req.method }, "request failed");
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: "internal error", requestId: currentRequest()?.id }));
      else res.end();
    }
  }

  // Each request runs in its own scope (request id, face, operation): logs and errors name it, metrics count it.
  const server = createServer((req, res) => {
    const started = performance.now();
    const scope: RequestScope = { id: requestIdOf(req), ...routeOf(new URL(req.url ?? "/", "http://localhost").pathname) };
    res.setHeader("x-request-id", scope.id);
    res.once("close", () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.observeRequest(scope.face, scope.operation, res.statusCode, seconds);
      if (res.statusCode >= 500 || seconds >= 1)
        log.warn(
          { requestId: scope.id, method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(seconds * 1000) },
          "slow or failed request",
        );
      else
        log.debug(
          { requestId: scope.id, method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(seconds * 1000) },
          "request",
        );
    });
    void runInRequest(scope, () => handle(req, res));
  });
  // Idle keep-alive sockets outlive a balancer's idle timeout (60 s is common), so the server never closes one the
  // balancer (or a client) is just reusing: that race shows as ECONNRESET / 502. Header reads stay bounded.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    server,
    apollo,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://${host}:${actual}`);
        });
      }),
    shutdown: async (graceMs) => {
      draining = true;
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      // What is still running after the grace period is cut off.
      await close(true);
    },
    close: () => close(false),
  };

  /** Stops listening, waits for requests in flight (or cuts them off with `force`), then stops Apollo and the cache. */
  async function close(force: boolean) {
    clearInterval(sweep);
    clearInterval(pinger);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (force) server.closeAllConnections();
    await closed;
    server.closeAllConnections();
    await changes?.close();
    await apollo.stop();
    await responseCache?.close();
  }
}
