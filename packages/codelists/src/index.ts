/**
 * The real code lists shipped with the product (see `data/PROVENANCE.md`), turned into rows for the
 * `codelists`, `codes`, `code_mappings` and country-group tables. Hierarchies that the files do not carry
 * (ILOSTAT families, section -> broad sector, ISCO major group -> skill level) are derived here, each rule
 * written once and documented next to its table.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { CodelistId } from "@ilms/domain";

export interface CodeRow {
  codelistId: CodelistId;
  code: string;
  parentCode: string | null;
  family: string | null;
  level: string;
  sortOrder: number;
  labels: Record<string, string>;
  attributes: Record<string, string> | null;
}

export interface MappingRow {
  codelistId: CodelistId;
  code: string;
  targetCodelistId: CodelistId;
  targetCode: string;
  /** `classification`: the same concept in a reference classification; `rollup`: a coarser code it adds into. */
  kind: "classification" | "rollup";
}

export interface GroupRow {
  code: string;
  ilostatCode: string | null;
  labels: Record<string, string>;
  description: string;
  members: { country: string; validFrom: string; validTo: string | null }[];
}

export interface SeedData {
  codes: CodeRow[];
  mappings: MappingRow[];
  groups: GroupRow[];
}

function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(`../data/${name}`, import.meta.url), "utf8");
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

const en = (label: string) => ({ en: label });

/** ILOSTAT labels read "Economic activity (ISIC-Rev.4): A. Agriculture..."; the part after the first ": ". */
function shortLabel(label: string): string {
  const at = label.indexOf(": ");
  return at >= 0 ? label.slice(at + 2) : label;
}

/** ISIC Rev.4 sections grouped into ILOSTAT broad sectors and aggregates (ILO definitions of ECO_SECTOR_* / ECO_AGGREGATE_*). */
const SECTION_TO_SECTOR: Record<string, string> = Object.fromEntries(
  [..."ABCDEFGHIJKLMNOPQRSTUX"].map((s) => [s, s === "A" ? "AGR" : s === "X" ? "X" : s <= "F" ? "IND" : "SER"]),
);
const SECTION_TO_AGGREGATE: Record<string, string> = {
  A: "AGR",
  B: "MEL",
  C: "MAN",
  D: "MEL",
  E: "MEL",
  F: "CON",
  G: "MKT",
  H: "MKT",
  I: "MKT",
  J: "MKT",
  K: "MKT",
  L: "MKT",
  M: "MKT",
  N: "MKT",
  O: "PUB",
  P: "PUB",
  Q: "PUB",
  R: "PUB",
  S: "PUB",
  T: "PUB",
  U: "PUB",
  X: "X",
};
/** ISCO-08 major groups by skill level (ILO: 1-3 high, 4-8 medium, 9 low; armed forces and X not elsewhere classified). */
const MAJOR_TO_SKILL: Record<string, string> = {
  "1": "L3-4",
  "2": "L3-4",
  "3": "L3-4",
  "4": "L2",
  "5": "L2",
  "6": "L2",
  "7": "L2",
  "8": "L2",
  "9": "L1",
  "0": "X",
  X: "X",
};
/** ICSE-93 groups into ILOSTAT aggregates: employees, self-employed, not classifiable. */
const ICSE_TO_AGGREGATE: Record<string, string> = { "1": "EES", "2": "SLF", "3": "SLF", "4": "SLF", "5": "SLF", "6": "X" };
/** Within-family parents where a family is not flat (the others hang under their family's total). */
const FAMILY_PARENTS: Record<string, string> = {
  ECO_SECTOR_IND: "ECO_SECTOR_NAG",
  ECO_SECTOR_SER: "ECO_SECTOR_NAG",
  "AGE_YTHADULT_Y15-24": "AGE_YTHADULT_YGE15",
  AGE_YTHADULT_YGE25: "AGE_YTHADULT_YGE15",
};
/** Codes that overlap their siblings and so sit outside the additive tree. */
const OVERLAPPING = new Set(["ECO_AGGREGATE_MANEL", "AGE_YTHADULT_Y15-64"]);
/** The total of each family, where it is not `<family>_TOTAL`. */
const FAMILY_TOTALS: Record<string, string> = { AGE_YTHBANDS: "AGE_YTHBANDS_Y15-29", AGE_YTHADULT: "AGE_YTHADULT_YGE15" };
const FAMILY_LEVELS: Record<string, string> = {
  ECO_ISIC4: "section",
  EC2_ISIC4: "division",
  ECO_SECTOR: "sector",
  ECO_AGGREGATE: "aggregate",
  OCU_ISCO08: "major",
  OC2_ISCO08: "sub_major",
  OCU_SKILL: "skill_level",
  EDU_ISCED11: "isced_level",
  EDU_AGGREGATE: "aggregate",
  STE_ICSE93: "icse_group",
  STE_AGGREGATE: "aggregate",
  CBR_BIR: "status",
  CCT_CIT: "status",
  SEX: "sex",
};
/** Which warehouse code list an ILOSTAT family belongs to. */
function listOfFamily(family: string): CodelistId | undefined {
  if (family === "SEX") return "SEX";
  if (family.startsWith("AGE_")) return "AGE";
  if (family.startsWith("EDU_")) return "EDU";
  if (family.startsWith("ECO_") || family === "EC2_ISIC4") return "ECO";
  if (family.startsWith("OCU_") || family === "OC2_ISCO08") return "OCU";
  if (family.startsWith("STE_")) return "STE";
  if (family === "CBR_BIR" || family === "CCT_CIT") return "MIG";
  return undefined;
}

