/** The console's data layer: what views and the auth provider may import. */
export { dataProvider } from "./dataProvider";
export type { IlmsDataProvider } from "./dataProvider";
export { ApiError } from "./transport";
export { authApi, sessionStore } from "./session";
export type { Session, SessionUser } from "./session";
export type { QualityCell, QualityCellSource, StoredFinding } from "./verbs/quality";
export type { ImportFinding, ImportIssue, ImportReport } from "./verbs/imports";
export type { RoundAction } from "./verbs/workflow";
export type { ReportFormat } from "./verbs/reports";
export type { ExportFormat, Observation, ObservationFilter, ObservationPage } from "./verbs/observations";
export type { AuditEntry } from "./resources/audit";
export { SOURCE_INPUT_KEYS } from "./resources/sources";
export type { IlmsTable } from "./resources/tables";
export type { CountryGroup } from "./resources/countryGroups";
export type {
  CorridorCell,
  CorridorMatrix,
  CorridorMeasure,
  CorridorSide,
  CountryFinding,
  CountryGaps,
  GapsMap,
  MirrorRow,
} from "./verbs/analytics";
export { fetchBranding } from "./branding";
export type { RegionBranding } from "./branding";
