/** Checking (dry run) and loading a CSV file, and reading a stored import report again. */
import { invalidateCursors } from "../cursors";
import { graphql } from "../graphql";
import type { ResultOf } from "../graphql";
import { request } from "../transport";

const ImportFields = graphql(`
  fragment ImportFields on ImportReport {
    id
    status
    round
    source
    rowsRead
    rowsWritten
    rowsNew
    rowsRevised
    rowsUnchanged
    revisions
    findingsKnown
    newSources
    tables
    ignoredColumns
    errorCount
    findingCount
    durationMs
    errors {
      line
      lines
      count
      column
      value
      code
      message
    }
    findings {
      check
      severity
      table
      refArea
      time
      sourceCode
      message
      expected
      actual
    }
  }
`);

const ImportObservations = graphql(
  `
    mutation ImportObservations($input: ImportObservationsInput!) {
      importObservations(input: $input) {
        ...ImportFields
      }
    }
  `,
  [ImportFields],
);
const ImportReportQuery = graphql(
  `
    query ImportReport($id: Int!) {
      importReport(id: $id) {
        ...ImportFields
      }
    }
  `,
  [ImportFields],
);

export type ImportReport = ResultOf<typeof ImportFields>;
export type ImportIssue = ImportReport["errors"][number];
export type ImportFinding = ImportReport["findings"][number];

export const importVerbs = {
  /** Checks (dryRun) or loads a CSV file into a round with a default source. */
  async importObservations(args: {
    csv: string;
    fileName?: string;
    round?: string | null;
    source?: string | null;
    dryRun: boolean;
  }): Promise<ImportReport> {
    const input = {
      csv: args.csv,
      fileName: args.fileName ?? null,
      round: args.round || null,
      source: args.source || null,
      dryRun: args.dryRun,
    };
    const report = (await request(ImportObservations, { input })).importObservations;
    if (!args.dryRun) invalidateCursors();
    return report;
  },

  async importReport(id: number): Promise<ImportReport | null> {
    return (await request(ImportReportQuery, { id })).importReport;
  },
};
