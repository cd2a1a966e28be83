/** The GraphQL schema: an explicit list of resolvers, built once per process. */
import "reflect-metadata";
import { isObjectType } from "graphql";
import type { GraphQLSchema } from "graphql";
import type { Context } from "./context";
import { buildSchema } from "type-graphql";
import { DimensionResolver, IndicatorResolver, TableResolver } from "./modules/catalogue/table.resolver";
import { CodeResolver, CodelistResolver } from "./modules/codelists/codelist.resolver";
import { CountryGroupResolver, CountryResolver } from "./modules/countries/country.resolver";
import { CodeUsageResolver, CodelistAdminResolver } from "./modules/admin/codelist.admin.resolver";
import { CountryGroupAdminResolver } from "./modules/admin/group.admin.resolver";
import { DataSourceResolver } from "./modules/sources/source.resolver";
import { NoteResolver } from "./modules/notes/note.resolver";
import { FindingResolver } from "./modules/admin/findings.resolver";
import { guardSchema } from "./auth/guard";
import { AuditResolver } from "./modules/audit/audit.resolver";
import { AuthResolver } from "./modules/auth/auth.resolver";
import { RoundResolver } from "./modules/rounds/round.resolver";
import { UserResolver } from "./modules/users/user.resolver";
import { ImportResolver } from "./modules/imports/import.resolver";
import {
  CostEstimateResolver,
  DimensionValueResolver,
  ObservationConnectionResolver,
  ObservationResolver,
} from "./modules/observations/observation.resolver";
import { DIRECT_RESOLVERS, SliceCodeResolver, SliceObservationsResolver, SliceResolver } from "./modules/slices/slice.resolver";
import { QualityResolver } from "./modules/quality/quality.resolver";
import { AnalyticsResolver } from "./modules/analytics/analytics.resolver";
import { RegionBrandingResolver, RegionResolver } from "./modules/regions/region.resolver";

export const resolvers = [
  TableResolver,
  DimensionResolver,
  IndicatorResolver,
  CodelistResolver,
  CodeResolver,
  CountryResolver,
  CountryGroupResolver,
  CodelistAdminResolver,
  CodeUsageResolver,
  CountryGroupAdminResolver,
  DataSourceResolver,
  NoteResolver,
  FindingResolver,
  AuthResolver,
  UserResolver,
  RoundResolver,
  AuditResolver,
  ImportResolver,
  ObservationResolver,
  ObservationConnectionResolver,
  DimensionValueResolver,
  CostEstimateResolver,
  SliceResolver,
  SliceCodeResolver,
  SliceObservationsResolver,
  QualityResolver,
  AnalyticsResolver,
  RegionResolver,
  RegionBrandingResolver,
] as const;

/**
 * Puts each of {@link DIRECT_RESOLVERS} in front of its field's built resolver: the direct answer when it has one,
 * the resolver otherwise.
 */
function resolveDirectly(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(DIRECT_RESOLVERS)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`DIRECT_RESOLVERS names ${typeName}, which is not an object type of the schema`);
    for (const [name, direct] of Object.entries(fields)) {
      const field = type.getFields()[name];
      if (!field?.resolve) throw new Error(`DIRECT_RESOLVERS names ${typeName}.${name}, which has no resolver`);
      const resolve = field.resolve;
      field.resolve = (source, args, ctx: Context, info) => {
        const value = direct(source as never, args, ctx);
        return value === undefined ? resolve(source, args, ctx, info) : value;
      };
    }
  }
  return schema;
}

let built: Promise<GraphQLSchema> | undefined;

/** The schema (built on first use; resolvers are stateless, so one schema serves every request). */
export function getSchema(): Promise<GraphQLSchema> {
  // guardSchema: every mutation checks its permission and is audited; see auth/permissions.ts.
  built ??= buildSchema({ resolvers, validate: false }).then(resolveDirectly).then(guardSchema);
  return built;
}
