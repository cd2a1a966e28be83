/**
 * `GET /reports/<round>.<format>?lang=en&region=ASEAN`: the analytical report of a round (html, pdf, xlsx),
 * with the caller's visibility: a round anonymous callers may not see is answered 404, as every hidden thing
 * is; staff see draft rounds' reports (marked as drafts). Reports of public rounds are kept in the response
 * cache per round, region, language and format until the data epoch moves on (any mutation, a publication),
 * so that a report is rebuilt only when its round may have changed; staff reports are never cached.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DbHandle } from "@ilms/db";
import { authenticate } from "@ilms/governance/authenticate";
import type { AuthConfig } from "@ilms/governance/tokens";
import { QueryError } from "@ilms/query";
import type * as Report from "@ilms/report";
import { canReadDrafts } from "../context";
import type { ResponseCache } from "./response-cache";
import { etagOf } from "./response-cache";

/** `@ilms/report` (vega, vega-lite, pdfkit, exceljs) is loaded at the first report asked for, not at start-up. */
let reportModule: Promise<typeof Report> | undefined;
const loadReport = () => (reportModule ??= import("@ilms/report"));

export const REPORTS_PREFIX = "/reports/";

/** How long a cached public report may be kept (the epoch drops it earlier when data change). */
const REPORT_MAX_AGE = 3600;

export interface ReportRouteOptions {
  db: DbHandle;
  auth: AuthConfig;
  cache: ResponseCache | null;
  /** Id of the active region (`ILMS_REGION`): its name and logo on the title page. */
  region?: string | undefined;
}

function sendError(res: ServerResponse, status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  const body = JSON.stringify({ error: { code, message, ...details } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}...` : text);

export async function serveReport(req: IncomingMessage, res: ServerResponse, url: URL, options: ReportRouteOptions): Promise<void> {
  const { REPORT_FORMATS, generateReport, isReportFormat } = await loadReport();
  if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "METHOD_NOT_ALLOWED", "Reports are read with GET");
  const name = decodeURIComponent(url.pathname.slice(REPORTS_PREFIX.length));
  const dot = name.lastIndexOf(".");
  const round = dot > 0 ? name.slice(0, dot) : "";
  const format = dot > 0 ? name.slice(dot + 1) : "";
  if (round === "" || !isReportFormat(format))
    return sendError(
      res,
      400,
      "BAD_USER_INPUT",
      `Ask for /reports/<round>.<format> with format ${REPORT_FORMATS.join(", ")}; got '${short(name)}'`,
      {
        field: "format",
      },
    );
  const caller = await authenticate(options.db, options.auth, req.headers);
  if (caller.error) return sendError(res, 401, "UNAUTHENTICATED", caller.error);
  const drafts = canReadDrafts(caller);
  const lang = url.searchParams.get("lang") || "en";
  // Without region=, the active region's group.
  const region = url.searchParams.get("region") || null;
  if (!/^[a-z]{2,3}$/.test(lang))
    return sendError(res, 400, "BAD_USER_INPUT", `lang takes a language code such as en or fr, got '${short(lang)}'`, { field: "lang" });
  const cache = drafts ? null : options.cache;
  const key = `report\u0000${round}\u0000${region ?? ""}\u0000${lang}\u0000${format}`;
  const cached = await cache?.get(key);
  let body: Buffer;
  let fileName: string;
  let contentType: string;
  let etag: string;
  if (cached) {
    body = Buffer.from(cached.body, "base64");
    [contentType, fileName] = cached.contentType.split("\u0000") as [string, string];
    etag = cached.etag;
    res.setHeader("x-ilms-cache", "hit");
  } else {
    const since = await cache?.epoch();
    try {
      const report = await generateReport(options.db, { round, region, activeRegion: options.region ?? null, lang, drafts }, format);
      body = report.bytes;
      fileName = report.fileName;
      contentType = report.contentType;
    } catch (error) {
      if (error instanceof QueryError)
        return sendError(res, error.code === "NOT_FOUND" ? 404 : 400, error.code, error.message, error.details as Record<string, unknown>);
      throw error;
    }
    etag = etagOf(body.toString("base64"));
    if (cache && since !== undefined)
      await cache.set(
        key,
        { status: 200, contentType: `${contentType}\u0000${fileName}`, body: body.toString("base64"), etag, maxAge: REPORT_MAX_AGE },
        since,
      );
    res.setHeader("x-ilms-cache", cache ? "miss" : "none");
  }
  res.statusCode = 200;
  res.setHeader("content-type", contentType);
  res.setHeader("content-length", body.length);
  res.setHeader("etag", etag);
  res.setHeader("content-disposition", `${format === "html" ? "inline" : "attachment"}; filename="${fileName}"`);
  res.setHeader("cache-control", drafts ? "private, no-store" : "no-cache");
  if (format === "html") {
    // The page loads nothing; the console may frame it (its preview).
    res.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    res.setHeader("x-frame-options", "SAMEORIGIN");
  }
  if (req.method === "HEAD") return void res.end();
  res.end(body);
}
