import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { storedImport } from "@ilms/query";
import { ImportRequestError, importIlostat } from "@ilms/ingest";
import type { ImportReport as Report } from "@ilms/ingest";
import { canReadDrafts } from "../../context";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { metrics } from "../../observability/metrics";
import { ImportObservationsInput, ImportReport } from "./import.type";

/**
 * The stored/returned report, with cell dimensions as key/code pairs for GraphQL. Reports stored before
 * problems were grouped and rows counted by kind get the neutral values.
 */
function toGraphQL(stored: Report): ImportReport {
  const report: Report = { ...stored };
  report.rowsRevised ??= report.revisions;
  report.rowsNew ??= Math.max(0, report.rowsWritten - report.revisions);
  report.newSources ??= [];
  report.findingsKnown ??= 0;
  return {
    ...report,
    errors: report.errors.map((e) => ({ ...e, lines: e.lines ?? [e.line], count: e.count ?? 1 })),
    findings: report.findings.map((f) => ({
      ...f,
      cells: f.cells.map((c) => ({ ...c, dimensions: Object.entries(c.dimensions).map(([key, code]) => ({ key, code })) })),
    })),
  };
}

function csvOf(input: ImportObservationsInput): string {
  if (input.csv !== undefined && input.csv !== null) return input.csv;
  if (input.fileBase64) {
    const comma = input.fileBase64.startsWith("data:") ? input.fileBase64.indexOf(",") : -1;
    return Buffer.from(input.fileBase64.slice(comma + 1), "base64").toString("utf8");
  }
  throw new UserError(ErrorCode.BadUserInput, "Give the file as `csv` text or as `fileBase64`");
}

@Resolver(() => ImportReport)
export class ImportResolver {
  @Mutation(() => ImportReport, {
    description:
      "Imports an ILOSTAT bulk CSV file into a collection round, through the same code path as `ilms import`. A file with any structural error is refused whole (status `rejected`, every problem listed, nothing written); statistical findings never refuse it.",
  })
  async importObservations(
    @Arg("input", () => ImportObservationsInput) input: ImportObservationsInput,
    @Ctx() ctx: Context,
  ): Promise<ImportReport> {
    try {
      const report = await importIlostat(
        ctx.db,
        { text: csvOf(input), fileName: input.fileName ?? "upload.csv" },
        {
          round: input.round ?? undefined,
          source: input.source ?? undefined,
          createSources: input.createSources ?? false,
          dryRun: input.dryRun ?? false,
          createdBy: ctx.user?.id,
          // The guard checks the role; the countries are in the file, so an editor's scope is checked row by row.
          allowedCountries: ctx.user && ctx.user.role !== "admin" ? ctx.user.countries : undefined,
          // The active region's extra indicator ids (its region file's `indicators`) are read as their catalogue ones.
          region: ctx.region,
        },
      );
      // A dry run stores nothing: it counts as an import by outcome, not as rows.
      metrics.importFinished(input.dryRun ? "dry-run" : report.status, input.dryRun ? 0 : report.rowsWritten);
      return toGraphQL(report);
    } catch (error) {
      // Workflow: only a draft round takes data; a submitted or validated round is under review.
      if (error instanceof ImportRequestError && error.code === "ROUND_UNDER_REVIEW")
        throw new UserError(ErrorCode.InvalidTransition, error.message);
      if (error instanceof ImportRequestError) throw new UserError(ErrorCode.BadUserInput, error.message, { reason: error.code });
      throw error;
    }
  }

  @Query(() => ImportReport, { nullable: true, description: "The stored report of an import (loaded, rejected or unchanged) by id." })
  async importReport(@Arg("id", () => Int) id: number, @Ctx() ctx: Context): Promise<ImportReport | null> {
    const row = await storedImport<Report>(ctx.db, id);
    if (!row) return null;
    // A report lists values and findings of its round: unpublished and embargoed rounds are for signed-in users only.
    if (!row.public && !canReadDrafts(ctx))
      throw new UserError(ErrorCode.Unauthenticated, "Log in to read the report of an import into an unpublished round");
    return toGraphQL({ ...row.report, id });
  }
}
