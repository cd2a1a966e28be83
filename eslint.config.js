// Flat config: typescript-eslint's recommended rules everywhere, the environment read in one file per app, and
// the boundaries of docs/architecture.md: no app imports another app, no package imports an app, the report only reads.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const APPS = readdirSync(new URL("./apps", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** Import boundaries, checked on resolved paths (relative imports and `@ilms/*` names alike). */
export const boundaries = {
  files: ["apps/**/*.{ts,tsx}", "packages/**/*.{ts,tsx}"],
  plugins: { "import-x": importX },
  settings: {
    "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] })],
  },
  rules: {
    "import-x/no-restricted-paths": [
      "error",
      {
        zones: [
          ...APPS.map((app) => ({
            target: `./apps/${app}`,
            from: "./apps",
            except: [`./${app}`],
            message: "An app never imports another app: move what both need into a package (packages/*).",
          })),
          {
            target: "./packages",
            from: "./apps",
            message: "A package never imports an app: apps are faces over the packages, not the other way round.",
          },
          {
            target: "./packages/report",
            from: ["./packages/governance", "./packages/ingest"],
            message: "The report reads through the query engine only (@ilms/query): it never writes, nor imports governance or ingest.",
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "drizzle/**", ".data/**", "test/artifacts/**", ".turbo/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "off",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment in the app's env.ts only." },
      ],
    },
  },
  {
    files: ["**/env.ts", "test/**", "scripts/**", "vitest.config.ts", "drizzle.config.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["apps/console/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  boundaries,
);
