/**
 * Warnings of a GraphQL response (`extensions.warnings`): things the answer is right about but the caller may
 * not expect, such as a country group without members that selects nothing below it. Resolvers add them to
 * their request's list; the plugin writes the list into the response.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";

const perRequest = new WeakMap<Context, string[]>();

/** Adds warnings to the response of the request `ctx` belongs to (each once). */
export function addWarnings(ctx: Context, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  const list = perRequest.get(ctx) ?? [];
  for (const w of warnings) if (!list.includes(w)) list.push(w);
  perRequest.set(ctx, list);
}

export function warningsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const warnings = perRequest.get(contextValue);
          if (!warnings || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, warnings };
        },
      };
    },
  };
}
