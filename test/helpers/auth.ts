/** Accounts and tokens for API tests: users created straight in the database, logins over real HTTP. */
import { afterAll, beforeAll } from "vitest";
import type { DbHandle } from "@ilms/db";
import { insertUser } from "@ilms/governance/accounts";
import { authConfig } from "@ilms/governance/tokens";
import type { AuthConfig } from "@ilms/governance/tokens";
import { createApp } from "../../apps/api/src/app";
import type { GraphQLResponse, TestApi } from "./api";

export const TEST_PASSWORD = "correct horse battery staple";
export const TEST_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

export type TestRole = "admin" | "editor" | "reviewer" | "viewer";

/** Inserts an account directly (as the CLI does); returns its id. */
export async function createTestUser(
  db: DbHandle,
  email: string,
  role: TestRole,
  countries: string[] = [],
  password = TEST_PASSWORD,
): Promise<string> {
  const row = await insertUser(db, { email, role, countries, password });
  return row.id;
}

export const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresAt user { id email role countries } } }`;

/** Logs in over HTTP and returns the tokens. */
export async function login(
  api: TestApi,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ accessToken: string; refreshToken: string; headers: Record<string, string> }> {
  const res = await api.gql(LOGIN, { email, password });
  if (res.errors) throw new Error(`login ${email} failed: ${JSON.stringify(res.errors)}`);
  const { accessToken, refreshToken } = res.data!.login;
  return { accessToken, refreshToken, headers: { authorization: `Bearer ${accessToken}` } };
}

/** Starts the API with a known signing key (so tests can forge and tamper tokens) on the suite's database. */
export function useSecureApi(
  db: () => { handle: DbHandle },
  config: AuthConfig = authConfig(TEST_SECRET),
  extra: { trustProxy?: boolean } = {},
): () => TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    const app = await createApp({
      db: db().handle,
      corsOrigins: ["http://allowed.example"],
      auth: config,
      maxBodyBytes: 200_000,
      ...extra,
    });
    const base = await app.listen(0);
    api = {
      url: base,
      app,
      gql: async (query, variables, headers = {}) => {
        const res = await fetch(`${base}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as GraphQLResponse<any>;
      },
    };
  });
  afterAll(async () => {
    await api?.app.close();
  });
  return () => {
    if (!api) throw new Error("API not started");
    return api;
  };
}

/** The error code of the first error, or `OK` when the operation succeeded. */
export function outcome(res: GraphQLResponse): string {
  return res.errors?.[0]?.extensions?.code ?? "OK";
}

const adminHeaderCache = new WeakMap<TestApi, Promise<Record<string, string>>>();

/**
 * Headers of an administrator on `api`'s database (created on first use), for suites that test mutations
 * rather than permissions: `api().gql(query, vars, await asAdmin(api(), db().handle))`.
 */
export function asAdmin(api: TestApi, db: DbHandle): Promise<Record<string, string>> {
  let headers = adminHeaderCache.get(api);
  if (!headers) {
    headers = (async () => {
      const email = `test-admin-${Math.random().toString(36).slice(2, 10)}@example.org`;
      await createTestUser(db, email, "admin");
      return (await login(api, email)).headers;
    })();
    adminHeaderCache.set(api, headers);
  }
  return headers;
}
