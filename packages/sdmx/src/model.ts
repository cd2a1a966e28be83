/**
 * The SDMX structures of the warehouse, derived from the catalogue (`@ilms/domain`) alone: agency `ILO`, one
 * dataflow per ILOSTAT indicator (`DF_<indicator>`, ILOSTAT's key `REF_AREA.FREQ.MEASURE.SEX.<classif1>[.<classif2>]`)
 * and one per ILMS table (`DF_ILMS_T01`...: reporting area, frequency, sex and the table's dimensions), a data
 * structure per flow, the code lists they use and one concept scheme. The codes themselves are data: see
 * `codelists.ts`, which reads them from the database.
 */
import { CODELISTS, DIMENSIONS, INDICATORS, TABLES, encodeIlostatCodes } from "@ilms/domain";
import type { ClassifSlot, CodelistId, DimensionKey, IlmsTable, IndicatorDef } from "@ilms/domain";
import { labelIn, withOriginal } from "@ilms/query";
import type { CellRow, TextLabels } from "@ilms/query";

export const AGENCY = "ILO";
export const VERSION = "1.0";
export const CONCEPT_SCHEME = "CS_ILMS";
/** Data are annual. */
export const FREQ_ANNUAL = "A";

/** Where the codes of an SDMX code list come from. */
export type CodelistSource =
  /** A warehouse code list, as stored (with parents). */
  | { kind: "list"; list: CodelistId }
  /** Area codes behind an ILOSTAT prefix (`CDS_DES_MYS`): ILOSTAT's counterpart breakdowns. */
  | { kind: "prefixed"; prefix: string }
  /** Codes fixed by the catalogue (frequencies, measures). */
  | { kind: "fixed"; codes: readonly { id: string; name: string }[] };

export interface SdmxCodelist {
  id: string;
  name: string;
  source: CodelistSource;
}

export interface SdmxConcept {
  id: string;
  name: string;
  /** Language of `name` when it is not English (a label loaded for the negotiated language). */
  nameLang?: string;
}

export interface SdmxDimension {
  id: string;
  /** 1-based position in the key (TIME_PERIOD comes after the last). */
  position: number;
  codelist: string;
  name: string;
  /** This dimension's code of an engine row. */
  valueOf(row: CellRow): string;
}

export interface SdmxAttribute {
  id: string;
  name: string;
  /** Coded attributes name their list; the others are free text. */
  codelist: string | null;
  valueOf(row: CellRow): string | null;
}

export interface SdmxDataflow {
  id: string;
  /**
   * Agency maintaining the flow and its data structure: `ILO` for the ILOSTAT indicator flows always; for the
   * ILMS table flows the active region's `sdmxAgency` (see {@link dataflowsOf}).
   */
  agency: string;
  /** English name (the data structure's name is built on it). */
  name: string;
  /** The name in the negotiated language, when localised by {@link localiseFlows}; `lang` says which it is in. */
  label?: { text: string; lang: string };
  /** Id of its data structure (`DSD_<flow id without DF_>`). */
  dsd: string;
  /** The data structure's name in the negotiated language, set with {@link SdmxDataflow.label} by {@link localiseFlows}. */
  dsdLabel?: { text: string; lang: string };
  table: IlmsTable;
  /** The indicator of an indicator flow; null for a table flow. */
  indicator: IndicatorDef | null;
  dimensions: readonly SdmxDimension[];
  attributes: readonly SdmxAttribute[];
}

const FREQ_CODES = [{ id: FREQ_ANNUAL, name: "Annual" }] as const;

/** ILOSTAT's measure code of an indicator: the indicator without its breakdowns (`MNA_OEMP_SEX_CDS_NB` -> `MNA_OEMP_NB`). */
export function measureOf(indicator: IndicatorDef): string {
  const [head] = indicator.id.split("_SEX_");
  const unit = indicator.id.slice(indicator.id.lastIndexOf("_") + 1);
  return `${head}_${unit}`;
}

