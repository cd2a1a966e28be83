/**
 * Every mutation of the schema, found by introspection (so mutations added later are covered without editing this
 * file), called with arguments of the right types: anonymous callers get UNAUTHENTICATED and a viewer FORBIDDEN,
 * except the sign-in mutations and the viewer's own password change and language. Nothing is written. The hand-written
 * role x operation x country matrix is in test/governance/matrix.test.ts.
 */
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, outcome, useSecureApi } from "../helpers/auth";
import { introspect } from "../helpers/introspection";
import type { SchemaView } from "../helpers/introspection";

/** How one gets credentials; exercised in tokens.test.ts and bruteforce.test.ts. */
const PUBLIC = new Set(["login", "refreshToken", "logout", "setupAdmin"]);
/** What a viewer may do beyond reading. */
const VIEWER_MAY = new Set(["changePassword", "setMyLanguage"]);

describeOnDrivers("every mutation refuses callers without the right", (db) => {
  const api = useSecureApi(db);
  let schema: SchemaView;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    schema = await introspect(api());
    await createTestUser(db().handle, "viewer@mutations.org", "viewer");
    viewer = (await login(api(), "viewer@mutations.org")).headers;
  });

  it("refuses anonymous callers and viewers, and changes nothing", async () => {
    const tables = [
      "users",
      "api_keys",
      "collection_rounds",
      "data_sources",
      "notes",
      "codelists",
      "codes",
      "country_groups",
      "country_group_members",
      "imports",
    ];
    const count = async () =>
      (
        await db().handle.query<{ j: unknown }>(
          `select json_build_array(${tables.map((t) => `(select count(*) from ${t})`).join(", ")}) as j`,
        )
      )[0]!.j;
    const before = await count();
    const mutations = schema.types.get("Mutation")!.fields!.filter((f) => !PUBLIC.has(f.name));
    expect(mutations.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const field of mutations) {
      const op = schema.operation("mutation", field, "x");
      const anonymous = outcome(await api().gql(op.query, op.variables));
      if (anonymous !== "UNAUTHENTICATED") wrong.push(`${field.name} anonymous: ${anonymous}`);
      const asViewer = outcome(await api().gql(op.query, op.variables, viewer));
      if (!VIEWER_MAY.has(field.name) && asViewer !== "FORBIDDEN") wrong.push(`${field.name} viewer: ${asViewer}`);
    }
    expect(wrong).toEqual([]);
    expect(await count()).toEqual(before);
  });
});
