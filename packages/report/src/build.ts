/**
 * Builds the report model of one round from the query engine: key figures, trends, corridors, mirror
 * statistics, composition of employment, data quality and gaps, recommendations and the methods annex.
 * Every read goes through `@ilms/query` with the caller's visibility as of the round; this file computes
 * only what the engine's answers imply (latest years, shares, changes, rankings).
 */
import type { DbHandle } from "@ilms/db";
import { MODULES, TABLES, cellAxes, requireTable } from "@ilms/domain";
import type { CorridorMeasure, IlmsTable } from "@ilms/domain";
import {
  DEFAULT_EXPECTATIONS,
  QueryError,
  corridors,
  expectationsOf,
  findRegion,
  listCodes,
  listRounds,
  listSources,
  listStoredFindings,
  mirror,
  planChecked,
  qualityMap,
  readCells,
  resolveCountries,
} from "@ilms/query";
import type { CellRow, CorridorCell, Expectations, MirrorRow, RoundRecord, Visibility } from "@ilms/query";
import { labeller } from "./labels";
import type { Labeller } from "./labels";
import { formatPercent, messages } from "./messages";
import type { MessageKey, Messages } from "./messages";
import type { ColumnKind, ReportBlock, ReportCell, ReportChart, ReportModel, ReportSection, ReportTable, ReproQuery } from "./model";
import { isChart, isTable } from "./model";

export interface ReportRequest {
  round: string;
  /** A country group (default the active region's, else ASEAN) or one country. */
  region?: string | null;
  /**
   * Id of the active region (`ILMS_REGION`): its branding names the report on its title page, its group is the
   * default `region`, and completeness counts its reporting countries, tables and expected cells.
   */
  activeRegion?: string | null;
  lang?: string | null;
  /** Whether the caller may read unpublished rounds (staff). */
  drafts: boolean;
  /** Called as each section is done. */
  onProgress?: (step: { done: number; total: number; section: string }) => void;
}

/** Most cells one read of the report takes (a whole region's table over all years). */
const MAX_CELLS = 1_000_000;

const SEXES = ["SEX_T", "SEX_M", "SEX_F"] as const;

interface KeyMeasure {
  key: "stock" | "employed" | "outflow" | "employmentOutflow" | "inflow";
  label: MessageKey;
  table: number;
  counterpart: "origin" | "destination";
}

const KEY_MEASURES: readonly KeyMeasure[] = [
  { key: "stock", label: "m_stock", table: 3, counterpart: "origin" },
  { key: "employed", label: "m_employed", table: 4, counterpart: "origin" },
  { key: "outflow", label: "m_outflow", table: 14, counterpart: "destination" },
  { key: "employmentOutflow", label: "m_employmentOutflow", table: 15, counterpart: "destination" },
  { key: "inflow", label: "m_inflow", table: 9, counterpart: "origin" },
];

const OBSERVATIONS_QUERY = `query Report($filter: ObservationFilterInput!, $asOfRound: String) {
  observations(filter: $filter, asOfRound: $asOfRound, first: 1000) {
    nodes { refArea time sex classif1 classif2 obsValue obsStatus source }
  }
}`;
const CORRIDORS_QUERY = `query Report($measure: CorridorMeasure!, $origins: [String!], $destinations: [String!], $yearFrom: Int, $yearTo: Int, $asOfRound: String) {
  corridors(measure: $measure, side: BOTH, origins: $origins, destinations: $destinations, yearFrom: $yearFrom, yearTo: $yearTo, top: 10, asOfRound: $asOfRound) {
    cells { origin destination time value side flags originValue destinationValue }
  }
}`;
const MIRROR_QUERY = `query Report($origin: [String!]!, $destination: [String!]!, $yearFrom: Int, $yearTo: Int, $asOfRound: String) {
  mirror(origin: $origin, destination: $destination, yearFrom: $yearFrom, yearTo: $yearTo, asOfRound: $asOfRound) {
    origin destination time originValue destinationValue ratio asymmetry coverage flags caveat
  }
}`;
const QUALITY_QUERY = `query Report($countries: [String!]!, $yearTo: Int, $asOfRound: String) {
  qualityMap(countries: $countries, yearTo: $yearTo, asOfRound: $asOfRound) {
    refArea table time completeness comparability sourceCodes expectedCells reportedExpectedCells
  }
}`;
const SOURCES_QUERY = `query Report($refArea: [String!]) {
  sources(refArea: $refArea) { code refArea name sourceType migrantBasis comparability comparabilityNote }
}`;
const FINDINGS_QUERY = `query Report($refArea: [String!], $timeTo: Int) {
  checkFindings(refArea: $refArea, timeTo: $timeTo) { check severity table refArea time round }
}`;

/** One value of a member's series: the published total, or the sum of the counterparts it reports. */
interface SeriesPoint {
  value: string;
  summed: boolean;
  status: string | null;
}

type Series = Map<number, SeriesPoint>;

