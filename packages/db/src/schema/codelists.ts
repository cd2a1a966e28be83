import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, listColumn } from "./columns";

/** Labels per language: `{ "en": "Manufacturing", "fr": "Industries manufacturières" }`. */
export type Labels = Record<string, string>;

/** A code list: ILOSTAT classifications, reference classifications, ILMS lists and attribute lists. */
export const codelists = pgTable("codelists", {
  id: text().primaryKey(),
  kind: text().notNull(),
  labels: jsonb().$type<Labels>().notNull(),
  description: text().notNull(),
  createdAt: createdAt(),
});

/**
 * A code of a list, with its place in the list's hierarchy. `parent_code` is the additive parent (its
 * children add up to it); coarser groupings across families are `code_mappings` of kind `rollup`.
 */
export const codes = pgTable(
  "codes",
  {
    codelistId: text()
      .notNull()
      .references(() => codelists.id),
    code: text().notNull(),
    parentCode: text(),
    /** ILOSTAT family (`classif_version`): `ECO_ISIC4`, `AGE_5YRBANDS`; null outside ILOSTAT lists. */
    family: text(),
    level: text().notNull(),
    sortOrder: integer().notNull().default(0),
    labels: jsonb().$type<Labels>().notNull(),
    attributes: jsonb().$type<Record<string, string>>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.codelistId, t.code] }),
    foreignKey({ columns: [t.codelistId, t.parentCode], foreignColumns: [t.codelistId, t.code] }),
    index().on(t.codelistId, t.parentCode),
    index().on(t.code),
  ],
);

/** A code's equivalent in a reference classification, or a coarser code it rolls up into. */
export const codeMappings = pgTable(
  "code_mappings",
  {
    codelistId: text().notNull(),
    code: text().notNull(),
    targetCodelistId: text().notNull(),
    targetCode: text().notNull(),
    kind: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.codelistId, t.code, t.targetCodelistId, t.targetCode] }),
    foreignKey({ columns: [t.codelistId, t.code], foreignColumns: [codes.codelistId, codes.code] }),
    foreignKey({ columns: [t.targetCodelistId, t.targetCode], foreignColumns: [codes.codelistId, codes.code] }),
    check("code_mappings_kind", sql`${t.kind} in ('classification', 'rollup')`),
  ],
);

/** A named group of countries (ASEAN), whose membership changes over time. */
export const countryGroups = pgTable("country_groups", {
  code: text().primaryKey(),
  /** The ILOSTAT aggregate area for this group, e.g. `X84` for ASEAN. */
  ilostatCode: text(),
  labels: jsonb().$type<Labels>().notNull(),
  description: text().notNull().default(""),
  createdAt: createdAt(),
});

export const countryGroupMembers = pgTable(
  "country_group_members",
  {
    groupCode: text()
      .notNull()
      .references(() => countryGroups.code, { onDelete: "cascade" }),
    country: text().notNull(),
    areaList: listColumn("AREA"),
    validFrom: date().notNull(),
    validTo: date(),
  },
  (t) => [
    primaryKey({ columns: [t.groupCode, t.country, t.validFrom] }),
    foreignKey({ columns: [t.areaList, t.country], foreignColumns: [codes.codelistId, codes.code] }),
    check("country_group_members_dates", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);
