import { ImportRequestError, importIlostat } from "@ilms/ingest";
import type { ImportInput, ImportReport } from "@ilms/ingest";
import { recordAudit } from "@ilms/governance/audit";
import { EXIT, UsageError, parse, println, withDb } from "../command";
import type { CliIo, Command } from "../command";
import { progressBar } from "../progress";
import { printReport } from "../report";

export const SOURCE_HELP = `Sources: rows take their source from the file's 'source' column; rows without one take --source.
  --source may contain {ref_area}, replaced by each row's country (--source 'LFS:{ref_area}' gives
  LFS:LAO for a LAO row). Every source must exist and belong to the row's country; otherwise the file is
  refused. --create-sources TEMPLATE takes TEMPLATE as --source and registers the sources it names that do
  not exist yet, in the same transaction (listed in the report; none on a dry run or a refused file); fill
  in their quality fields afterwards.`;

const ROUND_HELP = `Rounds: --round names a collection round by code; without it the single round in status 'draft' is
  used (an error when there is none or several). Published rounds are never written to. A cell already
  in the round with the same value is left as it is (re-importing a file changes nothing and says so);
  a different value for it is refused: corrections go into a later (revision) round.`;

/** Shared by `import` and `validate`: runs the import pipeline and prints its report. */
export async function runImport(args: string[], io: CliIo, mode: "import" | "validate"): Promise<number> {
  const { values, positionals } = parse(args, {
    round: { type: "string" },
    source: { type: "string" },
    "create-sources": { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? "a file to read is required ('-' for standard input)" : `one file at a time (got ${positionals.length})`,
    );
  const file = positionals[0]!;
  const template = values["create-sources"];
  if (template !== undefined && values.source !== undefined && values.source !== template)
    throw new UsageError("--create-sources TEMPLATE is the default source too: give --source only when it is the same template");
  const input: ImportInput = file === "-" ? { stream: io.stdin, fileName: "stdin" } : { path: file };
  const progress = progressBar(io.stderr, !values.json);
  let report: ImportReport;
  try {
    report = await withDb(io, async (db) => {
      const done = await importIlostat(db, input, {
        round: values.round,
        source: template ?? values.source,
        createSources: template !== undefined,
        dryRun: mode === "validate" || values["dry-run"] === true,
        onProgress: (p) => progress.update(p),
        createdBy: "cli",
        // The active region, as the API takes it: the extra indicator ids of its region file are read as their catalogue ones.
        region: io.env.ILMS_REGION ?? "asean",
      });
      // Imports from the command line belong in the audit trail too (actor `system`), like those through the API.
      if (done.status !== "dry-run") {
        const { round, source, fileName, status, rowsRead, rowsWritten, rowsNew, rowsUnchanged, rowsRevised, tables } = done;
        const { newSources, errorCount, findingCount } = done;
        const after = {
          round,
          source,
          fileName,
          status,
          rowsRead,
          rowsWritten,
          rowsNew,
          rowsUnchanged,
          rowsRevised,
          tables,
          newSources,
          errorCount,
          findingCount,
        };
        await recordAudit(db, null, { action: "importObservations", entity: "import", entityId: done.id ?? null, after });
      }
      return done;
    });
  } catch (error) {
    if (error instanceof ImportRequestError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.done();
  }
  if (values.json) println(io.stdout, JSON.stringify(report, null, 2));
  else printReport(io.stdout, report, mode === "validate" ? "Validated" : "Imported");
  return report.status === "rejected" ? EXIT.rejected : EXIT.ok;
}

export const importCommand: Command = {
  name: "import",
  summary: "Import an ILOSTAT bulk CSV or SDMX-CSV file into a collection round",
  usage: `ilms import <file|-> [--round CODE] [--source CODE | --create-sources TEMPLATE] [--dry-run] [--json]

Reads the ILOSTAT bulk CSV layout (header-driven; sex, classif1, classif2, source and note columns are
optional; UTF-8 with or without BOM). Structural errors (unknown indicator or code, a code of the wrong
list, a non-numeric or negative value, a bad year, a duplicate cell, a missing column, a malformed line)
refuse the whole file: every problem is listed with its line, column and value, and nothing is written.
Statistical checks (additivity, coherence across tables) never refuse a file: findings are stored and listed.
SDMX-CSV 1.0 and 2.0 (a DATAFLOW column first, or STRUCTURE,STRUCTURE_ID,ACTION) are recognised by their
header and read through the warehouse's dataflows (ILO:DF_<indicator>(1.0), ILO:DF_ILMS_T01(1.0)...;
labels=both files too), with the same rules; problems name the SDMX column (CDS, TIME_PERIOD).
Indicators: the catalogue's, and the extra ids the active region's file maps (its 'indicators', each
sameAs a catalogue indicator; the region is ILMS_REGION, default asean, as for the API): such a row goes
into its catalogue indicator's table and 'ilms export' gives it back under the file's id.
The load is one transaction: all rows or none, even if the process is killed.

${ROUND_HELP}

${SOURCE_HELP}

  --dry-run   validate, load and check inside a transaction that is rolled back: the full report, nothing kept
  --json      print the report as JSON (for scripts)

Exit codes: 0 loaded, unchanged or valid; 1 file rejected; 2 usage error (bad option, unknown round).`,
  run: (args, io) => runImport(args, io, "import"),
};
