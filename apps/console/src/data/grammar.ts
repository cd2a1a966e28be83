/**
 * How a resource's grammar is written: one typed operation per react-admin verb, each with the variables it
 * takes from react-admin's params and how its data becomes a record. `op` checks both against the schema
 * and then forgets the operation's own types, so that the ten grammars fit in one table.
 */
import type { DocumentNode } from "graphql";
import type { Identifier } from "react-admin";
import type { TadaDocumentNode } from "./graphql";

export type Row = Record<string, unknown>;

/** What react-admin passes to a verb, all verbs together (each uses its part). */
export interface Params {
  id?: Identifier;
  ids?: Identifier[];
  data?: Row;
  previousData?: Row;
  filter?: Row;
  target?: string;
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: "ASC" | "DESC" | string };
  meta?: unknown;
  signal?: AbortSignal;
}

export interface Operation {
  document: DocumentNode;
  variables: (params: Params) => object;
  parse: (data: unknown, params: Params) => Row | Row[] | null | undefined;
}

export interface Grammar {
  /** The react-admin id of a record. */
  key: (record: Row) => Identifier;
  /** Every row: filter, sort and pagination happen in the console (small lists). */
  list?: Operation;
  one?: Operation;
  create?: Operation;
  update?: Operation;
  delete?: Operation;
  /** Filter keys the list query itself applies (sent as variables, not filtered again here). */
  serverFilters?: readonly string[];
}

/** A typed operation of a grammar. */
export function op<R, V>(
  document: TadaDocumentNode<R, V>,
  variables: (params: Params) => V,
  parse: (data: R, params: Params) => Row | Row[] | null | undefined,
): Operation {
  return { document, variables: variables as (params: Params) => object, parse: (data, params) => parse(data as R, params) };
}

/** An operation without variables. */
export const noVariables = (): Record<string, never> => ({});

/** The `data` (or `previousData`) of a verb's params, as a record. */
export const dataOf = (params: Params): Row => params.data ?? {};

/** `{ lang, text }` pairs from a labels input, dropping empty rows; undefined when the form sent none. */
export function labelsInput(labels: unknown): { lang: string; text: string }[] | undefined {
  if (!Array.isArray(labels)) return undefined;
  return labels
    .filter((l): l is { lang: unknown; text: unknown } => Boolean(l && (l as Row).lang && (l as Row).text))
    .map((l) => ({ lang: String(l.lang), text: String(l.text) }));
}

/** Keeps the keys an input type accepts, dropping ids and read-only fields react-admin sends back. */
export function pick(data: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) if (k in data && data[k] !== undefined) out[k] = data[k] === "" ? null : data[k];
  return out;
}

/** Only the fields that changed, so that an update never overwrites a value someone else just set. */
export function changed(params: Params, keys: readonly string[]): Row {
  const before = params.previousData ?? {};
  const all = pick(params.data ?? {}, keys);
  return Object.fromEntries(
    Object.entries(all).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k] === "" ? null : before[k])),
  );
}

/** The `a/b` halves of a composite id (`ISIC4/C`, `R1:3513`). */
export function splitId(id: Identifier | undefined, separator: string): [string, string] {
  const [head, ...rest] = String(id ?? "").split(separator);
  return [head ?? "", rest.join(separator)];
}
