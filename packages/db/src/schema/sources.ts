import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, numeric, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { codes } from "./codelists";
import { createdAt, listColumn } from "./columns";

/**
 * A data source of a reporting country (`BA:544`) with the quality fields of the source-quality map:
 * what it is, what it covers, how migrants are identified and how comparable it is with the ILMS definitions.
 */
export const dataSources = pgTable(
  "data_sources",
  {
    code: text().primaryKey(),
    refArea: text().notNull(),
    areaList: listColumn("AREA"),
    name: text().notNull(),
    sourceType: text(),
    sourceTypeList: listColumn("SOURCE_TYPE"),
    agency: text(),
    geographicCoverage: text(),
    populationCoverage: text(),
    ageFloor: smallint(),
    irregularMigrantsCovered: boolean(),
    migrantBasis: text(),
    basisList: listColumn("BASIS"),
    referencePeriod: text(),
    periodicity: text(),
    sampleSize: integer(),
    coefficientOfVariation: numeric(),
    comparability: text(),
    comparabilityNote: text(),
    knownGaps: text(),
    seriesBreaks: text(),
    notes: text(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.areaList, t.refArea], foreignColumns: [codes.codelistId, codes.code] }),
    foreignKey({ columns: [t.sourceTypeList, t.sourceType], foreignColumns: [codes.codelistId, codes.code] }),
    foreignKey({ columns: [t.basisList, t.migrantBasis], foreignColumns: [codes.codelistId, codes.code] }),
    check("data_sources_comparability", sql`${t.comparability} in ('full', 'partial', 'not_comparable')`),
    check("data_sources_age_floor", sql`${t.ageFloor} between 0 and 99`),
    index().on(t.refArea),
  ],
);
