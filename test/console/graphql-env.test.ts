/**
 * The console's operation types come from `apps/console/src/data/graphql-env.d.ts`, generated from the
 * committed `apps/api/schema.graphql`: the committed file must be exactly what the schema generates today
 * (`npm run codegen -w @ilms/console` after `npm run schema:emit -w @ilms/api`).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_FILE, SCHEMA_FILE, renderGraphqlEnv } from "../../apps/console/scripts/graphql-env";

const DATA = join(import.meta.dirname, "../../apps/console/src/data");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("console data layer", () => {
  it("has the GraphQL types generated from the committed schema, unchanged", async () => {
    const expected = await renderGraphqlEnv(readFileSync(SCHEMA_FILE, "utf8"));
    expect(readFileSync(ENV_FILE, "utf8") === expected, "graphql-env.d.ts is stale: run `npm run codegen -w @ilms/console`").toBe(true);
  });

  it("tells a schema change apart: a renamed field changes the generated types", async () => {
    const schema = readFileSync(SCHEMA_FILE, "utf8").replace("reportedExpectedCells: Int!", "reportedExpected: Int!");
    expect(await renderGraphqlEnv(schema)).not.toBe(readFileSync(ENV_FILE, "utf8"));
  });

  it("is in pieces of at most 250 lines, with no `any` and no hand-written GraphQL text outside graphql()", () => {
    const sources = files(DATA).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const text = readFileSync(file, "utf8");
      expect(text.split("\n").length, file).toBeLessThanOrEqual(250);
      expect(text, file).not.toMatch(/:\s*any\b|as any\b|<any>|\bany\[\]/);
      expect(text, file).not.toMatch(/\bgql`/);
    }
  });
});
