/**
 * SDMX REST 2.1 under `/sdmx/rest/`: a second face of the query engine, with the same visibility as GraphQL
 * (anonymous callers see published, released rounds; `Authorization` / `X-API-Key` authenticate as there).
 *
 *   /sdmx/rest/dataflow|datastructure|codelist|conceptscheme|contentconstraint/{agency}/{id}/{version}?references=&detail=
 *   /sdmx/rest/availableconstraint/{flow}/{key}/{provider}/{component}?mode=exact|available
 *   /sdmx/rest/data/{flow}/{key}/{provider}?startPeriod=&endPeriod=&firstNObservations=&lastNObservations=
 *       &updatedAfter=&includeHistory=&detail=&dimensionAtObservation=&format=
 *   3.0: /sdmx/rest/data/dataflow/{agency}/{id}/{version}/{key}?c[DIM]=&attributes=&measures=&asOf=&offset=&limit=
 *        /sdmx/rest/structure/{type}/{agency}/{id}/{version}
 *
 * Labels in the language of `Accept-Language` where they exist (`Content-Language` says which was used).
 * Anonymous answers carry an `ETag` and `Last-Modified` derived from the public publication state and the data
 * epoch (they change exactly when what the public sees changes) and answer conditional requests with 304;
 * small ones are kept in the response cache GraphQL uses. Bodies are compressed (gzip or brotli) as they stream.
 *
 * Formats by `Accept` (the SDMX media types) or `format=`; errors are SDMX error messages (404 NoResultsFound,
 * 400 for a bad query with the reason, 401, 406, 501 for what is documented as not supported yet). Data are read
 * from the engine in batches and written as they come; nothing is sent before the query is known to be good.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform } from "node:stream";
import type { Writable } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import { readOnly } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import {
  SDMX_STRUCTURE_WRITERS,
  SDMX_FORMAT_NAMES,
  errorMessageXml,
  negotiateData,
  negotiateStructure,
  sdmxJsonError,
  isJsonFormat,
  writeGenericDataWithHistory,
  writeGenericSeries,
  writeGenericSeriesKeys,
  writeSdmxData,
  writeStructureSpecificDataWithHistory,
} from "@ilms/formats/sdmx";
import type { SdmxHeader, SdmxStructures } from "@ilms/formats/sdmx";
import { QueryError, countCells, findRegion, labelLanguages, publicationState, readTextLabels } from "@ilms/query";
import type { RoundStamp } from "@ilms/query";
import {
  AGENCY,
  CODELISTS_SDMX,
  CONCEPTS,
  localiseConcepts,
  localiseFlows,
  CONCEPT_SCHEME,
  DATAFLOWS,
  dataflowsOf,
  SdmxError,
  NO_ROW_OPTIONS,
  VERSION,
  actualConstraint,
  asOfRound,
  availableConstraint,
  componentFilters,
  constraintIdOf,
  countOf,
  dataFilter,
  historySets,
  instantOf,
  key30,
  loadCodelists,
  matches,
  measuresOf,
  negotiateLanguage,
  prepareData,
  resolveFlow,
  roundStamps,
  selectRows,
  short,
  withAttributes,
} from "@ilms/sdmx";
import type { ContentConstraint, RowOptions, SdmxCodelist, SdmxDataflow } from "@ilms/sdmx";
import type { Admission } from "../plugins/admission";
import { dataEpoch } from "./response-cache";
import type { ResponseCache } from "./response-cache";
import { authenticate } from "@ilms/governance/authenticate";
import type { AuthConfig } from "@ilms/governance/tokens";
import { canReadDrafts } from "../context";
import { log } from "../observability/log";

export const SDMX_PREFIX = "/sdmx/rest/";

export interface SdmxRouteOptions {
  db: DbHandle;
  auth: AuthConfig;
  /** The response cache GraphQL uses (anonymous answers only); null or absent for none. */
  cache?: ResponseCache | null | undefined;
  /** The per-address rate limit GraphQL applies to anonymous callers: seconds to wait, or null when allowed. */
  rateLimit?: ((req: IncomingMessage) => number | null) | undefined;
  /** Most observations one data message may hold (413 beyond); default 1,000,000. */
  maxObservations?: number | undefined;
  /** Seconds anonymous answers may be kept by clients and the cache (default 60). */
  maxAge?: number | undefined;
  /**
   * The admission control GraphQL uses: a data message of at least `heavyCost` observations (one observation
   * counts as one unit of cost) waits for a slot, and is refused with 503 when the queue is full.
   */
  admission?: Admission | undefined;
  /** Id of the active region (`ILMS_REGION`): its `sdmxAgency` maintains the ILMS table flows. */
  region?: string | undefined;
  /** The flows of this request, under the active region's agency (set by {@link serveSdmx}). */
  flows?: readonly SdmxDataflow[];
}

/** The flows with the table flows under the active region's `sdmxAgency` (`ILO` without a region applied). */
async function flowsOf(options: SdmxRouteOptions): Promise<readonly SdmxDataflow[]> {
  const region = options.region ? await findRegion(options.db, options.region) : undefined;
  return dataflowsOf(region?.definition.sdmxAgency);
}

