/**
 * Parse and validate, row by row: ILOSTAT bulk CSV records in, staging rows (or every problem with them) out.
 * Pure apart from the code index and the source list handed in, so the same rules serve import, validate
 * and tests. Checks that need the whole file (duplicate cells) or the database (values already in the
 * round) are set-wise SQL in `load.ts`.
 */
import { ALL_DIMENSIONS, ILOSTAT_COLUMNS, REQUIRED_COLUMNS, decodeIlostatCodes, getIndicator } from "@ilms/domain";
import type { DimensionValues, IlostatColumn } from "@ilms/domain";
import type { LoadedCodes } from "./codes";
import type { RegionIndicators } from "./indicators";
import type { ImportError } from "./report";

export interface StageRow {
  line: number;
  table: number;
  refArea: string;
  time: number;
  sex: string;
  dims: DimensionValues;
  /** The catalogue indicator (the table's, whose codec decoded the row). */
  indicator: string;
  /** The id as the file gave it when it is an extra id of the active region (`sameAs` {@link indicator}); else null. */
  fileIndicator: string | null;
  sourceCode: string;
  /** The value text exactly as read (validated decimal), or null for a flagged missing value. */
  obsValue: string | null;
  obsStatus: string | null;
  noteClassif: string | null;
  noteIndicator: string | null;
  noteSource: string | null;
}

/** Dimension columns of the staging table: every dimension any table uses, once. */
export const DIMENSION_COLUMNS: readonly string[] = ALL_DIMENSIONS.map((d) => d.column);

/** Columns of the staging table, in the order rows are written. */
export const STAGE_COLUMNS: readonly string[] = [
  "line",
  "table_id",
  "ref_area",
  "time",
  "sex",
  ...DIMENSION_COLUMNS,
  "indicator",
  "source_code",
  "obs_value",
  "obs_status",
  "note_classif",
  "note_indicator",
  "note_source",
  "file_indicator",
];

export interface Header {
  index: Partial<Record<IlostatColumn, number>>;
  width: number;
  ignored: string[];
  errors: ImportError[];
}

const KNOWN = new Set<string>(ILOSTAT_COLUMNS);

/** Edits (insert, delete, substitute, swap two neighbours) between two short strings. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * The known column an unknown header name is a near miss of (`obs_stauts` -> `obs_status`): within two edits,
 * and fewer edits than a third of the name, so short unrelated names (`age` vs `sex`) are not taken for typos.
 */
export function nearColumn(name: string): IlostatColumn | null {
  let best: IlostatColumn | null = null;
  let bestDistance = Infinity;
  for (const col of ILOSTAT_COLUMNS) {
    const d = editDistance(name, col);
    if (d < bestDistance) [best, bestDistance] = [col, d];
  }
  return bestDistance <= Math.min(2, Math.floor(name.length / 3)) ? best : null;
}

/**
 * Maps header names to positions. A missing required column, a repeated column or a near miss of a known
 * column (a typo would drop that column's values without a word) is a structural error; other unknown
 * columns are ignored and named in the report.
 */
export function readHeader(record: string[]): Header {
  const index: Partial<Record<IlostatColumn, number>> = {};
  const ignored: string[] = [];
  const errors: ImportError[] = [];
  record.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!KNOWN.has(name)) {
      const near = name === "" ? null : nearColumn(name);
      if (near && !record.some((r) => r.trim().toLowerCase() === near))
        errors.push({
          line: 1,
          column: raw,
          value: raw,
          code: "UNKNOWN_COLUMN",
          message: `unknown column '${raw}': did you mean ${near}? (its values would be lost)`,
        });
      else ignored.push(raw);
      return;
    }
    const col = name as IlostatColumn;
    if (index[col] !== undefined)
      errors.push({
        line: 1,
        column: col,
        value: raw,
        code: "DUPLICATE_COLUMN",
        message: `column '${col}' appears more than once in the header`,
      });
    else index[col] = i;
  });
  for (const col of REQUIRED_COLUMNS) {
    if (index[col] === undefined)
      errors.push({
        line: 1,
        column: col,
        value: "",
        code: "MISSING_COLUMN",
        message: `required column '${col}' is missing from the header`,
      });
  }
  return { index, width: record.length, ignored, errors };
}

