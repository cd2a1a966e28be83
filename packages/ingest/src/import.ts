/**
 * The import pipeline shared by the CLI and the GraphQL mutation: stream-parse and validate every row, COPY
 * the valid ones into a staging table, check the whole file set-wise, then insert into the fact tables and
 * run the statistical checks, all in ONE transaction. A structural error anywhere rolls everything back;
 * a process killed mid-way leaves nothing behind because the transaction never commits.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import type { DbHandle, RawTx } from "@ilms/db";
import { signalDataChanged } from "@ilms/db/changes";
import { importRefusal } from "@ilms/governance/workflow";
import { runChecks, storeFindings } from "./checks";
import { loadCodeIndex } from "./codes";
import { CsvSplitter } from "./csv";
import type { CsvItem } from "./csv";
import { loadRegionIndicators } from "./indicators";
import type { RegionIndicators } from "./indicators";
import { ReferenceCollector, STAGE_TABLE, createStage, findConflicts, findDuplicates, insertFacts } from "./load";
import { ImportRequestError, MAX_LINES, MAX_LISTED } from "./report";
import type { Finding, GroupedImportError, ImportError, ImportReport, ImportStatus } from "./report";
import { STAGE_COLUMNS, readHeader, rowValidator, stageLine } from "./rows";
import type { Header } from "./rows";
import { SDMX_ILOSTAT_HEADER, isSdmxCsvHeader, sdmxCsvAdapter } from "./sdmx-csv";
import type { SdmxCsvAdapter } from "./sdmx-csv";

export interface ImportInput {
  /** The CSV text itself (GraphQL, tests). */
  text?: string;
  /** A file to read, streamed. */
  path?: string;
  /** Any byte stream (stdin, an upload). */
  stream?: NodeJS.ReadableStream;
  /** Name recorded with the import; defaults to the path's base name. */
  fileName?: string;
}

export interface ImportOptions {
  /** Round code; without it the single round in status `draft`. */
  round?: string;
  /** Default source for rows without one; `{ref_area}` is replaced by the row's country (`ILMS:{ref_area}`). */
  source?: string;
  /**
   * Register the sources the default template names that do not exist yet (one per country), in the same
   * transaction, listed in `report.newSources`; nothing is created on a dry run or for a refused file.
   */
  createSources?: boolean;
  /** Validate, load and check inside the transaction, then roll back: the report of a real run, nothing kept. */
  dryRun?: boolean;
  /** Called every few thousand rows while reading, then once per phase. */
  onProgress?: (p: { rows: number; phase?: "read" | "check" | "write" }) => void;
  /** Recorded with the import (user id, `cli`). */
  createdBy?: string;
  /**
   * Allow loading into a published round. Only for loaders of data that is already published elsewhere (the
   * shipped demo sample); regular imports go to an open round and are published with it.
   */
  allowPublishedRound?: boolean;
  /**
   * Reporting countries the caller may import for (an editor's scope); rows of other countries are refused
   * as structural errors. Undefined: any country.
   */
  allowedCountries?: readonly string[];
  /**
   * Id of the active region (the API's `ILMS_REGION`, the CLI's the same): an indicator id its region file maps
   * (`indicators`, each `sameAs` a catalogue indicator) is imported as that indicator, the file's id kept.
   * Undefined: catalogue ids only.
   */
  region?: string | undefined;
}

interface Round {
  id: number;
  code: string;
  status: string;
}

/** The named round, or the single open (`draft`) round; a request that names none cannot run. */
export async function resolveRound(db: Pick<DbHandle, "query">, code: string | undefined): Promise<Round> {
  if (code) {
    const [round] = await db.query<Round>("select id, code, status from collection_rounds where code = $1", [code]);
    if (!round) throw new ImportRequestError("ROUND_NOT_FOUND", `No collection round '${code}'`);
    return { ...round, id: Number(round.id) };
  }
  const open = await db.query<Round>("select id, code, status from collection_rounds where status = 'draft' order by id");
  if (open.length === 0)
    throw new ImportRequestError("NO_OPEN_ROUND", "No open (draft) collection round: create one or name the round to import into");
  if (open.length > 1)
    throw new ImportRequestError(
      "SEVERAL_OPEN_ROUNDS",
      `Several draft rounds (${open.map((r) => r.code).join(", ")}): name the round to import into`,
    );
  return { ...open[0]!, id: Number(open[0]!.id) };
}

