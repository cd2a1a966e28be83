import { expect, it } from "vitest";
import { readEnv } from "./env";

it("refuses short signing keys", () => {
  expect(() => readEnv({ ILMS_JWT_SECRET: "short" })).toThrow(/ILMS_JWT_SECRET: must be at least 32 characters/);
});
