/**
 * Heavy answers in slices: graphql-js completes a list of already-resolved values in one synchronous stretch,
 * and a DataLoader batch settles hundreds of resolvers in one microtask drain, so a 1000-row page with nested
 * fields would hold the event loop (and `/healthz`, and every other client) for its whole execution. For
 * operations served over HTTP that cost at least {@link SLICE_FROM_COST} (their {@link Cancellation} is marked
 * `sliced`), every resolver runs under one scheduler shared by all such requests:
 * - CPU work comes in slices of {@link SLICE_MS}: a slice opens when the scheduler's turn comes (a `setImmediate`,
 *   so that the I/O of every other client runs between two slices); a resolver called once the slice is spent
 *   waits, first in first out, for a later turn;
 * - a turn releases at most {@link RELEASE_PER_TURN} waiting resolvers, whose bodies run before the slice clock
 *   stops them again;
 * - a list of objects longer than {@link LIST_CHUNK} is handed over in chunks, one per turn.
 * The bound is on the whole process, not per request: however many heavy requests run at once, one turn of the
 * event loop holds at most about one slice of their work.
 * The same wrapper checks the request's {@link Cancellation} before every resolver, heavy or not: past its
 * deadline or once its client is gone, the fields not yet resolved fail with the request's one error.
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
/** CPU time (ms) heavy operations may take in one turn of the event loop, all of them together. */
export const SLICE_MS = 4;
export const RELEASE_PER_TURN = 256;
export const LIST_CHUNK = 25;

const waiting: Array<() => void> = [];
let sliceStart = Number.NEGATIVE_INFINITY;
let armed = false;

function turn(): void {
  armed = false;
  sliceStart = performance.now();
  const released = waiting.splice(0, RELEASE_PER_TURN);
  for (const release of released) release();
  if (waiting.length > 0) arm();
}

function arm(): void {
  if (armed) return;
  armed = true;
  setImmediate(turn);
}

/** Resolves on a later turn of the scheduler (first in, first out). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    arm();
  });
}

/** Whether the current slice still has time for more work. */
const sliceOpen = () => performance.now() - sliceStart < SLICE_MS;

/** The items of `list`, the first chunk as they are and each later chunk one turn after the previous. */
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

const wrapped = new WeakSet<GraphQLSchema>();

export function scheduleResolvers(schema: GraphQLSchema): GraphQLSchema {
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
        if (cancellation?.check()) throw cancellation.error;
        if (!cancellation?.sliced) return resolve(source, args, context, info);
        const run = () => {
          if (cancellation.check()) throw cancellation.error;
          return objectList ? chunked(resolve(source, args, context, info)) : resolve(source, args, context, info);
        };
        return sliceOpen() ? run() : nextTurn().then(run);
      };
    }
  }
  return schema;
}
