/** Data intake: ILOSTAT CSV import (parse -> validate -> load -> check) and demo data. Exports are `@ilms/formats`. */
export { importIlostat, resolveRound } from "./import";
export { isSdmxCsvHeader } from "./sdmx-csv";
export type { ImportInput, ImportOptions } from "./import";
export { loadDemoData, demoCsv, demoSources, DEMO_FILE, DEMO_ROUND, DEMO_SOURCE } from "./demo";
export type { DemoSource } from "./demo";
export { FINDING_KINDS, ImportRequestError, MAX_LINES, MAX_LISTED } from "./report";
export type { Finding, FindingCell, FindingKind, GroupedImportError, ImportError, ImportReport, ImportStatus } from "./report";
export {
  COHERENCE_GROUPS,
  ROUNDING_UNIT,
  TEMPORARY_CELLS_FROM,
  findingFingerprint,
  recheckRound,
  runChecks,
  storeFindings,
} from "./checks";
export type { RunChecksOptions } from "./checks";
export type { RecheckReport } from "./checks";
export { syntheticIlostatCsv, prepareSynthetic, SYNTHETIC_SOURCE } from "./synthetic";
export type { SyntheticOptions } from "./synthetic";