const STRUCTURE_RESOURCES = ["dataflow", "datastructure", "codelist", "conceptscheme", "contentconstraint"] as const;
type StructureResource = (typeof STRUCTURE_RESOURCES)[number];

/** SDMX 3.0 structure types (`/structure/{type}/...`) that name one of ours. */
const STRUCTURE_TYPES_30: Record<string, StructureResource> = {
  dataflow: "dataflow",
  datastructure: "datastructure",
  codelist: "codelist",
  conceptscheme: "conceptscheme",
  dataconstraint: "contentconstraint",
  contentconstraint: "contentconstraint",
};

/** Resources of the 2.1 specification that are not served (501). */
const NOT_YET = [
  "categoryscheme",
  "categorisation",
  "agencyscheme",
  "hierarchicalcodelist",
  "metadataflow",
  "metadatastructure",
  "provisionagreement",
  "structureset",
  "schema",
  "metadata",
];

/** Bodies below this size are sent as they are: compressing them costs more than it saves. */
const COMPRESS_FROM = 1024;
/** Most observations of a message grouped by series (grouped in memory). */
const SERIES_UP_TO = 200_000;
/** Anonymous answers up to this size are kept in the response cache. */
const CACHE_UP_TO = 1024 * 1024;
/** A memory cache's epoch restarts with the process: validators carry the process too. */
const BOOT = randomBytes(6).toString("hex");

function messageHeader(): SdmxHeader {
  return { id: `IREF${randomBytes(6).toString("hex")}`, prepared: new Date().toISOString() };
}

function sendSdmxError(res: ServerResponse, error: SdmxError, json: boolean): void {
  const body = json
    ? sdmxJsonError(error.code, error.message, messageHeader().id, messageHeader().prepared)
    : errorMessageXml(error.code, error.message);
  res.writeHead(error.status, {
    "content-type": json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    vary: "Accept",
  });
  res.end(body);
}

/** The engine's bad-request errors in SDMX terms. */
function fromQueryError(error: QueryError): SdmxError {
  return new SdmxError(error.code === "NOT_FOUND" ? "NoResultsFound" : "SemanticError", error.message);
}

const segmentsOf = (path: string) => {
  const parts = path.split("/").map((p) => decodeURIComponent(p));
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop(); // trailing slashes
  return parts;
};

/** An id of a reference: any (`all`, `*`, empty), one id, or several (3.0: comma-separated). */
const idMatches = (wanted: string | undefined, id: string) =>
  wanted === undefined || wanted === "" || wanted === "all" || wanted === "*" || wanted.split(",").includes(id);

/** 3.0 writes `~` for the latest version and `*` for any. */
const version30 = (version: string | undefined) => (version === "~" || version === "*" ? "latest" : version);

type References = "none" | "parents" | "children" | "descendants" | "all";

function referencesOf(params: URLSearchParams): References {
  const value = (params.get("references") ?? "none").toLowerCase();
  if (value === "none" || value === "parents" || value === "children" || value === "descendants" || value === "all") return value;
  throw new SdmxError("NotImplemented", `references=${short(value)} is not supported; use none, parents, children, descendants or all`);
}

type Detail = "full" | "allstubs" | "referencestubs";

function detailOf(params: URLSearchParams): Detail {
  const value = (params.get("detail") ?? "full").toLowerCase();
  if (value === "full" || value === "allstubs" || value === "referencestubs") return value;
  throw new SdmxError("NotImplemented", `detail=${short(value)} is not supported for structures; use full, allstubs or referencestubs`);
}

const codelistsOfFlows = (flows: readonly SdmxDataflow[]): SdmxCodelist[] => {
  const ids = new Set(
    flows.flatMap((f) => [...f.dimensions.map((d) => d.codelist), ...f.attributes.flatMap((a) => (a.codelist ? [a.codelist] : []))]),
  );
  return CODELISTS_SDMX.filter((c) => ids.has(c.id));
};

interface Selected {
  dataflows: SdmxDataflow[];
  datastructures: SdmxDataflow[];
  codelists: SdmxCodelist[];
  concepts: boolean;
  /** Flows whose actual content constraint is included. */
  constrained: SdmxDataflow[];
}

/**
 * What a structure query selects, with its references. Children go one level down (a flow's data structure;
 * a data structure's code lists and concepts; a constraint's flow), descendants all the way; parents one
 * level up (a code list's or the concept scheme's data structures; a data structure's flows).
 */