/** A plain non-negative decimal: what ILOSTAT publishes. Exponents, signs and separators are refused. */
const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_NUMBER = /^[-+]\s*\d+(\.\d+)?$/;
/** `<note type>:<note id>` joined by `_`, e.g. `R1:3513_T2:85`. */
const NOTES = /^[A-Za-z0-9]+:[A-Za-z0-9]+(_[A-Za-z0-9]+:[A-Za-z0-9]+)*$/;
/** A source code as the API registers them: ILOSTAT type letters, colon, an id (`BA:544`, `DEMO:LAO`). */
const SOURCE_CODE = /^[A-Z]{1,6}:[A-Za-z0-9_.-]{1,20}$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

export interface ValidatorOptions {
  codes: LoadedCodes;
  /** Known sources: code -> reporting country. */
  sources: ReadonlyMap<string, string>;
  /** Default source for rows without one; `{ref_area}` is replaced by the row's country. */
  sourceTemplate: string | null;
  /** Countries the caller may import for; undefined for any. */
  allowedCountries?: readonly string[] | undefined;
  /**
   * Sources from the default template that do not exist are to be registered (code -> country, filled in
   * here) instead of refused.
   */
  newSources?: Map<string, string> | undefined;
  /**
   * The active region's extra indicator ids (its region file's `indicators`): an id it maps is read as its
   * catalogue indicator. Undefined: catalogue ids only.
   */
  indicators?: RegionIndicators | undefined;
}

/** The message of an indicator id that is neither in the catalogue nor one of the active region's extra ids. */
function unknownIndicator(id: string, regions: RegionIndicators | undefined): string {
  if (!regions) return "indicator not in the ILMS catalogue";
  const others = regions.elsewhere.get(id);
  return (
    `indicator not in the ILMS catalogue nor among the extra indicators of the active region ${regions.region}` +
    (others ? `; it is mapped by region ${others.join(", region ")}, which is not the active region` : "")
  );
}

export type RowResult = { ok: true; row: StageRow } | { ok: false; errors: ImportError[] };

