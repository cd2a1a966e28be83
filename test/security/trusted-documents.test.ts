/**
 * Trusted documents (issue 15, "persisted queries: APQ and a trusted-document allow-list, which also serve the
 * cost limits"), over real HTTP on both drivers: listed documents run by id (`documentId`, POST and GET, or the
 * APQ hash) with the same answer as their text; an anonymous free-form query is refused with a code while a
 * signed-in user keeps free-form queries (and `everyone` binds them too), authenticated once per request; signing
 * in still works; the cost limits apply to listed documents; a manifest with an outdated document refuses the
 * start, naming the entry.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@ilms/governance/api-keys";
import { loadDemoData } from "@ilms/ingest";
import { createApp } from "../../apps/api/src/app";
import { getSchema } from "../../apps/api/src/schema";
import { TrustedDocuments, TrustedDocumentsError } from "../../apps/api/src/plugins/trusted-documents";
import { startTestApi } from "../helpers/api";
import type { TestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { countingHandle, describeOnDrivers } from "../helpers/db";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const TABLES = "query Tables { tables { id title } }";
const SOURCE = "query Source($code: String!) { source(code: $code) { code name } }";
const HOSTILE = `query Hostile { ${Array.from({ length: 500 }, (_, i) => `a${i}: tables { dimensions { codelist { codes { children { code } } } } }`).join(" ")} }`;
const FREE = "{ tables { id } }";

const dir = mkdtempSync(join(tmpdir(), "ilms-trusted-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const apollo = manifest("apollo.json", {
  format: "apollo-persisted-query-manifest",
  version: 1,
  operations: [
    { id: sha256(TABLES), name: "Tables", type: "query", body: TABLES },
    { id: "source-by-code", name: "Source", type: "query", body: SOURCE },
    { id: "hostile", name: "Hostile", type: "query", body: HOSTILE },
  ],
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describeOnDrivers("trusted documents", (db) => {
  let open: TestApi;
  let anonymousOnly: TestApi;
  let everyone: TestApi;
  beforeAll(async () => {
    await loadDemoData(db().handle);
    open = await startTestApi(db().handle);
    anonymousOnly = await startTestApi(db().handle, { trustedDocuments: { file: apollo } });
    everyone = await startTestApi(db().handle, { trustedDocuments: { file: apollo, enforcement: "everyone" } });
  });
  afterAll(async () => {
    await Promise.all([open, anonymousOnly, everyone].map((api) => api?.app.close()));
  });

  it("runs a listed document by id, POST and GET, with the answer its text gives", async () => {
    const expected = await open.gql(TABLES);
    expect(expected.errors).toBeUndefined();
    expect((expected.data!.tables as unknown[]).length).toBe(17);
    const byPost = await post(anonymousOnly.url, { documentId: sha256(TABLES) });
    expect(byPost.status).toBe(200);
    expect(byPost.json).toEqual(expected);
    const get = await fetch(`${anonymousOnly.url}/graphql?documentId=${sha256(TABLES)}`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual(expected);
    // Apollo Client's persisted-queries link sends the hash as an APQ extension.
    const apq = await post(anonymousOnly.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TABLES) } } });
    expect(apq.json).toEqual(expected);
    // An id that is not the text's hash, with variables.
    const source = await post(anonymousOnly.url, { documentId: "source-by-code", variables: { code: "DEMO:THA" } });
    expect(source.json).toEqual(await open.gql(SOURCE, { code: "DEMO:THA" }));
    expect(source.json.data.source.code).toBe("DEMO:THA");
  });

  it("refuses an anonymous free-form query with a code, but runs the very text of a listed one", async () => {
    const refused = await post(anonymousOnly.url, { query: FREE });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    expect(refused.json.data).toBeUndefined();
    // Registering a new APQ document is free-form too.
    const register = await post(anonymousOnly.url, {
      query: FREE,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(FREE) } },
    });
    expect(register.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    const same = await post(anonymousOnly.url, { query: TABLES });
    expect(same.status).toBe(200);
    expect(same.json.data.tables).toHaveLength(17);
    const unknown = await post(anonymousOnly.url, { documentId: "no-such-document" });
    expect(unknown.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(unknown.json.errors[0].message).toContain("no-such-document");
  });

  it("keeps free-form queries for signed-in users (a made-up token is not one), and signing in works", async () => {
    // asAdmin signs in through the API: an anonymous mutation, which the list does not bind.
    const admin = await asAdmin(anonymousOnly, db().handle);
    const mine = await post(anonymousOnly.url, { query: FREE }, admin);
    expect(mine.status).toBe(200);
    expect(mine.json.data.tables).toHaveLength(17);
    const forged = await post(anonymousOnly.url, { query: FREE }, { authorization: "Bearer not-a-token" });
    expect(forged.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    // `everyone`: signed-in callers run listed queries only as well.
    const adminThere = await asAdmin(everyone, db().handle);
    const bound = await post(everyone.url, { query: FREE }, adminThere);
    expect(bound.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    const listed = await post(everyone.url, { documentId: sha256(TABLES) }, adminThere);
    expect(listed.json.data.tables).toHaveLength(17);
  });

  it("authenticates a signed-in caller once per request, the list's decision and the resolvers sharing it", async () => {
    // The API's handle, counting the lookups of a caller: an access token's session, an API key's row.
    const inner = db().handle;
    const lookups = { sessions: 0, apiKeys: 0 };
    const counting = countingHandle(inner, (text) => {
      if (/\bfrom sessions s join users u\b/.test(text)) lookups.sessions++;
      if (/\bfrom api_keys where prefix\b/.test(text)) lookups.apiKeys++;
    });
    const apis = await Promise.all(
      (["anonymous", "everyone"] as const).map((enforcement) =>
        startTestApi(counting, { trustedDocuments: { file: apollo, enforcement } }),
      ),
    );
    try {
      const [anonymous, everyoneToo] = apis as [TestApi, TestApi];
      const { key } = await createApiKey(inner, null, { name: "trusted documents test", role: "viewer" });
      const callers = { token: await asAdmin(anonymous, inner), key: { "x-api-key": key } };
      const counted = async (api: TestApi, body: unknown, headers: Record<string, string>) => {
        Object.assign(lookups, { sessions: 0, apiKeys: 0 });
        const res = await post(api.url, body, headers);
        return { res, lookups: { ...lookups } };
      };
      // `anonymous`: a free-form query passes because its caller is signed in, and runs as that caller.
      const token = await counted(anonymous, { query: "{ me { email } }" }, callers.token);
      expect(token.res.json.data.me.email).toMatch(/^test-admin-/);
      expect(token.lookups).toEqual({ sessions: 1, apiKeys: 0 });
      const apiKey = await counted(anonymous, { query: "{ me { email } }" }, callers.key);
      expect(apiKey.res.json.data.me.email).toBe("api-key:trusted documents test");
      expect(apiKey.lookups).toEqual({ sessions: 0, apiKeys: 1 });
      // A listed document needs no decision: authenticated once, for the resolvers.
      const listed = await counted(anonymous, { documentId: sha256(TABLES) }, callers.token);
      expect(listed.res.json.data.tables).toHaveLength(17);
      expect(listed.lookups).toEqual({ sessions: 1, apiKeys: 0 });
      // `everyone`: a free-form query is refused whoever sends it, without looking the caller up; a listed one
      // is authenticated once.
      const refused = await counted(everyoneToo, { query: "{ me { email } }" }, callers.token);
      expect(refused.res.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
      expect(refused.lookups).toEqual({ sessions: 0, apiKeys: 0 });
      const listedThere = await counted(everyoneToo, { documentId: sha256(TABLES) }, callers.key);
      expect(listedThere.res.json.data.tables).toHaveLength(17);
      expect(listedThere.lookups).toEqual({ sessions: 0, apiKeys: 1 });
    } finally {
      await Promise.all(apis.map((api) => api.app.close()));
    }
  });

  it("does not start the app on an unusable manifest", async () => {
    const file = manifest("outdated-app.json", { old: "query Old { tables { noSuchField } }" });
    await expect(createApp({ db: db().handle, trustedDocuments: { file } })).rejects.toThrow(/"old".*noSuchField/);
  });

  it("applies the cost limits to listed documents", async () => {
    const hostile = await post(anonymousOnly.url, { documentId: "hostile" });
    expect(hostile.json.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    expect(hostile.json.data).toBeUndefined();
  });
});

it("refuses to start on a manifest that cannot be used, naming the file, the entry and the reason", async () => {
  const schema = await getSchema();
  const cases: [string, unknown, RegExp][] = [
    [
      "outdated.json",
      { "q-1": "query Old { tables { id noSuchField } }" },
      /"q-1".*not valid against the schema: Cannot query field "noSuchField"/,
    ],
    ["broken.json", { "q-2": "query { tables { id " }, /"q-2".*does not parse/],
    ["not-json.json", "{ nope", /not-json\.json: is not valid JSON/],
    [
      "twice.json",
      {
        format: "apollo-persisted-query-manifest",
        version: 1,
        operations: [
          { id: "a", name: "A", type: "query", body: FREE },
          { id: "a", name: "B", type: "query", body: TABLES },
        ],
      },
      /"a" \(B\): the id is listed twice/,
    ],
    ["version.json", { format: "apollo-persisted-query-manifest", version: 2, operations: [] }, /version 2 is not supported/],
    [
      "no-body.json",
      { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: "x", name: "X" }] },
      /operations\[0\] \(X\): "body" must be a string/,
    ],
  ];
  for (const [name, content, reason] of cases) {
    const file = manifest(name, content);
    expect(() => TrustedDocuments.load(file, schema)).toThrow(TrustedDocumentsError);
    expect(() => TrustedDocuments.load(file, schema)).toThrow(reason);
    expect(() => TrustedDocuments.load(file, schema)).toThrow(file);
  }
  expect(() => TrustedDocuments.load(join(dir, "missing.json"), schema)).toThrow(/cannot be read \(ENOENT\)/);
  expect(TrustedDocuments.load(manifest("map.json", { [sha256(FREE)]: FREE }), schema).size).toBe(1);
});
