/**
 * `@ilms/report`: the analytical report of a round, generated from the query engine in HTML (self-contained),
 * PDF (no browser) and XLSX, in the languages of the message catalogues. Faces call {@link generateReport}.
 */
import type { DbHandle } from "@ilms/db";
import { buildReport } from "./build";
import type { ReportRequest } from "./build";
import { renderCharts } from "./charts";
import { renderHtml } from "./html";
import { renderPdf } from "./pdf";
import { renderXlsx } from "./xlsx";
import type { ReportModel } from "./model";

export { buildReport, sumDecimalTexts } from "./build";
export type { ReportRequest } from "./build";
export { renderSvg, renderCharts } from "./charts";
export { renderHtml } from "./html";
export { renderPdf } from "./pdf";
export { renderXlsx } from "./xlsx";
export { REPORT_LANGUAGES, formatDecimal, formatPercent, messages } from "./messages";
export { FALLBACK_MARK } from "./labels";
export type * from "./model";

export const REPORT_FORMATS = ["html", "pdf", "xlsx"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function isReportFormat(format: string): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

export interface GeneratedReport {
  model: ReportModel;
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** Builds the model, renders its charts and writes it in `format`. */
export async function generateReport(db: DbHandle, request: ReportRequest, format: ReportFormat): Promise<GeneratedReport> {
  const model = await buildReport(db, request);
  if (format !== "xlsx") await renderCharts(model);
  const bytes =
    format === "html" ? Buffer.from(renderHtml(model), "utf8") : format === "pdf" ? await renderPdf(model) : await renderXlsx(model);
  const fileName = `ilms-report-${model.round}-${model.region}-${model.lang}.${format}`.replace(/[^\w.-]+/g, "_");
  return { model, bytes, contentType: REPORT_CONTENT_TYPES[format], fileName };
}
