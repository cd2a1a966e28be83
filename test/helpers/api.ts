/** Starts the real API over real HTTP on a free port, for API tests. */
import { afterAll, beforeAll } from "vitest";
import type { DbHandle } from "@ilms/db";
import { createApp } from "../../apps/api/src/app";
import type { App, AppOptions } from "../../apps/api/src/app";

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown>; path?: (string | number)[] }[];
}

export interface TestApi {
  url: string;
  app: App;
  /** POSTs a GraphQL operation and returns the parsed response. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
}

export async function startTestApi(db: DbHandle, options: Partial<AppOptions> = {}): Promise<TestApi> {
  const app = await createApp({ db, corsOrigins: ["http://allowed.example"], ...options });
  const base = await app.listen(0);
  return {
    url: base,
    app,
    gql: async (query, variables, headers = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as never;
    },
  };
}

/** Registers hooks that start the API on the suite's database and stop it afterwards. */
export function useTestApi(db: () => { handle: DbHandle }, options: Partial<AppOptions> = {}): () => TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await startTestApi(db().handle, options);
  });
  afterAll(async () => {
    await api?.app.close();
  });
  return () => {
    if (!api) throw new Error("API not started");
    return api;
  };
}
