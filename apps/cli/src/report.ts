/** Human-readable import reports (the `--json` output is the report object itself). */
import type { ImportReport } from "@ilms/ingest";
import { println } from "./command";

/** How many findings the summary lists; all are stored and `--json` has the first 500. */
const FINDINGS_SHOWN = 20;

export function printReport(out: NodeJS.WritableStream, report: ImportReport, verb: "Imported" | "Validated"): void {
  const file = report.fileName ?? "input";
  const seconds = (report.durationMs / 1000).toFixed(1);
  const round = report.round ? ` (round ${report.round})` : "";
  switch (report.status) {
    case "rejected":
      println(
        out,
        `Rejected ${file}${round}: ${report.errorCount} error${report.errorCount === 1 ? "" : "s"} in ${report.rowsRead} rows; nothing was written.`,
      );
      for (const e of report.errors) {
        const where = e.line > 0 ? `line ${e.line}` : "request";
        println(out, `  ${where}, ${e.column}${e.value !== "" ? ` = ${JSON.stringify(e.value)}` : ""}: ${e.message} [${e.code}]`);
      }
      if (report.errorCount > report.errors.length) println(out, `  ... and ${report.errorCount - report.errors.length} more`);
      return;
    case "unchanged":
      println(out, `Unchanged: every row of ${file} is already in round ${report.round} with the same value; nothing was written.`);
      return;
    case "dry-run":
    case "loaded": {
      const what =
        report.status === "dry-run"
          ? `${verb === "Validated" ? "Validated" : "Dry run of"} ${file}${round}: valid; would write`
          : `${verb} ${file}${round}: wrote`;
      println(
        out,
        `${what} ${report.rowsWritten} of ${report.rowsRead} rows (${report.rowsUnchanged} unchanged, ${report.revisions} revisions) ` +
          `into table${report.tables.length === 1 ? "" : "s"} ${report.tables.join(", ")} in ${seconds} s.`,
      );
      if (report.findingCount > 0) {
        println(
          out,
          `${report.findingCount} check finding${report.findingCount === 1 ? "" : "s"} (${report.status === "loaded" ? "stored; " : ""}values kept as published):`,
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
