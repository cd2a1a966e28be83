/**
 * Exports read through the query engine, never their own SQL: each selected table is planned like any query
 * (`planFilter`), its latest visible cells streamed (`streamCells`) with the caller's visibility (anonymous:
 * published rounds past their embargo; staff with `includeUnpublished`: every round), and handed to a writer.
 * {@link prepareExport} checks everything that can be wrong before the first byte, so a front end can still
 * answer with an error.
 */
import type { Writable } from "node:stream";
import { TABLES } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import {
  QueryError,
  checkFilterCodes,
  codeLabelsIn,
  labelIn,
  listRounds,
  notesByKey,
  planFilter,
  sourcesByCode,
  streamCells,
  textLabelsIn,
  visibilityAsOf,
} from "@ilms/query";
import type { FilterPlan, ObservationFilter, TextFallback } from "@ilms/query";
import { writeIlostatCsv } from "./ilostat-csv";
import { writeLabelledCsv } from "./labelled-csv";
import { writeXlsx } from "./xlsx";
import { EXPORT_FORMATS } from "./types";
import type { ExportCatalogue, ExportFormat, ExportResult, ExportWriter } from "./types";

export const WRITERS: Record<ExportFormat, ExportWriter> = {
  "ilostat-csv": writeIlostatCsv,
  csv: writeLabelledCsv,
  xlsx: writeXlsx,
};

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  "ilostat-csv": "text/csv; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface ExportOptions {
  format: ExportFormat;
  /** One table; with none (and no indicator or filter) every table. */
  table?: number | undefined;
  /** One indicator (narrows to its table). */
  indicator?: string | undefined;
  /** Any observation filter, as GraphQL takes it (its table or indicator, or the ones above). */
  filter?: ObservationFilter | undefined;
  /** Values as they stood when this round was the latest (its own and earlier visible rounds). */
  asOfRound?: string | null | undefined;
  /** Include draft, submitted, validated and embargoed rounds (staff only); otherwise what the public sees. */
  includeUnpublished?: boolean | undefined;
  /** Language of the labels (labelled CSV, XLSX); English by default. Codes without one fall back to English. */
  lang?: string | undefined;
}

export interface PreparedExport {
  format: ExportFormat;
  plans: FilterPlan[];
  /**
   * The language of the labels and, per code list the export uses, how many codes fell back to English; for the
   * XLSX, also the titles of its tables, their indicators and dimensions that did (`texts`: known before the
   * first byte; source names are counted on the notes sheet, once the rows are read).
   */
  language: {
    lang: string;
    fallbacks: { codelist: string; untranslated: number; total: number }[];
    texts: TextFallback[];
  };
  /** Writes the export to `out` (CSV leaves it open, XLSX ends it). */
  write(out: Writable): Promise<ExportResult>;
}

/** The tables the options select, as engine plans (every filter code checked against the code lists). */
async function plansOf(db: ReadHandle, options: ExportOptions): Promise<FilterPlan[]> {
  const { table, indicator, filter } = options;
  let plans: FilterPlan[];
  if (filter || table !== undefined || indicator !== undefined) {
    plans = [planFilter({ ...filter, ...(table !== undefined ? { table } : {}), ...(indicator !== undefined ? { indicator } : {}) })];
  } else {
    plans = TABLES.map((t) => planFilter({ table: t.id }));
  }
  const checked: FilterPlan[] = [];
  for (const plan of plans) checked.push((await checkFilterCodes(db, plan, "filter")).plan);
  return checked;
}

/** Checks the options and what the caller may see; returns the export ready to write. */
export async function prepareExport(db: ReadHandle, options: ExportOptions): Promise<PreparedExport> {
  const format = options.format;
  if (!EXPORT_FORMATS.includes(format))
    throw new QueryError("BAD_USER_INPUT", `Unknown format '${String(format).slice(0, 40)}': use ${EXPORT_FORMATS.join(", ")}`, {
      field: "format",
    });
  const drafts = options.includeUnpublished === true;
  const plans = await plansOf(db, options);
  const vis = await visibilityAsOf(db, drafts, options.asOfRound);
  const lang = options.lang ?? "en";
  // The lists whose labels the download shows: area, sex, status and the dimensions of its tables.
  const lists = [
    ...new Set(["AREA", "SEX", "OBS_STATUS", ...plans.flatMap((p) => p.table.dimensions.flatMap((d) => (d.codelist ? [d.codelist] : [])))]),
  ];
  const labels = format === "ilostat-csv" ? null : await codeLabelsIn(db, lang, lists);
  // Titles and names in the language asked, from the store of free-text labels (the XLSX notes sheet shows them).
  const text = await textLabelsIn(db, format === "xlsx" ? lang : "en");
  if (format === "xlsx")
    for (const plan of plans) {
      text.pick("table", plan.table.id, "title", plan.table.title);
      for (const i of plan.table.indicators) text.pick("indicator", i.id, "title", i.title);
      for (const d of plan.table.dimensions) text.pick("dimension", d.key, "title", d.title);
    }
  return {
    format,
    plans,
    language: { lang, fallbacks: labels?.fallbacks ?? [], texts: text.fallbacks() },
    write: async (out) => {
      const rounds = await listRounds(db, drafts);
      const roundCodes = new Map(rounds.map((r) => [Number(r.id), r.code]));
      const catalogue: ExportCatalogue = {
        label: (list, code) => (code === null ? "" : (labels?.label(list, code) ?? "")),
        roundCode: (id) => roundCodes.get(id) ?? String(id),
        sourceNames: async (codes) => {
          const found = await sourcesByCode(db, codes);
          return new Map(found.filter((s) => s !== undefined).map((s) => [s.code, s.name]));
        },
        noteTexts: async (keys) => {
          const pairs = keys.map((k) => k.split(":")).filter((p) => p.length === 2) as [string, string][];
          const found = await notesByKey(
            db,
            pairs.map(([noteType, noteId]) => ({ noteType, noteId })),
          );
          return new Map(found.filter((n) => n !== undefined).map((n) => [`${n.noteType}:${n.noteId}`, labelIn(n.labels, lang).text]));
        },
        lang,
        text: (kind, subject, field, original) => text.pick(kind, subject, field, original),
        textFallbacks: () => text.fallbacks(),
        codeFallbacks: labels?.fallbacks ?? [],
        scope: drafts ? "all rounds, including unpublished (draft and embargoed)" : "published rounds past their release time only",
        asOfRound: options.asOfRound ?? null,
      };
      const sections = plans.map((plan) => ({ table: plan.table, rows: streamCells(db, plan, vis) }));
      return WRITERS[format]({ sections, catalogue }, out);
    },
  };
}

/** Writes the selected observations to `out` in the chosen format. Does not end `out` for CSV; XLSX ends it. */
export async function exportObservations(db: ReadHandle, options: ExportOptions, out: Writable): Promise<ExportResult> {
  return (await prepareExport(db, options)).write(out);
}

/** A download name: `ilms-t15.csv`, `ilms-all.xlsx`. */
export function exportFileName(format: ExportFormat, plans: readonly FilterPlan[]): string {
  const what = plans.length === 1 ? `t${String(plans[0]!.table.id).padStart(2, "0")}` : "all";
  return `ilms-${what}${format === "xlsx" ? ".xlsx" : ".csv"}`;
}