function selectStructures(
  resource: StructureResource,
  agency: string | undefined,
  id: string | undefined,
  version: string | undefined,
  references: References,
  all: readonly SdmxDataflow[] = DATAFLOWS,
): Selected {
  // Flows, their data structures and constraints under their own agency; code lists and concepts under ILO's.
  const ours = matches(version, VERSION);
  const flows = all.filter((f) => matches(agency, f.agency));
  const ilo = matches(agency, AGENCY);
  const down = references === "children" || references === "descendants" || references === "all";
  const deep = references === "descendants" || references === "all";
  const up = references === "parents" || references === "all";
  const s: Selected = { dataflows: [], datastructures: [], codelists: [], concepts: false, constrained: [] };
  if (!ours) return s;
  const belowDsd = (picked: SdmxDataflow[]) => {
    s.codelists = codelistsOfFlows(picked);
    s.concepts = picked.length > 0;
  };
  if (resource === "dataflow") {
    s.dataflows = flows.filter((f) => idMatches(id, f.id));
    if (down) s.datastructures = s.dataflows;
    if (deep) belowDsd(s.dataflows);
  } else if (resource === "datastructure") {
    s.datastructures = flows.filter((f) => idMatches(id, f.dsd));
    if (down) belowDsd(s.datastructures);
    if (up) s.dataflows = s.datastructures;
  } else if (resource === "codelist") {
    s.codelists = ilo ? CODELISTS_SDMX.filter((c) => idMatches(id, c.id)) : [];
    if (up) s.datastructures = all.filter((f) => codelistsOfFlows([f]).some((c) => s.codelists.includes(c)));
  } else if (resource === "conceptscheme") {
    s.concepts = ilo && idMatches(id, CONCEPT_SCHEME);
    if (s.concepts && up) s.datastructures = [...all];
  } else {
    s.constrained = flows.filter((f) => idMatches(id, constraintIdOf(f)));
    if (down) s.dataflows = s.constrained;
    if (deep) {
      s.datastructures = s.constrained;
      belowDsd(s.constrained);
    }
  }
  return s;
}

const primaryOf = (resource: StructureResource, s: Selected, constraints: readonly ContentConstraint[]) =>
  ({
    dataflow: s.dataflows,
    datastructure: s.datastructures,
    codelist: s.codelists,
    conceptscheme: s.concepts ? [CONCEPT_SCHEME] : [],
    contentconstraint: constraints,
  })[resource];

/** Per request: who asks, in which language, and the validator of what they may see. */
interface RequestScope {
  drafts: boolean;
  lang: string;
  /** The language asked could not be served (labels in English instead). */
  fallback: boolean;
  /** Anonymous-equivalent answers: the validator and the cache key base; null for staff (never cached). */
  public: { etag: string; lastModified: string | null; epoch: string | null } | null;
  /**
   * Where the answer is read: published data may come from a read replica; a signed-in caller (who may just
   * have written) reads the primary.
   */
  reader: DbHandle;
}

/** The database handle whose reads go to a healthy read replica when there are replicas, else `db` itself. */
function replicaReader(db: DbHandle): DbHandle {
  return db.replicas ? { ...db, query: readOnly(db).query } : db;
}

async function scopeOf(req: IncomingMessage, url: URL, format: string, options: SdmxRouteOptions): Promise<RequestScope> {
  const caller = await authenticate(options.db, options.auth, req.headers);
  if (caller.error) throw new SdmxError("Unauthorized", caller.error);
  const drafts = canReadDrafts(caller);
  const { lang, fallback } = negotiateLanguage(req.headers["accept-language"], await labelLanguages(options.db));
  if (drafts) return { drafts, lang, fallback, public: null, reader: options.db };
  // The epochs move on after every mutation (labels, code lists, publication), the cache's in every process
  // sharing it; the publication state changes when an embargo passes, which no mutation announces.
  const epoch = options.cache ? await options.cache.epoch() : null;
  const state = await publicationState(options.db);
  // A shared (Redis) epoch is the same in every process, so validators are too; a process-local one restarts
  // with the process, which the validator then names.
  const local = options.cache?.kind === "redis" ? "" : `${BOOT}:${dataEpoch()}`;
  const etag = `"${createHash("sha1")
    .update([local, options.cache?.kind ?? "", epoch ?? "", state.tag, url.pathname, url.search, format, lang].join("\u0000"))
    .digest("base64url")}"`;
  return { drafts, lang, fallback, public: { etag, lastModified: state.lastModified, epoch }, reader: replicaReader(options.db) };
}

