/**
 * One fact table per ILMS table, generated from the catalogue: reporting country, year, sex, the table's own
 * dimensions, source, round, value, status and notes. Every coded column carries a composite foreign key to
 * `codes` through a constant list column, so the database refuses a code of the wrong list.
 */
import { bigint, foreignKey, index, integer, numeric, pgTable, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { PgColumnBuilderBase } from "drizzle-orm/pg-core";
import { TABLES, cellAxes, cellKeyColumns, codedAxes, factTableName } from "@ilms/domain";
import type { CellAxis, CodelistId, IlmsTable } from "@ilms/domain";
import { codes } from "./codelists";
import { indicators } from "./catalogue";
import { createdAt, listColumn } from "./columns";
import { collectionRounds } from "./rounds";
import { dataSources } from "./sources";

/** Coded columns of a fact table: property name, SQL column and code list (the catalogue's coded axes). */
export function codedColumns(table: IlmsTable): { key: string; column: string; codelist: CodelistId }[] {
  return codedAxes(table).map((a) => ({ key: a.key, column: a.column, codelist: a.codelist }));
}

/** The columns that identify a cell (one value per cell per round, with the round): the catalogue's cell key. */
export function cellColumns(table: IlmsTable): string[] {
  return cellKeyColumns(table);
}

/** Drizzle property of each cell axis (the source column is `sourceCode`). */
const property = (axis: CellAxis) => (axis.key === "source" ? "sourceCode" : axis.key);

function buildFactTable(table: IlmsTable) {
  const coded = codedColumns(table);
  const lists = [...new Set<CodelistId>([...coded.map((c) => c.codelist), "OBS_STATUS"])];
  const dimensionColumns = Object.fromEntries(table.dimensions.map((d) => [d.key, text(d.column).notNull()]));
  const columns: Record<string, PgColumnBuilderBase> = {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    refArea: text().notNull(),
    time: smallint().notNull(),
    sex: text().notNull(),
    ...dimensionColumns,
    indicator: text()
      .notNull()
      .references(() => indicators.id),
    /**
     * The indicator id as the imported file gave it when that was one of the active region's extra ids (its
     * region file's `indicators`, each `sameAs` the catalogue indicator in `indicator`); null when the file
     * gave the catalogue id. The ILOSTAT CSV export writes it back, so the file round-trips exactly.
     */
    fileIndicator: text(),
    sourceCode: text()
      .notNull()
      .references(() => dataSources.code),
    roundId: integer()
      .notNull()
      .references(() => collectionRounds.id),
    /** Exact decimal as published: never a float. Null only with a status flag (a flagged missing value). */
    obsValue: numeric(),
    obsStatus: text(),
    noteClassif: text(),
    noteIndicator: text(),
    noteSource: text(),
    importId: integer(),
    createdAt: createdAt(),
  };
  for (const list of lists) columns[`${list}List`] = listColumn(list);

  const name = factTableName(table);
  return pgTable(name, columns, (t) => {
    const col = (key: string) => t[key]!;
    const [first, ...rest] = cellAxes(table).map((a) => col(property(a)));
    return [
      ...coded.map((c) =>
        foreignKey({
          name: `${name}_${c.column}_fk`,
          columns: [col(`${c.codelist}List`), col(c.key)],
          foreignColumns: [codes.codelistId, codes.code],
        }),
      ),
      foreignKey({
        name: `${name}_obs_status_fk`,
        columns: [col("OBS_STATUSList"), col("obsStatus")],
        foreignColumns: [codes.codelistId, codes.code],
      }),
      uniqueIndex(`${name}_cell_round`).on(first!, ...rest, col("roundId")),
      index(`${name}_round`).on(col("roundId")),
      index(`${name}_time_area`).on(col("time"), col("refArea")),
    ];
  });
}

export type FactTable = ReturnType<typeof buildFactTable>;

/** The fact tables by ILMS table id. */
export const factTables: ReadonlyMap<number, FactTable> = new Map(TABLES.map((t) => [t.id, buildFactTable(t)]));

/** Named exports for drizzle-kit, which discovers tables by the module's exports. */
export const factTablesByName: Record<string, FactTable> = Object.fromEntries(TABLES.map((t) => [factTableName(t), factTables.get(t.id)!]));
