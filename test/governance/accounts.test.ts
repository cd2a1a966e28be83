/** Accounts, API keys and the first-admin set-up. */
import { expect, it } from "vitest";
import { ensureSetupToken } from "@ilms/governance/setup";
import { pruneAuthRecords } from "@ilms/governance/throttle";
import { describeOnDrivers } from "../helpers/db";
import { TEST_PASSWORD, createTestUser, login, outcome, useSecureApi } from "../helpers/auth";

const SETUP = `mutation($t: String!, $e: String!, $p: String!) { setupAdmin(token: $t, email: $e, password: $p, name: "First Admin") { accessToken user { email role } } }`;

describeOnDrivers("accounts and the first admin", (db) => {
  const api = useSecureApi(db);

  it("creates the first admin from the one-time setup token, once; there is no default account", async () => {
    expect((await api().gql(`{ setupRequired }`)).data).toEqual({ setupRequired: true });
    expect(outcome(await api().gql(`mutation { login(email: "admin@example.org", password: "admin") { accessToken } }`))).toBe(
      "UNAUTHENTICATED",
    );
    const lines = await ensureSetupToken(db().handle);
    const token = lines[1]!.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [stored] = await db().handle.query<{ token_hash: string }>("select token_hash from setup_tokens where used_at is null");
    expect(stored!.token_hash).not.toContain(token);

    const wrong = await api().gql(SETUP, { t: "x".repeat(32), e: "first@example.org", p: "a long enough password" });
    expect(wrong.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const short = await api().gql(SETUP, { t: token, e: "first@example.org", p: "short" });
    expect(short.errors?.[0]).toMatchObject({ message: "Password must be at least 12 characters long", extensions: { field: "password" } });
    const ok = await api().gql(SETUP, { t: token, e: "First@Example.org", p: "a long enough password" });
    expect(ok.data!.setupAdmin.user).toEqual({ email: "first@example.org", role: "admin" });
    const again = await api().gql(SETUP, { t: token, e: "second@example.org", p: "a long enough password" });
    expect(again.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await ensureSetupToken(db().handle)).toEqual([]);
    expect((await api().gql(`{ setupRequired }`)).data).toEqual({ setupRequired: false });
    const me = await api().gql(`{ me { email role } }`, {}, { authorization: `Bearer ${ok.data!.setupAdmin.accessToken}` });
    expect(me.data!.me).toEqual({ email: "first@example.org", role: "admin" });
  });

  it("validates accounts: unique email, role scope, known countries, password length", async () => {
    const admin = (await login(api(), "first@example.org", "a long enough password")).headers;
    const create = (input: string) => api().gql(`mutation { createUser(input: ${input}) { email role countries } }`, {}, admin);
    expect(
      (await create(`{ email: "Ed@Example.org", role: editor, countries: ["tha", "VNM"], password: "${TEST_PASSWORD}" }`)).data!.createUser,
    ).toEqual({
      email: "ed@example.org",
      role: "editor",
      countries: ["THA", "VNM"],
    });
    const cases: [string, string][] = [
      [`{ email: "ED@example.org", role: viewer, password: "${TEST_PASSWORD}" }`, "A user with email ed@example.org already exists"],
      [`{ email: "x@example.org", role: editor, password: "${TEST_PASSWORD}" }`, "An editor needs at least one reporting country"],
      [
        `{ email: "x@example.org", role: viewer, countries: ["THA"], password: "${TEST_PASSWORD}" }`,
        "Only editors are scoped to countries; a viewer has none",
      ],
      [
        `{ email: "x@example.org", role: editor, countries: ["XYZ"], password: "${TEST_PASSWORD}" }`,
        "Unknown country code(s): XYZ (ISO 3166-1 alpha-3 expected)",
      ],
      [`{ email: "not an email", role: viewer, password: "${TEST_PASSWORD}" }`, 'Not an email address: "not an email"'],
      [`{ email: "x@example.org", role: viewer, password: "short" }`, "Password must be at least 12 characters long"],
    ];
    for (const [input, message] of cases) expect((await create(input)).errors?.[0]?.message, input).toBe(message);
    const [row] = await db().handle.query<{ password_hash: string }>("select password_hash from users where email = 'ed@example.org'");
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("applies role changes at once and ends the sessions of a deactivated account", async () => {
    const admin = (await login(api(), "first@example.org", "a long enough password")).headers;
    const id = await createTestUser(db().handle, "changing@example.org", "viewer");
    const user = (await login(api(), "changing@example.org")).headers;
    expect(outcome(await api().gql(`{ users { id } }`, {}, user))).toBe("FORBIDDEN");
    await api().gql(`mutation($id: ID!) { updateUser(id: $id, input: { role: admin }) { role } }`, { id }, admin);
    expect(outcome(await api().gql(`{ users { id } }`, {}, user))).toBe("OK");
    const off = await api().gql(`mutation($id: ID!) { deleteUser(id: $id) { active } }`, { id }, admin);
    expect(off.data!.deleteUser.active).toBe(false);
    const after = await api().gql(`{ me { email } }`, {}, user);
    expect(after.errors?.[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(
      outcome(await api().gql(`mutation { login(email: "changing@example.org", password: "${TEST_PASSWORD}") { accessToken } }`)),
    ).toBe("UNAUTHENTICATED");
  });

  it("never leaves the warehouse without an active administrator", async () => {
    const admin = (await login(api(), "first@example.org", "a long enough password")).headers;
    const [{ id }] = (await db().handle.query<{ id: string }>("select id from users where email = 'first@example.org'")) as [
      { id: string },
    ];
    await db().handle.query("update users set active = false where role = 'admin' and email <> 'first@example.org'");
    const res = await api().gql(`mutation($id: ID!) { deleteUser(id: $id) { active } }`, { id }, admin);
    expect(res.errors?.[0]?.message).toBe("This is the last active administrator; create another admin first");
    const demote = await api().gql(`mutation($id: ID!) { updateUser(id: $id, input: { role: viewer }) { role } }`, { id }, admin);
    expect(demote.errors?.[0]?.message).toBe("This is the last active administrator; create another admin first");
  });

  it("lets a person change their own password, ending their other sessions", async () => {
    await createTestUser(db().handle, "self@example.org", "viewer");
    const here = (await login(api(), "self@example.org")).headers;
    const elsewhere = (await login(api(), "self@example.org")).headers;
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const wrong = await api().gql(CHANGE, { c: "not my password", n: "a brand new password" }, here);
    expect(wrong.errors?.[0]).toMatchObject({
      message: "The current password is wrong",
      extensions: { code: "BAD_USER_INPUT", field: "currentPassword" },
    });
    const short = await api().gql(CHANGE, { c: TEST_PASSWORD, n: "short" }, here);
    expect(short.errors?.[0]?.extensions).toMatchObject({ field: "newPassword" });
    expect((await api().gql(CHANGE, { c: TEST_PASSWORD, n: "a brand new password" }, here)).data).toEqual({ changePassword: true });
    expect((await api().gql(`{ me { email } }`, {}, here)).data!.me).toEqual({ email: "self@example.org" });
    expect(outcome(await api().gql(`{ me { email } }`, {}, elsewhere))).toBe("UNAUTHENTICATED");
    expect(outcome(await api().gql(`mutation { login(email: "self@example.org", password: "${TEST_PASSWORD}") { accessToken } }`))).toBe(
      "UNAUTHENTICATED",
    );
    await login(api(), "self@example.org", "a brand new password");
  });

  it("prunes old login attempts, long-ended sessions and spent setup tokens, never the audit trail", async () => {
    const h = db().handle;
    const [{ id }] = (await h.query<{ id: string }>("select id from users where email = 'first@example.org'")) as [{ id: string }];
    await h.query(
      "insert into login_attempts (email, ip, success, at) values ('old@example.org', '1.2.3.4', false, now() - interval '40 days'), ('new@example.org', '1.2.3.4', false, now())",
    );
    await h.query(
      `insert into sessions (user_id, refresh_token_hash, expires_at, revoked_at) values
        ($1, 'old-revoked', now() + interval '1 day', now() - interval '40 days'),
        ($1, 'old-expired', now() - interval '31 days', null),
        ($1, 'live', now() + interval '1 day', null)`,
      [id],
    );
    const audit = await h.query("select count(*)::int as n from audit_log");
    await pruneAuthRecords(h);
    expect(
      (await h.query<{ email: string }>("select email from login_attempts where email in ('old@example.org', 'new@example.org')")).map(
        (r) => r.email,
      ),
    ).toEqual(["new@example.org"]);
    const left = (
      await h.query<{ refresh_token_hash: string }>(
        "select refresh_token_hash from sessions where refresh_token_hash in ('old-revoked', 'old-expired', 'live')",
      )
    ).map((r) => r.refresh_token_hash);
    expect(left).toEqual(["live"]);
    expect(await h.query("select 1 from setup_tokens")).toEqual([]);
    expect(await h.query("select count(*)::int as n from audit_log")).toEqual(audit);
  });

  it("shows an API key once, stores only its hash, and stops it when revoked", async () => {
    const admin = (await login(api(), "first@example.org", "a long enough password")).headers;
    const made = await api().gql(
      `mutation { createApiKey(input: { name: "dashboard", role: viewer }) { key apiKey { id prefix role } } }`,
      {},
      admin,
    );
    const { key, apiKey } = made.data!.createApiKey;
    expect(key).toMatch(new RegExp(`^ilms_${apiKey.prefix}_`));
    const stored = await db().handle.query<{ t: string }>("select row_to_json(k)::text as t from api_keys k");
    expect(stored.map((r) => r.t).join()).not.toContain(key.split("_").pop());
    expect((await api().gql(`{ me { role } }`, {}, { "x-api-key": key })).data!.me).toEqual({ role: "viewer" });
    expect((await api().gql(`{ me { role } }`, {}, { authorization: `Bearer ${key}` })).data!.me).toEqual({ role: "viewer" });
    const admins = await api().gql(`mutation { createApiKey(input: { name: "root", role: admin }) { key } }`, {}, admin);
    expect(admins.errors?.[0]?.message).toBe("API keys cannot be administrators; use viewer, editor or reviewer");
    await api().gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin);
    const revoked = await api().gql(`{ me { role } }`, {}, { "x-api-key": key });
    expect(revoked.errors?.[0]).toMatchObject({ message: "API key revoked", extensions: { code: "UNAUTHENTICATED" } });
  });
});
