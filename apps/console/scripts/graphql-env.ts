/**
 * Writes `src/data/graphql-env.d.ts`, the types gql.tada reads the API's schema from, out of the committed
 * `apps/api/schema.graphql`. Run `npm run codegen -w @ilms/console` after `schema:emit`; a test fails when the
 * committed file and the schema disagree.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { minifyIntrospection, outputIntrospectionFile } from "@gql.tada/internal";
import { buildSchema, introspectionFromSchema } from "graphql";
import { format, resolveConfig } from "prettier";

export const SCHEMA_FILE = fileURLToPath(new URL("../../api/schema.graphql", import.meta.url));
export const ENV_FILE = fileURLToPath(new URL("../src/data/graphql-env.d.ts", import.meta.url));

/** The file's text for a schema in SDL, formatted like the rest of the repository. */
export async function renderGraphqlEnv(sdl: string): Promise<string> {
  const introspection = minifyIntrospection(introspectionFromSchema(buildSchema(sdl), { descriptions: false }));
  const text = outputIntrospectionFile(introspection, { fileType: ".d.ts", shouldPreprocess: true });
  const header = "// Generated from apps/api/schema.graphql by apps/console/scripts/graphql-env.ts: do not edit.\n";
  return format(header + text, { ...(await resolveConfig(ENV_FILE)), filepath: ENV_FILE });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ENV_FILE, await renderGraphqlEnv(readFileSync(SCHEMA_FILE, "utf8")));
  console.log(`wrote ${ENV_FILE}`);
}