/** Exact sum of decimal texts (scaled integers). */
export function sumDecimalTexts(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split(".")[1] ?? "").length));
  const total = values.reduce((acc, v) => {
    const [i, f = ""] = v.replace("-", "").split(".");
    const n = BigInt(i! + f.padEnd(scale, "0"));
    return acc + (v.startsWith("-") ? -n : n);
  }, 0n);
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const out = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, "");
  return `${negative ? "-" : ""}${out}`;
}

/**
 * Per member and sex, the series of a table's totals over counterparts: a published `TOTAL` cell where there
 * is one, else the sum of the counterparts reported (countries and `X`). One basis and source per member and
 * year: those of the newest round, then the first in code order, so that two sources are never added up.
 */
function totalsBySeries(rows: readonly CellRow[], counterpart: string): Map<string, Series> {
  interface Group {
    total?: CellRow;
    parts: CellRow[];
    round: number;
  }
  // Per member, sex and year, the cells of each basis and source; the newest round's (then the first by code) is used.
  const groups = new Map<string, Map<string, Group>>();
  for (const row of rows) {
    if (row.obs_value === null) continue;
    const key = `${row.ref_area}|${row.sex}|${row.time}`;
    const bySource = groups.get(key) ?? new Map<string, Group>();
    groups.set(key, bySource);
    const basisSource = `${row.basis ?? ""}|${row.source_code}`;
    const g = bySource.get(basisSource) ?? { parts: [], round: 0 };
    bySource.set(basisSource, g);
    g.round = Math.max(g.round, row.round_id);
    if (row[counterpart] === "TOTAL") g.total = row;
    else g.parts.push(row);
  }
  const out = new Map<string, Series>();
  for (const [key, bySource] of groups) {
    const g = [...bySource].sort(([a, x], [b, y]) => y.round - x.round || (a < b ? -1 : 1))[0]![1];
    const [area, sex, time] = key.split("|") as [string, string, string];
    const id = `${area}|${sex}`;
    const series = out.get(id) ?? new Map<number, SeriesPoint>();
    out.set(id, series);
    if (g.total) series.set(Number(time), { value: g.total.obs_value!, summed: false, status: g.total.obs_status });
    else if (g.parts.length > 0) {
      const statuses = [...new Set(g.parts.map((p) => p.obs_status).filter((s): s is string => !!s))];
      series.set(Number(time), {
        value: sumDecimalTexts(g.parts.map((p) => p.obs_value!)),
        summed: true,
        status: statuses.length > 0 ? statuses.join("+") : null,
      });
    }
  }
  return out;
}

const latestYear = (s: Series | undefined) => (s && s.size > 0 ? Math.max(...s.keys()) : null);

/** One report's reads and context; what two sections share (series, mirror rows) is kept here, per report. */
class Builder {
  /** Series per key measure, read once for the key figures and the trends. */
  readonly series = new Map<string, Map<string, Series>>();
  mirrorRows: Promise<MirrorRow[]> | undefined;
  constructor(
    readonly db: DbHandle,
    readonly m: Messages,
    readonly labels: Labeller,
    readonly round: RoundRecord,
    readonly previous: RoundRecord | undefined,
    readonly region: string,
    readonly regionLabel: string,
    readonly members: string[],
    readonly vis: Visibility,
    readonly expectations: Expectations,
  ) {}

  get lang() {
    return this.m.lang;
  }
  get yearTo() {
    return this.round.referenceYear;
  }
  get yearFrom() {
    return this.round.referenceYear - 99;
  }
  area(code: string) {
    return this.labels.get("AREA", code);
  }

  async cells(table: IlmsTable, extra: { sex?: readonly string[] } = {}, vis = this.vis): Promise<CellRow[]> {
    const plan = await planChecked(this.db, {
      table: table.id,
      refArea: this.members,
      sex: extra.sex ? [...extra.sex] : null,
      timeTo: this.yearTo,
    });
    return readCells(this.db, plan, vis, MAX_CELLS);
  }

  observationsQuery(table: number, more: Record<string, unknown> = {}): ReproQuery {
    return {
      graphql: OBSERVATIONS_QUERY,
      variables: { filter: { table, refArea: [this.region], timeTo: this.yearTo, ...more }, asOfRound: this.round.code },
    };
  }
}

/** The name on the title page of a warehouse with no region applied. */
export const DEFAULT_BRAND = "ILMS Warehouse";

