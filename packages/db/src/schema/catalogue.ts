import { boolean, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";

/** The ILMS tables, mirrored from the catalogue in `@ilms/domain` so that facts and findings can refer to them. */
export const ilmsTables = pgTable("ilms_tables", {
  id: integer().primaryKey(),
  key: text().notNull().unique(),
  module: text().notNull(),
  title: text().notNull(),
  unit: text().notNull(),
  additive: boolean().notNull(),
});

/** ILOSTAT indicators and the table each feeds, mirrored from the catalogue. */
export const indicators = pgTable("indicators", {
  id: text().primaryKey(),
  tableId: integer()
    .notNull()
    .references(() => ilmsTables.id),
  title: text().notNull(),
  /** Dimension values the indicator fixes, e.g. `{ "lms": "TEMP", "basis": "CBR" }`. */
  fixed: jsonb().$type<Record<string, string>>().notNull(),
});
