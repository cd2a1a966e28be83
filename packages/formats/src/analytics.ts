/**
 * Downloads of the migration analytics — corridors, the mirror matrix and the data-gaps map — as labelled CSV
 * (the main sheet) or XLSX (every sheet, then a notes sheet). The figures come from the query engine with the
 * caller's visibility, never from SQL of their own; countries and tables are written with their labels beside
 * their codes. {@link prepareAnalyticsExport} computes the figures before the first byte, so a front end can
 * still answer an error.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { requireTable } from "@ilms/domain";
import type { CorridorMeasure } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import { QueryError, activeExpectations, corridors, gaps, mirrorMatrix, visibilityAsOf } from "@ilms/query";
import type { CorridorMatrix, CorridorSide, Expectations, GapsMap, MirrorRow } from "@ilms/query";
import { csvField, csvText, sheetText } from "./neutralise";
import { OutputClosed, write } from "./types";

export type AnalyticsKind = "corridors" | "mirror" | "gaps";
export const ANALYTICS_KINDS: readonly AnalyticsKind[] = ["corridors", "mirror", "gaps"];
export type AnalyticsFormat = "csv" | "xlsx";

/** One table of an analytics download: a header and rows; numeric columns are numbers in XLSX. */
export interface Sheet {
  name: string;
  header: string[];
  /** Indexes of the header whose values are numbers. */
  numeric: number[];
  rows: (string | number | null)[][];
}

export interface AnalyticsRequest {
  kind: AnalyticsKind;
  format: AnalyticsFormat;
  measure?: CorridorMeasure | null;
  side?: CorridorSide | null;
  origins?: readonly string[] | null;
  destinations?: readonly string[] | null;
  countries?: readonly string[] | null;
  year?: number | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  sex?: string | null;
  asOfRound?: string | null;
  /** Staff: every round, including unpublished ones; otherwise what the public sees. */
  includeUnpublished?: boolean;
  /** Id of the active region: the gaps map holds its reporting countries to the tables it collects. */
  region?: string | null;
  /** The active region's expectations when the caller holds them already (the API's per-epoch cache). */
  expectations?: (() => Promise<Expectations>) | undefined;
}

export interface PreparedAnalyticsExport {
  format: AnalyticsFormat;
  fileName: string;
  sheets: Sheet[];
  write(out: Writable): Promise<{ rows: number }>;
}

type Label = (code: string) => string;

const num = (v: string | null) => (v === null ? null : Number(v));

export function corridorSheets(m: CorridorMatrix, label: Label): Sheet[] {
  return [
    {
      name: "Corridors",
      header: [
        "origin",
        "origin_label",
        "destination",
        "destination_label",
        "time",
        "value",
        "side",
        "table",
        "source",
        "round",
        "flags",
        "origin_value",
        "destination_value",
      ],
      numeric: [4, 5, 7, 11, 12],
      rows: m.cells.map((c) => [
        c.origin,
        label(c.origin),
        c.destination,
        label(c.destination),
        c.time,
        Number(c.value),
        c.side,
        c.table,
        c.source,
        c.round,
        c.flags.join(" "),
        num(c.originValue),
        num(c.destinationValue),
      ]),
    },
    ...(["rowTotals", "columnTotals"] as const).map((which) => ({
      name: which === "rowTotals" ? "Origin totals" : "Destination totals",
      header: ["country", "country_label", "time", "value", "corridors"],
      numeric: [2, 3, 4],
      rows: m[which].map((t) => [t.country, label(t.country), t.time, Number(t.value), t.cells]),
    })),
  ];
}

export function mirrorSheets(rows: readonly MirrorRow[], label: Label): Sheet[] {
  return [
    {
      name: "Mirror",
      header: [
        "pair",
        "origin",
        "origin_label",
        "destination",
        "destination_label",
        "time",
        "origin_table",
        "destination_table",
        "origin_value",
        "destination_value",
        "ratio_d_o",
        "asymmetry",
        "coverage",
        "flags",
        "origin_source",
        "destination_source",
        "origin_round",
        "destination_round",
        "caveat",
      ],
      numeric: [5, 6, 7, 8, 9, 10, 11],
      rows: rows.map((r) => [
        r.pair,
        r.origin,
        label(r.origin),
        r.destination,
        label(r.destination),
        r.time,
        r.originTable,
        r.destinationTable,
        num(r.originValue),
        num(r.destinationValue),
        r.ratio,
        r.asymmetry,
        r.coverage,
        r.flags.join(" "),
        r.originSource,
        r.destinationSource,
        r.originRound,
        r.destinationRound,
        r.caveat,
      ]),
    },
  ];
}

/** The gaps map as one flat table, one row per gap, for CSV and the first sheet of the XLSX. */
export function gapsSheets(g: GapsMap, label: Label): Sheet[] {
  const rows: Sheet["rows"] = [];
  for (const c of g.countries) {
    const base = [c.country, label(c.country)];
    rows.push([
      ...base,
      "coverage",
      null,
      null,
      `${c.reported} of ${c.expected} table-years reported`,
      c.reported / Math.max(1, c.expected),
    ]);
    for (const t of c.missing)
      rows.push([
        ...base,
        t.reportedYears.length === 0 ? "table absent" : "years missing",
        t.table,
        requireTable(t.table).title,
        t.missingYears.join(" "),
        t.missingYears.length,
      ]);
    for (const s of c.sourcesLackingQuality)
      rows.push([...base, "source lacks quality fields", null, s.source, s.missingFields.join(", "), s.missingFields.length]);
    for (const s of c.comparability) rows.push([...base, `comparability ${s.comparability}`, null, s.source, s.note ?? "", null]);
    for (const b of c.breakClusters)
      rows.push([...base, "breaks cluster", b.table, String(b.time), `${b.breaks} breaks in series`, b.breaks]);
    for (const a of c.asymmetries)
      rows.push([
        ...base,
        "mirror asymmetry",
        a.originTable,
        `${a.origin} -> ${a.destination} ${a.time}`,
        `origin ${a.originValue}, destination ${a.destinationValue}; ${a.flags.join(" ")}`,
        a.asymmetry,
      ]);
  }
  return [{ name: "Gaps", header: ["country", "country_label", "gap", "table", "what", "detail", "measure"], numeric: [3, 6], rows }];
}

