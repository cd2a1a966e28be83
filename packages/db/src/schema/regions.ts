import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { countryGroups } from "./codelists";

/**
 * A region the warehouse serves, as its definition file (`regions/<id>.yaml`) was last applied: the country
 * group it owns, and the rest of the definition (languages, reporting countries, tables, expected cells,
 * SDMX agency, branding, membership notes) as checked by `@ilms/domain/region`. Written only by
 * `@ilms/governance/regions`.
 */
export const regions = pgTable("regions", {
  id: text().primaryKey(),
  groupCode: text()
    .notNull()
    .unique()
    .references(() => countryGroups.code),
  /** The checked definition (`RegionDefinition`). */
  definition: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
