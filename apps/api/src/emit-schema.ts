/**
 * Writes the schema's SDL to `apps/api/schema.graphql` (`npm run schema:emit -w @ilms/api`). The file is
 * committed so that schema changes show in review; `test/api/schema.test.ts` fails when it drifts.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { getSchema } from "./schema";

export const SCHEMA_FILE = fileURLToPath(new URL("../schema.graphql", import.meta.url));

/** The SDL as committed: types sorted so that resolver order does not churn the file. */
export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, await printedSchema());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