/** Characters of staging CSV per COPY on PGlite (about 40,000 rows). */
const PGLITE_COPY_BATCH = 4 << 20;

/** Thrown inside the transaction to roll it back with a finished report. */
class Rollback extends Error {
  constructor(readonly status: ImportStatus) {
    super(status);
  }
}

interface ReadState {
  rowsRead: number;
  /** Valid rows per table. */
  staged: Map<number, number>;
  /** Referenced values per table and column, for the set-wise foreign-key check. */
  references: ReferenceCollector;
  errorCount: number;
  /** Distinct problems by code, column, value and message (at most {@link MAX_LISTED}). */
  groups: Map<string, GroupedImportError>;
  ignored: string[];
  sha: ReturnType<typeof createHash>;
}

/** Counts `count` problems and lists `errors` (some of them), identical ones grouped into one entry. */
function addErrors(state: ReadState, errors: readonly ImportError[], count = errors.length): void {
  state.errorCount += count;
  for (const e of errors) {
    const key = `${e.code}\u0000${e.column}\u0000${e.value}\u0000${e.message}`;
    const group = state.groups.get(key);
    if (group) {
      group.count++;
      if (group.lines.length < MAX_LINES) group.lines.push(e.line);
    } else if (state.groups.size < MAX_LISTED) state.groups.set(key, { ...e, lines: [e.line], count: 1 });
  }
}

/** The listed problems: each group's lines ascending, groups by first line. */
function listedErrors(state: ReadState): GroupedImportError[] {
  return [...state.groups.values()]
    .map((g) => {
      const lines = [...g.lines].sort((a, b) => a - b);
      return { ...g, line: lines[0] ?? g.line, lines };
    })
    .sort((a, b) => a.line - b.line);
}

function openInput(input: ImportInput): Readable {
  if (input.text !== undefined) return Readable.from([Buffer.from(input.text, "utf8")]);
  if (input.path !== undefined) {
    if (!existsSync(input.path)) throw new ImportRequestError("FILE_NOT_FOUND", `No such file: ${input.path}`);
    return createReadStream(input.path, { highWaterMark: 1 << 16 });
  }
  if (input.stream) return Readable.from(input.stream as AsyncIterable<Buffer>);
  throw new ImportRequestError("NO_INPUT", "Nothing to import: give CSV text, a path or a stream");
}

