import { expect, it } from "vitest";
import { readEnv } from "./env";

const SECRET = "k7Vq2mX9pL4rT8wZ1nB6cF3hJ5dG0sAe-Yu";

it("refuses short signing keys", () => {
  expect(() => readEnv({ ILMS_JWT_SECRET: "short" })).toThrow(/ILMS_JWT_SECRET: must be at least 32 characters/);
});

it("keeps the development defaults outside production", () => {
  const env = readEnv({});
  expect(env.CORS_ORIGINS).toBe("http://localhost:5173,http://127.0.0.1:5173");
  expect(env.ILMS_DEMO_DATA).toBe("true");
  expect(env.ILMS_JWT_SECRET).toBeUndefined();
  expect(readEnv({ CORS_ORIGINS: "*" }).CORS_ORIGINS).toBe("*");
});

it("refuses, in production, a missing signing key and CORS_ORIGINS=*, naming each variable and what to set", () => {
  let message = "";
  try {
    readEnv({ NODE_ENV: "production", CORS_ORIGINS: "https://ilms.example.org, *" });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^Refusing to start with NODE_ENV=production:/);
  expect(message).toMatch(/ILMS_JWT_SECRET: required when NODE_ENV=production .*openssl rand -base64 48/);
  expect(message).toMatch(/CORS_ORIGINS: `\*` lets every web site call the API/);
  expect(() => readEnv({ NODE_ENV: "production", ILMS_JWT_SECRET: "a".repeat(40) })).toThrow(
    /ILMS_JWT_SECRET: too few distinct characters/,
  );
  expect(() => readEnv({ NODE_ENV: "production", ILMS_JWT_SECRET: SECRET, METRICS_TOKEN: "short" })).toThrow(
    /METRICS_TOKEN: must be at least 16/,
  );
});

it("applies no development default in production: no CORS origins, no demo data, unless asked for", () => {
  const env = readEnv({ NODE_ENV: "production", ILMS_JWT_SECRET: SECRET });
  expect(env.CORS_ORIGINS).toBe("");
  expect(env.ILMS_DEMO_DATA).toBe("false");
  const asked = readEnv({ NODE_ENV: "production", ILMS_JWT_SECRET: SECRET, CORS_ORIGINS: "https://a.example", ILMS_DEMO_DATA: "true" });
  expect(asked).toMatchObject({ CORS_ORIGINS: "https://a.example", ILMS_DEMO_DATA: "true" });
});

it("serves ASEAN unless ILMS_REGION names another region, and refuses an id that is not one", () => {
  expect(readEnv({}).ILMS_REGION).toBe("asean");
  expect(readEnv({ ILMS_REGION: "ecowas" }).ILMS_REGION).toBe("ecowas");
  expect(() => readEnv({ ILMS_REGION: "../etc" })).toThrow(/ILMS_REGION: a region id such as asean or ecowas/);
});
