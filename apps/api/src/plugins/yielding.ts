/**
 * Heavy answers in slices: graphql-js completes a list of already-resolved values in one synchronous stretch,
 * so a 1000-row page with nested fields would hold the event loop (and `/healthz`, and every other client) for
 * its whole execution. Every {@link YIELD_EVERY} field resolutions of a request, the next resolver waits for
 * the event loop's next turn (`setImmediate`): other requests' I/O runs in between, and a cancelled request
 * stops at that point. Resolvers are wrapped once, in place, when the app starts.
 */
import { defaultFieldResolver, isObjectType } from "graphql";
import type { GraphQLSchema } from "graphql";
import type { Context } from "../context";

export const YIELD_EVERY = 128;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const wrapped = new WeakSet<GraphQLSchema>();

export function yieldBetweenFields(schema: GraphQLSchema, every = YIELD_EVERY): GraphQLSchema {
  if (wrapped.has(schema)) return schema;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: Context, info) => {
        const cancellation = context?.cancellation;
        if (cancellation && cancellation.countField() % every === 0) return nextTurn().then(() => resolve(source, args, context, info));
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
