/**
 * The two ways the console reaches the API, both with the caller's token: `request` for typed operations of
 * the extra verbs and the session, and the Apollo client that `ra-data-graphql` drives for the CRUD verbs.
 */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { print } from "graphql";
import type { TadaDocumentNode } from "./graphql";
import { accessToken } from "./session";

export const ENDPOINT = "/graphql";

/** A GraphQL error as the API reports it: message, code (`extensions.code`) and the rest of the extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Posts one operation with the given token (or none) and returns its `data`, or throws its first error. */
export async function post<R, V>(document: TadaDocumentNode<R, V>, variables: V, token: string | null): Promise<R> {
  const res = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  let body: GraphQLBody<R>;
  try {
    body = (await res.json()) as GraphQLBody<R>;
  } catch {
    throw new ApiError(`The server answered ${res.status} ${res.statusText}`, "NETWORK");
  }
  const [first] = body.errors ?? [];
  if (first) throw new ApiError(first.message, first.extensions?.code as string | undefined, first.extensions);
  if (!body.data) throw new ApiError("The server answered without data", "NETWORK");
  return body.data;
}

/** Runs one operation with the signed-in user's token (refreshed when it is about to expire). */
export async function request<R, V>(document: TadaDocumentNode<R, V>, variables: V): Promise<R> {
  return post(document, variables, await accessToken());
}

/** `fetch` with the signed-in user's token, for the API's plain HTTP routes (exports). */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = await accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}

/**
 * Apollo as `ra-data-graphql` needs it. Nothing is cached (react-query caches the records), so Apollo never
 * merges objects without ids and adds no `__typename` the grammars would have to strip.
 */
export const apolloClient = new ApolloClient({
  link: new HttpLink({ uri: ENDPOINT, fetch: (uri, init) => authorizedFetch(String(uri), init) }),
  cache: new InMemoryCache(),
  defaultOptions: {
    query: { fetchPolicy: "no-cache", errorPolicy: "none" },
    watchQuery: { fetchPolicy: "no-cache" },
    mutate: { fetchPolicy: "no-cache" },
  },
});
