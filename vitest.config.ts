import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CommonJS build; make every import use the same one ("another realm" errors).
    alias: { graphql: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)) },
  },
  test: {
    pool: "forks",
    maxWorkers: 2,
    // `npm test` runs both projects; `npx vitest run --project browser` runs the console in Chromium alone.
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/node_modules/**", "test/browser/**", "test/load/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "load",
          // The bounded load test measures /healthz latency, the fault tests stop and restart servers of their own
          // and time the answers: after the node project, one file at a time, alone on the machine.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          include: ["test/load/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          // After the node project, alone: Chromium, the console build and the API share 2 cores with nothing else.
          sequence: { groupOrder: 2 },
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
