/** Brute-force login is throttled per email (and per address), in the database, so every process sees the same count. */
import { expect, it } from "vitest";
import { LOGIN_LIMITS } from "@ilms/governance/throttle";
import { describeOnDrivers } from "../helpers/db";
import { LOGIN, TEST_PASSWORD, createTestUser, outcome, useSecureApi } from "../helpers/auth";

describeOnDrivers("login throttling", (db) => {
  const api = useSecureApi(db);

  it(`refuses even the right password after ${LOGIN_LIMITS.perEmail} failures, for that email only`, async () => {
    await createTestUser(db().handle, "target@example.org", "admin");
    await createTestUser(db().handle, "bystander@example.org", "viewer");
    const attempt = (email: string, password: string) => api().gql(LOGIN, { email, password });
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      const res = await attempt("Target@example.org", `guess-number-${i}`);
      expect(res.errors?.[0]).toMatchObject({ message: "Wrong email or password", extensions: { code: "UNAUTHENTICATED" } });
    }
    const blocked = await attempt("target@example.org", TEST_PASSWORD);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.errors?.[0]?.message).toMatch(/^Too many failed logins; try again in \d+ minute\(s\)$/);
    expect(blocked.data).toBeNull();
    expect(outcome(await attempt("bystander@example.org", TEST_PASSWORD))).toBe("OK");

    // the window passing (simulated by ageing the attempts; no sleeping in tests) lets the owner in again
    await db().handle.query(
      `update login_attempts set at = at - interval '${LOGIN_LIMITS.windowMinutes + 1} minutes' where email = 'target@example.org'`,
    );
    expect(outcome(await attempt("target@example.org", TEST_PASSWORD))).toBe("OK");
  });

  it("throttles guesses of the setup token like logins", async () => {
    const SETUP = `mutation($t: String!) { setupAdmin(token: $t, email: "x@example.org", password: "a long enough password") { accessToken } }`;
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) expect(outcome(await api().gql(SETUP, { t: `guess-${i}` }))).toBe("UNAUTHENTICATED");
    expect(outcome(await api().gql(SETUP, { t: "guess-again" }))).toBe("RATE_LIMITED");
  });

  it("answers unknown emails exactly like wrong passwords (no account enumeration)", async () => {
    const unknown = await api().gql(LOGIN, { email: "nobody@example.org", password: "whatever-password" });
    const wrong = await api().gql(LOGIN, { email: "bystander@example.org", password: "whatever-password" });
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    // Every error names its own request (`requestId`); apart from that the two answers are the same.
    const { requestId: a, ...unknownRest } = unknown.errors?.[0]?.extensions ?? {};
    const { requestId: b, ...wrongRest } = wrong.errors?.[0]?.extensions ?? {};
    expect(a).not.toBe(b);
    expect(unknownRest).toEqual(wrongRest);
  });

  it("gains nothing from batching guesses as aliases in one request", async () => {
    await createTestUser(db().handle, "batched@example.org", "viewer");
    const count = async () =>
      (await db().handle.query<{ n: number }>("select count(*)::int as n from login_attempts where email = 'batched@example.org'"))[0]!.n;
    const aliases = Array.from(
      { length: 20 },
      (_, i) => `a${i}: login(email: "batched@example.org", password: "guess-${i}") { accessToken }`,
    ).join("\n");
    const res = await api().gql(`mutation { ${aliases} }`);
    // login is non-null: the first refusal ends the operation, so one request is one guess
    expect(res.data).toBeNull();
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(await count()).toBe(1);
  });

  it(`throttles one address after ${LOGIN_LIMITS.perIp} failures across many emails`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) await api().gql(LOGIN, { email: `spray${i}@example.org`, password: "Password123!" });
    expect(outcome(await api().gql(LOGIN, { email: "bystander@example.org", password: TEST_PASSWORD }))).toBe("RATE_LIMITED");
  });
});

describeOnDrivers("login throttling behind a reverse proxy", (db) => {
  const api = useSecureApi(db, undefined, { trustProxy: true });

  it("counts addresses from X-Forwarded-For, so one client's failures do not lock out the others", async () => {
    await createTestUser(db().handle, "office@example.org", "viewer");
    const from = (ip: string) => ({ "x-forwarded-for": `203.0.113.9, ${ip}` });
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++)
      await api().gql(LOGIN, { email: `spray${i}@example.org`, password: "Password123!" }, from("198.51.100.1"));
    expect(outcome(await api().gql(LOGIN, { email: "office@example.org", password: TEST_PASSWORD }, from("198.51.100.1")))).toBe(
      "RATE_LIMITED",
    );
    expect(outcome(await api().gql(LOGIN, { email: "office@example.org", password: TEST_PASSWORD }, from("198.51.100.2")))).toBe("OK");
    const [row] = await db().handle.query<{ ip: string }>("select ip from login_attempts where email = 'office@example.org' and success");
    expect(row!.ip).toBe("198.51.100.2");
  });
});
