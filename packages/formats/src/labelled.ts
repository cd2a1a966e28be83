/** The labelled layout shared by the labelled CSV and XLSX: codes with English labels, unit and round. */
import { TABLES } from "@ilms/domain";
import type { DimensionDef, IlmsTable } from "@ilms/domain";
import type { CellRow } from "@ilms/query";
import type { ExportCatalogue } from "./types";

export type LabelledValue = string | number | null;

export interface LabelledLayout {
  header: string[];
  /** The dimensions of the selected tables, each once, in catalogue order. */
  dims: DimensionDef[];
  row(table: IlmsTable, row: CellRow): LabelledValue[];
  /** The header of one table's sheet: without the columns of dimensions it does not have. */
  tableHeader(table: IlmsTable): string[];
}

export function labelledLayout(tables: readonly IlmsTable[], catalogue: ExportCatalogue): LabelledLayout {
  const { label } = catalogue;
  const dims = TABLES.flatMap((t) => t.dimensions).filter(
    (d, i, all) => all.findIndex((x) => x.key === d.key) === i && tables.some((t) => t.dimensions.includes(d)),
  );
  const header = [
    "table",
    "indicator",
    "ref_area",
    "ref_area_label",
    "time",
    "sex",
    "sex_label",
    ...dims.flatMap((d) => [d.column, `${d.column}_label`]),
    "source",
    "obs_value",
    "unit",
    "obs_status",
    "obs_status_label",
    "note_classif",
    "note_indicator",
    "note_source",
    "round",
  ];
  return {
    header,
    dims,
    row: (table, row) => [
      table.id,
      row.indicator,
      row.ref_area,
      label("AREA", row.ref_area),
      Number(row.time),
      row.sex,
      label("SEX", row.sex),
      ...dims.flatMap((d) => {
        const code = table.dimensions.includes(d) ? String(row[d.column]) : null;
        return [code, label(d.codelist, code)];
      }),
      row.source_code,
      row.obs_value,
      table.measure.unit,
      row.obs_status,
      label("OBS_STATUS", row.obs_status),
      row.note_classif,
      row.note_indicator,
      row.note_source,
      catalogue.roundCode(Number(row.round_id)),
    ],
    tableHeader: (table) =>
      header.filter((h) => !dims.some((d) => !table.dimensions.includes(d) && (h === d.column || h === `${d.column}_label`))),
  };
}