/** Builds the model; throws `QueryError` NOT_FOUND for a round the caller may not see. */
export async function buildReport(db: DbHandle, request: ReportRequest): Promise<ReportModel> {
  const m = messages(request.lang ?? "en");
  const rounds = await listRounds(db, request.drafts);
  const round = rounds.find((r) => r.code === request.round);
  if (!round) throw new QueryError("NOT_FOUND", `No round '${request.round}'`, { field: "round" });
  const previous = rounds.filter((r) => r.id < round.id && r.kind === round.kind).sort((a, b) => b.id - a.id)[0];
  const active = request.activeRegion ? await findRegion(db, request.activeRegion) : undefined;
  const expectations = active ? expectationsOf(active.definition) : DEFAULT_EXPECTATIONS;
  const region = request.region ?? expectations.group;
  const countries = await resolveCountries(db, [region], "region");
  const members = countries.all;
  const labels = await labeller(db, m.lang);
  await labels.ensure("AREA", [region, ...members]);
  const b = new Builder(
    db,
    m,
    labels,
    round,
    previous,
    region,
    labels.get("AREA", region),
    members,
    { drafts: request.drafts, asOfRoundId: round.id },
    expectations,
  );
  const steps: [string, () => Promise<ReportSection>][] = [
    ["keyFigures", () => keyFigures(b)],
    ["trends", () => trends(b)],
    ["corridors", () => corridorSection(b)],
    ["mirror", () => mirrorSection(b)],
    ["composition", () => composition(b)],
    ["quality", () => quality(b)],
  ];
  const sections: ReportSection[] = [];
  let done = 0;
  for (const [name, step] of steps) {
    sections.push(await step());
    request.onProgress?.({ done: ++done, total: steps.length + 1, section: name });
  }
  sections.push(methods(b, sections));
  request.onProgress?.({ done: steps.length + 1, total: steps.length + 1, section: "methods" });
  const notices = [m.t("generated", { date: new Date().toISOString().slice(0, 10) }), m.t("unit")];
  if (round.status !== "published" || !round.public) notices.unshift(m.t("draftWarning"));
  if (m.fallback) notices.push(m.t("languageFallback", { lang: m.requested }));
  if (labels.fellBack) notices.push(m.t("fallbackNote"));
  const image = active?.definition.branding.image;
  return {
    round: round.code,
    region,
    brand: active ? (active.definition.branding.names?.[m.lang] ?? active.definition.branding.name) : DEFAULT_BRAND,
    logo: image ? { mediaType: image.mediaType, data: image.data } : null,
    lang: m.lang,
    requestedLang: m.requested,
    title: m.t("title", { round: round.code }),
    subtitle: m.t("subtitle", { region: b.regionLabel }),
    notices,
    draft: !round.public,
    generatedAt: new Date().toISOString(),
    sections,
  };
}

const para = (text: string): ReportBlock => ({ kind: "paragraph", text });

/** A column of a table: the message key of its title ("" for none) and how its cells are written. */
type Column = readonly [title: MessageKey | "", kind: ColumnKind];

/**
 * One section of the report, block by block: paragraphs, sub-headings, tables (columns titled by message keys)
 * and Vega-Lite charts of the data they draw, each table and chart with the query that reproduces it.
 */
class Section {
  readonly blocks: ReportBlock[] = [];
  constructor(
    private readonly m: Messages,
    readonly id: string,
    readonly title: string,
    intro?: string,
  ) {
    if (intro !== undefined) this.para(intro);
  }

  para(text: string): void {
    this.blocks.push(para(text));
  }

  /** A titled group (rendered as a sub-heading) and its blocks. */
  sub(title: string, blocks: readonly ReportBlock[]): void {
    this.blocks.push(para(`## ${title}`), ...blocks);
  }

  /** Adds a table; `rows` may still be filled after. */
  table(id: string, title: string, columns: readonly Column[], rows: ReportCell[][], query: ReproQuery): void {
    const titled = columns.map(([key, kind]) => ({ title: key === "" ? "" : this.m.t(key), kind }));
    this.blocks.push({ kind: "table", id, title, columns: titled, rows, query });
  }

  /** Adds a chart of `data`: `spec` is the Vega-Lite spec but for its schema and data. */
  chart(id: string, title: string, data: ReportChart["data"], spec: Record<string, unknown>, query: ReproQuery): void {
    this.blocks.push({
      kind: "chart",
      id,
      title,
      data,
      spec: { $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { values: data }, ...spec } as never,
      query,
    });
  }

  /** Adds the "no data" paragraph when the section holds no table or chart yet; whether it did. */
  noDataIfEmpty(): boolean {
    if (this.blocks.some((x) => isTable(x) || isChart(x))) return false;
    this.para(this.m.t("noData"));
    return true;
  }

  done(): ReportSection {
    return { id: this.id, title: this.title, blocks: this.blocks };
  }
}

/** Per member and sex, the series of a key measure, as of the report's round (or as of `vis`, uncached). */
async function measureSeries(b: Builder, measure: KeyMeasure, vis?: Visibility): Promise<Map<string, Series>> {
  const hit = vis ? undefined : b.series.get(measure.key);
  if (hit) return hit;
  const table = requireTable(measure.table);
  const column = cellAxes(table).find((a) => a.key === measure.counterpart)!.column;
  // One read for the three sexes (the table is scanned once, not once per sex); the series are keyed by
  // member and sex, so the totals are the same as per sex.
  const series = totalsBySeries(await b.cells(table, { sex: SEXES }, vis ?? b.vis), column);
  if (!vis) b.series.set(measure.key, series);
  return series;
}

