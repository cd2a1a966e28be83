/**
 * The bridge from resolvers to the query engine: visibility from the caller, engine errors as GraphQL
 * errors, and this module's per-request DataLoaders (kept beside the context, keyed by it, so they live and
 * die with the request).
 */
import DataLoader from "dataloader";
import { QueryError, notesByKey, planChecked, roundsById, sourcesByCode, visibilityAsOf } from "@ilms/query";
import type { FilterPlan, NoteRecord, ObservationFilter, RoundRecord, SourceRecord, Visibility } from "@ilms/query";
import { addWarnings } from "../../http/warnings";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";

const CODES: Record<QueryError["code"], ErrorCode> = {
  BAD_USER_INPUT: ErrorCode.BadUserInput,
  UNKNOWN_CODE: ErrorCode.UnknownCode,
  NOT_FOUND: ErrorCode.NotFound,
  FORBIDDEN: ErrorCode.Forbidden,
  QUERY_TOO_EXPENSIVE: ErrorCode.TooExpensive,
  NOT_AGGREGATABLE: ErrorCode.NotAggregatable,
};

/** Runs engine code, turning its coded errors into client errors (anything else stays internal and masked). */
export async function engine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof QueryError) throw new UserError(CODES[error.code], error.message, error.details);
    throw error;
  }
}

/**
 * A filter as a plan, its codes checked against the code lists (UNKNOWN_CODE with close matches); what it
 * selects unexpectedly (an empty country group) goes into the response's `extensions.warnings`.
 */
export async function planOf(ctx: Context, filter: ObservationFilter, argument = "filter"): Promise<FilterPlan> {
  const { warnings, ...checked } = await planChecked(ctx.db, filter, argument);
  addWarnings(ctx, warnings);
  return checked;
}

/** What the caller may see, as of a round when asked. */
export function visibility(ctx: Context, asOfRound: string | null | undefined): Promise<Visibility> {
  return engine(() => visibilityAsOf(ctx.db, canReadDrafts(ctx), asOfRound));
}

function createQueryLoaders(ctx: Context) {
  const h = ctx.db;
  const noteKey = (k: { noteType: string; noteId: string }) => `${k.noteType}:${k.noteId}`;
  return {
    source: new DataLoader<string, SourceRecord | undefined>((codes) => sourcesByCode(h, codes)),
    round: new DataLoader<number, RoundRecord | undefined>((ids) => roundsById(h, ids)),
    note: new DataLoader<{ noteType: string; noteId: string }, NoteRecord | undefined, string>((keys) => notesByKey(h, keys), {
      cacheKeyFn: noteKey,
    }),
  };
}

const perRequest = new WeakMap<Context, ReturnType<typeof createQueryLoaders>>();

/** Loaders for observation metadata, created on first use in a request. */
export function queryLoaders(ctx: Context): ReturnType<typeof createQueryLoaders> {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = createQueryLoaders(ctx)));
  return loaders;
}
