/**
 * `GET /branding/<region>/logo`: the logo a region file names (`branding.logo`), as stored when the file was
 * applied (`ilms region apply`). Public, like the region's name: the console shows it on the sign-in page.
 * Kept by browsers for a day under its URL, which carries the logo's hash (`?v=`), revalidated by ETag. An SVG
 * is served sandboxed (no script runs in it even when opened on its own).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DbHandle } from "@ilms/db";
import type { RegionDefinition } from "@ilms/domain/region";
import { findRegion } from "@ilms/query";

export const BRANDING_PREFIX = "/branding/";
const LOGO_PATH = /^\/branding\/([a-z][a-z0-9-]{1,29})\/logo$/;

/** The URL of a region's logo (with its version), or null when the region has none stored. */
export function logoUrl(regionId: string, definition: Pick<RegionDefinition, "branding">): string | null {
  const image = definition.branding.image;
  return image ? `${BRANDING_PREFIX}${regionId}/logo?v=${image.sha256.slice(0, 16)}` : null;
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

export async function serveBranding(req: IncomingMessage, res: ServerResponse, url: URL, options: { db: DbHandle }): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "METHOD_NOT_ALLOWED", "A logo is read with GET");
  const match = LOGO_PATH.exec(url.pathname);
  if (!match) return sendError(res, 404, "NOT_FOUND", "No such resource: ask for /branding/<region>/logo");
  const region = await findRegion(options.db, match[1]!);
  if (!region) return sendError(res, 404, "NOT_FOUND", `Region ${match[1]} is not applied`);
  const image = region.definition.branding.image;
  if (!image) return sendError(res, 404, "NOT_FOUND", `Region ${region.id} names no logo file (branding.logo)`);
  const etag = `"${image.sha256}"`;
  const headers = {
    "content-type": image.mediaType,
    "cache-control": "public, max-age=86400",
    etag,
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const bytes = Buffer.from(image.data, "base64");
  res.writeHead(200, { ...headers, "content-length": bytes.byteLength });
  res.end(req.method === "HEAD" ? undefined : bytes);
}