async function keyFigures(b: Builder): Promise<ReportSection> {
  const { m } = b;
  const comparison = b.previous ? m.t("comparisonPrevious", { previous: b.previous.code }) : m.t("comparisonYear");
  const s = new Section(m, "key-figures", m.t("keyFigures"), m.t("keyFiguresIntro", { comparison }));
  for (const measure of KEY_MEASURES) {
    const rows: ReportCell[][] = [];
    const title = `${m.t("keyFigures")}: ${m.t(measure.label)}`;
    s.table(`key-figures-${measure.key}`, title, KEY_COLUMNS, rows, b.observationsQuery(measure.table, { sex: ["SEX_T"] }));
    const series = await measureSeries(b, measure);
    const before = b.previous ? await measureSeries(b, measure, { drafts: b.vis.drafts, asOfRoundId: b.previous.id }) : undefined;
    const perMember: { member: string; year: number; point: SeriesPoint; earlier: { year: number; point: SeriesPoint } | null }[] = [];
    for (const member of b.members) {
      const s = series.get(`${member}|SEX_T`);
      const year = latestYear(s);
      if (year === null) continue;
      let earlier: { year: number; point: SeriesPoint } | null = null;
      const other = before ? before.get(`${member}|SEX_T`) : s;
      const candidates = [...(other?.keys() ?? [])].filter((y) => (before ? true : y < year));
      if (candidates.length > 0) {
        const y = Math.max(...candidates);
        earlier = { year: y, point: other!.get(y)! };
      }
      perMember.push({ member, year, point: s!.get(year)!, earlier });
    }
    for (const p of perMember) {
      rows.push([
        b.area(p.member),
        p.year,
        p.point.value,
        p.point.summed ? "Σ" : "",
        p.earlier?.year ?? null,
        p.earlier?.point.value ?? null,
        p.earlier ? change(p.point.value, p.earlier.point.value) : null,
      ]);
    }
    if (perMember.length === 0) {
      rows.push([`${b.regionLabel}: ${m.t("notReported")}`, null, null, "", null, null, null]);
      continue;
    }
    // The region: the members reporting its latest year; a change only when the same members report both years.
    const year = Math.max(...perMember.map((p) => p.year));
    const reporting = perMember.filter((p) => p.year === year);
    const total = sumDecimalTexts(reporting.map((p) => p.point.value));
    const earlierYears = new Set(reporting.map((p) => p.earlier?.year ?? null));
    const sameEarlier = earlierYears.size === 1 && !earlierYears.has(null);
    const earlierTotal = sameEarlier ? sumDecimalTexts(reporting.map((p) => p.earlier!.point.value)) : null;
    rows.push([
      `${m.t("regionRow", { region: b.regionLabel })}: ${m.t("membersReporting", { n: reporting.length, m: b.members.length })}`,
      year,
      total,
      "Σ",
      sameEarlier ? reporting[0]!.earlier!.year : null,
      earlierTotal,
      earlierTotal !== null ? change(total, earlierTotal) : null,
    ]);
  }
  return s.done();
}

/** The columns of a measure's key figures. */
const KEY_COLUMNS: readonly Column[] = [
  ["member", "text"],
  ["year", "int"],
  ["value", "decimal"],
  ["", "text"],
  ["previousYear", "int"],
  ["previousValue", "decimal"],
  ["change", "change"],
];

/** (now - before) / before, or null when before is 0. */
function change(now: string, before: string): number | null {
  const b = Number(before);
  return b === 0 ? null : (Number(now) - b) / b;
}

async function trends(b: Builder): Promise<ReportSection> {
  const { m } = b;
  const s = new Section(m, "trends", m.t("trends"), m.t("trendsIntro"));
  await b.labels.ensure("SEX", SEXES);
  const breaks: string[] = [];
  for (const measure of KEY_MEASURES) {
    const series = await measureSeries(b, measure);
    if (series.size === 0) continue;
    const data: ReportChart["data"] = [];
    for (const [id, s] of [...series].sort(([a], [c]) => (a < c ? -1 : 1))) {
      const [member, sex] = id.split("|") as [string, string];
      for (const [year, p] of [...s].sort(([a], [c]) => a - c)) {
        const isBreak = (p.status ?? "").split("+").includes("B");
        if (isBreak) breaks.push(`${b.area(member)} ${year} (${b.labels.get("SEX", sex)}, ${m.t(measure.label)})`);
        data.push({ member: b.area(member), sex: b.labels.get("SEX", sex), year, value: Number(p.value), break: isBreak });
      }
    }
    const title = m.t("trendChart", { measure: m.t(measure.label) });
    s.chart(
      `trend-${measure.key}`,
      title,
      data,
      {
        facet: { column: { field: "sex", type: "nominal", title: m.t("sex"), sort: SEXES.map((s) => b.labels.get("SEX", s)) } },
        spec: {
          width: 150,
          height: 140,
          layer: [
            {
              mark: { type: "line", strokeWidth: 1.5 },
              encoding: {
                x: { field: "year", type: "quantitative", title: m.t("year"), axis: { format: "d", tickCount: 5 }, scale: { zero: false } },
                y: { field: "value", type: "quantitative", title: m.t("value") },
                color: { field: "member", type: "nominal", title: m.t("member") },
              },
            },
            {
              mark: { type: "point", filled: true, size: 12 },
              encoding: {
                x: { field: "year", type: "quantitative" },
                y: { field: "value", type: "quantitative" },
                color: { field: "member", type: "nominal" },
                description: { field: "value", type: "quantitative", format: ".3~f" },
              },
            },
            {
              transform: [{ filter: "datum.break" }],
              mark: { type: "point", size: 90, strokeWidth: 1.5, color: "black" },
              encoding: { x: { field: "year", type: "quantitative" }, y: { field: "value", type: "quantitative" } },
            },
          ],
        },
      },
      b.observationsQuery(measure.table, { sex: [...SEXES] }),
    );
  }
  if (!s.noDataIfEmpty()) s.para(breaks.length > 0 ? m.t("breaks", { list: breaks.join("; ") }) : m.t("noBreaks"));
  return s.done();
}

