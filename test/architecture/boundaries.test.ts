/**
 * The package boundaries of docs/architecture.md fail the lint: an app importing another app, or a package
 * importing an app, by relative path or by workspace name. Planted violations are refused; the repository's own
 * apps and packages pass.
 */
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { boundaries } from "../../eslint.config.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RULE = "import-x/no-restricted-paths";

/** ESLint with the repository's full configuration. */
const full = new ESLint({ cwd: ROOT });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await full.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("import boundaries", () => {
  it("refuses an app importing another app, by relative path or by name", async () => {
    expect(await violations("apps/cli/src/commands/planted.ts", 'export { recordAudit } from "../../../api/src/auth/guard";\n')).toEqual([
      expect.stringMatching(/An app never imports another app/),
    ]);
    expect(
      await violations("apps/console/src/planted.ts", 'import { createApp } from "@ilms/api";\nexport const app = createApp;\n'),
    ).toEqual([expect.stringMatching(/An app never imports another app/)]);
    expect(await violations("apps/api/src/planted.ts", 'export const m = await import("../../cli/src/main");\n')).toEqual([
      expect.stringMatching(/An app never imports another app/),
    ]);
  });

  it("refuses a package importing an app", async () => {
    expect(
      await violations(
        "packages/query/src/planted.ts",
        'import { maskError } from "../../../apps/api/src/errors";\nexport const m = maskError;\n',
      ),
    ).toEqual([expect.stringMatching(/A package never imports an app/)]);
    expect(await violations("packages/governance/src/planted.ts", 'export { main } from "@ilms/cli";\n')).toEqual([
      expect.stringMatching(/A package never imports an app/),
    ]);
  });

  it("refuses the report importing governance or ingest: it reads through the engine only", async () => {
    expect(await violations("packages/report/src/planted.ts", 'export { stepRound } from "@ilms/governance/rounds";\n')).toEqual([
      expect.stringMatching(/The report reads through the query engine only/),
    ]);
    expect(await violations("packages/report/src/planted.ts", 'export { importIlostat } from "../../ingest/src/import";\n')).toEqual([
      expect.stringMatching(/The report reads through the query engine only/),
    ]);
    expect(await violations("packages/report/src/planted.ts", 'export { corridors } from "@ilms/query";\n')).toEqual([]);
  });

  it("allows imports inside an app and of packages", async () => {
    expect(
      await violations(
        "apps/api/src/planted.ts",
        'import { maskError } from "./errors";\nimport { stepRound } from "@ilms/governance/rounds";\nexport const m = [maskError, stepRound];\n',
      ),
    ).toEqual([]);
    expect(await violations("packages/ingest/src/planted.ts", 'export { importRefusal } from "@ilms/governance/workflow";\n')).toEqual([]);
  });

  it("passes on the repository's apps and packages", async () => {
    const only = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      // Only the boundary rule: the disable directives of generated files (graphql-env.d.ts) are other rules' business.
      overrideConfig: [
        { ignores: ["**/node_modules/**", "**/dist/**"], linterOptions: { reportUnusedDisableDirectives: "off" } },
        { ...boundaries, languageOptions: { parser: tseslint.parser } },
      ],
    });
    const results = await only.lintFiles(["apps/*/src/**/*.{ts,tsx}", "packages/*/src/**/*.ts"]);
    expect(results.length).toBeGreaterThan(100);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  });
});