function notModified(req: IncomingMessage, scope: RequestScope): boolean {
  if (!scope.public) return false;
  const tags = req.headers["if-none-match"];
  if (tags) return tags.split(",").some((t) => t.trim().replace(/^W\//, "") === scope.public!.etag || t.trim() === "*");
  const since = req.headers["if-modified-since"];
  if (!since || !scope.public.lastModified) return false;
  const time = Date.parse(since);
  // HTTP dates have whole seconds.
  return Number.isFinite(time) && Math.floor(Date.parse(scope.public.lastModified) / 1000) <= Math.floor(time / 1000);
}

function encodingFor(req: IncomingMessage): "br" | "gzip" | null {
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (/\bbr\b/.test(accept)) return "br";
  if (/\bgzip\b/.test(accept)) return "gzip";
  return null;
}

/** Headers of a successful answer: content type, language, validators and caching. */
function successHeaders(res: ServerResponse, scope: RequestScope, contentType: string, maxAge: number) {
  res.setHeader("content-type", contentType);
  res.setHeader("content-language", scope.lang);
  if (scope.fallback) res.setHeader("x-ilms-language-fallback", "en");
  res.setHeader("vary", "Accept, Accept-Language, Accept-Encoding, Authorization, X-API-Key");
  res.setHeader("x-ilms-rounds", scope.drafts ? "all, including unpublished" : "published and released");
  if (res.getHeader("access-control-allow-origin"))
    res.setHeader("access-control-expose-headers", "ETag, Content-Language, X-ILMS-Rounds, X-ILMS-Language-Fallback, X-Cache");
  if (scope.public) {
    res.setHeader("etag", scope.public.etag);
    if (scope.public.lastModified) res.setHeader("last-modified", new Date(scope.public.lastModified).toUTCString());
    res.setHeader("cache-control", `public, max-age=${maxAge}`);
  } else res.setHeader("cache-control", "private, no-store");
}

const cacheKeyOf = (url: URL, format: string, scope: RequestScope) =>
  scope.public
    ? `sdmx:${scope.public.etag}:${createHash("sha1")
        .update(url.pathname + url.search + format)
        .digest("base64url")}`
    : null;

/** Sends a whole body (compressed when asked and worth it), or 304. */
async function sendWhole(req: IncomingMessage, res: ServerResponse, body: string, hit: boolean) {
  res.setHeader("x-cache", hit ? "HIT" : "MISS");
  if (req.method === "HEAD") return void res.end();
  const encoding = body.length >= COMPRESS_FROM ? encodingFor(req) : null;
  if (!encoding) {
    res.setHeader("content-length", Buffer.byteLength(body));
    return void res.end(body);
  }
  res.setHeader("content-encoding", encoding);
  const out = encoding === "br" ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : createGzip({ level: 6 });
  out.pipe(res);
  out.end(body);
}

/** Answers from the cache or 304 before any work; true when answered. */
async function answeredEarly(
  req: IncomingMessage,
  res: ServerResponse,
  key: string | null,
  scope: RequestScope,
  options: SdmxRouteOptions,
) {
  const maxAge = options.maxAge ?? 60;
  if (notModified(req, scope)) {
    successHeaders(res, scope, "", maxAge);
    res.removeHeader("content-type");
    res.statusCode = 304;
    res.end();
    return true;
  }
  if (key && options.cache) {
    const hit = await options.cache.get(key);
    if (hit) {
      successHeaders(res, scope, hit.contentType, maxAge);
      res.statusCode = hit.status;
      await sendWhole(req, res, hit.body, true);
      return true;
    }
  }
  return false;
}

async function structure(
  req: IncomingMessage,
  res: ServerResponse,
  resource: StructureResource,
  agency: string | undefined,
  id: string | undefined,
  version: string | undefined,
  url: URL,
  options: SdmxRouteOptions,
) {
  const negotiated = negotiateStructure(req.headers.accept, url.searchParams.get("format"));
  if (!negotiated)
    throw new SdmxError(
      "NotAcceptable",
      `Structures are served as ${SDMX_FORMAT_NAMES.structure.join(", ")} (application/vnd.sdmx.structure+xml;version=2.1)`,
    );
  const references = referencesOf(url.searchParams);
  const detail = detailOf(url.searchParams);
  const scope = await scopeOf(req, url, negotiated.format, options);
  const key = cacheKeyOf(url, negotiated.format, scope);
  if (await answeredEarly(req, res, key, scope, options)) return;
  const selected = selectStructures(resource, agency, id, version, references, options.flows);
  const vis = { drafts: scope.drafts, asOfRoundId: null };
  const constraints: ContentConstraint[] = [];
  for (const flow of selected.constrained) {
    const c = await actualConstraint(scope.reader, flow, vis);
    if (c) constraints.push(c);
  }
  if (primaryOf(resource, selected, constraints).length === 0)
    throw new SdmxError("NoResultsFound", `No ${resource} ${[agency ?? "all", id ?? "all", version ?? "latest"].map(short).join("/")}`);
  const stubs = detail === "allstubs";
  // Names of flows, data structures and dimension concepts in the negotiated language where loaded (`xml:lang`
  // says which).
  const text = scope.lang === "en" ? null : await readTextLabels(scope.reader, ["table", "dimension", "indicator"]);
  const structures: SdmxStructures = {
    dataflows: localiseFlows(selected.dataflows, text, scope.lang),
    datastructures: localiseFlows(selected.datastructures, text, scope.lang),
    codelists:
      stubs || (detail === "referencestubs" && resource !== "codelist")
        ? selected.codelists.map((c) => ({ ...c, codes: [] }))
        : await loadCodelists(scope.reader, selected.codelists, scope.lang),
    concepts: selected.concepts ? localiseConcepts(CONCEPTS, text, scope.lang) : null,
    stubs,
    constraints,
    ...(detail === "referencestubs"
      ? {
          stubbed: (["dataflow", "datastructure", "codelist", "conceptscheme", "contentconstraint"] as const).filter((k) => k !== resource),
        }
      : {}),
  };
  await sendStructure(
    req,
    res,
    SDMX_STRUCTURE_WRITERS[negotiated.format](messageHeader(), structures),
    negotiated.contentType,
    scope,
    key,
    options,
  );
}

async function sendStructure(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  contentType: string,
  scope: RequestScope,
  key: string | null,
  options: SdmxRouteOptions,
) {
  const maxAge = options.maxAge ?? 60;
  successHeaders(res, scope, contentType, maxAge);
  res.statusCode = 200;
  if (key && options.cache && scope.public?.epoch !== null && scope.public && body.length <= CACHE_UP_TO)
    await options.cache.set(key, { status: 200, contentType, body, etag: scope.public.etag, maxAge }, scope.public.epoch!);
  await sendWhole(req, res, body, false);
}

/** `/availableconstraint/{flow}/{key}/{provider}/{component}?mode=&startPeriod=&endPeriod=` */
async function available(req: IncomingMessage, res: ServerResponse, rest: string[], url: URL, options: SdmxRouteOptions) {
  const negotiated = negotiateStructure(req.headers.accept, url.searchParams.get("format"));
  if (!negotiated)
    throw new SdmxError("NotAcceptable", "Available constraints are served as structure (application/vnd.sdmx.structure+xml;version=2.1)");
  if (rest.length === 0 || rest.length > 4)
    throw new SdmxError("SyntaxError", "An availability query is /availableconstraint/{flow}/{key}/{provider}/{componentID}");
  const [flowRef, key, provider, component] = rest;
  const flow = resolveFlow(flowRef!, options.flows);
  if (!matches(provider, flow.agency))
    throw new SdmxError("NoResultsFound", `No data provider '${short(provider!)}': the provider is ${flow.agency}`);
  const mode = (url.searchParams.get("mode") ?? "exact").toLowerCase();
  if (mode !== "exact" && mode !== "available") throw new SdmxError("SyntaxError", `mode=${short(mode)} is not exact or available`);
  const references = (url.searchParams.get("references") ?? "none").toLowerCase();
  if (references !== "none" && references !== "all")
    throw new SdmxError("NotImplemented", `references=${short(references)} is not supported for availability; use none or all`);
  if (component !== undefined && component !== "all" && !flow.dimensions.some((d) => d.id === component) && component !== "TIME_PERIOD")
    throw new SdmxError(
      "SemanticError",
      `${flow.id} has no dimension '${short(component)}'; its key is ${flow.dimensions.map((d) => d.id).join(".")}`,
    );
  const scope = await scopeOf(req, url, negotiated.format, options);
  const cacheKey = cacheKeyOf(url, negotiated.format, scope);
  if (await answeredEarly(req, res, cacheKey, scope, options)) return;
  const filterParams = { startPeriod: url.searchParams.get("startPeriod"), endPeriod: url.searchParams.get("endPeriod") };
  let constraint: ContentConstraint | null;
  try {
    constraint = await availableConstraint(scope.reader, flow, key, filterParams, mode, { drafts: scope.drafts, asOfRoundId: null });
  } catch (error) {
    if (error instanceof QueryError) throw fromQueryError(error);
    throw error;
  }
  if (!constraint) throw new SdmxError("NoResultsFound", `No observations of ${flow.id} match the key`);
  if (component !== undefined && component !== "all") {
    constraint = {
      ...constraint,
      keyValues: constraint.keyValues.filter((k) => k.id === component),
      timeRange: component === "TIME_PERIOD" ? constraint.timeRange : null,
    };
  }
  const all = references === "all";
  const structures: SdmxStructures = {
    dataflows: all ? [flow] : [],
    datastructures: all ? [flow] : [],
    codelists: all ? await loadCodelists(scope.reader, codelistsOfFlows([flow]), scope.lang) : [],
    concepts: all ? CONCEPTS : null,
    stubs: false,
    constraints: [constraint],
  };
  await sendStructure(
    req,
    res,
    SDMX_STRUCTURE_WRITERS[negotiated.format](messageHeader(), structures),
    negotiated.contentType,
    scope,
    cacheKey,
    options,
  );
}

/** Data query parameters common to 2.1 and 3.0, in engine terms. */
interface DataRequest {
  flow: SdmxDataflow;
  key: string | undefined;
  startPeriod: string | null;
  endPeriod: string | null;
  asOf: Date | null;
}

/** A tee that passes text on and keeps a copy while it is small enough to cache. */
class Keep extends Transform {
  chunks: Buffer[] | null = [];
  private size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    if (this.chunks) {
      this.size += chunk.length;
      if (this.size > this.limit) this.chunks = null;
      else this.chunks.push(chunk);
    }
    done(null, chunk);
  }
}

async function data(
  req: IncomingMessage,
  res: ServerResponse,
  request: () => DataRequest | Promise<DataRequest>,
  url: URL,
  options: SdmxRouteOptions,
) {
  const params = url.searchParams;
  const negotiated = negotiateData(req.headers.accept, params.get("format"));
  const json = isJsonFormat(negotiated?.format);
  if (!negotiated)
    throw Object.assign(
      new SdmxError(
        "NotAcceptable",
        `Data are served as ${SDMX_FORMAT_NAMES.data.join(", ")} (format=) or by the SDMX media types (application/vnd.sdmx.genericdata+xml;version=2.1, ...structurespecificdata+xml;version=2.1, ...data+csv;version=1.0.0, ...data+json;version=2.0.0)`,
      ),
      { json },
    );
  try {
    await serveData(req, res, await request(), negotiated, url, options);
  } catch (error) {
    if (error instanceof SdmxError) Object.assign(error, { json });
    throw error;
  }
}

async function serveData(
  req: IncomingMessage,
  res: ServerResponse,
  request: DataRequest,
  negotiated: NonNullable<ReturnType<typeof negotiateData>>,
  url: URL,
  options: SdmxRouteOptions,
) {
  const params = url.searchParams;
  const detail = (params.get("detail") ?? "full").toLowerCase();
  if (!["full", "dataonly", "serieskeysonly", "nodata"].includes(detail))
    throw new SdmxError("SyntaxError", `detail=${short(detail)} is not full, dataonly, serieskeysonly or nodata`);
  const keysOnly = detail === "serieskeysonly" || detail === "nodata";
  const ml = negotiated.format === "genericdata" || negotiated.format === "structurespecificdata";
  if (keysOnly && negotiated.format !== "genericdata")
    throw new SdmxError("NotImplemented", `detail=${detail} is served as genericdata (SDMX-ML 2.1 series keys) only`);
  const atObservation = params.get("dimensionAtObservation") ?? "AllDimensions";
  const grouped = atObservation !== "AllDimensions" && !keysOnly;
  if (atObservation !== "AllDimensions" && atObservation !== "TIME_PERIOD" && !request.flow.dimensions.some((d) => d.id === atObservation))
    throw new SdmxError(
      "SemanticError",
      `dimensionAtObservation=${short(atObservation)} is not AllDimensions, TIME_PERIOD or a dimension of ${request.flow.id} (${request.flow.dimensions.map((d) => d.id).join(", ")})`,
    );
  if (grouped && negotiated.format !== "genericdata")
    throw new SdmxError(
      "NotImplemented",
      `dimensionAtObservation=${short(atObservation)} is served as genericdata only; the other formats are flat (AllDimensions)`,
    );
  const history = (params.get("includeHistory") ?? "false").toLowerCase();
  if (history !== "true" && history !== "false")
    throw new SdmxError("SyntaxError", `includeHistory=${short(history)} is not true or false`);
  const withHistory = history === "true";
  if (withHistory && grouped)
    throw new SdmxError("NotImplemented", "includeHistory=true is served with dimensionAtObservation=AllDimensions");
  if (withHistory && !ml)
    throw new SdmxError("NotImplemented", "includeHistory=true is served as genericdata or structurespecificdata (one data set per round)");
  const rowOptions: RowOptions = {
    ...NO_ROW_OPTIONS,
    firstN: countOf("firstNObservations", params.get("firstNObservations")),
    updatedAfter: params.get("updatedAfter") ? instantOf("updatedAfter", params.get("updatedAfter")!) : null,
    offset: countOf("offset", params.get("offset"), 0) ?? 0,
    limit: countOf("limit", params.get("limit")),
    noMeasures: measuresOf(params.get("measures")),
  };
  const flow = withAttributes(request.flow, params.get("attributes"));
  const scope = await scopeOf(req, url, negotiated.format, options);
  const cacheKey = cacheKeyOf(url, negotiated.format, scope);
  if (await answeredEarly(req, res, cacheKey, scope, options)) return;

  const filter = dataFilter(flow, request.key, {
    startPeriod: request.startPeriod,
    endPeriod: request.endPeriod,
    lastNObservations: params.get("lastNObservations"),
  });
  const stamps: RoundStamp[] = await roundStamps(scope.reader, { drafts: scope.drafts, asOfRoundId: null });
  const vis = { drafts: scope.drafts, asOfRoundId: request.asOf ? asOfRound(stamps, request.asOf) : null };
  let prepared;
  try {
    prepared = await prepareData(scope.reader, flow, filter, vis);
  } catch (error) {
    if (error instanceof QueryError) throw fromQueryError(error);
    throw error;
  }
  const max = options.maxObservations ?? 1_000_000;
  const planned = await countCells(scope.reader, prepared.plan, vis);
  // Series are grouped in memory (the engine reads cells by area and year): bounded.
  if (grouped && planned > SERIES_UP_TO && (rowOptions.limit === null || rowOptions.limit > SERIES_UP_TO))
    throw new SdmxError(
      "ResponseTooLarge",
      `The query selects ${planned} observations; messages grouped by series (dimensionAtObservation=${atObservation}) hold at most ${SERIES_UP_TO}: narrow the query or use dimensionAtObservation=AllDimensions`,
    );
  if (planned > max && (rowOptions.limit === null || rowOptions.limit > max))
    throw new SdmxError(
      "ResponseTooLarge",
      `The query selects ${planned} observations, over the limit of ${max} per message: narrow the key or the period, or page with offset/limit`,
    );
  let release: (() => void) | undefined;
  if (options.admission && planned >= options.admission.options.heavyCost) {
    try {
      release = await options.admission.acquire(planned);
    } catch (error) {
      res.setHeader("retry-after", String(options.admission.retryAfterSeconds));
      throw new SdmxError("ServiceUnavailable", error instanceof Error ? error.message : String(error));
    }
  }
  try {
    await stream(
      req,
      res,
      prepared,
      flow,
      rowOptions,
      stamps,
      vis,
      scope,
      cacheKey,
      negotiated,
      { keysOnly, withHistory, detail, atObservation: grouped ? atObservation : null },
      options,
    );
  } finally {
    release?.();
  }
}

/** Streams the data message of a checked, admitted query. */
async function stream(
  req: IncomingMessage,
  res: ServerResponse,
  prepared: Awaited<ReturnType<typeof prepareData>>,
  flow: SdmxDataflow,
  rowOptions: RowOptions,
  stamps: RoundStamp[],
  vis: { drafts: boolean; asOfRoundId: number | null },
  scope: RequestScope,
  cacheKey: string | null,
  negotiated: NonNullable<ReturnType<typeof negotiateData>>,
  shape: { keysOnly: boolean; withHistory: boolean; detail: string; atObservation: string | null },
  options: SdmxRouteOptions,
) {
  const { keysOnly, withHistory, detail, atObservation } = shape;
  const rows = selectRows(prepared.rows(), flow, rowOptions, stamps);
  const first = await rows.next();
  if (first.done) throw new SdmxError("NoResultsFound", `No observations of ${flow.id} match the query`);

  const lists = await loadCodelists(scope.reader, codelistsOfFlows([flow]), scope.lang);
  const names = new Map(lists.flatMap((l) => l.codes.map((c) => [`${l.id}\u0000${c.id}`, c.name] as const)));
  const maxAge = options.maxAge ?? 60;
  successHeaders(res, scope, negotiated.contentType, maxAge);
  res.statusCode = 200;
  res.setHeader("x-cache", "MISS");
  if (req.method === "HEAD") {
    await rows.return(undefined);
    return void res.end();
  }
  res.on("error", () => {});
  const all = (async function* () {
    yield first.value;
    yield* rows;
  })();
  const input = {
    flow,
    rows: all,
    header: messageHeader(),
    dataOnly: detail === "dataonly",
    lang: scope.lang,
    name: (codelist: string, code: string) => names.get(`${codelist}\u0000${code}`) ?? code,
  };
  // Writers write into the tee (kept for the cache while small), compressed on the way when asked.
  const keep = cacheKey ? new Keep(CACHE_UP_TO) : null;
  const encoding = encodingFor(req);
  const compressor =
    encoding === "br"
      ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
      : encoding === "gzip"
        ? createGzip({ level: 5 })
        : null;
  if (compressor) res.setHeader("content-encoding", encoding!);
  let out: Writable = res;
  if (compressor) {
    compressor.pipe(res);
    out = compressor;
  }
  if (keep) {
    keep.pipe(out);
    out = keep;
  }
  const finished = out === res ? null : new Promise<void>((resolve) => res.once("finish", () => resolve()).once("close", () => resolve()));
  try {
    if (keysOnly) await writeGenericSeriesKeys(input, out);
    else if (atObservation) await writeGenericSeries(input, atObservation, out);
    else if (withHistory) {
      const sets = historySets(scope.reader, prepared.plan, vis, stamps, flow, rowOptions);
      await (negotiated.format === "genericdata" ? writeGenericDataWithHistory : writeStructureSpecificDataWithHistory)(input, sets, out);
    } else await writeSdmxData(negotiated.format, input, out);
    out.end();
    await finished;
  } catch (error) {
    // The root of @ilms/formats (with exceljs) is loaded only here, when a stream has already failed.
    if (res.destroyed || error instanceof (await import("@ilms/formats")).OutputClosed) return;
    log.error({ err: error }, "sdmx data message failed");
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  if (keep?.chunks && cacheKey && options.cache && scope.public && scope.public.epoch !== null)
    await options.cache.set(
      cacheKey,
      {
        status: 200,
        contentType: negotiated.contentType,
        body: Buffer.concat(keep.chunks).toString("utf8"),
        etag: scope.public.etag,
        maxAge,
      },
      scope.public.epoch,
    );
}

/** A 2.1 data path: `/data/{flow}/{key}/{provider}`. */
function dataRequest21(rest: string[], params: URLSearchParams, flows?: readonly SdmxDataflow[]): DataRequest {
  if (rest.length === 0 || rest.length > 3) throw new SdmxError("SyntaxError", "A data query is /data/{flow}/{key}/{provider}");
  const [flowRef, key, provider] = rest;
  const flow = resolveFlow(flowRef!, flows);
  if (!matches(provider, flow.agency))
    throw new SdmxError("NoResultsFound", `No data provider '${short(provider!)}': the provider is ${flow.agency}`);
  if (params.has("asOf"))
    throw new SdmxError("SemanticError", "asOf is a parameter of the SDMX 3.0 paths (/data/dataflow/{agency}/{id}/{version}/{key})");
  return { flow, key, startPeriod: params.get("startPeriod"), endPeriod: params.get("endPeriod"), asOf: null };
}

/** A 3.0 data path: `/data/dataflow/{agency}/{id}/{version}/{key}` (`*` wildcards, `,` for OR, `c[DIM]=` filters). */
async function dataRequest30(rest: string[], params: URLSearchParams, db: DbHandle, flows?: readonly SdmxDataflow[]): Promise<DataRequest> {
  const [context, agency, id, version, key, ...more] = rest;
  if (context !== "dataflow" && context !== "*")
    throw new SdmxError("NotImplemented", `Data by ${short(context!)} is not supported; use /data/dataflow/{agency}/{id}/{version}/{key}`);
  if (more.length > 0) throw new SdmxError("SyntaxError", "A 3.0 data query is /data/dataflow/{agency}/{id}/{version}/{key}");
  const flow = resolveFlow([agency ?? "*", id ?? "", version30(version) ?? "latest"].join(","), flows);
  const filters = await componentFilters(db, flow, key30(key), params);
  return {
    flow,
    key: filters.key,
    startPeriod: filters.startPeriod ?? params.get("startPeriod"),
    endPeriod: filters.endPeriod ?? params.get("endPeriod"),
    asOf: params.get("asOf") ? instantOf("asOf", params.get("asOf")!) : null,
  };
}

function wantsJson(req: IncomingMessage, url: URL, resource: string | undefined): boolean {
  const format = url.searchParams.get("format");
  const negotiated = resource === "data" ? negotiateData(req.headers.accept, format) : negotiateStructure(req.headers.accept, format);
  return isJsonFormat(negotiated?.format);
}

/** Serves one request under {@link SDMX_PREFIX}. */
export async function serveSdmx(req: IncomingMessage, res: ServerResponse, url: URL, given: SdmxRouteOptions): Promise<void> {
  const [resource, ...rest] = segmentsOf(url.pathname.slice(SDMX_PREFIX.length));
  const json = wantsJson(req, url, resource);
  let options = given;
  try {
    options = { ...given, flows: await flowsOf(given) };
    if (req.method !== "GET" && req.method !== "HEAD") throw new SdmxError("NotImplemented", "SDMX REST is read with GET");
    if (options.rateLimit && req.headers.authorization === undefined && req.headers["x-api-key"] === undefined) {
      const retryAfter = options.rateLimit(req);
      if (retryAfter !== null) {
        res.setHeader("retry-after", String(retryAfter));
        throw new SdmxError("TooManyRequests", `Too many requests from this address; retry after ${retryAfter} s`);
      }
    }
    if (resource === "data") {
      const params = url.searchParams;
      const v30 = rest[0] === "dataflow" || rest[0] === "*" || rest[0] === "datastructure" || rest[0] === "provisionagreement";
      const flows = options.flows;
      return await data(
        req,
        res,
        () => (v30 ? dataRequest30(rest, params, options.db, flows) : dataRequest21(rest, params, flows)),
        url,
        options,
      );
    }
    if (resource === "availableconstraint") return await available(req, res, rest, url, options);
    if (resource === "structure") {
      const [type, agency, id, version, ...more] = rest;
      const mapped = STRUCTURE_TYPES_30[type ?? ""];
      if (!mapped)
        throw new SdmxError(
          "NotImplemented",
          `/structure/${short(type ?? "")} is not served; types are ${Object.keys(STRUCTURE_TYPES_30).join(", ")}`,
        );
      if (more.length > 0) throw new SdmxError("SyntaxError", "A 3.0 structure query is /structure/{type}/{agency}/{id}/{version}");
      return await structure(req, res, mapped, agency, id, version30(version), url, options);
    }
    if ((STRUCTURE_RESOURCES as readonly string[]).includes(resource ?? "")) {
      if (rest.length > 4) throw new SdmxError("SyntaxError", `A ${resource} query is /${resource}/{agency}/{id}/{version}/{item}`);
      const [agency, id, version, item] = rest;
      if (item !== undefined && item !== "all")
        throw new SdmxError("NotImplemented", "Item queries (/{item}) are not supported yet; use all");
      return await structure(req, res, resource as StructureResource, agency, id, version, url, options);
    }
    if (NOT_YET.includes(resource ?? "")) throw new SdmxError("NotImplemented", `/${resource} is not supported yet`);
    throw new SdmxError(
      "NoResultsFound",
      `No SDMX resource '${short(resource ?? "")}': use data, dataflow, datastructure, codelist, conceptscheme, contentconstraint, availableconstraint or structure`,
    );
  } catch (error) {
    if (error instanceof SdmxError) {
      if (res.headersSent) return void res.destroy(error);
      for (const h of ["etag", "last-modified", "content-language", "content-encoding", "x-cache"]) res.removeHeader(h);
      return sendSdmxError(res, error, (error as SdmxError & { json?: boolean }).json ?? json);
    }
    throw error;
  }
}
