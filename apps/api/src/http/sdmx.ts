/**
 * SDMX REST 2.1 under `/sdmx/rest/`: a second face of the query engine, with the same visibility as GraphQL
 * (anonymous callers see published, released rounds; `Authorization` / `X-API-Key` authenticate as there).
 *
 *   /sdmx/rest/dataflow|datastructure|codelist|conceptscheme/{agency}/{id}/{version}?references=&detail=
 *   /sdmx/rest/data/{flow}/{key}/{provider}?startPeriod=&endPeriod=&lastNObservations=&detail=&format=
 *
 * Formats by `Accept` (the SDMX media types) or `format=`; errors are SDMX error messages (404 NoResultsFound,
 * 400 for a bad query with the reason, 401, 406, 501 for what is documented as not supported yet). Data are read
 * from the engine in batches and written as they come; nothing is sent before the query is known to be good.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readOnly } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { OutputClosed } from "@ilms/formats";
import {
  SDMX_DATA_WRITERS,
  SDMX_FORMAT_NAMES,
  errorMessageXml,
  negotiateData,
  negotiateStructure,
  sdmxJsonError,
  structureMessage,
} from "@ilms/formats/sdmx";
import type { SdmxHeader, SdmxStructures } from "@ilms/formats/sdmx";
import { QueryError } from "@ilms/query";
import type { CellRow } from "@ilms/query";
import {
  AGENCY,
  CODELISTS_SDMX,
  CONCEPTS,
  CONCEPT_SCHEME,
  DATAFLOWS,
  SdmxError,
  VERSION,
  dataFilter,
  loadCodelists,
  matches,
  prepareData,
  resolveFlow,
  short,
} from "@ilms/sdmx";
import type { SdmxCodelist, SdmxDataflow } from "@ilms/sdmx";
import { authenticate } from "@ilms/governance/authenticate";
import type { AuthConfig } from "@ilms/governance/tokens";
import { canReadDrafts } from "../context";

export const SDMX_PREFIX = "/sdmx/rest/";

export interface SdmxRouteOptions {
  db: DbHandle;
  auth: AuthConfig;
}

const STRUCTURE_RESOURCES = ["dataflow", "datastructure", "codelist", "conceptscheme"] as const;
type StructureResource = (typeof STRUCTURE_RESOURCES)[number];

/** Resources of the 2.1 specification that are not served yet (501). */
const NOT_YET = [
  "contentconstraint",
  "availableconstraint",
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
  "structure",
];
/** Data query parameters of the specification that are not served yet (501). */
const DATA_PARAMS_NOT_YET = ["firstNObservations", "updatedAfter", "includeHistory"];

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

const idMatches = (wanted: string | undefined, id: string) =>
  wanted === undefined || wanted === "" || wanted === "all" || wanted === "*" || wanted === id;

function referencesOf(params: URLSearchParams): "none" | "parents" | "children" | "descendants" | "all" {
  const value = (params.get("references") ?? "none").toLowerCase();
  if (value === "none" || value === "parents" || value === "children" || value === "descendants" || value === "all") return value;
  throw new SdmxError("NotImplemented", `references=${short(value)} is not supported yet; use none, parents, children, descendants or all`);
}

function detailOf(params: URLSearchParams): boolean {
  const value = (params.get("detail") ?? "full").toLowerCase();
  if (value === "full") return false;
  if (value === "allstubs") return true;
  throw new SdmxError("NotImplemented", `detail=${short(value)} is not supported yet for structures; use full or allstubs`);
}

const codelistsOfFlows = (flows: readonly SdmxDataflow[]): SdmxCodelist[] => {
  const ids = new Set(
    flows.flatMap((f) => [...f.dimensions.map((d) => d.codelist), ...f.attributes.flatMap((a) => (a.codelist ? [a.codelist] : []))]),
  );
  return CODELISTS_SDMX.filter((c) => ids.has(c.id));
};