const MEASURES: readonly CorridorMeasure[] = ["EMPLOYMENT_FLOW", "STOCK", "FLOW"];

async function corridorSection(b: Builder): Promise<ReportSection> {
  const { m } = b;
  const s = new Section(m, "corridors", m.t("corridors"));
  // Countries outside the region: every country of the area list that is not a member.
  const areaCodes = (await listCodes(b.db, { codelistId: "AREA", limit: 10_000 })).map((c) => c.code);
  const outside = areaCodes.filter((c) => /^[A-Z]{3}$/.test(c) && !b.members.includes(c));
  for (const measure of MEASURES) {
    const name = m.t(`c_${measure}` as MessageKey);
    for (const [scope, destinations] of [
      ["within", [b.region]],
      ["outside", outside],
    ] as const) {
      const matrix = await corridors(
        b.db,
        { measure, side: "BOTH", origins: [b.region], destinations, yearFrom: b.yearFrom, yearTo: b.yearTo, top: 0 },
        b.vis,
      );
      if (matrix.cells.length === 0) continue;
      const year = Math.max(...matrix.cells.map((c) => c.time));
      const byKey = new Map(matrix.cells.map((c) => [`${c.origin} ${c.destination} ${c.time}`, c]));
      const earlierOf = (c: CorridorCell) => {
        const years = matrix.cells
          .filter((x) => x.origin === c.origin && x.destination === c.destination && x.time < year)
          .map((x) => x.time);
        return years.length > 0 ? byKey.get(`${c.origin} ${c.destination} ${Math.max(...years)}`)! : null;
      };
      const top = matrix.cells
        .filter((c) => c.time === year)
        .sort((x, y) => Number(y.value) - Number(x.value) || (x.origin + x.destination < y.origin + y.destination ? -1 : 1))
        .slice(0, 10);
      await b.labels.ensure(
        "AREA",
        top.flatMap((c) => [c.origin, c.destination]),
      );
      if (s.blocks.length === 0) s.para(m.t("corridorsIntro", { year, previous: m.t("corridorPrevious") }));
      const query: ReproQuery = {
        graphql: CORRIDORS_QUERY,
        variables: {
          measure,
          origins: [b.region],
          destinations: [...destinations],
          yearFrom: b.yearFrom,
          yearTo: b.yearTo,
          asOfRound: b.round.code,
        },
      };
      s.table(
        `corridors-${measure.toLowerCase()}-${scope}`,
        m.t(scope === "within" ? "corridorsWithin" : "corridorsOutside", { measure: name, region: b.regionLabel }),
        [
          ["origin", "text"],
          ["destination", "text"],
          ["year", "int"],
          ["value", "decimal"],
          ["reportedBy", "text"],
          ["previousYear", "int"],
          ["previousValue", "decimal"],
          ["change", "change"],
        ],
        top.map((c) => {
          const e = earlierOf(c);
          return [
            b.area(c.origin),
            b.area(c.destination),
            c.time,
            c.value,
            m.t(`side_${c.side}` as MessageKey),
            e?.time ?? null,
            e?.value ?? null,
            e ? change(c.value, e.value) : null,
          ];
        }),
        query,
      );
      if (scope === "within") {
        await b.labels.ensure(
          "AREA",
          matrix.cells.flatMap((c) => [c.origin, c.destination]),
        );
        const cells = matrix.cells.filter((c) => c.time === year);
        const values = cells.map((c) => ({ origin: b.area(c.origin), destination: b.area(c.destination), value: Number(c.value) }));
        s.chart(
          `matrix-${measure.toLowerCase()}`,
          m.t("corridorMatrix", { measure: name, region: b.regionLabel, year }),
          values,
          {
            width: { step: 44 },
            height: { step: 22 },
            encoding: {
              x: { field: "destination", type: "nominal", title: m.t("destination"), axis: { labelAngle: -40 } },
              y: { field: "origin", type: "nominal", title: m.t("origin") },
            },
            layer: [
              {
                mark: "rect",
                encoding: { color: { field: "value", type: "quantitative", title: m.t("value"), scale: { scheme: "blues" } } },
              },
              {
                mark: { type: "text", fontSize: 8 },
                encoding: {
                  text: { field: "value", type: "quantitative", format: ".3~f" },
                  color: {
                    condition: { test: `datum.value > ${Math.max(...values.map((v) => v.value)) / 2}`, value: "white" },
                    value: "black",
                  },
                },
              },
            ],
          },
          query,
        );
      }
    }
  }
  s.noDataIfEmpty();
  return s.done();
}

