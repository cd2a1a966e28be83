/**
 * Output formats of the warehouse: writers that consume the query engine's rows as a stream (ILOSTAT CSV,
 * labelled CSV, XLSX), and {@link exportObservations}, which feeds them from the engine with the caller's
 * visibility. Subpaths (`@ilms/formats/xlsx`...) import one writer alone.
 */
export * from "./types";
export { neutralise, csvField, csvText, sheetText } from "./neutralise";
export { writeIlostatCsv } from "./ilostat-csv";
export { writeLabelledCsv } from "./labelled-csv";
export { writeXlsx } from "./xlsx";
export { WRITERS, exportObservations, prepareExport, exportFileName, EXPORT_CONTENT_TYPES } from "./export";
export type { ExportOptions, PreparedExport } from "./export";
export { ANALYTICS_KINDS, corridorSheets, gapsSheets, mirrorSheets, prepareAnalyticsExport } from "./analytics";
export type { AnalyticsFormat, AnalyticsKind, AnalyticsRequest, PreparedAnalyticsExport, Sheet } from "./analytics";
