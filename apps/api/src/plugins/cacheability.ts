/**
 * Protection and caching decisions made once the operation is known:
 * - a static cost analysis of the whole document (plugins/cost.ts, linear in the document), refused over the
 *   budget with `QUERY_TOO_COSTLY` before anything runs; caps on depth (introspection excepted), on
 *   data-reading root fields and on aliases per document;
 * - (admission of heavy operations is decided by the HTTP layer from the same analysis, before Apollo runs;)
 * - whether the answer may be cached and shared: a query, by an anonymous caller, without errors. The HTTP
 *   layer reads the decision from an internal header, which it never sends;
 * - any successful mutation drops the response cache, so that no anonymous reader sees a stale answer, and
 *   re-reads the list sizes the cost analysis uses (a code-list change changes them).
 */
import { createHash } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import { getOperationAST, parse } from "graphql";
import type { DocumentNode, GraphQLSchema, OperationTypeNode } from "graphql";
import type { Context } from "../context";
import { ErrorCode, UserError } from "../errors";
import { invalidateResponseCache } from "../http/response-cache";
import { analyse } from "./cost";
import type { Analysis } from "./cost";
import type { ListSizes } from "./list-sizes";

export const CACHEABLE_HEADER = "x-ilms-cacheable";

export interface LimitsOptions {
  /** Deepest selection allowed (root fields are depth 1). */
  maxDepth: number;
  /** Most data-reading root fields (`observations`, `slice`...) in one operation. */
  maxDataFields: number;
  /** Largest static cost of an operation (see plugins/cost.ts). */
  maxCost: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
}

export const DEFAULT_LIMITS: LimitsOptions = { maxDepth: 12, maxDataFields: 10, maxCost: 100_000, maxAliases: 100 };

export interface LimitsDeps {
  /** Current expected list sizes (real counts from the database). */
  sizes: () => ListSizes;
  /** Analyses shared with the HTTP layer's preflight: the same document is walked once. */
  cache?: AnalysisCache;
  /** Re-reads the sizes after a mutation. */
  refreshSizes?: () => Promise<void>;
}

const refuse = (code: ErrorCode, message: string, details: Record<string, unknown>): never => {
  throw new UserError(code, message, { ...details, http: { status: 400 } });
};

