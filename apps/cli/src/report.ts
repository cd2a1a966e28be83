/** Human-readable import reports (the `--json` output is the report object itself). */
import type { ImportReport } from "@ilms/ingest";
import { println } from "./command";

/** How many findings the summary lists; all are stored and `--json` has the first 500. */
const FINDINGS_SHOWN = 20;

/** What to do about a problem, in this face's words (the library's messages name no CLI flag). */
const HINTS: Record<string, string> = {
  MISSING_SOURCE: "give a default source with --source 'LFS:{ref_area}' (or a source column in the file)",
  UNKNOWN_SOURCE: "register the source first, or add --create-sources 'TEMPLATE' to register the missing ones with this import",
  SOURCE_AREA_MISMATCH: "use {ref_area} in --source so each country gets its own source",
};

/** `line 5`, or `lines 2, 3, 4, ... (2756 rows)` for a grouped problem. */
function where(e: ImportReport["errors"][number]): string {
  if (e.line <= 0) return "request";
  const lines = e.lines ?? [e.line];
  const count = e.count ?? 1;
  if (count <= 1) return `line ${e.line}`;
  return `lines ${lines.join(", ")}${count > lines.length ? `, ... (${count} rows)` : ""}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function printReport(out: NodeJS.WritableStream, report: ImportReport, verb: "Imported" | "Validated"): void {
  const file = report.fileName ?? "input";
  const seconds = (report.durationMs / 1000).toFixed(1);
  const round = report.round ? ` (round ${report.round})` : "";
  if (report.ignoredColumns.length > 0)
    println(
      out,
      `Ignored ${plural(report.ignoredColumns.length, "column")} that ILOSTAT's layout does not have: ${report.ignoredColumns.join(", ")}.`,
    );
  switch (report.status) {
    case "rejected": {
      println(out, `Rejected ${file}${round}: ${plural(report.errorCount, "error")} in ${report.rowsRead} rows; nothing was written.`);
      for (const e of report.errors)
        println(out, `  ${where(e)}, ${e.column}${e.value !== "" ? ` = ${JSON.stringify(e.value)}` : ""}: ${e.message} [${e.code}]`);
      const listed = report.errors.reduce((n, e) => n + (e.count ?? 1), 0);
      if (report.errorCount > listed) println(out, `  ... and ${report.errorCount - listed} more`);
      const hints = [...new Set(report.errors.map((e) => HINTS[e.code]).filter((h): h is string => !!h))];
      for (const hint of hints) println(out, `Hint: ${hint}.`);
      return;
    }
    case "unchanged":
      println(out, `Unchanged: every row of ${file} is already in round ${report.round} with the same value; nothing was written.`);
      return;
    case "dry-run":
    case "loaded": {
      const what =
        report.status === "dry-run"
          ? `${verb === "Validated" ? "Validated" : "Dry run of"} ${file}${round}: valid; would store`
          : `${verb} ${file}${round}: stored`;
      println(
        out,
        `${what} ${report.rowsWritten} of ${report.rowsRead} rows into table${report.tables.length === 1 ? "" : "s"} ${report.tables.join(", ")} in ${seconds} s: ` +
          `${report.rowsNew} new, ${report.rowsRevised} revised, ${report.rowsUnchanged} unchanged.`,
      );
      if (report.newSources.length > 0)
        println(
          out,
          `${report.status === "loaded" ? "Registered" : "Would register"} ${plural(report.newSources.length, "new source")} (fill in their quality fields): ${report.newSources.join(", ")}.`,
        );
      if (report.findingCount > 0) {
        const known = report.findingsKnown > 0 ? `, ${report.findingsKnown} already known from an earlier import` : "";
        println(
          out,
          `${plural(report.findingCount, "check finding")} (${report.status === "loaded" ? "stored; " : ""}values kept as published${known}):`,
        );
        for (const f of report.findings.slice(0, FINDINGS_SHOWN)) println(out, `  ${f.severity} ${f.check}: ${f.message}`);
        if (report.findingCount > FINDINGS_SHOWN)
          println(out, `  ... and ${report.findingCount - FINDINGS_SHOWN} more (--json lists them)`);
      }
      if (report.id !== undefined) println(out, `Import id ${report.id}.`);
      return;
    }
  }
}