async function writeCsv(sheet: Sheet, out: Writable): Promise<number> {
  const numeric = new Set(sheet.numeric);
  await write(out, `\uFEFF${sheet.header.join(",")}\n`);
  for (const row of sheet.rows) {
    await write(
      out,
      row.map((v, i) => (v === null ? "" : numeric.has(i) || typeof v === "number" ? csvField(v) : csvText(v))).join(",") + "\n",
    );
  }
  return sheet.rows.length;
}

async function writeWorkbook(sheets: readonly Sheet[], notes: readonly [string, string][], out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  let n = 0;
  for (const sheet of sheets) {
    if (out.destroyed) throw new OutputClosed();
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
    ws.addRow(sheet.header).commit();
    for (const row of sheet.rows) {
      ws.addRow(row.map((v) => (typeof v === "string" ? sheetText(v) : v))).commit();
      n++;
    }
    ws.commit();
  }
  const info = workbook.addWorksheet("Notes");
  for (const [k, v] of notes) info.addRow([sheetText(k), sheetText(v)]).commit();
  info.commit();
  await workbook.commit();
  return n;
}

/** Computes the figures asked (every error raised here, before any byte) and returns them ready to write. */
export async function prepareAnalyticsExport(db: ReadHandle, q: AnalyticsRequest): Promise<PreparedAnalyticsExport> {
  if (!ANALYTICS_KINDS.includes(q.kind))
    throw new QueryError("BAD_USER_INPUT", `Unknown download '${String(q.kind).slice(0, 40)}': use ${ANALYTICS_KINDS.join(", ")}`);
  if (q.format !== "csv" && q.format !== "xlsx")
    throw new QueryError("BAD_USER_INPUT", `Unknown format '${String(q.format).slice(0, 40)}': use csv or xlsx`, { field: "format" });
  const drafts = q.includeUnpublished === true;
  const vis = await visibilityAsOf(db, drafts, q.asOfRound);
  const labels = await db.query<{ code: string; label: string | null }>(
    "select code, labels->>'en' as label from codes where codelist_id = 'AREA'",
  );
  const byCode = new Map(labels.map((l) => [l.code, l.label ?? l.code]));
  const label: Label = (code) => byCode.get(code) ?? code;
  const years = { year: q.year ?? null, yearFrom: q.yearFrom ?? null, yearTo: q.yearTo ?? null };
  let sheets: Sheet[];
  let what: string;
  if (q.kind === "corridors") {
    if (!q.measure) throw new QueryError("BAD_USER_INPUT", "Give the measure: STOCK, FLOW or EMPLOYMENT_FLOW", { field: "measure" });
    const m = await corridors(
      db,
      { measure: q.measure, side: q.side ?? "DESTINATION", origins: q.origins, destinations: q.destinations, sex: q.sex, ...years },
      vis,
    );
    sheets = corridorSheets(m, label);
    what = `Corridors: ${m.measure}, ${m.side === "BOTH" ? "both reports" : `${m.side.toLowerCase()}'s report`}, tables ${m.originTable} (origin) / ${m.destinationTable} (destination), sex ${m.sex}`;
  } else if (q.kind === "mirror") {
    const m = await mirrorMatrix(db, { measure: q.measure, origins: q.origins, destinations: q.destinations, sex: q.sex, ...years }, vis);
    sheets = mirrorSheets(m.rows, label);
    what = `Mirror matrix ${m.yearFrom}-${m.yearTo}: ratio D/O and asymmetry (D-O)/(D+O) per corridor and year`;
  } else {
    const g = await gaps(
      db,
      { countries: q.countries, ...years, expectations: await (q.expectations?.() ?? activeExpectations(db, q.region)) },
      vis,
    );
    sheets = gapsSheets(g, label);
    what = `Data gaps ${g.yearFrom}-${g.yearTo}, tables ${g.tables.join(" ")}; asymmetries from ${g.thresholds.asymmetryAtLeast}, break clusters from ${g.thresholds.breaksAtLeast}`;
  }
  const notes: [string, string][] = [
    ["ILMS Warehouse export", what],
    ["Generated at", new Date().toISOString()],
    ["Rounds", drafts ? "all rounds, including unpublished (draft and embargoed)" : "published rounds past their release time only"],
    ...(q.asOfRound ? [["As of round", q.asOfRound] as [string, string]] : []),
    ["Values", "Thousands of persons"],
  ];
  const range = q.year != null ? String(q.year) : [q.yearFrom, q.yearTo].filter((y) => y != null).join("-");
  return {
    format: q.format,
    fileName: `ilms-${q.kind}${range ? `-${range}` : ""}.${q.format}`,
    sheets,
    write: async (out) => ({ rows: q.format === "csv" ? await writeCsv(sheets[0]!, out) : await writeWorkbook(sheets, notes, out) }),
  };
}
