/** The GraphQL schema: an explicit list of resolvers, built once per process. */
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { DimensionResolver, TableResolver } from "./modules/catalogue/table.resolver";
import { CodeResolver, CodelistResolver } from "./modules/codelists/codelist.resolver";
import { CountryGroupResolver, CountryResolver } from "./modules/countries/country.resolver";
import { CodelistAdminResolver } from "./modules/admin/codelist.admin.resolver";
import { CountryGroupAdminResolver } from "./modules/admin/group.admin.resolver";
import { DataSourceResolver } from "./modules/sources/source.resolver";
import { NoteResolver } from "./modules/notes/note.resolver";

export const resolvers = [TableResolver, DimensionResolver, CodelistResolver, CodeResolver, CountryResolver, CountryGroupResolver,
  CodelistAdminResolver, CountryGroupAdminResolver, DataSourceResolver, NoteResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The schema (built on first use; resolvers are stateless, so one schema serves every request). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}
