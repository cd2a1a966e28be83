/**
 * Prometheus metrics of the API process (prom-client), served at `/metrics`: HTTP requests and their latency by
 * face and operation, response-cache hits and misses, database statements in flight, imported rows, and the
 * process itself (CPU, memory, event-loop lag, GC). One registry per process, like the process metrics it holds.
 *
 * Other parts register their own through the small API below, e.g. a replica's lag:
 * ```ts
 * metrics.gauge({ name: "ilms_replica_lag_seconds", help: "...", labelNames: ["replica"], collect() { this.set({ replica }, lag); } });
 * ```
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration } from "prom-client";
import { replicaStatus } from "@ilms/db";
import type { DbHandle, RawTx } from "@ilms/db";
import type { Face } from "./request-scope";

/** Distinct operation names kept as labels; later ones count as `other` (names are chosen by clients). */
export const MAX_OPERATION_LABELS = 200;
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Set<string>();
  const inFlight = { query: 0, transaction: 0 };

  const api = {
    registry,
    /** A counter in this process's registry (or the one already registered under that name). */
    counter<T extends string>(config: Omit<CounterConfiguration<T>, "registers">): Counter<T> {
      return (registry.getSingleMetric(config.name) as Counter<T> | undefined) ?? new Counter({ ...config, registers: [registry] });
    },
    /** A gauge; give `collect` to compute its value at each scrape. */
    gauge<T extends string>(config: Omit<GaugeConfiguration<T>, "registers">): Gauge<T> {
      return (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge({ ...config, registers: [registry] });
    },
    histogram<T extends string>(config: Omit<HistogramConfiguration<T>, "registers">): Histogram<T> {
      return (registry.getSingleMetric(config.name) as Histogram<T> | undefined) ?? new Histogram({ ...config, registers: [registry] });
    },
    /**
     * The label of an operation name: GraphQL names as sent when they are valid names, within the first
     * {@link MAX_OPERATION_LABELS} seen; `anonymous` without one, `other` beyond (bounded cardinality).
     */
    operationLabel(name: unknown): string {
      if (typeof name !== "string" || name === "") return "anonymous";
      if (!NAME.test(name)) return "other";
      if (operations.has(name)) return name;
      if (operations.size >= MAX_OPERATION_LABELS) return "other";
      operations.add(name);
      return name;
    },
    inFlight,
  };

  const requests = api.counter<"face" | "operation" | "status">({
    name: "ilms_http_requests_total",
    help: "HTTP requests answered, by face (graphql, sdmx, export, static, probe, other), operation and status code",
    labelNames: ["face", "operation", "status"],
  });
  const duration = api.histogram<"face" | "operation">({
    name: "ilms_http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its answer, by face and operation",
    labelNames: ["face", "operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const cache = api.counter<"result">({
    name: "ilms_response_cache_total",
    help: "Lookups of the anonymous response cache (memory or Redis), by result: hit or miss",
    labelNames: ["result"],
  });
  const importedRows = api.counter<never>({
    name: "ilms_import_rows_total",
    help: "Observation rows stored by imports through the API (rate() gives rows per second)",
  });
  const imports = api.counter<"status">({
    name: "ilms_imports_total",
    help: "Imports through the API, by outcome (the report's status)",
    labelNames: ["status"],
  });
  api.gauge<"kind">({
    name: "ilms_db_in_flight",
    help: "Statements (query) and transactions (transaction) the API's database handle is running now: the share of the pool in use (PostgreSQL: 10 connections by default; PGlite: one session)",
    labelNames: ["kind"],
    collect() {
      this.set({ kind: "query" }, inFlight.query);
      this.set({ kind: "transaction" }, inFlight.transaction);
    },
  });

  // Read replicas (DATABASE_REPLICA_URLS): each one's lag and health at the last check; absent without replicas.
  api.gauge<"replica">({
    name: "ilms_replica_lag_seconds",
    help: "Seconds a read replica is behind the primary at its last check (-1 before a first successful check)",
    labelNames: ["replica"],
    collect() {
      this.reset();
      for (const r of replicaStatus()) this.set({ replica: r.url }, r.lagSeconds ?? -1);
    },
  });
  api.gauge<"replica">({
    name: "ilms_replica_healthy",
    help: "1 while a read replica takes reads, 0 while it is skipped (down or lagging beyond ILMS_REPLICA_MAX_LAG)",
    labelNames: ["replica"],
    collect() {
      this.reset();
      for (const r of replicaStatus()) this.set({ replica: r.url }, r.healthy ? 1 : 0);
    },
  });

  return {
    ...api,
    /** Records one answered request. */
    observeRequest(face: Face, operation: string, status: number, seconds: number) {
      requests.inc({ face, operation, status: String(status) });
      duration.observe({ face, operation }, seconds);
    },
    cacheLookup(hit: boolean) {
      cache.inc({ result: hit ? "hit" : "miss" });
    },
    importFinished(status: string, rowsWritten: number) {
      imports.inc({ status });
      if (rowsWritten > 0) importedRows.inc(rowsWritten);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The process's metrics. */
export const metrics: Metrics = createMetrics();

/**
 * `db` with its raw statements and transactions counted in `ilms_db_in_flight`; everything else (drizzle, driver,
 * migrate, close) is the handle's own.
 */
export function countInFlight(db: DbHandle): DbHandle {
  const counted = Object.create(db) as DbHandle & { query: DbHandle["query"]; transaction: DbHandle["transaction"] };
  const { inFlight } = metrics;
  counted.query = async (text, params) => {
    inFlight.query++;
    try {
      return await db.query(text, params);
    } finally {
      inFlight.query--;
    }
  };
  counted.transaction = async <T>(fn: (tx: RawTx) => Promise<T>, options?: Parameters<DbHandle["transaction"]>[1]) => {
    inFlight.transaction++;
    try {
      return await db.transaction(fn, options);
    } finally {
      inFlight.transaction--;
    }
  };
  return counted;
}
