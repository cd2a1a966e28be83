/**
 * Issue 16, the console's language remembered per user: `setMyLanguage` keeps it on the account, so a login
 * from another browser (a new session, no local storage) reads it back in `login { user { lang } }` and `me`.
 * Anonymous callers and API keys have no account to keep it on; a malformed code is refused naming the field.
 */
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { LOGIN, TEST_PASSWORD, createTestUser, login, outcome, useSecureApi } from "../helpers/auth";

const SET = `mutation($lang: String) { setMyLanguage(lang: $lang) { email lang } }`;

describeOnDrivers("the console language, remembered on the account", (db) => {
  const api = useSecureApi(db);
  beforeAll(async () => {
    await createTestUser(db().handle, "amina@ecowas.example", "viewer");
  });

  it("is kept by setMyLanguage and read back at the next login, from any browser", async () => {
    const first = await login(api(), "amina@ecowas.example");
    const none = await api().gql(`{ me { lang } }`, {}, first.headers);
    expect(none.data).toEqual({ me: { lang: null } });

    const set = await api().gql(SET, { lang: "fr" }, first.headers);
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({ setMyLanguage: { email: "amina@ecowas.example", lang: "fr" } });

    // Another browser: a fresh login, nothing carried over but the account.
    const other = await api().gql(LOGIN.replace("countries }", "countries lang }"), {
      email: "amina@ecowas.example",
      password: TEST_PASSWORD,
    });
    expect(other.errors).toBeUndefined();
    expect(other.data!.login.user.lang).toBe("fr");
    const me = await api().gql(`{ me { lang } }`, {}, { authorization: `Bearer ${other.data!.login.accessToken}` });
    expect(me.data).toEqual({ me: { lang: "fr" } });
    const [row] = await db().handle.query<{ lang: string }>("select lang from users where email = 'amina@ecowas.example'");
    expect(row!.lang).toBe("fr");

    const audit = await db().handle.query<{ action: string }>(
      "select action from audit_log where action = 'setMyLanguage' and actor_email = 'amina@ecowas.example'",
    );
    expect(audit).toHaveLength(1);

    const forgot = await api().gql(SET, { lang: null }, first.headers);
    expect(forgot.data).toEqual({ setMyLanguage: { email: "amina@ecowas.example", lang: null } });
  });

  it("refuses a malformed code naming the field, and anonymous callers", async () => {
    const { headers } = await login(api(), "amina@ecowas.example");
    const bad = await api().gql(SET, { lang: "français" }, headers);
    expect(outcome(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors![0]!.message).toContain("'français' is not a language code such as fr");
    expect(bad.errors![0]!.extensions).toMatchObject({ field: "lang" });
    expect(outcome(await api().gql(SET, { lang: "fr" }))).toBe("UNAUTHENTICATED");
  });
});
