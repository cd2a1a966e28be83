/**
 * SDMX REST 2.1 data and structure references mapped onto the query engine: a flow reference
 * (`ILO,DF_X,1.0`), an SDMX key (`IDN.A..SEX_T+SEX_F.CDS_DES_MYS`: `+` for OR, an empty position for any code,
 * `all` for the whole flow) and the period parameters become one {@link ObservationFilter}; the rows are then
 * read with the caller's visibility through `streamCells`, like every other read.
 */
import type { DbHandle } from "@ilms/db";
import type { DimensionKey } from "@ilms/domain";
import { QueryError, checkFilterCodes, planFilter, streamCells } from "@ilms/query";
import type { CellRow, FilterPlan, ObservationFilter, Visibility } from "@ilms/query";
import { AGENCY, DATAFLOWS, FREQ_ANNUAL, VERSION, dimensionId, getDataflow, keyTemplate, measureOf } from "./model";
import type { SdmxDataflow } from "./model";

/** SDMX REST error codes (section 4.7 of the specification) with their HTTP status. */
export type SdmxErrorKind =
  | "NoResultsFound"
  | "SyntaxError"
  | "SemanticError"
  | "NotImplemented"
  | "NotAcceptable"
  | "Unauthorized"
  | "ResponseTooLarge"
  | "TooManyRequests"
  | "ServiceUnavailable";

export const SDMX_ERRORS: Record<SdmxErrorKind, { code: number; status: number }> = {
  NoResultsFound: { code: 100, status: 404 },
  Unauthorized: { code: 110, status: 401 },
  SyntaxError: { code: 140, status: 400 },
  SemanticError: { code: 150, status: 400 },
  NotImplemented: { code: 501, status: 501 },
  NotAcceptable: { code: 406, status: 406 },
  /** 510: response size exceeds the service limit. */
  ResponseTooLarge: { code: 510, status: 413 },
  /** The same per-address limit as GraphQL; SDMX names it 503 (service unavailable), HTTP 429. */
  TooManyRequests: { code: 503, status: 429 },
  /** Heavy queries wait for a slot (the same admission control as GraphQL); a full queue refuses. */
  ServiceUnavailable: { code: 503, status: 503 },
};

export class SdmxError extends Error {
  constructor(
    readonly kind: SdmxErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "SdmxError";
  }
  get status(): number {
    return SDMX_ERRORS[this.kind].status;
  }
  get code(): number {
    return SDMX_ERRORS[this.kind].code;
  }
}

