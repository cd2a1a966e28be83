/**
 * Heavy answers in slices: graphql-js completes a list of already-resolved values in one synchronous stretch,
 * so a 1000-row page with nested fields would hold the event loop (and `/healthz`, and every other client) for
 * its whole execution. Two wrappers around every resolver, for operations served over HTTP that cost at least
 * {@link SLICE_FROM_COST} (their {@link Cancellation} is marked `sliced`):
 * - a list of objects longer than {@link LIST_CHUNK} is handed over in chunks, one per turn of the event loop
 *   (its items are promises that settle on successive `setImmediate` turns), so that other requests' I/O runs
 *   between two chunks;
 * - every {@link YIELD_EVERY} field resolutions, the next resolver waits for the next turn as well, and a
 *   cancelled request stops there.
 * Resolvers are wrapped once, in place, when the app starts.
 */
import { defaultFieldResolver, getNamedType, getNullableType, isListType, isObjectType, isInterfaceType, isUnionType } from "graphql";
import type { GraphQLSchema } from "graphql";
import type { Context } from "../context";

/**
 * Static cost from which an answer is built in slices. Slicing splits DataLoader batches (one per slice instead of
 * one per level), so lighter operations, which hold the event loop only briefly, keep their few statements.
 */
export const SLICE_FROM_COST = 50_000;
export const YIELD_EVERY = 64;
export const LIST_CHUNK = 25;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const wrapped = new WeakSet<GraphQLSchema>();

/** The items of `list`, the first chunk as they are and each later chunk one event-loop turn after the previous. */
function inChunks(list: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(list.length);
  let gate: Promise<void> = Promise.resolve();
  for (let i = 0; i < list.length; i++) {
    if (i < LIST_CHUNK) out[i] = list[i];
    else {
      if (i % LIST_CHUNK === 0) gate = gate.then(nextTurn);
      const item = list[i];
      out[i] = gate.then(() => item);
    }
  }
  return out;
}

function chunked(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > LIST_CHUNK ? inChunks(value) : value;
  if (value instanceof Promise) return value.then((v: unknown) => (Array.isArray(v) && v.length > LIST_CHUNK ? inChunks(v) : v));
  return value;
}

export function yieldBetweenFields(schema: GraphQLSchema, every = YIELD_EVERY): GraphQLSchema {
  if (wrapped.has(schema)) return schema;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const nullable = getNullableType(field.type);
      const named = getNamedType(field.type);
      const objectList = isListType(nullable) && (isObjectType(named) || isInterfaceType(named) || isUnionType(named));
      field.resolve = (source, args, context: Context, info) => {
        const cancellation = context?.cancellation;
        if (!cancellation?.sliced) return resolve(source, args, context, info);
        const run = () => (objectList ? chunked(resolve(source, args, context, info)) : resolve(source, args, context, info));
        if (cancellation.countField() % every === 0) return nextTurn().then(run);
        return run();
      };
    }
  }
  return schema;
}
