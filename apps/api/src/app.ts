/**
 * The HTTP face of the API: GraphQL at `/graphql` through Apollo Server's HTTP integration API, `/healthz`,
 * and the built console as static files. Stateless: everything a request needs comes from the database and
 * its own context, so any number of processes can serve behind a balancer.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { DbHandle } from "@ilms/db";
import { randomBytes } from "node:crypto";
import { authenticate } from "./auth/authenticate";
import { clientIp } from "./auth/client-ip";
import { applySecurityHeaders } from "./auth/security-headers";
import { authConfig } from "./auth/tokens";
import type { AuthConfig } from "./auth/tokens";
import { createContext } from "./context";
import type { Context } from "./context";
import { maskError } from "./errors";
import { serveStatic } from "./http/static";
import { serveExport } from "./http/export";
import { SDMX_PREFIX, serveSdmx } from "./http/sdmx";
import { warningsPlugin } from "./http/warnings";
import { serveGraphQL } from "./http/graphql-response";
import type { ServeOptions } from "./http/graphql-response";
import { MemoryResponseCache } from "./http/response-cache";
import type { ResponseCache } from "./http/response-cache";
import { limitsAndCachingPlugin } from "./plugins/cacheability";
import type { LimitsOptions } from "./plugins/cacheability";
import { getSchema } from "./schema";

export interface AppOptions {
  db: DbHandle;
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
  /** Depth and data-field limits per operation. */
  limits?: LimitsOptions | undefined;
}

export interface App {
  server: Server;
  apollo: ApolloServer<Context>;
  listen(port: number, host?: string): Promise<string>;
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

function corsHeaders(req: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  if (!origins.includes("*") && !origins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origins.includes("*") ? "*" : origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "content-type, authorization, apollo-require-preflight",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

export async function createApp(options: AppOptions): Promise<App> {
  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [limitsAndCachingPlugin(options.limits), ApolloServerPluginCacheControlDisabled(), warningsPlugin()],
    // Credentials travel in headers (never cookies) and mutations are refused over GET, so cross-site requests
    // cannot act for a user; plain GET queries (cacheable URLs) must work, which CSRF prevention would block.
    csrfPrevention: false,
  });
  await apollo.start();
  const corsOrigins = options.corsOrigins ?? [];
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const auth = options.auth ?? authConfig(randomBytes(32));
  const responseCache = options.responseCache === undefined ? new MemoryResponseCache() : options.responseCache;
  const serveOptions: ServeOptions = { db: options.db, cache: responseCache, maxAge: options.cacheMaxAge ?? 60 };

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    let body: unknown = undefined;
    if (req.method === "POST") {
      const text = await readBody(req, maxBody);
      const type = headers.get("content-type") ?? "";
      if (type.startsWith("application/json") || type.startsWith("application/graphql-response+json")) {
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          return send(
            res,
            400,
            JSON.stringify({ errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] }),
          );
        }
      } else body = text;
    }
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () => {
          const caller = await authenticate(options.db, auth, req.headers);
          const request = { ip: clientIp(req, options.trustProxy ?? false), userAgent: req.headers["user-agent"] ?? null };
          return createContext(options.db, { user: caller.user, ...(caller.error ? { authError: caller.error } : {}), auth, request });
        },
      });
    return serveGraphQL(req, res, { method, search: url.search, body }, execute, serveOptions);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    for (const [key, value] of Object.entries(corsHeaders(req, corsOrigins))) res.setHeader(key, value);
    applySecurityHeaders(res);
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === "/graphql") return await graphql(req, res, url);
      if (url.pathname === "/export") return await serveExport(req, res, url, { db: options.db, auth });
      if (url.pathname.startsWith(SDMX_PREFIX)) return await serveSdmx(req, res, url, { db: options.db, auth });
      if (url.pathname === "/healthz") {
        await options.db.query("select 1");
        return send(res, 200, JSON.stringify({ status: "ok", driver: options.db.driver }));
      }
      if (options.consoleDir && (req.method === "GET" || req.method === "HEAD")) {
        if (await serveStatic(options.consoleDir, url.pathname, req, res)) return;
      }
      send(res, 404, JSON.stringify({ error: "not found" }));
    } catch (error) {
      // The unread rest of the body would be taken for the next request on a kept-alive connection: close it.
      if (error instanceof BodyTooLarge) res.setHeader("connection", "close");
      if (error instanceof BodyTooLarge)
        return send(
          res,
          413,
          JSON.stringify({ errors: [{ message: `Request body larger than ${maxBody} bytes`, extensions: { code: "BAD_REQUEST" } }] }),
        );
      console.error(error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: "internal error" }));
      else res.end();
    }
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
      await responseCache?.close();
    },
  };
}