/** Parses the input and yields COPY text for the valid rows, recording every problem in `state`. */
async function* stageChunks(
  input: ImportInput,
  state: ReadState,
  makeValidator: (h: Header) => ReturnType<typeof rowValidator>,
  onProgress: ImportOptions["onProgress"],
  indicators: RegionIndicators | undefined,
) {
  const source = openInput(input);
  const splitter = new CsvSplitter();
  const decoder = new TextDecoder("utf-8");
  let validate: ReturnType<typeof rowValidator> | undefined;
  let header: Header | undefined;
  /** Set when the file is SDMX-CSV: its records are mapped onto ILOSTAT records first. */
  let sdmx: SdmxCsvAdapter | undefined;
  let buffer = "";
  let stop = false;
  const take = (items: CsvItem[]) => {
    for (const item of items) {
      if (stop) return;
      if (!header) {
        if ("error" in item) {
          addErrors(state, [{ line: item.line, column: "*", value: "", code: "MALFORMED_LINE", message: `header: ${item.error}` }]);
          stop = true;
          return;
        }
        if (isSdmxCsvHeader(item.record)) sdmx = sdmxCsvAdapter(item.record, indicators?.sameAs);
        header = readHeader(sdmx ? [...SDMX_ILOSTAT_HEADER] : item.record);
        state.ignored = header.ignored;
        if (header.errors.length > 0) {
          addErrors(state, header.errors);
          stop = true;
          return;
        }
        validate = makeValidator(header);
        continue;
      }
      state.rowsRead++;
      if ("error" in item) {
        addErrors(state, [{ line: item.line, column: "*", value: "", code: "MALFORMED_LINE", message: item.error }]);
        continue;
      }
      let result: ReturnType<NonNullable<typeof validate>>;
      if (sdmx) {
        const mapped = sdmx.map(item.record, item.line);
        if (!mapped.ok) result = mapped;
        else {
          result = validate!(mapped.record, item.line);
          // Problems are named by the SDMX column they came from (CDS, TIME_PERIOD), not the ILOSTAT one.
          if (!result.ok)
            result = {
              ok: false,
              errors: result.errors.map((e) => ({ ...e, column: mapped.columns[e.column as keyof typeof mapped.columns] ?? e.column })),
            };
        }
      } else result = validate!(item.record, item.line);
      if (result.ok) {
        const row = result.row;
        buffer += stageLine(row);
        state.staged.set(row.table, (state.staged.get(row.table) ?? 0) + 1);
        state.references.add(row);
      } else addErrors(state, result.errors);
      if (onProgress && state.rowsRead % 10_000 === 0) onProgress({ rows: state.rowsRead, phase: "read" });
    }
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      state.sha.update(bytes);
      take(splitter.push(decoder.decode(bytes, { stream: true })));
      if (stop) break;
      if (buffer.length >= 1 << 16) {
        yield buffer;
        buffer = "";
      }
    }
    if (!stop) take([...splitter.push(decoder.decode()), ...splitter.end()]);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === "ENOENT" || e.code === "EISDIR") throw new ImportRequestError("FILE_NOT_FOUND", e.message);
    throw error;
  } finally {
    source.destroy();
  }
  if (sdmx) state.ignored = sdmx.ignored;
  if (!header)
    addErrors(state, [{ line: 1, column: "*", value: "", code: "EMPTY_FILE", message: "the file is empty: a header row is required" }]);
  if (buffer) yield buffer;
  onProgress?.({ rows: state.rowsRead, phase: "read" });
}

function emptyReport(round: Round | null, input: ImportInput, options: ImportOptions): ImportReport {
  return {
    status: "rejected",
    round: round?.code ?? null,
    source: options.source ?? null,
    fileName: input.fileName ?? (input.path ? basename(input.path) : null),
    rowsRead: 0,
    rowsWritten: 0,
    rowsNew: 0,
    rowsUnchanged: 0,
    rowsRevised: 0,
    revisions: 0,
    tables: [],
    ignoredColumns: [],
    newSources: [],
    errorCount: 0,
    errors: [],
    findingCount: 0,
    findingsKnown: 0,
    findings: [],
    durationMs: 0,
    foreignKeys: null,
    timings: {},
  };
}

async function recordImport(
  q: Pick<RawTx, "query">,
  report: ImportReport,
  roundId: number,
  sha256: string,
  createdBy: string | undefined,
): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `insert into imports (round_id, status, file_name, sha256, source, rows_read, rows_written, error_count, finding_count, duration_ms, report, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) returning id`,
    [
      roundId,
      report.status,
      report.fileName,
      sha256,
      report.source,
      report.rowsRead,
      report.rowsWritten,
      report.errorCount,
      report.findingCount,
      Math.round(report.durationMs),
      JSON.stringify(report),
      createdBy ?? null,
    ],
  );
  return Number(row!.id);
}

/**
 * Registers the sources the default template names for countries that have none, inside the import's
 * transaction (so a refused file or a dry run leaves none). The ILOSTAT type letters before the colon
 * (`BA:{ref_area}`) give the source type when they are a known one; the other quality fields are for an
 * administrator to fill in.
 */
async function registerSources(
  tx: Pick<RawTx, "query">,
  newSources: ReadonlyMap<string, string>,
  template: string,
  fileName: string | null,
  roundCode: string,
): Promise<void> {
  const rows = [...newSources].map(([code, refArea]) => ({ code, ref_area: refArea, type: code.split(":")[0] ?? "" }));
  await tx.query(
    `insert into data_sources (code, ref_area, name, source_type, notes)
     select x.code, x.ref_area, coalesce(a.labels->>'en', x.ref_area) || ': ' || x.code, t.code,
            'Registered by the import of ' || coalesce($2, 'a file') || ' into round ' || $3 || ' (default source ' || $4 ||
            '). Fill in its quality fields: type, agency, coverage, migrant basis, comparability.'
     from jsonb_to_recordset($1::jsonb) as x(code text, ref_area text, type text)
     left join codes a on a.codelist_id = 'AREA' and a.code = x.ref_area
     left join codes t on t.codelist_id = 'SOURCE_TYPE' and t.code = x.type
     on conflict (code) do nothing`,
    [JSON.stringify(rows), fileName, roundCode, template],
  );
}

