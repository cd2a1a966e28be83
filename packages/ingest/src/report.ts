/** What an import returns, to the CLI (`--json`) and to GraphQL alike. */

export type ImportStatus = "loaded" | "rejected" | "unchanged" | "dry-run";

/** A structural problem: the file is refused while one remains. */
export interface ImportError {
  /** 1-based line in the file (the header is line 1); 0 for a problem with the request itself. */
  line: number;
  /** CSV column (`classif1`, `source`) the problem is in; `*` for the whole line. */
  column: string;
  /** The offending text as read. */
  value: string;
  /** Stable machine code, e.g. `UNKNOWN_CODE`, `NOT_NUMERIC`, `DUPLICATE_CELL`. */
  code: string;
  message: string;
}

/**
 * Identical problems (same code, column, value and message: 2,756 rows without a source) are one entry: the
 * first line in `line`, the first {@link MAX_LINES} lines in `lines`, how many rows have it in `count`.
 */
export interface GroupedImportError extends ImportError {
  /** The first {@link MAX_LINES} lines with this problem, ascending. */
  lines: number[];
  /** Rows (or header columns) with this problem. */
  count: number;
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
  /** Code of the round the value came from (the round checked, or the latest visible round holding the cell). */
  round?: string;
  value: string | null;
  /** `total` (the checked cell), `component`, `part` / `whole` (subset rules) or `previous` (breaks in series). */
  role: string;
}

export const FINDING_KINDS = ["additivity", "coherence", "partial-coverage", "subset", "self-counterpart", "break"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A statistical check that failed. Findings never refuse a file and never change a value. */
export interface Finding {
  /**
   * The finding's kind: `additivity` (a total against its components), `coherence` (the same total across
   * tables), `partial-coverage` (one table totals only a share of another), `subset` (a part larger than its
   * whole), `self-counterpart` (the reporting country as its own counterpart) or `break` (a break in series).
   */
  check: FindingKind;
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
  /**
   * Rows stored in the round's fact tables (0 unless `loaded`): new, revised and unchanged values carried into
   * a new round alike. {@link rowsNew}, {@link rowsRevised} and {@link rowsUnchanged} say what changed.
   */
  rowsWritten: number;
  /** Rows for cells that had no value before, in this round or an earlier one. */
  rowsNew: number;
  /**
   * Rows whose value is the one already held: in this round (a re-import, not written again) or in the
   * latest earlier round (written into this round, nothing changed).
   */
  rowsUnchanged: number;
  /** Rows whose cell had a different value (or status) in the latest earlier round. */
  rowsRevised: number;
  /** Same as {@link rowsRevised} (kept for existing callers). */
  revisions: number;
  /** Tables the file feeds. */
  tables: number[];
  /** CSV columns that are not ILOSTAT's and were ignored (a near miss of a known column is an error instead). */
  ignoredColumns: string[];
  /**
   * Data sources the import registers from the default source template (`createSources`): created when
   * `loaded`, what would be created on a dry run, none when refused.
   */
  newSources: string[];
  /** All structural errors, counted (each row's problem once). */
  errorCount: number;
  /** The first {@link MAX_LISTED} distinct problems, identical ones grouped, by first line. */
  errors: GroupedImportError[];
  findingCount: number;
  /** Of {@link findingCount}: findings already stored for the same check and cells (updated, not added again). */
  findingsKnown: number;
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

/** How many lines a grouped problem lists; all are counted. */
export const MAX_LINES = 10;

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