/** Throws the coded error of the first limit an analysed operation is over. */
export function enforceLimits({ cost, depth, dataFields, aliases }: Analysis, limits: LimitsOptions): void {
  if (cost > limits.maxCost) {
    refuse(
      ErrorCode.TooCostly,
      `The operation would cost about ${cost}, over the budget of ${limits.maxCost} (each field counts, lists by their expected size): select fewer fields, fewer aliases or smaller pages`,
      { limit: "cost", cost, budget: limits.maxCost },
    );
  }
  if (aliases > limits.maxAliases)
    refuse(ErrorCode.TooCostly, `The document has ${aliases} aliases; at most ${limits.maxAliases} are allowed`, {
      limit: "aliases",
      aliases,
      max: limits.maxAliases,
    });
  if (depth > limits.maxDepth)
    refuse(ErrorCode.TooExpensive, `The operation is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, {
      limit: "depth",
      depth,
      max: limits.maxDepth,
    });
  if (dataFields > limits.maxDataFields)
    refuse(
      ErrorCode.TooExpensive,
      `The operation reads data ${dataFields} times; at most ${limits.maxDataFields} data fields per operation`,
      {
        limit: "dataFields",
        dataFields,
        max: limits.maxDataFields,
      },
    );
}

/**
 * Analyses of recent documents, for the list sizes they were made with: a document sent again (the front-end
 * case: the same query, request after request) is parsed and walked once, and the limits are enforced on the
 * remembered analysis every time. Keys are the document's text, operation name and variables; a change of the
 * sizes (after a mutation) empties the cache. Bounded: the least recently used entry goes first.
 */
/**
 * Longest document text the analysis cache and the persisted-document map keep: front ends send short
 * documents again and again; a long one is analysed each time, so that hostile megabyte documents cannot fill
 * the memory (1,000 entries hold at most 16 MB of text).
 */
export const MAX_REMEMBERED_CHARS = 16_384;

export class AnalysisCache {
  #sizes: ListSizes | null = null;
  readonly #entries = new Map<string, Analysis | null>();
  constructor(readonly max = 1000) {}

  /** The analysis of `key` under `sizes`, computed by `analyse` when not remembered (null: nothing to analyse). */
  get(key: string, sizes: ListSizes, analyseNow: () => Analysis | null): Analysis | null {
    if (sizes !== this.#sizes) {
      this.#entries.clear();
      this.#sizes = sizes;
    }
    if (this.#entries.has(key)) {
      const found = this.#entries.get(key)!;
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    const made = analyseNow();
    if (key.length > MAX_REMEMBERED_CHARS) return made;
    this.#entries.set(key, made);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return made;
  }
}

/** Cache key of a request's document: its text (or trusted hash), operation name and variables. */
export function analysisKey(query: string, operationName: unknown, variables: unknown): string {
  return `${typeof operationName === "string" ? operationName : ""}\u0000${variables === undefined ? "" : JSON.stringify(variables)}\u0000${query}`;
}

/** SHA-256 (hex) of a document's text, as automatic persisted queries name it. */
export function documentHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}

/**
 * Documents by their SHA-256, as clients registered them with automatic persisted queries (APQ): a later
 * request that sends only the hash is analysed and admitted like one that sends the text. A text is
 * remembered only under its own hash, so no one can attach a cheap hash to a costly document.
 */
export class PersistedDocuments {
  readonly #byHash = new Map<string, string>();
  constructor(readonly max = 1000) {}

  remember(query: string, hash: string): void {
    if (query.length > MAX_REMEMBERED_CHARS || this.#byHash.has(hash) || documentHash(query) !== hash) return;
    this.#byHash.set(hash, query);
    if (this.#byHash.size > this.max) this.#byHash.delete(this.#byHash.keys().next().value!);
  }

  get(hash: string): string | undefined {
    return this.#byHash.get(hash);
  }
}

/** The APQ hash a request names (`extensions.persistedQuery.sha256Hash`), if any. */
export function persistedHash(extensions: unknown): string | null {
  if (!extensions || typeof extensions !== "object") return null;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery;
  return typeof persisted?.sha256Hash === "string" ? persisted.sha256Hash : null;
}

/**
 * The same limits, checked on the request's text before Apollo parses and validates it (graphql-js validation
 * of a large hostile document takes longer than its analysis): the coded error when over a limit, else the
 * operation's cost (null when the document does not parse or names no operation: Apollo then reports it).
 */
/** An analysis with what the metrics and the pools need of its operation. */
type Named = Analysis & { operationName?: string; operationType?: OperationTypeNode };

export function preflight(
  schema: GraphQLSchema,
  request: { query?: unknown; operationName?: unknown; variables?: unknown },
  limits: LimitsOptions,
  sizes: ListSizes,
  maxTokens: number,
  cache?: AnalysisCache,
): ({ refused: UserError } | { cost: number | null; operation?: OperationTypeNode }) & {
  /** The operation's name in the document, for metrics. */ operationName?: string;
} {
  const query = request.query;
  if (typeof query !== "string") return { cost: null };
  const variables = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : undefined;
  const analyseNow = (): Analysis | null => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens });
    } catch {
      return null;
    }
    const operation = getOperationAST(document, typeof request.operationName === "string" ? request.operationName : undefined);
    if (!operation) return null;
    const named: Named = analyse(schema, document, operation, variables, sizes);
    named.operationName = operation.name?.value;
    named.operationType = operation.operation;
    return named;
  };
  const analysis: Named | null = cache ? cache.get(analysisKey(query, request.operationName, variables), sizes, analyseNow) : analyseNow();
  if (!analysis) return { cost: null };
  const operationName = analysis.operationName;
  try {
    enforceLimits(analysis, limits);
  } catch (error) {
    if (error instanceof UserError) return { refused: error, operationName };
    throw error;
  }
  return { cost: analysis.cost, operation: analysis.operationType, operationName };
}

export function limitsAndCachingPlugin(limits: LimitsOptions, deps: LimitsDeps): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const sizes = deps.sizes();
          const analyseNow = () => analyse(schema, document, operation, request.variables, sizes);
          const analysis =
            deps.cache && typeof request.query === "string"
              ? (deps.cache.get(analysisKey(request.query, request.operationName, request.variables), sizes, analyseNow) ?? analyseNow())
              : analyseNow();
          contextValue.cost = analysis.cost;
          enforceLimits(analysis, limits);
        },
        async willSendResponse({ operation, contextValue, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const ok = !errors || errors.length === 0;
          if (operation?.operation === "mutation" && ok) {
            await invalidateResponseCache();
            await deps.refreshSizes?.();
          }
          if (operation?.operation === "query" && ok && contextValue.user === null && !contextValue.authError) {
            response.http.headers.set(CACHEABLE_HEADER, "1");
          }
        },
      };
    },
  };
}