/** Mirror rows over the region, read once for the mirror section and the recommendations. */
function mirrorOf(b: Builder): Promise<MirrorRow[]> {
  b.mirrorRows ??= mirror(b.db, { origins: [b.region], destinations: [b.region], yearFrom: b.yearFrom, yearTo: b.yearTo }, b.vis);
  return b.mirrorRows;
}

async function mirrorSection(b: Builder): Promise<ReportSection> {
  const { m } = b;
  const rows = await mirrorOf(b);
  const both = rows
    .filter((r) => r.coverage === "BOTH" && r.asymmetry !== null)
    .sort((x, y) => Math.abs(y.asymmetry!) - Math.abs(x.asymmetry!) || x.time - y.time)
    .slice(0, 15);
  await b.labels.ensure(
    "AREA",
    both.flatMap((r) => [r.origin, r.destination]),
  );
  const s = new Section(m, "mirror", m.t("mirror"), m.t("mirrorIntro"));
  if (both.length === 0) s.para(m.t("noData"));
  else
    s.table(
      "mirror",
      m.t("mirror"),
      [
        ["origin", "text"],
        ["destination", "text"],
        ["year", "int"],
        ["table", "text"],
        ["originValue", "decimal"],
        ["destinationValue", "decimal"],
        ["asymmetry", "decimal"],
        ["reasons", "text"],
      ],
      both.map((r) => [
        b.area(r.origin),
        b.area(r.destination),
        r.time,
        `${r.originTable} / ${r.destinationTable}`,
        r.originValue,
        r.destinationValue,
        r.asymmetry!.toFixed(3),
        r.flags.map((f) => m.t(`f_${f}` as MessageKey)).join("; "),
      ]),
      {
        graphql: MIRROR_QUERY,
        variables: { origin: [b.region], destination: [b.region], yearFrom: b.yearFrom, yearTo: b.yearTo, asOfRound: b.round.code },
      },
    );
  const oneSided = rows.filter((r) => r.coverage === "ORIGIN_ONLY" || r.coverage === "DESTINATION_ONLY").length;
  if (oneSided > 0) s.para(m.t("mirrorOneSided", { n: oneSided }));
  return s.done();
}

const MIGRANT = new Set(["CBR_BIR_FOREIGN", "CCT_CIT_NONCIT"]);
const NATIONAL = new Set(["CBR_BIR_NATIVE", "CCT_CIT_CITIZEN"]);

async function composition(b: Builder): Promise<ReportSection> {
  const { m } = b;
  const s = new Section(m, "composition", m.t("composition"), m.t("compositionIntro"));
  for (const [tableId, key] of [
    [5, "economicActivity"],
    [6, "occupation"],
    [7, "statusInEmployment"],
  ] as const) {
    const table = requireTable(tableId);
    const axis = cellAxes(table).find((a) => a.key === key)!;
    const rows = (await b.cells(table)).filter(
      (r) => r.obs_value !== null && (MIGRANT.has(String(r.migrant_status)) || NATIONAL.has(String(r.migrant_status))),
    );
    if (rows.length === 0) continue;
    const codes = [...new Set(rows.map((r) => String(r[axis.column])))];
    const records = await listCodes(b.db, { codelistId: axis.codelist!, limit: 10_000 });
    const family = new Map(records.map((r) => [r.code, r] as const));
    await b.labels.ensure(axis.codelist!, codes);
    const out: ReportCell[][] = [];
    const data: ReportChart["data"] = [];
    for (const member of b.members) {
      const own = rows.filter((r) => r.ref_area === member);
      if (own.length === 0) continue;
      const year = Math.max(...own.map((r) => r.time));
      const inYear = own.filter((r) => r.time === year);
      const sexes = inYear.some((r) => r.sex === "SEX_T") ? ["SEX_T"] : [...new Set(inYear.map((r) => r.sex))].sort();
      for (const sex of sexes) {
        const cells = inYear.filter((r) => r.sex === sex);
        // One family of categories (the one with most codes), totals left out, so no code is counted twice.
        const perFamily = new Map<string, Set<string>>();
        for (const r of cells) {
          const code = String(r[axis.column]);
          const rec = family.get(code);
          if (!rec || rec.level === "total") continue;
          const f = rec.family ?? "";
          perFamily.set(f, (perFamily.get(f) ?? new Set()).add(code));
        }
        const chosen = [...perFamily].sort(([fa, a], [fb, c]) => c.size - a.size || (fa < fb ? -1 : 1))[0];
        if (!chosen) continue;
        const categories = [...chosen[1]].sort((x, y) => family.get(x)!.sortOrder - family.get(y)!.sortOrder || (x < y ? -1 : 1));
        const valueOf = (code: string, group: Set<string>) =>
          cells.find((r) => String(r[axis.column]) === code && group.has(String(r.migrant_status)))?.obs_value ?? null;
        const totalOf = (group: Set<string>) => {
          const vs = categories.map((c) => valueOf(c, group)).filter((v): v is string => v !== null);
          return vs.length > 0 ? Number(sumDecimalTexts(vs)) : 0;
        };
        const tm = totalOf(MIGRANT);
        const tn = totalOf(NATIONAL);
        for (const code of categories) {
          const vm = valueOf(code, MIGRANT);
          const vn = valueOf(code, NATIONAL);
          const sm = vm !== null && tm > 0 ? Number(vm) / tm : null;
          const sn = vn !== null && tn > 0 ? Number(vn) / tn : null;
          const label = b.labels.get(axis.codelist!, code);
          out.push([b.area(member), year, b.labels.get("SEX", sex), label, vm, sm, vn, sn]);
          const who = `${b.area(member)} ${year}, ${b.labels.get("SEX", sex)}`;
          if (sm !== null) data.push({ panel: who, category: label, group: m.t("migrants"), share: Number((sm * 100).toFixed(1)) });
          if (sn !== null) data.push({ panel: who, category: label, group: m.t("nationals"), share: Number((sn * 100).toFixed(1)) });
        }
      }
    }
    if (out.length === 0) continue;
    // A dimension name loaded for the language wins over the report's own words for it.
    const dimension = b.labels.text(
      "dimension",
      key,
      "title",
      table.dimensions.find((d) => d.key === key)!.title,
      m.t(`d_${key}` as MessageKey),
    );
    const query = b.observationsQuery(tableId);
    s.chart(
      `composition-${key}`,
      m.t("compositionChart", { dimension }),
      data,
      {
        facet: { row: { field: "panel", type: "nominal", title: null } },
        spec: {
          width: 260,
          height: { step: 9 },
          mark: "bar",
          encoding: {
            y: { field: "category", type: "nominal", title: null, sort: null },
            yOffset: { field: "group", type: "nominal" },
            x: { field: "share", type: "quantitative", title: "%" },
            color: { field: "group", type: "nominal", title: null },
            description: { field: "share", type: "quantitative", format: ".1f" },
          },
        },
      },
      query,
    );
    s.table(
      `composition-${key}-table`,
      dimension,
      [
        ["member", "text"],
        ["year", "int"],
        ["sex", "text"],
        ["category", "text"],
        ["migrants", "decimal"],
        ["migrantShare", "percent"],
        ["nationals", "decimal"],
        ["nationalShare", "percent"],
      ],
      out,
      query,
    );
  }
  s.noDataIfEmpty();
  return s.done();
}