function ilostatCodes(rows: Record<string, string>[]): { codes: CodeRow[]; mappings: MappingRow[] } {
  const codes: CodeRow[] = [];
  const mappings: MappingRow[] = [];
  const isicParent = new Map(readCsv("isic4.csv").map((r) => [r.code!, r.parent!]));
  const rollup = (codelistId: CodelistId, code: string, target: string) =>
    mappings.push({ codelistId, code, targetCodelistId: codelistId, targetCode: target, kind: "rollup" });
  const classify = (codelistId: CodelistId, code: string, targetCodelistId: CodelistId, targetCode: string) =>
    mappings.push({ codelistId, code, targetCodelistId, targetCode, kind: "classification" });

  for (const row of rows) {
    const code = row.ilostat_code!;
    const family = row.classif_version!;
    const codelistId = listOfFamily(family);
    if (!codelistId) continue;
    const total = FAMILY_TOTALS[family] ?? (family === "SEX" ? "SEX_T" : `${family}_TOTAL`);
    const item = code.slice(family.length + 1);
    const isTotal = code === total;
    const parentCode = isTotal || OVERLAPPING.has(code) ? null : (FAMILY_PARENTS[code] ?? total);
    const level = isTotal ? "total" : (FAMILY_LEVELS[family] ?? "band");
    codes.push({
      codelistId,
      code,
      parentCode,
      family,
      level,
      sortOrder: Number(row.ddf_sort),
      labels: en(shortLabel(row.label!)),
      attributes: null,
    });
    if (isTotal) continue;
    switch (family) {
      case "EC2_ISIC4":
        if (item !== "X") {
          rollup("ECO", code, `ECO_ISIC4_${isicParent.get(item.slice(1)) ?? item.slice(0, 1)}`);
          classify("ECO", code, "ISIC4", item.slice(1));
        } else rollup("ECO", code, "ECO_ISIC4_X");
        break;
      case "ECO_ISIC4":
        rollup("ECO", code, `ECO_SECTOR_${SECTION_TO_SECTOR[item]}`);
        rollup("ECO", code, `ECO_AGGREGATE_${SECTION_TO_AGGREGATE[item]}`);
        if (item !== "X") classify("ECO", code, "ISIC4", item);
        break;
      case "OC2_ISCO08":
        rollup("OCU", code, item === "X" ? "OCU_ISCO08_X" : `OCU_ISCO08_${item.slice(0, 1)}`);
        if (item !== "X") classify("OCU", code, "ISCO08", item);
        break;
      case "OCU_ISCO08":
        rollup("OCU", code, `OCU_SKILL_${MAJOR_TO_SKILL[item]}`);
        if (item !== "X") classify("OCU", code, "ISCO08", item);
        break;
      case "EDU_ISCED11": {
        const aggregate = ISCED_AGGREGATES.get(item);
        if (aggregate) rollup("EDU", code, `EDU_AGGREGATE_${aggregate.slice(4)}`);
        classify("EDU", code, "ISCED11", item);
        break;
      }
      case "EDU_AGGREGATE":
        classify("EDU", code, "ISCED11", `AGG_${item}`);
        break;
      case "STE_ICSE93":
        rollup("STE", code, `STE_AGGREGATE_${ICSE_TO_AGGREGATE[item]}`);
        classify("STE", code, "ICSE93", item);
        break;
    }
  }
  return { codes, mappings };
}

