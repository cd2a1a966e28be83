/** Tampered, forged, expired and revoked credentials are refused over real HTTP; refresh tokens rotate and a replayed one ends its session. */
import { SignJWT } from "jose";
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { TEST_SECRET, createTestUser, login, useSecureApi } from "../helpers/auth";

const key = new TextEncoder().encode(TEST_SECRET);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describeOnDrivers("tokens", (db) => {
  const api = useSecureApi(db);
  let userId: string;
  let session: { accessToken: string; refreshToken: string };
  let sid: string;

  beforeAll(async () => {
    userId = await createTestUser(db().handle, "viewer@tokens.org", "viewer");
    await createTestUser(db().handle, "admin@tokens.org", "admin");
    session = await login(api(), "viewer@tokens.org");
    sid = JSON.parse(Buffer.from(session.accessToken.split(".")[1]!, "base64url").toString()).sid;
  });

  const me = (token: string) => api().gql(`{ me { email role } }`, {}, { authorization: `Bearer ${token}` });
  const refused = async (token: string, message: RegExp) => {
    const res = await me(token);
    expect(res.data?.me ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.errors?.[0]?.message).toMatch(message);
  };

  it("accepts the genuine token", async () => {
    expect((await me(session.accessToken)).data!.me).toEqual({ email: "viewer@tokens.org", role: "viewer" });
  });

  it("refuses a token whose claims were edited (role raised) or whose signature was altered", async () => {
    const [h, p, s] = session.accessToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    await refused(`${h}.${b64({ ...claims, role: "admin" })}.${s}`, /^Invalid access token$/);
    await refused(`${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`, /^Invalid access token$/);
    await refused(`${b64({ alg: "none", typ: "JWT" })}.${p}.`, /^Invalid access token$/);
    await refused("not-a-jwt", /^Invalid access token$/);
  });

  it("refuses tokens signed with another key, for another audience, or naming another user's session", async () => {
    const other = new TextEncoder().encode("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
    const base = () =>
      new SignJWT({ sid, role: "admin" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(userId)
        .setIssuer("ilms-warehouse")
        .setIssuedAt()
        .setExpirationTime("5m");
    await refused(await base().setAudience("ilms-api").sign(other), /^Invalid access token$/);
    await refused(await base().setAudience("somewhere-else").sign(key), /^Invalid access token$/);
    const [adminRow] = await db().handle.query<{ id: string }>("select id from users where email = 'admin@tokens.org'");
    const forged = await new SignJWT({ sid, role: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(adminRow!.id)
      .setIssuer("ilms-warehouse")
      .setAudience("ilms-api")
      .setExpirationTime("5m")
      .sign(key);
    await refused(forged, /^Invalid access token$/);
  });

  it("refuses an expired token, and says so", async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ sid, role: "viewer" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(userId)
      .setIssuer("ilms-warehouse")
      .setAudience("ilms-api")
      .setIssuedAt(past - 900)
      .setExpirationTime(past)
      .sign(key);
    await refused(expired, /^Access token expired; refresh it or log in again$/);
    // and it does not fall back to anonymous: even public reads answer UNAUTHENTICATED with it
    const res = await api().gql(`{ tables { id } }`, {}, { authorization: `Bearer ${expired}` });
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rotates refresh tokens and treats a replayed one as stolen: the whole session ends", async () => {
    const s = await login(api(), "viewer@tokens.org");
    const R = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
    const first = await api().gql(R, { t: s.refreshToken });
    expect(first.errors).toBeUndefined();
    const next = first.data!.refreshToken;
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect((await me(next.accessToken)).data!.me.email).toBe("viewer@tokens.org");
    const replay = await api().gql(R, { t: s.refreshToken });
    expect(replay.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    await refused(next.accessToken, /^Session ended/);
    expect((await api().gql(R, { t: next.refreshToken })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await api().gql(R, { t: "made-up" })).errors?.[0]?.message).toBe("Invalid refresh token; log in again");
  });

  it("revokes at logout: access and refresh tokens stop working at once", async () => {
    const s = await login(api(), "viewer@tokens.org");
    const out = await api().gql(`mutation { logout }`, {}, { authorization: `Bearer ${s.accessToken}` });
    expect(out.data).toEqual({ logout: true });
    await refused(s.accessToken, /^Session ended \(logged out or revoked\); log in again$/);
    const r = await api().gql(`mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: s.refreshToken });
    expect(r.errors?.[0]?.message).toBe("Session ended (logged out or revoked); log in again");
    // logout by refresh token (the console's path) works without an access token
    const s2 = await login(api(), "viewer@tokens.org");
    expect((await api().gql(`mutation($t: String) { logout(refreshToken: $t) }`, { t: s2.refreshToken })).data).toEqual({ logout: true });
    await refused(s2.accessToken, /^Session ended/);
  });

  it("refuses malformed credentials instead of treating them as anonymous", async () => {
    const cases: Record<string, string>[] = [
      { authorization: "Basic dXNlcjpwYXNz" },
      { "x-api-key": "ilms_nope" },
      { "x-api-key": "ilms_abcdefabcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
      { authorization: `Bearer ${session.accessToken}`, "x-api-key": "ilms_x" },
    ];
    for (const headers of cases) {
      const res = await api().gql(`{ me { email } }`, {}, headers);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(headers)).toBe("UNAUTHENTICATED");
    }
  });
});