async function quality(b: Builder): Promise<ReportSection> {
  const { m, lang } = b;
  const cells = await qualityMap(b.db, { countries: [b.region], yearTo: b.yearTo, expectations: b.expectations }, b.vis);
  const latest = new Map<string, (typeof cells)[number]>();
  for (const c of cells) {
    const key = `${c.refArea}|${c.table}`;
    const seen = latest.get(key);
    if (!seen || c.time > seen.time) latest.set(key, c);
  }
  const list = [...latest.values()].sort((x, y) => (x.refArea < y.refArea ? -1 : x.refArea > y.refArea ? 1 : x.table - y.table));
  const cmp = (c: string | null) => m.t(`cmp_${c ?? "unknown"}` as MessageKey);
  const s = new Section(m, "quality", m.t("quality"), m.t("qualityIntro"));
  const qQuery: ReproQuery = { graphql: QUALITY_QUERY, variables: { countries: [b.region], yearTo: b.yearTo, asOfRound: b.round.code } };
  if (list.length > 0) {
    const data = list.map((c) => ({
      member: b.area(c.refArea),
      table: `T${String(c.table).padStart(2, "0")}`,
      completeness: Number((c.completeness * 100).toFixed(1)),
    }));
    s.chart(
      "completeness",
      m.t("completenessChart"),
      data,
      {
        width: { step: 30 },
        height: { step: 20 },
        encoding: {
          x: { field: "table", type: "nominal", title: m.t("table") },
          y: { field: "member", type: "nominal", title: m.t("member") },
        },
        layer: [
          {
            mark: "rect",
            encoding: { color: { field: "completeness", type: "quantitative", title: "%", scale: { domain: [0, 100], scheme: "greens" } } },
          },
          { mark: { type: "text", fontSize: 8 }, encoding: { text: { field: "completeness", type: "quantitative", format: ".1f" } } },
        ],
      },
      qQuery,
    );
    s.table(
      "completeness-table",
      m.t("completeness"),
      [
        ["member", "text"],
        ["table", "int"],
        ["year", "int"],
        ["completeness", "percent"],
        ["comparability", "text"],
        ["sources", "text"],
      ],
      list.map((c) => [b.area(c.refArea), c.table, c.time, c.completeness, cmp(c.comparability), c.sourceCodes.join(", ")]),
      qQuery,
    );
  } else s.para(m.t("noData"));
  const sources = await listSources(b.db, b.vis.drafts, b.members);
  await b.labels.ensure(
    "SOURCE_TYPE",
    sources.flatMap((s) => (s.sourceType ? [s.sourceType] : [])),
  );
  await b.labels.ensure(
    "BASIS",
    sources.flatMap((s) => (s.migrantBasis ? [s.migrantBasis] : [])),
  );
  if (sources.length > 0)
    s.table(
      "sources",
      m.t("sourceList"),
      [
        ["member", "text"],
        ["source", "text"],
        ["sourceType", "text"],
        ["basis", "text"],
        ["comparability", "text"],
      ],
      sources.map((x) => [
        b.area(x.refArea),
        `${x.code}: ${b.labels.text("source", x.code, "name", x.name)}`,
        x.sourceType ? b.labels.get("SOURCE_TYPE", x.sourceType) : "",
        x.migrantBasis ? b.labels.get("BASIS", x.migrantBasis) : "",
        cmp(x.comparability),
      ]),
      { graphql: SOURCES_QUERY, variables: { refArea: [b.region] } },
    );
  // Findings of this round and the earlier ones the report sees.
  const visibleRounds = new Set((await listRounds(b.db, b.vis.drafts)).filter((r) => r.id <= b.round.id).map((r) => r.code));
  const findings = (await listStoredFindings(b.db, b.vis.drafts, { refArea: b.members, timeTo: b.yearTo })).filter((f) =>
    visibleRounds.has(f.round),
  );
  const byKind = new Map<string, number>();
  for (const f of findings) byKind.set(`${f.check}|${f.severity}`, (byKind.get(`${f.check}|${f.severity}`) ?? 0) + 1);
  if (byKind.size === 0) s.para(m.t("noFindings"));
  else
    s.table(
      "findings",
      m.t("findingsByKind"),
      [
        ["check", "text"],
        ["severity", "text"],
        ["count", "int"],
      ],
      [...byKind]
        .sort(([, x], [, y]) => y - x)
        .map(([k, n]) => {
          const [check, severity] = k.split("|") as [string, string];
          const word = (key: string, code: string) => (m.has(key) ? m.t(key) : code);
          return [word(`chk_${check}`, check), word(`sev_${severity}`, severity), n];
        }),
      { graphql: FINDINGS_QUERY, variables: { refArea: [b.region], timeTo: b.yearTo } },
    );

  // Recommendations, derived from the gaps above.
  const items: string[] = [];
  const mirrorRows = await mirrorOf(b);
  for (const member of b.members) {
    const held = new Set(list.filter((c) => c.refArea === member).map((c) => c.table));
    for (const module of Object.keys(MODULES) as (keyof typeof MODULES)[]) {
      const missing = TABLES.filter((t) => t.module === module && !held.has(t.id)).map((t) => t.id);
      if (missing.length > 0)
        items.push(
          m.t("r_missingModule", {
            member: b.area(member),
            module: m.t(`module_${module}` as MessageKey),
            tables: missing.join(", "),
            hint: m.t(`hint_${module}` as MessageKey),
          }),
        );
    }
    for (const c of list.filter((x) => x.refArea === member && x.expectedCells > 0 && x.completeness < 1))
      items.push(
        m.t("r_incomplete", {
          member: b.area(member),
          table: c.table,
          title: b.labels.text("table", c.table, "title", requireTable(c.table).title),
          completeness: formatPercent(c.completeness, lang),
          year: c.time,
          missing: c.expectedCells - c.reportedExpectedCells,
        }),
      );
    for (const s of sources.filter((x) => x.refArea === member && (x.comparability === "partial" || x.comparability === "not_comparable")))
      items.push(
        m.t("r_comparability", {
          member: b.area(member),
          source: s.code,
          comparability: cmp(s.comparability),
          note: s.comparabilityNote ? b.labels.text("source", s.code, "comparabilityNote", s.comparabilityNote) : "–",
        }),
      );
    const oneSided = mirrorRows.filter(
      (r) => (r.coverage === "DESTINATION_ONLY" && r.origin === member) || (r.coverage === "ORIGIN_ONLY" && r.destination === member),
    ).length;
    if (oneSided > 0) items.push(m.t("r_oneSided", { member: b.area(member), n: oneSided }));
  }
  s.para("");
  s.sub(m.t("recommendations"), [
    para(m.t("recommendationsIntro")),
    items.length > 0 ? { kind: "list", items } : para(m.t("noRecommendation")),
  ]);
  return s.done();
}