/** Builds the per-row validator for a file with this header. */
export function rowValidator(header: Header, options: ValidatorOptions): (record: string[], line: number) => RowResult {
  const { codes, sources, sourceTemplate, newSources } = options;
  const allowed = options.allowedCountries ? new Set(options.allowedCountries) : null;
  // A file repeats the same few thousand code combinations: decode each once. Bounded so memory stays flat.
  const decodedCache = new Map<string, ReturnType<typeof decodeIlostatCodes>>();
  const at = (record: string[], col: IlostatColumn): string => {
    const i = header.index[col];
    return i === undefined ? "" : (record[i] ?? "").trim();
  };
  return (record, line) => {
    const errors: ImportError[] = [];
    const fail = (column: string, value: string, code: string, message: string) => errors.push({ line, column, value, code, message });
    if (record.length !== header.width) {
      fail(
        "*",
        record.join(","),
        "MALFORMED_LINE",
        `expected ${header.width} fields as in the header, found ${record.length} (truncated or malformed line)`,
      );
      return { ok: false, errors };
    }
    const refArea = at(record, "ref_area");
    if (refArea === "") fail("ref_area", "", "MISSING_VALUE", "a reporting country is required");
    else if (!codes.has("AREA", refArea))
      fail("ref_area", refArea, "UNKNOWN_CODE", "unknown reporting country (expected an ISO 3166-1 alpha-3 code)");
    else if (allowed && !allowed.has(refArea))
      fail("ref_area", refArea, "OUT_OF_SCOPE", `your account may import data for ${[...allowed].join(", ") || "no country"} only`);

    const indicatorId = at(record, "indicator");
    let indicator = getIndicator(indicatorId);
    let fileIndicator: string | null = null;
    const sameAs = indicator ? undefined : options.indicators?.sameAs.get(indicatorId);
    if (sameAs !== undefined) {
      indicator = getIndicator(sameAs);
      fileIndicator = indicatorId;
    }
    if (!indicator) fail("indicator", indicatorId, "UNKNOWN_INDICATOR", unknownIndicator(indicatorId, options.indicators));

    const timeText = at(record, "time");
    const time = /^\d{4}$/.test(timeText) ? Number(timeText) : NaN;
    if (!(time >= MIN_YEAR && time <= MAX_YEAR)) fail("time", timeText, "BAD_YEAR", `a year from ${MIN_YEAR} to ${MAX_YEAR} is required`);

    const value = at(record, "obs_value");
    const status = at(record, "obs_status");
    if (value === "") {
      if (status === "") fail("obs_value", "", "MISSING_VALUE", "obs_value is empty and no obs_status flags it as missing");
    } else if (!DECIMAL.test(value)) {
      if (SIGNED_NUMBER.test(value) && value.startsWith("-"))
        fail("obs_value", value, "NEGATIVE_VALUE", "values are counts or means and cannot be negative");
      else fail("obs_value", value, "NOT_NUMERIC", "obs_value must be a plain decimal number such as 12.345");
    }
    if (status !== "" && !codes.has("OBS_STATUS", status)) fail("obs_status", status, "UNKNOWN_CODE", "unknown observation status flag");

    for (const col of ["note_classif", "note_indicator", "note_source"] as const) {
      const note = at(record, col);
      if (note !== "" && !NOTES.test(note)) fail(col, note, "BAD_NOTE", "notes are <type>:<id> joined by '_', e.g. R1:3513_T2:85");
    }

    // Messages name no option of one face (CLI flag or GraphQL field): the CLI and the console add their own hints.
    let sourceCode = at(record, "source");
    const fromFile = sourceCode !== "";
    if (!fromFile && sourceTemplate) sourceCode = sourceTemplate.replaceAll("{ref_area}", refArea);
    if (sourceCode === "")
      fail(
        "source",
        "",
        "MISSING_SOURCE",
        "no source: the file has none for this row and no default source was given (give a default source such as LFS:{ref_area})",
      );
    else {
      let area = sources.get(sourceCode) ?? newSources?.get(sourceCode);
      const what = fromFile ? "source" : `default source (from ${sourceTemplate})`;
      const registering = area === undefined && !fromFile && newSources !== undefined && refArea !== "" && codes.has("AREA", refArea);
      if (registering && !SOURCE_CODE.test(sourceCode))
        fail("source", sourceCode, "BAD_SOURCE_CODE", `${what}: a source to register needs a code like BA:544 or LFS:LAO`);
      else if (registering) {
        newSources.set(sourceCode, refArea);
        area = refArea;
      }
      if (area === undefined) {
        if (!registering)
          fail(
            "source",
            sourceCode,
            "UNKNOWN_SOURCE",
            `${what}: no data source with this code; register it first${fromFile ? "" : " or let the import create missing sources"}`,
          );
      } else if (refArea !== "" && area !== refArea)
        fail("source", sourceCode, "SOURCE_AREA_MISMATCH", `${what} belongs to ${area}, not to ${refArea}`);
    }

    let sex = "";
    let dims: DimensionValues = {};
    if (indicator) {
      const sexCode = at(record, "sex");
      const classif1 = at(record, "classif1");
      const classif2 = at(record, "classif2");
      const key = `${indicator.id}\u0000${sexCode}\u0000${classif1}\u0000${classif2}`;
      let decoded = decodedCache.get(key);
      if (!decoded) {
        if (decodedCache.size >= 100_000) decodedCache.clear();
        decoded = decodeIlostatCodes(indicator, { sex: sexCode, classif1, classif2 }, codes);
        decodedCache.set(key, decoded);
      }
      if (decoded.ok) {
        sex = decoded.sex;
        dims = decoded.values;
      } else for (const p of decoded.problems) fail(p.column, p.value, p.code, p.reason);
    }
    if (errors.length > 0 || !indicator) return { ok: false, errors };
    return {
      ok: true,
      row: {
        line,
        table: indicator.table,
        refArea,
        time,
        sex,
        dims,
        indicator: indicator.id,
        fileIndicator,
        sourceCode,
        obsValue: value === "" ? null : value,
        obsStatus: status === "" ? null : status,
        noteClassif: at(record, "note_classif") || null,
        noteIndicator: at(record, "note_indicator") || null,
        noteSource: at(record, "note_source") || null,
      },
    };
  };
}

/** One CSV field for COPY: empty (unquoted) is NULL, anything with a separator or quote is quoted. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  if (s === "") return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
const NEEDS_QUOTES = /[",\r\n]/;

const DIMENSION_KEYS = ALL_DIMENSIONS.map((d) => d.key);

/** The staging line for a row, in {@link STAGE_COLUMNS} order (hot path: plain concatenation). */
export function stageLine(row: StageRow): string {
  let line = `${row.line},${row.table},${csvField(row.refArea)},${row.time},${csvField(row.sex)}`;
  for (const key of DIMENSION_KEYS) line += `,${csvField(row.dims[key])}`;
  return `${line},${csvField(row.indicator)},${csvField(row.sourceCode)},${csvField(row.obsValue)},${csvField(row.obsStatus)},${csvField(row.noteClassif)},${csvField(row.noteIndicator)},${csvField(row.noteSource)},${csvField(row.fileIndicator)}\n`;
}
