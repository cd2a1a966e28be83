import { sql } from "drizzle-orm";
import { check, date, foreignKey, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import type { Labels } from "./codelists";
import { createdAt } from "./columns";

export const ROUND_STATUSES = ["draft", "submitted", "validated", "published"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * A collection round: one year's questionnaire (`kind = regular`) or a revision of an earlier round. A value
 * revised in a later round is a new fact row; rounds are ordered by `id`.
 */
export const collectionRounds = pgTable(
  "collection_rounds",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    referenceYear: smallint().notNull(),
    kind: text().notNull().default("regular"),
    revisesRoundId: integer(),
    status: text().$type<RoundStatus>().notNull().default("draft"),
    opensOn: date(),
    closesOn: date(),
    /** Embargo: the round's data become public at this instant once published. */
    releaseAt: timestamp({ withTimezone: true }),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ columns: [t.revisesRoundId], foreignColumns: [t.id] }),
    check("collection_rounds_status", sql`${t.status} in ('draft', 'submitted', 'validated', 'published')`),
    check("collection_rounds_kind", sql`${t.kind} in ('regular', 'revision')`),
    check("collection_rounds_dates", sql`${t.closesOn} is null or ${t.opensOn} is null or ${t.closesOn} >= ${t.opensOn}`),
  ],
);

/** Note texts referenced from observations as `<note type>:<note id>` (`R1:3513`). */
export const notes = pgTable(
  "notes",
  {
    noteType: text().notNull(),
    noteId: text().notNull(),
    labels: jsonb().$type<Labels>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.noteType, t.noteId] })],
);
