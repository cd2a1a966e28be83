/**
 * Serves the built console: files by path, `graphiql.html` (the bundled GraphQL explorer) at `/graphiql`, and
 * `index.html` for the console's client-side routes.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".map": "application/json",
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Returns false when nothing was served (no console build). */
export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const base = resolve(root);
  // Second entry of the console build: the explorer has its own page, not a client-side route.
  if (pathname === "/graphiql" || pathname === "/graphiql/") pathname = "/graphiql.html";
  const wanted = resolve(join(base, normalize(decodeURIComponent(pathname))));
  if (!wanted.startsWith(base)) return false;
  const file = (await isFile(wanted)) ? wanted : join(base, "index.html");
  if (!(await isFile(file))) return false;
  const immutable = file.includes(`${base}/assets/`);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}
