/**
 * A region definition file (`regions/<id>.yaml`): which country group a warehouse serves, its members with
 * dated memberships, its reporting countries, the catalogue's tables it collects, its languages, SDMX agency
 * and branding. {@link parseRegion} reads the YAML (or JSON, which is YAML) and checks it against the schema
 * and the catalogue, naming the line, column and field of every problem; it does no I/O (the caller passes
 * the known country codes and whether the logo file exists).
 */
import { LineCounter, isMap, parseDocument } from "yaml";
import type { Node } from "yaml";
import { z } from "zod";
import { TABLE_IDS, getIndicator, getTable } from "./catalogue";

/** A dated membership, resolved to days: a year alone starts on 1 January or ends on 31 December. */
export interface RegionMembership {
  country: string;
  /** First day of membership (ISO date). */
  validFrom: string;
  /** Last day of membership, inclusive (ISO date); null while still a member. */
  validTo: string | null;
  /** `day` when the file gave the date, `year` when it gave only the year (then `note` says why). */
  fromPrecision: "day" | "year";
  toPrecision: "day" | "year" | null;
  note: string | null;
}

export interface RegionDefinition {
  id: string;
  /** Code of the country group the region's members make up (`ASEAN`). */
  group: string;
  /** The ILOSTAT aggregate area of the group, if it has one (`X84`). */
  ilostatCode: string | null;
  /** Names per language; the first language's name is always given. */
  names: Record<string, string>;
  description: string;
  /** Languages of the region; the first is the default. */
  languages: string[];
  sdmxAgency: string;
  /**
   * Name shown by the console and reports; the logo file as the region file names it (relative to the file)
   * and, once applied with the file at hand, its bytes (`image`, stored with the region and served by the API).
   */
  branding: {
    /** The name in the region's default language (the first of `names`). */
    name: string;
    /** The name per language: the file gives one name, or one per language (the console's too, e.g. `fr`). */
    names: Record<string, string>;
    logo: string | null;
    image?: RegionLogo;
  };
  members: RegionMembership[];
  reportingCountries: string[];
  /** Catalogue tables the region collects. */
  tables: number[];
  /** Extra indicator ids the region's files use, each the same as a catalogue indicator. */
  indicators: { id: string; sameAs: string; table: number }[];
  /** Where a table's expected cells differ: per table, per expected axis, the breakdowns held against the data. */
  expectedCells: Record<number, Record<string, string[]>>;
}

/** A logo as stored with its region: served by the API at `/branding/<region>/logo`. */
export interface RegionLogo {
  mediaType: string;
  /** Hex SHA-256 of the bytes: the logo's version (its URL and ETag change with it). */
  sha256: string;
  /** The bytes, base64. */
  data: string;
}

/** Largest logo file a region may name, in bytes. */
export const MAX_LOGO_BYTES = 256 * 1024;

/** Logo files by extension: the image types browsers and PDF writers show. */
export const LOGO_TYPES: Readonly<Record<string, string>> = {
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};

/** The media type of a logo file by its extension, or undefined for a type that is not accepted. */
export function logoMediaType(path: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? LOGO_TYPES[ext] : undefined;
}

/** One problem of a region file, located. */
export interface RegionIssue {
  line: number;
  column: number;
  /** Path of the field: `members[3].to`. */
  field: string;
  message: string;
}

export interface RegionContext {
  /** ISO 3166-1 alpha-3 codes the warehouse knows (the AREA code list). */
  countries: ReadonlySet<string>;
  /** Whether the logo file named by the region file exists (relative to the file). */
  logoExists?: (path: string) => boolean;
  /** Size in bytes of the logo file named by the region file (relative to the file); null when there is none. */
  logoSize?: (path: string) => number | null;
}