/**
 * Imports one ILOSTAT bulk CSV file into a collection round. Use it from every entry point (CLI, API, demo
 * loader) so they share one behaviour. Resolves with a report whatever the data; rejects only when the request
 * itself cannot run ({@link ImportRequestError}: unknown round, no input) or the database fails.
 */
export async function importIlostat(db: DbHandle, input: ImportInput, options: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now();
  if (input.path !== undefined && !existsSync(input.path)) throw new ImportRequestError("FILE_NOT_FOUND", `No such file: ${input.path}`);
  let round: Round;
  let scratch = false;
  try {
    round = await resolveRound(db, options.round);
  } catch (error) {
    // A dry run with no round to compare against still checks the file: against a scratch round that the
    // rollback removes with everything else.
    if (!(options.dryRun && !options.round && error instanceof ImportRequestError)) throw error;
    round = { id: 0, code: "", status: "draft" };
    scratch = true;
  }
  // The workflow decides which rounds take data (only drafts); the demo loader may write into a published round.
  const refused = options.allowPublishedRound ? null : importRefusal(round.code, round.status);
  if (refused) throw new ImportRequestError(refused.code, refused.message);
  const report = emptyReport(scratch ? null : round, input, options);
  const codes = await loadCodeIndex(db);
  const sources = new Map(
    (await db.query<{ code: string; ref_area: string }>("select code, ref_area from data_sources")).map((r) => [r.code, r.ref_area]),
  );
  const state: ReadState = {
    rowsRead: 0,
    staged: new Map(),
    references: new ReferenceCollector(),
    errorCount: 0,
    groups: new Map(),
    ignored: [],
    sha: createHash("sha256"),
  };
  if (options.createSources && !options.source)
    throw new ImportRequestError("NO_SOURCE_TEMPLATE", "Creating missing sources needs a default source template such as LFS:{ref_area}");
  const newSources = options.createSources ? new Map<string, string>() : undefined;
  const indicators = options.region === undefined ? undefined : await loadRegionIndicators(db, options.region);
  const makeValidator = (header: Header) =>
    rowValidator(header, {
      codes,
      sources,
      sourceTemplate: options.source ?? null,
      allowedCountries: options.allowedCountries,
      newSources,
      indicators,
    });
  let findings: Finding[] = [];
  const finish = (status: ImportStatus) => {
    report.status = status;
    report.rowsRead = state.rowsRead;
    report.errorCount = state.errorCount;
    report.errors = listedErrors(state);
    report.ignoredColumns = state.ignored;
    report.newSources = status === "rejected" ? [] : [...(newSources?.keys() ?? [])].sort();
    report.findingCount = findings.length;
    report.findings = findings.slice(0, MAX_LISTED);
    report.durationMs = Math.round(performance.now() - started);
    return report;
  };

  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    report.timings[name] = Math.round(now - mark);
    mark = now;
  };
  try {
    await db.transaction(async (tx) => {
      if (scratch) {
        const [row] = await tx.query<{ id: number }>(
          "insert into collection_rounds (code, title, reference_year) values ('validation-' || gen_random_uuid(), 'Scratch round of a validation (rolled back)', extract(year from now())::int) returning id",
        );
        round.id = Number(row!.id);
      }
      await createStage(tx);
      const chunks = stageChunks(input, state, makeValidator, options.onProgress, indicators);
      if (db.driver === "postgres") await tx.copyFrom(STAGE_TABLE, STAGE_COLUMNS, chunks);
      else {
        // PGlite's COPY takes its input whole: feed it in batches of a few megabytes so memory stays flat.
        let batch: string[] = [];
        let size = 0;
        for await (const chunk of chunks) {
          batch.push(chunk);
          size += chunk.length;
          if (size >= PGLITE_COPY_BATCH) {
            await tx.copyFrom(STAGE_TABLE, STAGE_COLUMNS, batch.join(""));
            batch = [];
            size = 0;
          }
        }
        if (batch.length > 0) await tx.copyFrom(STAGE_TABLE, STAGE_COLUMNS, batch.join(""));
      }
      phase("read");
      if (state.errorCount > 0) {
        // Refused anyway: list the duplicate cells among the valid rows too, so one run shows every problem.
        const duplicates = await findDuplicates(tx, MAX_LISTED);
        addErrors(state, duplicates.errors, duplicates.count);
        throw new Rollback("rejected");
      }
      await tx.query(`analyze ${STAGE_TABLE}`);
      report.tables = [...state.staged.keys()].sort((a, b) => a - b);
      const conflicts = await findConflicts(tx, round.id, report.tables, MAX_LISTED);
      addErrors(state, conflicts.errors, conflicts.count);
      if (state.errorCount > 0) throw new Rollback("rejected");
      if (newSources && newSources.size > 0) await registerSources(tx, newSources, options.source!, report.fileName, round.code);

      phase("conflicts");
      options.onProgress?.({ rows: state.rowsRead, phase: "write" });
      const importId = await recordImport(tx, finish("loaded"), round.id, "", options.createdBy);
      // Duplicate cells within the file: the fact tables' unique index catches them during the insert (no
      // extra pass over a large file); rows already in the round are skipped by the insert, so when some were,
      // the stage is searched explicitly. Either way every duplicate is then listed with its line.
      await tx.query("savepoint before_insert");
      let written: Awaited<ReturnType<typeof insertFacts>> | undefined;
      try {
        written = await insertFacts(tx, round.id, importId, state.staged, state.references.used);
        await tx.query("release savepoint before_insert");
      } catch (error) {
        if ((error as { code?: string }).code !== "23505") throw error;
        await tx.query("rollback to savepoint before_insert");
      }
      if (!written || written.unchanged > 0) {
        const duplicates = await findDuplicates(tx, MAX_LISTED);
        addErrors(state, duplicates.errors, duplicates.count);
        if (state.errorCount > 0) throw new Rollback("rejected");
        if (!written)
          throw new ImportRequestError(
            "CONCURRENT_IMPORT",
            "Another import wrote some of the same cells into this round at the same time; run the import again to see what remains",
          );
      }
      phase("insert");
      report.rowsWritten = written.written;
      report.foreignKeys = written.foreignKeys;
      report.rowsNew = written.fresh;
      report.rowsUnchanged = written.unchanged;
      report.rowsRevised = report.revisions = written.revisions;
      if (written.written === 0) throw new Rollback("unchanged");

      options.onProgress?.({ rows: state.rowsRead, phase: "check" });
      findings = await runChecks(tx, round.id, importId, report.tables);
      report.findingsKnown = await storeFindings(tx, round.id, importId, findings);
      phase("checks");
      if (options.dryRun) throw new Rollback("dry-run");
      finish("loaded");
      report.id = importId;
      await tx.query(
        `update imports set rows_read = $2, rows_written = $3, error_count = 0, finding_count = $4, duration_ms = $5, sha256 = $6, report = $7::jsonb where id = $1`,
        [
          importId,
          report.rowsRead,
          report.rowsWritten,
          report.findingCount,
          report.durationMs,
          state.sha.digest("hex"),
          JSON.stringify(report),
        ],
      );
      // Values (of a published round, a published revision) and sources other processes may be serving: at commit.
      await signalDataChanged(tx, "importObservations");
    });
    return report;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    finish(options.dryRun && error.status !== "rejected" ? "dry-run" : error.status);
    if (error.status === "rejected") {
      report.rowsWritten = 0;
      report.rowsNew = 0;
      report.rowsUnchanged = 0;
      report.rowsRevised = report.revisions = 0;
      report.findingsKnown = 0;
    }
    // Dry runs leave no trace; refused and unchanged imports are recorded so their report can be fetched by id.
    if (!options.dryRun && !scratch) {
      report.id = await recordImport(db, report, round.id, state.sha.digest("hex"), options.createdBy);
      await db.query("update imports set report = $2::jsonb where id = $1", [report.id, JSON.stringify(report)]);
    }
    return report;
  }
}