const ISCED_AGGREGATES = new Map(readCsv("isced11.csv").map((r) => [r.code!, r.parent!]));

function referenceClassification(codelistId: CodelistId, file: string): CodeRow[] {
  return readCsv(file).map((row, i) => ({
    codelistId,
    code: row.code!,
    parentCode: row.parent || null,
    family: null,
    level: row.level ?? "group",
    sortOrder: i + 1,
    labels: en(row.title!),
    attributes: null,
  }));
}

/** Country names in other languages (iso-codes' translations, see PROVENANCE.md); an empty cell is no translation. */
function countryTranslations(): Map<string, Record<string, string>> {
  return new Map(
    readCsv("iso3166-translations.csv").map((r) => {
      const { alpha3, ...names } = r;
      return [alpha3!, Object.fromEntries(Object.entries(names).filter(([, text]) => text.trim() !== ""))];
    }),
  );
}

/** Areas: ISO 3166-1 countries (named in English, French, Spanish, Portuguese), then the ILOSTAT areas that are not ISO codes. */
function areas(): CodeRow[] {
  const iso = readCsv("iso3166.csv");
  const translated = countryTranslations();
  const rows: CodeRow[] = iso.map((r, i) => ({
    codelistId: "AREA",
    code: r.alpha3!,
    parentCode: null,
    family: null,
    level: "country",
    sortOrder: i + 1,
    labels: { ...en(r.name!), ...translated.get(r.alpha3!) },
    attributes: { alpha2: r.alpha2!, numeric: r.numeric! },
  }));
  const known = new Set(rows.map((r) => r.code));
  const special: Record<string, string> = {
    TOTAL: "total",
    X: "other",
    USACAN: "region",
    ASIA: "region",
    XASIA: "region",
    BALTIC: "region",
    CIS: "region",
    EUR: "region",
    AMEN: "region",
    OCE: "region",
  };
  for (const r of readCsv("ilostat-country-breakdowns.csv")) {
    const area = r.area!;
    if (known.has(area)) continue;
    known.add(area);
    rows.push({
      codelistId: "AREA",
      code: area,
      parentCode: null,
      family: null,
      level: special[area] ?? "historical",
      sortOrder: 1000 + Number(r.ddf_sort),
      labels: en(shortLabel(r.label!)),
      attributes: null,
    });
  }
  rows.push({
    codelistId: "AREA",
    code: "X84",
    parentCode: null,
    family: null,
    level: "group",
    sortOrder: 2000,
    labels: en("ASEAN"),
    attributes: null,
  });
  return rows;
}