function methods(b: Builder, sections: readonly ReportSection[]): ReportSection {
  const { m } = b;
  const sources = sections.flatMap((x) => x.blocks).find((x): x is ReportTable => isTable(x) && x.id === "sources");
  const perMember = new Map<string, string[]>();
  for (const row of sources?.rows ?? []) perMember.set(String(row[0]), [...(perMember.get(String(row[0])) ?? []), String(row[1])]);
  const s = new Section(m, "methods", m.t("methods"), m.t("methodsIntro"));
  s.sub(m.t("definitions"), [
    { kind: "list", items: [m.t("def_stock"), m.t("def_employed"), m.t("def_outflow"), m.t("def_inflow"), m.t("def_corridor")] },
  ]);
  s.sub(m.t("sources"), [{ kind: "list", items: [...perMember].map(([member, list]) => `${member}: ${list.join("; ")}`) }]);
  const rows: ReportTable["rows"] = [];
  for (const section of sections)
    for (const block of section.blocks)
      if (isTable(block) || isChart(block))
        rows.push([block.title, `${block.query.graphql}\n# variables: ${JSON.stringify(block.query.variables)}`]);
  s.table(
    "queries",
    m.t("queries"),
    [
      ["item", "text"],
      ["query", "text"],
    ],
    rows,
    { graphql: "", variables: {} },
  );
  return s.done();
}
