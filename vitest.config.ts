import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CommonJS build; make every import use the same one ("another realm" errors).
    alias: { graphql: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)) },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/browser/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