function ilmsCodes(): CodeRow[] {
  const row = (
    codelistId: CodelistId,
    code: string,
    label: string,
    parentCode: string | null,
    level: string,
    sortOrder: number,
  ): CodeRow => ({
    codelistId,
    code,
    parentCode,
    family: null,
    level,
    sortOrder,
    labels: en(label),
    attributes: null,
  });
  return [
    // Labour market status: working-age population = labour force + outside; labour force = employed + unemployed.
    row("LMS", "XWAP", "Working-age population", null, "population", 1),
    row("LMS", "TEAP", "Labour force", "XWAP", "status", 2),
    row("LMS", "TEMP", "Employed", "TEAP", "status", 3),
    row("LMS", "TUNE", "Unemployed", "TEAP", "status", 4),
    row("LMS", "TEIP", "Outside the labour force", "XWAP", "status", 5),
    row("BASIS", "CBR", "Place of birth", null, "basis", 1),
    row("BASIS", "CCT", "Citizenship", null, "basis", 2),
    // Status flags seen in ILOSTAT data (ILMS.md); administrators add more.
    row("OBS_STATUS", "B", "Break in series", null, "flag", 1),
    row("OBS_STATUS", "U", "Unreliable", null, "flag", 2),
    row("OBS_STATUS", "I", "Imputation", null, "flag", 3),
    row("OBS_STATUS", "M", "Model-based estimate", null, "flag", 4),
    row("OBS_STATUS", "R", "Real value", null, "flag", 5),
    row("OBS_STATUS", "A", "Adjusted", null, "flag", 6),
    row("SOURCE_TYPE", "BA", "Labour force survey", null, "household_survey", 1),
    row("SOURCE_TYPE", "BX", "Other household survey", null, "household_survey", 2),
    row("SOURCE_TYPE", "AA", "Population census", null, "census", 3),
    row("SOURCE_TYPE", "FX", "Administrative records", null, "administrative", 4),
    row("SOURCE_TYPE", "DA", "Official estimates", null, "estimate", 5),
  ];
}

/** ASEAN accession dates; Timor-Leste's admission (October 2025) is as reported, see PROVENANCE.md. */
const ASEAN_ACCESSION: Record<string, string> = {
  IDN: "1967-08-08",
  MYS: "1967-08-08",
  PHL: "1967-08-08",
  SGP: "1967-08-08",
  THA: "1967-08-08",
  BRN: "1984-01-07",
  VNM: "1995-07-28",
  LAO: "1997-07-23",
  MMR: "1997-07-23",
  KHM: "1999-04-30",
};

function groups(): GroupRow[] {
  const members = readCsv("asean.csv").map((r) => ({
    country: r.alpha3!,
    validFrom: ASEAN_ACCESSION[r.alpha3!] ?? "1967-08-08",
    validTo: null,
  }));
  return [
    {
      code: "ASEAN",
      ilostatCode: "X84",
      labels: en("Association of Southeast Asian Nations"),
      description: "ASEAN member states with their accession dates; the ten ILMS reporting countries.",
      members: [...members, { country: "TLS", validFrom: "2025-10-26", validTo: null }],
    },
  ];
}

/** Everything the seed writes, computed from the shipped files. Pure and deterministic. */
export function loadSeedData(): SeedData {
  const ilostat = ilostatCodes(readCsv("ilostat-classif.csv"));
  const codes = [
    ...areas(),
    ...ilostat.codes,
    ...ilmsCodes(),
    ...referenceClassification("ISIC4", "isic4.csv"),
    ...referenceClassification("ISCO08", "isco08.csv"),
    ...referenceClassification("ISCED11", "isced11.csv"),
    ...readCsv("icse93.csv").map((r, i): CodeRow => ({
      codelistId: "ICSE93",
      code: r.code!,
      parentCode: null,
      family: null,
      level: "group",
      sortOrder: i + 1,
      labels: en(r.title!),
      attributes: null,
    })),
  ];
  return { codes, mappings: ilostat.mappings, groups: groups() };
}

/** The ILMS reporting countries (ISO alpha-3), in the order of `asean.csv`. */
export function reportingCountries(): string[] {
  return readCsv("asean.csv").map((r) => r.alpha3!);
}
