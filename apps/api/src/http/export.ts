/**
 * `GET /export`: downloads for the console and scripts, with the caller's visibility (the same credentials and
 * rules as GraphQL: anonymous callers get published rounds past their release time, staff every round).
 *
 *   /export?table=15&format=ilostat-csv|csv|xlsx&filter=<URL-encoded JSON of ObservationFilterInput>&asOfRound=CODE&lang=fr
 *
 * Labels (labelled CSV, XLSX) are in `lang=`, else the first language of `Accept-Language`, else English; the
 * answer says which in `Content-Language`, and `X-ILMS-Lang-Fallback` counts, per code list, the codes that
 * have no label in that language and are given in English.
 *
 * The filter is coerced by the GraphQL schema's own input type, so it takes exactly what GraphQL takes. Everything
 * that can be wrong is checked before the first byte and answered as JSON `{ error: { code, message } }` (400,
 * 401, 404); then the rows stream from the engine in batches, and stop when the client goes away.
 *
 *   /export/corridors.csv?measure=STOCK&year=2019 · /export/mirror.xlsx?yearFrom=2010&yearTo=2024 · /export/gaps.csv?year=2020
 *
 * are the migration analytics as downloads ({@link serveAnalyticsExport}).
 */
// The filter input type is declared with decorators, which need the metadata polyfill loaded first.
import { log } from "../observability/log";
import "reflect-metadata";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLInputObjectType, coerceInputValue } from "graphql";
import type { DbHandle } from "@ilms/db";
import type * as Formats from "@ilms/formats";
import type { AnalyticsFormat, AnalyticsKind, ExportFormat, PreparedAnalyticsExport, PreparedExport } from "@ilms/formats";
import { QueryError, acceptedLanguages } from "@ilms/query";
import type { ObservationFilter } from "@ilms/query";
import { regionExpectations } from "../modules/regions/expectations-cache";
import { authenticate } from "@ilms/governance/authenticate";
import type { AuthConfig } from "@ilms/governance/tokens";
import { canReadDrafts } from "../context";
import { toEngineFilter } from "../modules/observations/observation.input";
import type { ObservationFilterInput } from "../modules/observations/observation.input";
import { getSchema } from "../schema";

/**
 * `@ilms/formats` (its XLSX writer brings exceljs, the largest module load of the API) is loaded at the first
 * download, not at start-up.
 */
let formatsModule: Promise<typeof Formats> | undefined;
const loadFormats = () => (formatsModule ??= import("@ilms/formats"));

export interface ExportRouteOptions {
  db: DbHandle;
  auth: AuthConfig;
  /** Id of the active region (`ILMS_REGION`). */
  region?: string | undefined;
}

class ExportRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const bad = (message: string, details: Record<string, unknown> = {}) => new ExportRequestError(400, "BAD_USER_INPUT", message, details);
/** User input is never echoed beyond a short prefix. */
const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}...` : text);

function sendError(res: ServerResponse, error: ExportRequestError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } });
  res.writeHead(error.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

async function parseFilter(text: string | null): Promise<ObservationFilter | undefined> {
  if (text === null || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad("filter is not valid JSON (URL-encoded JSON of an ObservationFilterInput)", { field: "filter" });
  }
  const type = (await getSchema()).getType("ObservationFilterInput");
  if (!(type instanceof GraphQLInputObjectType)) throw new Error("ObservationFilterInput is missing from the schema");
  const problems: string[] = [];
  const coerced = coerceInputValue(value, type, (path, _invalid, error) => {
    problems.push(`${["filter", ...path].join(".")}: ${error.message}`);
  }) as ObservationFilterInput | undefined;
  if (problems.length > 0 || coerced === undefined)
    throw bad(short(problems[0] ?? "filter is not an ObservationFilterInput").slice(0, 300), { field: "filter" });
  return toEngineFilter(coerced);
}

async function prepare(req: IncomingMessage, url: URL, options: ExportRouteOptions): Promise<PreparedExport & { drafts: boolean }> {
  if (req.method !== "GET" && req.method !== "HEAD") throw new ExportRequestError(405, "METHOD_NOT_ALLOWED", "Exports are read with GET");
  const caller = await authenticate(options.db, options.auth, req.headers);
  if (caller.error) throw new ExportRequestError(401, "UNAUTHENTICATED", caller.error);
  const params = url.searchParams;
  const format = (params.get("format") ?? "ilostat-csv") as ExportFormat;
  const { EXPORT_FORMATS, prepareExport } = await loadFormats();
  if (!EXPORT_FORMATS.includes(format))
    throw bad(`format '${short(format)}' is not one of ${EXPORT_FORMATS.join(", ")}`, { field: "format" });
  const tableText = params.get("table");
  const table = tableText === null || tableText === "" ? undefined : Number(tableText);
  if (table !== undefined && !Number.isInteger(table))
    throw bad(`table takes a table number, got '${short(tableText!)}'`, { field: "table" });
  const filter = await parseFilter(params.get("filter"));
  const drafts = canReadDrafts(caller);
  const langParam = params.get("lang");
  if (langParam !== null && !/^[a-z]{2,3}$/.test(langParam))
    throw bad(`lang takes a language code such as fr, got '${short(langParam)}'`, { field: "lang" });
  const lang = langParam ?? acceptedLanguages(req.headers["accept-language"])[0] ?? "en";
  try {
    const job = await prepareExport(options.db, {
      format,
      table,
      filter,
      asOfRound: params.get("asOfRound"),
      includeUnpublished: drafts,
      lang,
    });
    return { ...job, drafts };
  } catch (error) {
    if (error instanceof QueryError)
      throw new ExportRequestError(error.code === "NOT_FOUND" ? 404 : 400, error.code, error.message, error.details);
    throw error;
  }
}

/** The headers of a download: its type and file name, never cached, and which rounds it holds. */
function attachmentHeaders(res: ServerResponse, contentType: string, fileName: string, drafts: boolean): void {
  res.statusCode = 200;
  res.setHeader("content-type", contentType);
  res.setHeader("content-disposition", `attachment; filename="${fileName}"`);
  res.setHeader("cache-control", drafts ? "private, no-store" : "no-store");
  res.setHeader("x-ilms-rounds", drafts ? "all, including unpublished" : "published and released");
}

export async function serveExport(req: IncomingMessage, res: ServerResponse, url: URL, options: ExportRouteOptions): Promise<void> {
  let job: PreparedExport & { drafts: boolean };
  try {
    job = await prepare(req, url, options);
  } catch (error) {
    if (error instanceof ExportRequestError) return sendError(res, error);
    throw error;
  }
  const { EXPORT_CONTENT_TYPES, OutputClosed, exportFileName } = await loadFormats();
  attachmentHeaders(res, EXPORT_CONTENT_TYPES[job.format], exportFileName(job.format, job.plans), job.drafts);
  if (job.format !== "ilostat-csv") {
    res.setHeader("content-language", job.language.lang);
    res.setHeader("vary", "Accept-Language");
    // Code lists, then (XLSX) the titles it shows: `table title 1/1`, `indicator title 4/4`.
    const fell = [
      ...job.language.fallbacks.map((f) => `${f.codelist} ${f.untranslated}/${f.total}`),
      ...job.language.texts.map((f) => `${f.kind} ${f.field} ${f.untranslated}/${f.total}`),
    ];
    if (fell.length > 0) res.setHeader("x-ilms-lang-fallback", `en; ${fell.join(", ")} without a ${job.language.lang} label`);
  }
  if (req.method === "HEAD") return void res.end();
  // A client that goes away mid-stream destroys the response; late writes of the XLSX zip must not throw.
  res.on("error", () => {});
  try {
    await job.write(res);
    if (job.format !== "xlsx") res.end();
  } catch (error) {
    if (error instanceof OutputClosed || res.destroyed) return;
    // Headers are gone: the only honest signal left is a broken transfer.
    log.error({ err: error }, "export failed");
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

const ANALYTICS_PATH = /^\/export\/(corridors|mirror|gaps)\.(csv|xlsx)$/;

/** Whether a path is an analytics download (`/export/corridors.csv`, `/export/mirror.xlsx`, `/export/gaps.csv`). */
export const isAnalyticsExport = (pathname: string) => pathname.startsWith("/export/");

/** A list parameter: `origins=IDN,MYS` or `origins=IDN&origins=MYS`. */
function list(params: URLSearchParams, name: string): string[] | null {
  const values = params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  return values.length > 0 ? values : null;
}

function integer(params: URLSearchParams, name: string): number | null {
  const text = params.get(name);
  if (text === null || text === "") return null;
  const n = Number(text);
  if (!Number.isInteger(n)) throw bad(`${name} takes a whole year, got '${short(text)}'`, { field: name });
  return n;
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | null {
  const text = params.get(name);
  if (text === null || text === "") return null;
  if (!allowed.includes(text as T)) throw bad(`${name} '${short(text)}' is not one of ${allowed.join(", ")}`, { field: name });
  return text as T;
}

/**
 * `GET /export/{corridors|mirror|gaps}.{csv|xlsx}?measure=&side=&origins=&destinations=&countries=&year=&yearFrom=&yearTo=&sex=&asOfRound=`:
 * the analytics as downloads, with the caller's visibility; the same arguments as the GraphQL queries, lists
 * comma-separated. Errors are answered as JSON before the first byte.
 */
export async function serveAnalyticsExport(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: ExportRouteOptions,
): Promise<void> {
  let job: PreparedAnalyticsExport;
  let drafts: boolean;
  try {
    if (req.method !== "GET" && req.method !== "HEAD") throw new ExportRequestError(405, "METHOD_NOT_ALLOWED", "Exports are read with GET");
    const match = ANALYTICS_PATH.exec(url.pathname);
    if (!match) throw new ExportRequestError(404, "NOT_FOUND", "No such download: use /export/corridors|mirror|gaps.csv|xlsx");
    const caller = await authenticate(options.db, options.auth, req.headers);
    if (caller.error) throw new ExportRequestError(401, "UNAUTHENTICATED", caller.error);
    drafts = canReadDrafts(caller);
    const p = url.searchParams;
    try {
      job = await (
        await loadFormats()
      ).prepareAnalyticsExport(options.db, {
        kind: match[1] as AnalyticsKind,
        format: match[2] as AnalyticsFormat,
        measure: oneOf(p, "measure", ["STOCK", "FLOW", "EMPLOYMENT_FLOW"] as const),
        side: oneOf(p, "side", ["DESTINATION", "ORIGIN", "BOTH"] as const),
        origins: list(p, "origins"),
        destinations: list(p, "destinations"),
        countries: list(p, "countries"),
        year: integer(p, "year"),
        yearFrom: integer(p, "yearFrom"),
        yearTo: integer(p, "yearTo"),
        sex: p.get("sex") || null,
        asOfRound: p.get("asOfRound") || null,
        includeUnpublished: drafts,
        region: options.region ?? null,
        expectations: () => regionExpectations(options.db, options.region ?? null),
      });
    } catch (error) {
      if (error instanceof QueryError)
        throw new ExportRequestError(error.code === "NOT_FOUND" ? 404 : 400, error.code, error.message, error.details);
      throw error;
    }
  } catch (error) {
    if (error instanceof ExportRequestError) return sendError(res, error);
    throw error;
  }
  attachmentHeaders(res, ANALYTICS_CONTENT_TYPES[job.format], job.fileName, drafts);
  if (req.method === "HEAD") return void res.end();
  res.on("error", () => {});
  try {
    await job.write(res);
    if (job.format !== "xlsx") res.end();
  } catch (error) {
    if (error instanceof (await loadFormats()).OutputClosed || res.destroyed) return;
    console.error("export failed", error);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

const ANALYTICS_CONTENT_TYPES: Record<AnalyticsFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