export type RegionParse = { ok: true; region: RegionDefinition } | { ok: false; issues: RegionIssue[] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LANG = z.string().regex(/^[a-z]{2,3}$/, "a language code such as en, fr, pt");
const text = z.string().trim().min(1, "must not be empty");
const when = z.union([z.string(), z.number().int()], { error: "a date (YYYY-MM-DD) or a year" });

const FILE = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,29}$/, "lower-case letters, digits and hyphens"),
  group: z.string().regex(/^[A-Z][A-Z0-9_]{1,29}$/, "capitals, digits and underscores"),
  ilostatCode: z
    .string()
    .regex(/^[A-Z0-9]{2,10}$/, "an ILOSTAT area code")
    .nullish(),
  names: z.record(LANG, text),
  description: z.string().optional(),
  languages: z.array(LANG).min(1, "give at least one language (the first is the default)"),
  sdmxAgency: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/, "an SDMX agency id"),
  branding: z.strictObject({
    name: z.union([text, z.record(LANG, text)], { error: "a name, or names per language ({ en: ..., fr: ... })" }),
    logo: z.string().nullish(),
  }),
  members: z
    .array(
      z.strictObject({
        country: z.string(),
        from: when,
        to: when.nullish(),
        note: z.string().nullish(),
      }),
    )
    .min(1, "a region has at least one member"),
  reportingCountries: z.array(z.string()).min(1, "give at least one reporting country"),
  tables: z.union([z.literal("all"), z.array(z.number().int())]),
  indicators: z
    .array(z.strictObject({ id: z.string().regex(/^[A-Z0-9_]+$/, "an ILOSTAT-style indicator id"), sameAs: z.string() }))
    .optional(),
  expectedCells: z.record(z.string(), z.record(z.string(), z.array(z.string()).min(1))).optional(),
});

type Path = readonly (string | number)[];

const fieldName = (path: Path): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");

/** A date of the file: `YYYY-MM-DD` (a real day) or a year; `end` turns a year into its last day. */
function resolveDate(value: string | number, end: boolean): { date: string; precision: "day" | "year" } | string {
  if (typeof value === "number" || /^\d{4}$/.test(value)) {
    const year = Number(value);
    if (year < 1900 || year > 2100) return `year ${year} is out of range (1900-2100)`;
    return { date: end ? `${year}-12-31` : `${year}-01-01`, precision: "year" };
  }
  const m = DATE.exec(value);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !day || day.toISOString().slice(0, 10) !== value) return `'${value}' is not a date (YYYY-MM-DD) or a year`;
  return { date: value, precision: "day" };
}

/**
 * Reads and checks a region file. Every problem is reported (not only the first), each with its line and
 * field; the definition is returned only when there is none.
 */