/** User input is never echoed beyond a short prefix. */
export const short = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}...` : text);

/** Whether an agency or version of a reference matches ours (`all`, `latest`, `*` or empty match any). */
export function matches(value: string | undefined, ours: string): boolean {
  return value === undefined || value === "" || value === "all" || value === "latest" || value === "*" || value === ours;
}

/**
 * The flow of a data query's `{flow}`: `DF_X`, `ILO,DF_X` or `ILO,DF_X,1.0`, among `flows` (those of
 * `dataflowsOf(<the active region's agency>)`): a table flow is found under its agency only.
 */
export function resolveFlow(flowRef: string, flows: readonly SdmxDataflow[] = DATAFLOWS): SdmxDataflow {
  const parts = flowRef.split(",");
  if (parts.length > 3) throw new SdmxError("SyntaxError", `flow reference '${short(flowRef)}' is not agency,id,version`);
  const [agency, id, version] = parts.length === 1 ? [undefined, parts[0]!, undefined] : parts;
  const flow = id === undefined ? undefined : getDataflow(id, flows);
  if (!flow || !matches(agency, flow.agency) || !matches(version, VERSION)) {
    const tables = flows.find((f) => !f.indicator)?.agency ?? AGENCY;
    throw new SdmxError(
      "NoResultsFound",
      `No dataflow '${short(flowRef)}' (flows are ${AGENCY},DF_<indicator>,${VERSION} and ${tables},DF_ILMS_T01..T17,${VERSION})`,
    );
  }
  return flow;
}

export interface DataQueryParams {
  startPeriod?: string | null | undefined;
  endPeriod?: string | null | undefined;
  lastNObservations?: string | null | undefined;
}

/** A year from an SDMX period (`2018`, `2018-06`, `2018-Q1`, `2018-06-30`, `2018-A1`). */
function yearOf(name: string, value: string): number {
  const m = /^(\d{4})(-.*)?$/.exec(value);
  if (!m) throw new SdmxError("SyntaxError", `${name} '${short(value)}' is not an SDMX period (e.g. 2018)`);
  return Number(m[1]);
}

/** Turns a flow, a key and the query parameters into an engine filter. */
export function dataFilter(flow: SdmxDataflow, key: string | undefined, params: DataQueryParams = {}): ObservationFilter {
  const filter: ObservationFilter & { dimensions: Record<string, string[]> } = {
    ...(flow.indicator ? { indicator: flow.indicator.id } : { table: flow.table.id }),
    dimensions: {},
    expandHierarchy: false,
  };
  if (key !== undefined && key !== "" && key !== "all") {
    const positions = key.split(".");
    if (positions.length !== flow.dimensions.length)
      throw new SdmxError(
        "SyntaxError",
        `key '${short(key)}' has ${positions.length} position${positions.length === 1 ? "" : "s"}; ${flow.id} expects ${flow.dimensions.length}: ${keyTemplate(flow)}`,
      );
    flow.dimensions.forEach((dimension, i) => {
      const codes = positions[i]!.split("+").filter((c) => c !== "");
      if (codes.length === 0) return;
      const fixed = dimension.id === "FREQ" ? FREQ_ANNUAL : dimension.id === "MEASURE" && flow.indicator ? measureOf(flow.indicator) : null;
      if (fixed !== null) {
        const wrong = codes.find((c) => c !== fixed);
        if (wrong !== undefined)
          throw new SdmxError(
            "SemanticError",
            `${dimension.id} '${short(wrong)}' is not a code of ${dimension.codelist} for ${flow.id}; expected ${fixed}`,
          );
        return;
      }
      if (dimension.id === "REF_AREA") filter.refArea = codes;
      else if (dimension.id === "SEX") filter.sex = codes;
      else if (flow.indicator) {
        // Indicator flows: the classif positions carry ILOSTAT's classif1 / classif2 codes.
        const slot = flow.dimensions.indexOf(dimension) - 4 === 0 ? "classif1" : "classif2";
        filter[slot] = codes;
      } else {
        // Table flows: REF_AREA, FREQ, SEX, then the table's dimensions in catalogue order.
        const d = flow.table.dimensions[flow.dimensions.indexOf(dimension) - 3]!;
        filter.dimensions[d.key] = codes;
      }
    });
  }
  if (params.startPeriod) filter.timeFrom = yearOf("startPeriod", params.startPeriod);
  if (params.endPeriod) filter.timeTo = yearOf("endPeriod", params.endPeriod);
  if (params.lastNObservations) {
    const n = Number(params.lastNObservations);
    if (!Number.isInteger(n) || n < 1)
      throw new SdmxError("SyntaxError", `lastNObservations '${short(params.lastNObservations)}' is not a positive whole number`);
    filter.lastN = n;
  }
  return filter;
}

/** An engine error about a filter field (`key.refArea: ...`) named by the key position it came from (`REF_AREA: ...`). */
function inKeyTerms(flow: SdmxDataflow, error: QueryError): QueryError {
  const field = typeof error.details.field === "string" ? error.details.field : "";
  const id =
    field === "refArea"
      ? "REF_AREA"
      : field === "sex"
        ? "SEX"
        : field === "classif1" || field === "classif2"
          ? flow.dimensions[field === "classif1" ? 4 : 5]?.id
          : field.startsWith("dimensions.")
            ? dimensionId(field.slice("dimensions.".length) as DimensionKey)
            : undefined;
  const prefix = `key.${field}:`;
  if (!id || !error.message.startsWith(prefix)) return error;
  return new QueryError(error.code, `key position ${id}:${error.message.slice(prefix.length)}`, error.details);
}

export interface PreparedData {
  flow: SdmxDataflow;
  plan: FilterPlan;
  /** The rows, read lazily in batches (flat memory). */
  rows(): AsyncGenerator<CellRow>;
}

/**
 * Checks the filter's codes against the code lists (an unknown code is an error naming it, never an empty
 * answer) and returns the flow's rows as the caller may see them.
 */
export async function prepareData(db: DbHandle, flow: SdmxDataflow, filter: ObservationFilter, vis: Visibility): Promise<PreparedData> {
  const { plan } = await checkFilterCodes(db, planFilter(filter), "key").catch((error: unknown) => {
    throw error instanceof QueryError ? inKeyTerms(flow, error) : error;
  });
  return { flow, plan, rows: () => streamCells(db, plan, vis) };
}
