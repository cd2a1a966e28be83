import { expect, it } from "vitest";
import { readEnv } from "./env";

it("refuses short signing keys", () => {
  expect(() => readEnv({ ILMS_JWT_SECRET: "short" })).toThrow(/ILMS_JWT_SECRET: must be at least 32 characters/);
});

it("serves ASEAN unless ILMS_REGION names another region, and refuses an id that is not one", () => {
  expect(readEnv({}).ILMS_REGION).toBe("asean");
  expect(readEnv({ ILMS_REGION: "ecowas" }).ILMS_REGION).toBe("ecowas");
  expect(() => readEnv({ ILMS_REGION: "../etc" })).toThrow(/ILMS_REGION: a region id such as asean or ecowas/);
});
