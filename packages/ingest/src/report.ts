/** What an import returns, to the CLI (`--json`) and to GraphQL alike. */

export type ImportStatus = "loaded" | "rejected" | "unchanged" | "dry-run";

/** A structural problem: the file is refused while one remains. */
export interface ImportError {
  /** 1-based line in the file (the header is line 1); 0 for a problem with the request itself. */
  line: number;
  /** CSV column (`classif1`) or option (`--source`) the problem is in. */
  column: string;
  /** The offending text as read. */
  value: string;
  /** Stable machine code, e.g. `UNKNOWN_CODE`, `NOT_NUMERIC`, `DUPLICATE_CELL`. */
  code: string;
  message: string;
}

/** One cell named in a finding: its coordinates and its value as published. */
export interface FindingCell {
  table: number;
  indicator: string;
  refArea: string;
  time: number;
  sex: string;
  /** Dimension values by dimension key (`destination: "KOR"`). */
  dimensions: Record<string, string>;
  sourceCode: string;
  value: string | null;
  /** `total` (the checked cell) or `component` / `other-table`. */
  role: string;
}

/** A statistical check that failed. Findings never refuse a file and never change a value. */
export interface Finding {
  check: "additivity" | "coherence";
  severity: "warning" | "info";
  table: number;
  refArea: string;
  time: number;
  sourceCode: string;
  message: string;
  /** What the components (or the other tables) imply. */
  expected: string | null;
  /** The published value checked. */
  actual: string | null;
  cells: FindingCell[];
}

export interface ImportReport {
  /** Id of the stored import record (not set for dry runs). */
  id?: number;
  status: ImportStatus;
  /** Code of the collection round. */
  round: string | null;
  /** Default source as given (`ILMS:{ref_area}`), if any. */
  source: string | null;
  fileName: string | null;
  /** Data rows read (the header excluded). */
  rowsRead: number;
  /** Rows written to the fact tables (0 unless `loaded`). */
  rowsWritten: number;
  /** Rows already in the round with the same value (re-import). */
  rowsUnchanged: number;
  /** Rows whose cell had a different value in an earlier round. */
  revisions: number;
  /** Tables the file feeds. */
  tables: number[];
  /** CSV columns that are not ILOSTAT's and were ignored. */
  ignoredColumns: string[];
  /** All structural errors, counted. */
  errorCount: number;
  /** The first {@link MAX_LISTED} structural errors. */
  errors: ImportError[];
  findingCount: number;
  /** The first {@link MAX_LISTED} findings (all are stored). */
  findings: Finding[];
  durationMs: number;
  /**
   * How foreign keys were enforced on the insert: `set-wise` (distinct keys verified and locked once, the
   * bulk path) or `per-row` (the database's triggers); null when nothing was inserted.
   */
  foreignKeys: "set-wise" | "per-row" | null;
  /** Milliseconds per phase (`read` = parse, validate and stage; `insert`; `checks`), for tuning. */
  timings: Record<string, number>;
}

/** How many errors and findings a report lists; all are counted. */
export const MAX_LISTED = 500;

/** A request that cannot be run at all (no such round, no open round, bad option): the CLI's usage error. */
export class ImportRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ImportRequestError";
  }
}
