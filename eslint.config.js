// Flat config: typescript-eslint's recommended rules everywhere, and the environment read in one file per app.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

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
    files: ["**/env.ts", "test/**", "bench/**", "vitest.config.ts", "drizzle.config.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["apps/console/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
