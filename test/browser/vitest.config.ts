/** Runs only the browser suite: `npx vitest run --config test/browser/vitest.config.ts`. */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../../", import.meta.url)),
  resolve: {
    // Same single graphql realm as the root config.
    alias: { graphql: fileURLToPath(new URL("../../node_modules/graphql/index.js", import.meta.url)) },
  },
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
