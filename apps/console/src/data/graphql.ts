/**
 * The typed `graphql()` of the console: every operation is checked against the API's schema at compile time
 * and its result and variables types are inferred from it (gql.tada), so no server type is written by hand.
 */
import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env";

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
  // Fragments only share field lists here; their data is read in place.
  disableMasking: true;
}>();

export type { FragmentOf, ResultOf, VariablesOf, TadaDocumentNode } from "gql.tada";