/** The SDMX dimension id of an ILOSTAT classif slot: the prefix family (`CDS`) or the dimension's list (`ECO`). */
function slotId(slot: ClassifSlot): string {
  return slot.prefix ? slot.prefix.slice(0, 3) : DIMENSIONS[slot.dimension].codelist;
}

function slotCodelist(slot: ClassifSlot): string {
  return slot.prefix ? `CL_${slot.prefix}` : `CL_${DIMENSIONS[slot.dimension].codelist}`;
}

/** SDMX id of a table dimension: `economicActivity` -> `ECONOMIC_ACTIVITY`. */
export function dimensionId(key: DimensionKey): string {
  return key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

const UNIT_MULT = (table: IlmsTable) => (/^thousands\b/i.test(table.measure.unit) ? "3" : "0");

function attributesOf(table: IlmsTable): SdmxAttribute[] {
  return [
    // Attributes every observation has first: SDMX-JSON drops trailing attributes that no observation uses.
    { id: "UNIT_MEASURE", name: "Unit of measure", codelist: null, valueOf: () => table.measure.unit },
    { id: "UNIT_MULT", name: "Unit multiplier (power of ten)", codelist: null, valueOf: () => UNIT_MULT(table) },
    { id: "SOURCE", name: "Data source", codelist: null, valueOf: (row) => row.source_code },
    { id: "OBS_STATUS", name: "Observation status", codelist: "CL_OBS_STATUS", valueOf: (row) => row.obs_status },
    // ILOSTAT's three note types, as it carries them: `<note type>:<note id>` joined by `_` (`R1:3513_T2:85`).
    { id: "NOTE_CLASSIF", name: "Notes on the classification", codelist: null, valueOf: (row) => row.note_classif },
    { id: "NOTE_INDICATOR", name: "Notes on the indicator", codelist: null, valueOf: (row) => row.note_indicator },
    { id: "NOTE_SOURCE", name: "Notes on the source", codelist: null, valueOf: (row) => row.note_source },
  ];
}

const REF_AREA: Omit<SdmxDimension, "position"> = {
  id: "REF_AREA",
  codelist: "CL_AREA",
  name: "Reference area",
  valueOf: (row) => row.ref_area,
};
const FREQ: Omit<SdmxDimension, "position"> = { id: "FREQ", codelist: "CL_FREQ", name: "Frequency", valueOf: () => FREQ_ANNUAL };
const SEX: Omit<SdmxDimension, "position"> = { id: "SEX", codelist: "CL_SEX", name: "Sex", valueOf: (row) => row.sex };

const positioned = (dims: Omit<SdmxDimension, "position">[]): SdmxDimension[] => dims.map((d, i) => ({ ...d, position: i + 1 }));

function dimensionValues(table: IlmsTable, row: CellRow): Partial<Record<DimensionKey, string>> {
  const values: Partial<Record<DimensionKey, string>> = {};
  for (const d of table.dimensions) values[d.key] = String(row[d.column]);
  return values;
}

function indicatorFlow(indicator: IndicatorDef): SdmxDataflow {
  const table = TABLES.find((t) => t.id === indicator.table)!;
  const measure = measureOf(indicator);
  const classif = (["classif1", "classif2"] as const).flatMap((column) => {
    const slot = indicator[column];
    if (!slot) return [];
    return [
      {
        id: slotId(slot),
        codelist: slotCodelist(slot),
        name: DIMENSIONS[slot.dimension].title,
        valueOf: (row: CellRow) => encodeIlostatCodes(indicator, dimensionValues(table, row))[column],
      },
    ];
  });
  return {
    id: `DF_${indicator.id}`,
    agency: AGENCY,
    name: indicator.title,
    dsd: `DSD_${indicator.id}`,
    table,
    indicator,
    dimensions: positioned([
      REF_AREA,
      FREQ,
      { id: "MEASURE", codelist: "CL_MEASURE", name: "Measure", valueOf: () => measure },
      SEX,
      ...classif,
    ]),
    attributes: attributesOf(table),
  };
}

function tableFlow(table: IlmsTable): SdmxDataflow {
  const id = `ILMS_T${String(table.id).padStart(2, "0")}`;
  return {
    id: `DF_${id}`,
    agency: AGENCY,
    name: `ILMS table ${table.id}: ${table.title}`,
    dsd: `DSD_${id}`,
    table,
    indicator: null,
    dimensions: positioned([
      REF_AREA,
      FREQ,
      SEX,
      ...table.dimensions.map((d) => ({
        id: dimensionId(d.key),
        codelist: `CL_${d.codelist}`,
        name: d.title,
        valueOf: (row: CellRow) => String(row[d.column]),
      })),
    ]),
    attributes: attributesOf(table),
  };
}

/** Every dataflow: the indicators' in catalogue order, then the tables'. */
export const DATAFLOWS: readonly SdmxDataflow[] = [...INDICATORS.map(indicatorFlow), ...TABLES.map(tableFlow)];

const flowsById = new Map(DATAFLOWS.map((f) => [f.id, f]));

/** A flow by id (`flows`: those of {@link dataflowsOf}; default every flow under `ILO`). */
export function getDataflow(id: string, flows: readonly SdmxDataflow[] = DATAFLOWS): SdmxDataflow | undefined {
  return flows === DATAFLOWS ? flowsById.get(id) : flows.find((f) => f.id === id);
}

const byAgency = new Map<string, readonly SdmxDataflow[]>([[AGENCY, DATAFLOWS]]);

/**
 * Every dataflow with the ILMS table flows (`DF_ILMS_T01..T17`) and their data structures maintained by
 * `agency`, the active region's `sdmxAgency`; the ILOSTAT indicator flows (`DF_<indicator>`) stay `ILO`, as do
 * the code lists and the concept scheme, so that scripts written against ILOSTAT keep working.
 */
export function dataflowsOf(agency: string | null | undefined): readonly SdmxDataflow[] {
  const key = agency || AGENCY;
  let flows = byAgency.get(key);
  if (!flows) {
    flows = DATAFLOWS.map((f) => (f.indicator ? f : { ...f, agency: key }));
    byAgency.set(key, flows);
  }
  return flows;
}

/** The code lists the flows use, each once, in a stable order. */
export const CODELISTS_SDMX: readonly SdmxCodelist[] = (() => {
  const lists = new Map<string, SdmxCodelist>();
  const title = (list: string) => CODELISTS.find((c) => c.id === list)?.title ?? list;
  const add = (list: SdmxCodelist) => {
    if (!lists.has(list.id)) lists.set(list.id, list);
  };
  add({ id: "CL_AREA", name: title("AREA"), source: { kind: "list", list: "AREA" } });
  add({ id: "CL_FREQ", name: "Frequency", source: { kind: "fixed", codes: FREQ_CODES } });
  add({ id: "CL_SEX", name: title("SEX"), source: { kind: "list", list: "SEX" } });
  add({ id: "CL_OBS_STATUS", name: title("OBS_STATUS"), source: { kind: "list", list: "OBS_STATUS" } });
  add({
    id: "CL_MEASURE",
    name: "Measure",
    source: {
      kind: "fixed",
      codes: [...new Map(INDICATORS.map((i) => [measureOf(i), { id: measureOf(i), name: i.title.split(" by ")[0]! }])).values()],
    },
  });
  for (const flow of DATAFLOWS) {
    for (const d of flow.dimensions) {
      if (lists.has(d.codelist)) continue;
      const bare = d.codelist.slice(3);
      const prefixed = flow.indicator && [flow.indicator.classif1, flow.indicator.classif2].find((s) => s?.prefix === bare);
      if (prefixed) add({ id: d.codelist, name: `${d.name} (${bare})`, source: { kind: "prefixed", prefix: bare } });
      else add({ id: d.codelist, name: title(bare), source: { kind: "list", list: bare as CodelistId } });
    }
  }
  return [...lists.values()];
})();

const codelistsById = new Map(CODELISTS_SDMX.map((c) => [c.id, c]));

export function getCodelist(id: string): SdmxCodelist | undefined {
  return codelistsById.get(id);
}

/** The concepts of every flow's components, once each. */
export const CONCEPTS: readonly SdmxConcept[] = (() => {
  const concepts = new Map<string, SdmxConcept>();
  for (const flow of DATAFLOWS) {
    for (const d of flow.dimensions) if (!concepts.has(d.id)) concepts.set(d.id, { id: d.id, name: d.name });
  }
  concepts.set("TIME_PERIOD", { id: "TIME_PERIOD", name: "Time period" });
  concepts.set("OBS_VALUE", { id: "OBS_VALUE", name: "Observation value" });
  for (const a of DATAFLOWS[0]!.attributes) concepts.set(a.id, { id: a.id, name: a.name });
  return [...concepts.values()];
})();

/** The flow's key as ILOSTAT writes it: `REF_AREA.FREQ.MEASURE.SEX.CDS`. */
export function keyTemplate(flow: SdmxDataflow): string {
  return flow.dimensions.map((d) => d.id).join(".");
}

/** The English name of a flow's data structure. */
export function dsdNameOf(flow: SdmxDataflow): string {
  return `Data structure of ${flow.name}`;
}

/**
 * How a data structure is named after its flow in a language other than English (the product's own words, as
 * the report's message catalogues are); a language without one names it as its flow.
 */
const DSD_NAME: Readonly<Record<string, (flow: string) => string>> = {
  fr: (flow) => `Structure de données de ${flow}`,
  es: (flow) => `Estructura de datos de ${flow}`,
  pt: (flow) => `Estrutura de dados de ${flow}`,
};

/**
 * The flows with their names in `lang`: a table flow is named after its table's title where one is loaded
 * for `lang` (`ILMS T05: <title>`, `label.lang` = `lang`), an indicator flow after its indicator's title
 * (kind `indicator`), else each keeps its English name (`label.lang` = `en`, the fallback, so `xml:lang` says
 * so). Data structures are named after their flows (`dsdLabel`), falling back with them.
 */
export function localiseFlows(flows: readonly SdmxDataflow[], text: TextLabels | null, lang: string): SdmxDataflow[] {
  if (!text || lang === "en") return [...flows];
  return flows.map((f) => {
    const choice = f.indicator
      ? labelIn(withOriginal(f.indicator.title, text.of("indicator", f.indicator.id, "title")), lang)
      : labelIn(withOriginal(f.table.title, text.of("table", f.table.id, "title")), lang);
    if (choice.fallback) return { ...f, label: { text: f.name, lang: choice.lang }, dsdLabel: { text: dsdNameOf(f), lang: choice.lang } };
    const name = f.indicator ? choice.text : `ILMS T${String(f.table.id).padStart(2, "0")}: ${choice.text}`;
    return { ...f, label: { text: name, lang: choice.lang }, dsdLabel: { text: (DSD_NAME[lang] ?? ((n) => n))(name), lang: choice.lang } };
  });
}

const dimensionKeyById = new Map(Object.values(DIMENSIONS).map((d) => [dimensionId(d.key), d.key] as const));

/** The concepts with the names of dimensions in `lang` where loaded (the rest in English, `nameLang` unset). */
export function localiseConcepts(concepts: readonly SdmxConcept[], text: TextLabels | null, lang: string): SdmxConcept[] {
  if (!text || lang === "en") return [...concepts];
  return concepts.map((c) => {
    const key = dimensionKeyById.get(c.id);
    if (!key) return c;
    const choice = labelIn(withOriginal(c.name, text.of("dimension", key, "title")), lang);
    return choice.fallback ? c : { ...c, name: choice.text, nameLang: choice.lang };
  });
}
