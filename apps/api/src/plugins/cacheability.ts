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
 * The same limits, checked on the request's text before Apollo parses and validates it (graphql-js validation
 * of a large hostile document takes longer than its analysis): the coded error when over a limit, else the
 * operation's cost (null when the document does not parse or names no operation: Apollo then reports it).
 */
export function preflight(
  schema: GraphQLSchema,
  request: { query?: unknown; operationName?: unknown; variables?: unknown },
  limits: LimitsOptions,
  sizes: ListSizes,
  maxTokens: number,
): { refused: UserError } | { cost: number | null; operation?: OperationTypeNode } {
  if (typeof request.query !== "string") return { cost: null };
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens });
  } catch {
    return { cost: null };
  }
  const operation = getOperationAST(document, typeof request.operationName === "string" ? request.operationName : undefined);
  if (!operation) return { cost: null };
  const variables = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : undefined;
  const analysis = analyse(schema, document, operation, variables, sizes);
  try {
    enforceLimits(analysis, limits);
  } catch (error) {
    if (error instanceof UserError) return { refused: error };
    throw error;
  }
  return { cost: analysis.cost, operation: operation.operation };
}

export function limitsAndCachingPlugin(limits: LimitsOptions, deps: LimitsDeps): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const analysis = analyse(schema, document, operation, request.variables, deps.sizes());
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
