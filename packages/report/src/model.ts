/**
 * The report as data: sections of paragraphs, tables and charts, every number read from the query engine
 * (never typed), every table and chart with the GraphQL query that reproduces it. The renderers (HTML, PDF,
 * XLSX) only lay this model out, so the three formats hold the same numbers.
 */
import type { TopLevelSpec } from "vega-lite";

/** How a column's cells are written: text as is, decimals with the language's marks, shares as percentages. */
export type ColumnKind = "text" | "decimal" | "percent" | "change" | "int";

export interface ReportColumn {
  title: string;
  kind: ColumnKind;
}

/** A decimal is kept as the engine's exact text; a percent as a share (0-1). */
export type ReportCell = string | number | null;

/** The query that reproduces a table or chart: GraphQL at `/graphql`, with its variables. */
export interface ReproQuery {
  graphql: string;
  variables: Record<string, unknown>;
}

export interface ReportTable {
  kind: "table";
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  query: ReproQuery;
}

export interface ReportChart {
  kind: "chart";
  id: string;
  title: string;
  spec: TopLevelSpec;
  /** The data values drawn, for checks and the XLSX annex. */
  data: Record<string, string | number | boolean | null>[];
  /** The SVG rendered on the server (set by charts.ts). */
  svg?: string;
  query: ReproQuery;
}

export type ReportBlock = ReportTable | ReportChart | { kind: "paragraph"; text: string } | { kind: "list"; items: string[] };

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportModel {
  round: string;
  region: string;
  /** Name on the title page: the active region's `branding.name` (`ILMS Warehouse` without a region). */
  brand: string;
  /** The active region's logo, when its file names one: media type and base64 bytes. */
  logo: { mediaType: string; data: string } | null;
  /** Language of the words (`en`, `fr`), and the one asked for. */
  lang: string;
  requestedLang: string;
  title: string;
  subtitle: string;
  /** Lines under the title: generation, draft warning, fallback notes. */
  notices: string[];
  draft: boolean;
  generatedAt: string;
  sections: ReportSection[];
}

export const isTable = (b: ReportBlock): b is ReportTable => b.kind === "table";
export const isChart = (b: ReportBlock): b is ReportChart => b.kind === "chart";
