import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { Labels } from "./codelists";

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

/**
 * Labels in other languages of the free text that is not a code: a table's title or description, a dimension's
 * title, an ILOSTAT indicator's title (from the catalogue in `@ilms/domain`) and a source's free-text fields. Same shape as the `labels` of
 * codes and notes (`{ "fr": "..." }`), read through the same `labelIn` of `@ilms/query` so a missing language
 * falls back, reported; the original text stays where it lives (catalogue, `data_sources`). Loaded by
 * `ilms catalogue labels import` (`@ilms/governance/labels`), which also writes notes' texts into `notes.labels`.
 */
export const textLabels = pgTable(
  "text_labels",
  {
    /** `table`, `dimension`, `indicator` or `source`. */
    kind: text().notNull(),
    /** Table number, dimension key, ILOSTAT indicator id or source code. */
    subject: text().notNull(),
    /** `title`, `description`, or a source's field (`name`, `knownGaps`...). */
    field: text().notNull(),
    labels: jsonb().$type<Labels>().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subject, t.field] }),
    check("text_labels_kind", sql`${t.kind} in ('table', 'dimension', 'indicator', 'source')`),
  ],
);