/** What a structure query selects, with its references. */
function selectStructures(
  resource: StructureResource,
  agency: string | undefined,
  id: string | undefined,
  version: string | undefined,
  params: URLSearchParams,
) {
  const references = referencesOf(params);
  const stubs = detailOf(params);
  const ours = matches(agency, AGENCY) && matches(version, VERSION);
  const withChildren = references === "children" || references === "descendants" || references === "all";
  const withParents = references === "parents" || references === "all";
  let dataflows: SdmxDataflow[] = [];
  let datastructures: SdmxDataflow[] = [];
  let codelists: SdmxCodelist[] = [];
  let concepts = false;
  if (ours && resource === "dataflow") {
    dataflows = DATAFLOWS.filter((f) => idMatches(id, f.id));
    if (withChildren) {
      datastructures = dataflows;
      codelists = codelistsOfFlows(dataflows);
      concepts = dataflows.length > 0;
    }
  } else if (ours && resource === "datastructure") {
    datastructures = DATAFLOWS.filter((f) => idMatches(id, f.dsd));
    if (withChildren) {
      codelists = codelistsOfFlows(datastructures);
      concepts = datastructures.length > 0;
    }
    if (withParents) dataflows = datastructures;
  } else if (ours && resource === "codelist") {
    codelists = CODELISTS_SDMX.filter((c) => idMatches(id, c.id));
    if (withParents) datastructures = DATAFLOWS.filter((f) => codelistsOfFlows([f]).some((c) => codelists.includes(c)));
  } else if (ours && resource === "conceptscheme") {
    concepts = idMatches(id, CONCEPT_SCHEME);
    if (concepts && withParents) datastructures = [...DATAFLOWS];
  }
  const primary = {
    dataflow: dataflows,
    datastructure: datastructures,
    codelist: codelists,
    conceptscheme: concepts ? [CONCEPT_SCHEME] : [],
  }[resource];
  if (primary.length === 0)
    throw new SdmxError("NoResultsFound", `No ${resource} ${[agency ?? "all", id ?? "all", version ?? "latest"].map(short).join("/")}`);
  return { dataflows, datastructures, codelists, concepts, stubs };
}

