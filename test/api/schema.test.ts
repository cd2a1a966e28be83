/** The committed SDL (`apps/api/schema.graphql`) must match the schema the code builds. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { SCHEMA_FILE, printedSchema } from "../../apps/api/src/emit-schema";

it("apps/api/schema.graphql is up to date (run `npm run schema:emit -w @ilms/api` after changing the schema)", async () => {
  const committed = readFileSync(SCHEMA_FILE, "utf8");
  const current = await printedSchema();
  expect(current === committed, "schema.graphql drifted from the code: run `npm run schema:emit -w @ilms/api` and commit it").toBe(true);
});

it("describes every type and field", async () => {
  const sdl = await printedSchema();
  // Every field and type line in the SDL is preceded by a description block.
  const lines = sdl.split("\n");
  const undocumented = lines.filter((line, i) => {
    const isDefinition = /^(type|input|enum|interface|scalar) \w+/.test(line) || /^ {2}\w+(\(|:)/.test(line);
    const previous = lines[i - 1]?.trim() ?? "";
    return isDefinition && !previous.endsWith('"""') && !previous.endsWith('"');
  });
  expect(undocumented.filter((l) => !/^(type (Query|Mutation)|scalar DateTime)/.test(l))).toEqual([]);
});
