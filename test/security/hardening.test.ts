/** HTTP hardening over real HTTP: security headers, the CORS allow-list, body size limit, masked internals. */
import { expect, it } from "vitest";
import { maskError } from "../../apps/api/src/errors";
import { describeOnDrivers } from "../helpers/db";
import { useSecureApi } from "../helpers/auth";

describeOnDrivers("HTTP hardening", (db) => {
  const api = useSecureApi(db);

  it("sends the security headers on every route", async () => {
    for (const path of ["/graphql?query=%7B__typename%7D", "/healthz", "/no-such-page"]) {
      const res = await fetch(`${api().url}${path}`);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get("x-powered-by"), path).toBeNull();
    }
  });

  it("answers CORS for allowed origins only", async () => {
    const pre = (origin: string) =>
      fetch(`${api().url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" },
      });
    const ok = await pre("http://allowed.example");
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://allowed.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
    const evil = await pre("http://evil.example");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const post = await fetch(`${api().url}/graphql`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses bodies over the limit with 413 and reads nothing more", async () => {
    const big = JSON.stringify({
      query: "mutation($csv: String!) { importObservations(input: { csv: $csv }) { status } }",
      variables: { csv: "x".repeat(300_000) },
    });
    const res = await fetch(`${api().url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].message).toBe("Request body larger than 200000 bytes");
  });

  it("never shows stack traces or SQL to clients", async () => {
    // a client error keeps its message, without a stack
    const bad = await api().gql(`{ auditLog(after: "%%%") { nodes { id } } }`);
    expect(JSON.stringify(bad)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    const parse = await fetch(`${api().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(parse.status).toBe(400);
    expect(await parse.text()).not.toMatch(/SyntaxError|at JSON\.parse/);
    // an internal error (here a database error carrying SQL) reaches the client as an id only
    const sqlError = Object.assign(new Error('relation "users" does not exist: select password_hash from users'), { code: "42P01" });
    const masked = maskError({ message: sqlError.message, extensions: { stacktrace: ["at query (client.ts:1)"] } }, sqlError);
    expect(masked.message).toMatch(/^Internal server error \(id [0-9a-f-]{36}\)$/);
    expect(JSON.stringify(masked)).not.toMatch(/select|users|client\.ts/);
  });
});