async function serveStructure(
  req: IncomingMessage,
  res: ServerResponse,
  resource: StructureResource,
  rest: string[],
  url: URL,
  options: SdmxRouteOptions,
) {
  const negotiated = negotiateStructure(req.headers.accept, url.searchParams.get("format"));
  try {
    if (!negotiated)
      throw new SdmxError(
        "NotAcceptable",
        `Structures are served as ${SDMX_FORMAT_NAMES.structure.join(", ")} (application/vnd.sdmx.structure+xml;version=2.1)`,
      );
    if (rest.length > 4) throw new SdmxError("SyntaxError", `A ${resource} query is /${resource}/{agency}/{id}/{version}/{item}`);
    const [agency, id, version, item] = rest;
    if (item !== undefined && item !== "all")
      throw new SdmxError("NotImplemented", "Item queries (/{item}) are not supported yet; use all");
    const selected = selectStructures(resource, agency, id, version, url.searchParams);
    const structures: SdmxStructures = {
      dataflows: selected.dataflows,
      datastructures: selected.datastructures,
      codelists: selected.stubs
        ? selected.codelists.map((c) => ({ ...c, codes: [] }))
        : await loadCodelists(replicaReader(options.db), selected.codelists),
      concepts: selected.concepts ? CONCEPTS : null,
      stubs: selected.stubs,
    };
    const body = structureMessage(messageHeader(), structures);
    res.writeHead(200, {
      "content-type": negotiated.contentType,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-cache",
      vary: "Accept",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    if (error instanceof SdmxError) return sendSdmxError(res, error, false);
    throw error;
  }
}

async function serveData(req: IncomingMessage, res: ServerResponse, rest: string[], url: URL, options: SdmxRouteOptions) {
  const params = url.searchParams;
  const negotiated = negotiateData(req.headers.accept, params.get("format"));
  const json = negotiated?.format === "jsondata" || negotiated?.format === "jsonstat";
  let flow: SdmxDataflow;
  let rows: AsyncGenerator<CellRow>;
  let first: IteratorResult<CellRow>;
  let drafts: boolean;
  let reader: DbHandle;
  try {
    if (!negotiated)
      throw new SdmxError(
        "NotAcceptable",
        `Data are served as ${SDMX_FORMAT_NAMES.data.join(", ")} (format=) or by the SDMX media types (application/vnd.sdmx.genericdata+xml;version=2.1, ...structurespecificdata+xml;version=2.1, ...data+csv;version=1.0.0, ...data+json;version=2.0.0)`,
      );
    if (rest.length === 0 || rest.length > 3) throw new SdmxError("SyntaxError", "A data query is /data/{flow}/{key}/{provider}");
    for (const name of DATA_PARAMS_NOT_YET)
      if (params.has(name) && !(name === "includeHistory" && params.get(name) === "false"))
        throw new SdmxError("NotImplemented", `${name} is not supported yet`);
    const detail = (params.get("detail") ?? "full").toLowerCase();
    if (detail !== "full" && detail !== "dataonly")
      throw new SdmxError("NotImplemented", `detail=${short(detail)} is not supported yet for data; use full or dataonly`);
    const atObservation = params.get("dimensionAtObservation");
    if (atObservation !== null && atObservation !== "AllDimensions")
      throw new SdmxError(
        "NotImplemented",
        `dimensionAtObservation=${short(atObservation)} is not supported yet: data messages are flat (AllDimensions)`,
      );
    const caller = await authenticate(options.db, options.auth, req.headers);
    if (caller.error) throw new SdmxError("Unauthorized", caller.error);
    drafts = canReadDrafts(caller);
    const [flowRef, key, provider] = rest;
    flow = resolveFlow(flowRef!);
    if (!matches(provider, AGENCY))
      throw new SdmxError("NoResultsFound", `No data provider '${short(provider!)}': the provider is ${AGENCY}`);
    const filter = dataFilter(flow, key, {
      startPeriod: params.get("startPeriod"),
      endPeriod: params.get("endPeriod"),
      lastNObservations: params.get("lastNObservations"),
    });
    let prepared;
    try {
      // Published data may come from a read replica; a signed-in caller (who may just have written) reads the primary.
      reader = drafts ? options.db : replicaReader(options.db);
      prepared = await prepareData(reader, flow, filter, { drafts, asOfRoundId: null });
    } catch (error) {
      if (error instanceof QueryError) throw fromQueryError(error);
      throw error;
    }
    rows = prepared.rows();
    first = await rows.next();
    if (first.done) throw new SdmxError("NoResultsFound", `No observations of ${flow.id} match the query`);
  } catch (error) {
    if (error instanceof SdmxError) return sendSdmxError(res, error, json);
    throw error;
  }
  const lists = await loadCodelists(reader, codelistsOfFlows([flow]));
  const names = new Map(lists.flatMap((l) => l.codes.map((c) => [`${l.id}\u0000${c.id}`, c.name] as const)));
  res.statusCode = 200;
  res.setHeader("content-type", negotiated!.contentType);
  res.setHeader("cache-control", drafts ? "private, no-store" : "no-cache");
  res.setHeader("vary", "Accept, Authorization, X-API-Key");
  res.setHeader("x-ilms-rounds", drafts ? "all, including unpublished" : "published and released");
  if (req.method === "HEAD") {
    await rows.return(undefined);
    return void res.end();
  }
  res.on("error", () => {});
  const all = (async function* () {
    yield first.value as CellRow;
    yield* rows;
  })();
  try {
    await SDMX_DATA_WRITERS[negotiated!.format](
      {
        flow,
        rows: all,
        header: messageHeader(),
        dataOnly: (params.get("detail") ?? "").toLowerCase() === "dataonly",
        name: (codelist, code) => names.get(`${codelist}\u0000${code}`) ?? code,
      },
      res,
    );
    res.end();
  } catch (error) {
    if (error instanceof OutputClosed || res.destroyed) return;
    console.error("sdmx data message failed", error);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Serves one request under {@link SDMX_PREFIX}. */
export async function serveSdmx(req: IncomingMessage, res: ServerResponse, url: URL, options: SdmxRouteOptions): Promise<void> {
  const [resource, ...rest] = segmentsOf(url.pathname.slice(SDMX_PREFIX.length));
  if (req.method !== "GET" && req.method !== "HEAD")
    return sendSdmxError(res, new SdmxError("NotImplemented", "SDMX REST is read with GET"), false);
  if (resource === "data") return serveData(req, res, rest, url, options);
  if ((STRUCTURE_RESOURCES as readonly string[]).includes(resource ?? ""))
    return serveStructure(req, res, resource as StructureResource, rest, url, options);
  if (NOT_YET.includes(resource ?? ""))
    return sendSdmxError(res, new SdmxError("NotImplemented", `/${resource} is not supported yet`), false);
  return sendSdmxError(
    res,
    new SdmxError(
      "NoResultsFound",
      `No SDMX resource '${short(resource ?? "")}': use data, dataflow, datastructure, codelist or conceptscheme`,
    ),
    false,
  );
}

/** `db` with its statements routed as the engine's read handle (read-only, on a healthy replica when there is one). */
function replicaReader(db: DbHandle): DbHandle {
  return db.replicas ? { ...db, query: readOnly(db).query } : db;
}
