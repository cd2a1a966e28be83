/**
 * Protection and caching decisions made once the operation is known:
 * - depth limit (introspection excepted) and a limit on data-reading root fields per operation;
 * - whether the answer may be cached and shared: a query, by an anonymous caller, without errors. The HTTP
 *   layer reads the decision from an internal header, which it never sends;
 * - any successful mutation drops the response cache, so that no anonymous reader sees a stale answer.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind } from "graphql";
import type { FragmentDefinitionNode, SelectionSetNode } from "graphql";
import type { Context } from "../context";
import { ErrorCode, UserError } from "../errors";
import { invalidateResponseCache } from "../http/response-cache";

export const CACHEABLE_HEADER = "x-ilms-cacheable";

export interface LimitsOptions {
  /** Deepest selection allowed (root fields are depth 1). */
  maxDepth: number;
  /** Most data-reading root fields (`observations`, `slice`...) in one operation. */
  maxDataFields: number;
}

export const DEFAULT_LIMITS: LimitsOptions = { maxDepth: 12, maxDataFields: 10 };

/** Root fields that read observations: each may touch up to its page or slice limit of cells. */
const DATA_FIELDS = new Set(["observations", "slice", "derived", "availability", "qualityMap", "estimate", "revisions"]);

function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue; // introspection is bounded by the schema itself
      max = Math.max(max, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      max = Math.max(max, depthOf(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return max;
}

function countDataFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let n = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) n += DATA_FIELDS.has(selection.name.value) ? 1 : 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT) n += countDataFields(selection.selectionSet, fragments, seen);
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(selection.name.value))
        n += countDataFields(fragment.selectionSet, fragments, new Set([...seen, selection.name.value]));
    }
  }
  return n;
}

export function limitsAndCachingPlugin(limits: LimitsOptions = DEFAULT_LIMITS): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const depth = depthOf(operation.selectionSet, fragments, new Set());
          if (depth > limits.maxDepth) {
            throw new UserError(ErrorCode.TooExpensive, `The operation is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, {
              limit: "depth",
              depth,
              max: limits.maxDepth,
              http: { status: 400 },
            });
          }
          const dataFields = countDataFields(operation.selectionSet, fragments);
          if (dataFields > limits.maxDataFields) {
            throw new UserError(
              ErrorCode.TooExpensive,
              `The operation reads data ${dataFields} times; at most ${limits.maxDataFields} data fields per operation`,
              {
                limit: "dataFields",
                dataFields,
                max: limits.maxDataFields,
                http: { status: 400 },
              },
            );
          }
        },
        async willSendResponse({ operation, contextValue, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const ok = !errors || errors.length === 0;
          if (operation?.operation === "mutation" && ok) await invalidateResponseCache();
          if (operation?.operation === "query" && ok && contextValue.user === null && !contextValue.authError) {
            response.http.headers.set(CACHEABLE_HEADER, "1");
          }
        },
      };
    },
  };
}