export function parseRegion(source: string, context: RegionContext): RegionParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: RegionIssue[] = [];
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) issues.push({ ...at(e.pos[0]), field: "", message: e.message.split("\n")[0]! });
    return { ok: false, issues };
  }
  /** The deepest node of `path` that exists: a missing field is reported where its parent is. */
  const locate = (path: Path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
      if (node && node.range) {
        // A map key's line is where its value is; for a key of a map, point at the key itself.
        const parent = n > 0 ? (n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true)) : null;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
          const key = pair?.key as Node | null | undefined;
          if (key?.range) return at(key.range[0]);
        }
        return at(node.range[0]);
      }
    }
    return { line: 1, column: 1 };
  };
  const report = (path: Path, message: string) => issues.push({ ...locate(path), field: fieldName(path), message });

  if (!isMap(doc.contents)) {
    report([], "a region file is a mapping of fields (id, group, names, members, ...)");
    return { ok: false, issues };
  }
  const parsed = FILE.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
      const message = i.code === "unrecognized_keys" ? `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}` : i.message;
      report(i.code === "unrecognized_keys" ? [...path, i.keys[0]!] : path, message);
    }
    return { ok: false, issues: sorted(issues) };
  }
  const file = parsed.data;

  // Languages: unique; the default language names the region.
  const languages = file.languages;
  languages.forEach((l, i) => {
    if (languages.indexOf(l) !== i) report(["languages", i], `language ${l} is listed twice`);
  });
  if (!file.names[languages[0]!]) report(["names"], `a name in the default language (${languages[0]}) is required`);
  // Code lists and groups are named in English first (the warehouse's base language), whatever the region's.
  if (languages[0] !== "en" && !file.names.en) report(["names"], "an English name (en) is required as well: the warehouse's base language");
  for (const lang of Object.keys(file.names))
    if (lang !== "en" && !languages.includes(lang))
      report(["names", lang], `${lang} is not one of the region's languages (${languages.join(", ")})`);

  // Members: known countries, dates in order, a note where only a year is known, no overlapping periods.
  const members: RegionMembership[] = [];
  /** Where each checked membership is in the file. */
  const fileIndex: number[] = [];
  file.members.forEach((m, i) => {
    const country = m.country.trim().toUpperCase();
    if (!context.countries.has(country)) report(["members", i, "country"], `'${m.country}' is not an ISO 3166-1 alpha-3 country code`);
    const from = resolveDate(m.from, false);
    if (typeof from === "string") report(["members", i, "from"], from);
    const to = m.to == null ? null : resolveDate(m.to, true);
    if (typeof to === "string") report(["members", i, "to"], to);
    if (typeof from === "string" || typeof to === "string") return;
    if (to && to.date < from.date) report(["members", i, "to"], `${to.date} is before the start of membership ${from.date}`);
    const note = m.note?.trim() || null;
    if (!note && (from.precision === "year" || to?.precision === "year"))
      report(
        ["members", i, from.precision === "year" ? "from" : "to"],
        "only a year is given: add a note saying what is known of the date",
      );
    fileIndex.push(i);
    members.push({
      country,
      validFrom: from.date,
      validTo: to?.date ?? null,
      fromPrecision: from.precision,
      toPrecision: to?.precision ?? null,
      note,
    });
  });
  members.forEach((m, i) => {
    const earlier = members.findIndex(
      (o, j) =>
        j < i && o.country === m.country && o.validFrom <= (m.validTo ?? "9999-12-31") && (o.validTo ?? "9999-12-31") >= m.validFrom,
    );
    if (earlier >= 0)
      report(
        ["members", fileIndex[i]!, "from"],
        `${m.country} is already a member during part of this period (members[${fileIndex[earlier]}])`,
      );
  });

  // Reporting countries: members of the region at some time.
  const memberCountries = new Set(members.map((m) => m.country));
  file.reportingCountries.forEach((c, i) => {
    const code = c.trim().toUpperCase();
    if (!context.countries.has(code)) report(["reportingCountries", i], `'${c}' is not an ISO 3166-1 alpha-3 country code`);
    else if (!memberCountries.has(code)) report(["reportingCountries", i], `${code} is not among the region's members`);
    if (file.reportingCountries.findIndex((x) => x.trim().toUpperCase() === code) !== i)
      report(["reportingCountries", i], `${code} is listed twice`);
  });

  // Tables and indicators: the catalogue's.
  const listed = file.tables;
  const tables = listed === "all" ? [...TABLE_IDS] : listed;
  if (listed !== "all")
    listed.forEach((id, i) => {
      if (!getTable(id)) report(["tables", i], `table ${id} is not in the catalogue (tables 1-17)`);
      else if (listed.indexOf(id) !== i) report(["tables", i], `table ${id} is listed twice`);
    });
  const indicators: RegionDefinition["indicators"] = [];
  (file.indicators ?? []).forEach((x, i) => {
    const same = getIndicator(x.sameAs);
    if (getIndicator(x.id)) report(["indicators", i, "id"], `${x.id} is already a catalogue indicator`);
    if (!same) report(["indicators", i, "sameAs"], `${x.sameAs} is not a catalogue indicator`);
    else if (!tables.includes(same.table))
      report(["indicators", i, "sameAs"], `${x.sameAs} feeds table ${same.table}, which the region does not collect`);
    else indicators.push({ id: x.id, sameAs: x.sameAs, table: same.table });
  });

  const expectedCells: RegionDefinition["expectedCells"] = {};
  for (const [key, axes] of Object.entries(file.expectedCells ?? {})) {
    const table = /^\d+$/.test(key) ? getTable(Number(key)) : undefined;
    if (!table || !tables.includes(table.id)) {
      report(["expectedCells", key], table ? `table ${key} is not among the region's tables` : `table ${key} is not in the catalogue`);
      continue;
    }
    const out: Record<string, string[]> = {};
    for (const [axisKey, names] of Object.entries(axes)) {
      const axis = table.expected.axes.find((a) => a.key === axisKey);
      if (!axis) {
        const offered = table.expected.axes.map((a) => a.key).join(", ");
        report(["expectedCells", key, axisKey], `table ${table.id} expects no axis ${axisKey} (its axes: ${offered})`);
        continue;
      }
      names.forEach((name, i) => {
        if (!axis.breakdowns.some((b) => b.name === name))
          report(
            ["expectedCells", key, axisKey, i],
            `'${name}' is not a breakdown of ${axisKey} in table ${table.id} (${axis.breakdowns.map((b) => b.name).join(", ")})`,
          );
      });
      out[axisKey] = names;
    }
    expectedCells[table.id] = out;
  }

  const logo = file.branding.logo?.trim() || null;
  if (logo) {
    const size = context.logoSize ? context.logoSize(logo) : context.logoExists ? (context.logoExists(logo) ? 0 : null) : 0;
    if (!logoMediaType(logo))
      report(
        ["branding", "logo"],
        `logo file ${logo} is not an image the console and reports show (${Object.keys(LOGO_TYPES).join(", ")})`,
      );
    else if (size === null) report(["branding", "logo"], `logo file ${logo} does not exist (paths are relative to the region file)`);
    else if (size > MAX_LOGO_BYTES)
      report(["branding", "logo"], `logo file ${logo} is ${Math.ceil(size / 1024)} KB; a logo is at most ${MAX_LOGO_BYTES / 1024} KB`);
  }

  // The branding name: one for every language, or one per language with the default language's among them.
  const given = file.branding.name;
  const brandNames: Record<string, string> =
    typeof given === "string"
      ? { [languages[0]!]: given.trim() }
      : Object.fromEntries(Object.entries(given).map(([l, n]) => [l, n.trim()]));
  if (typeof given !== "string" && !brandNames[languages[0]!])
    report(["branding", "name"], `a name in the default language (${languages[0]}) is required`);

  if (issues.length > 0) return { ok: false, issues: sorted(issues) };
  return {
    ok: true,
    region: {
      id: file.id,
      group: file.group,
      ilostatCode: file.ilostatCode ?? null,
      names: Object.fromEntries([...new Set([...languages, "en"])].filter((l) => file.names[l]).map((l) => [l, file.names[l]!.trim()])),
      description: file.description?.trim() ?? "",
      languages,
      sdmxAgency: file.sdmxAgency,
      branding: { name: brandNames[languages[0]!] ?? Object.values(brandNames)[0]!, names: brandNames, logo },
      members,
      reportingCountries: file.reportingCountries.map((c) => c.trim().toUpperCase()),
      tables,
      indicators,
      expectedCells,
    },
  };
}

function sorted(issues: RegionIssue[]): RegionIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** One line per problem: `asean.yaml:12:7 members[3].to: ...`. */
export function formatRegionIssues(file: string, issues: readonly RegionIssue[]): string[] {
  return issues.map((i) => `${file}:${i.line}:${i.column}${i.field ? ` ${i.field}` : ""}: ${i.message}`);
}
