import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ilmsTables } from "./catalogue";
import { createdAt } from "./columns";
import { collectionRounds } from "./rounds";

export const IMPORT_STATUSES = ["loaded", "rejected", "unchanged"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One import of an ILOSTAT CSV file into a round: what was asked, what happened and the full report (errors
 * and findings as returned to the CLI or the API). Rejected and unchanged imports are kept too, so that a
 * report can be fetched by id afterwards; only `loaded` imports own fact rows (`fact_tNN.import_id`).
 */
export const imports = pgTable(
  "imports",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer().references(() => collectionRounds.id),
    status: text().$type<ImportStatus>().notNull(),
    fileName: text(),
    /** SHA-256 of the file's bytes, to recognise a file that was imported before. */
    sha256: text(),
    /** The default source as given (may contain `{ref_area}`). */
    source: text(),
    rowsRead: integer().notNull().default(0),
    rowsWritten: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    findingCount: integer().notNull().default(0),
    durationMs: integer().notNull().default(0),
    /** The report as returned to the caller (errors capped, findings capped). */
    report: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Who ran the import (user id or `cli`), when known. */
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [check("imports_status", sql`${t.status} in ('loaded', 'rejected', 'unchanged')`), index().on(t.roundId)],
);

/**
 * A statistical check that failed (additivity, coherence across tables), stored against the round and the
 * cells involved. Findings never block an import and never change a value: published figures stay as published.
 *
 * Findings are per cell, not per import: the same check failing on the same cells with the same values (the
 * `fingerprint`) is one finding, whichever import or round finds it again; a re-check updates its last round,
 * import and time. `round_id` and `import_id` are where it was first found.
 */
export const checkFindings = pgTable(
  "check_findings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    importId: integer()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    roundId: integer()
      .notNull()
      .references(() => collectionRounds.id),
    /** `additivity` or `coherence`. */
    check: text().notNull(),
    severity: text().notNull(),
    tableId: integer()
      .notNull()
      .references(() => ilmsTables.id),
    refArea: text().notNull(),
    time: smallint().notNull(),
    sourceCode: text().notNull(),
    message: text().notNull(),
    /** The value the components imply (sum, or the other table's total). */
    expected: numeric(),
    /** The published value checked against it. */
    actual: numeric(),
    /** The cells involved: `{ table, sex, <dimension>: code, value }[]`, the checked cell first. */
    cells: jsonb().$type<Record<string, unknown>[]>().notNull(),
    /** SHA-256 of the check and its cells (coordinates, sources and values); null for findings stored before. */
    fingerprint: text(),
    /** Round and import that last found it (the first ones until found again). */
    lastRoundId: integer().references(() => collectionRounds.id),
    lastImportId: integer().references(() => imports.id, { onDelete: "set null" }),
    /** How many imports found it. */
    timesSeen: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("check_findings_severity", sql`${t.severity} in ('info', 'warning')`),
    index().on(t.roundId, t.tableId, t.refArea, t.time),
    index().on(t.importId),
    uniqueIndex().on(t.fingerprint),
  ],
);
