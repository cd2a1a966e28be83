/** Observability of the API: metrics (`/metrics`), the JSON log and the request scope that ties them together. */
export { metrics, countInFlight, MAX_OPERATION_LABELS } from "./metrics";
export type { Metrics } from "./metrics";
export { log, configureLog, logTo } from "./log";
export type { LogLevel } from "./log";
export { currentRequest, requestIdOf, runInRequest, withRequestId } from "./request-scope";
export type { Face, RequestScope } from "./request-scope";
export { serveMetrics } from "./endpoint";
export type { MetricsAccess } from "./endpoint";
