/**
 * Regions as applied (`regions` table, written by `@ilms/governance/regions`): what the active region's
 * languages, reporting countries and branding are, for every face.
 */
import type { ReadHandle } from "@ilms/db";
import { TABLES } from "@ilms/domain";
import type { IlmsTable } from "@ilms/domain";
import type { RegionDefinition } from "@ilms/domain/region";
import { resolveCountries } from "./corridors";
import type { CountrySet } from "./corridors";
import { QueryError } from "./errors";

export interface RegionRecord {
  id: string;
  groupCode: string;
  definition: RegionDefinition;
  updatedAt: string;
}

const COLUMNS = `id, group_code as "groupCode", definition, updated_at::text as "updatedAt"`;

export function listRegions(h: Pick<ReadHandle, "query">): Promise<RegionRecord[]> {
  return h.query<RegionRecord>(`select ${COLUMNS} from regions order by id`);
}

export async function findRegion(h: Pick<ReadHandle, "query">, id: string): Promise<RegionRecord | undefined> {
  const [row] = await h.query<RegionRecord>(`select ${COLUMNS} from regions where id = $1`, [id]);
  return row;
}

/** The region `id` (the active one, `ILMS_REGION`); an unknown id is an error naming the regions there are. */
export async function requireRegion(h: Pick<ReadHandle, "query">, id: string): Promise<RegionRecord> {
  const found = await findRegion(h, id);
  if (found) return found;
  const known = (await listRegions(h)).map((r) => r.id);
  throw new QueryError(
    "NOT_FOUND",
    `Region ${id} is not applied (${known.length ? `applied: ${known.join(", ")}` : "none applied"}; ilms region apply regions/${id}.yaml)`,
    {
      field: "region",
    },
  );
}

/**
 * What the active region holds its members to: the reporting countries of its group (the other members are
 * not expected to report), the catalogue tables it collects, and, per table, the expected-cell breakdowns
 * where its file narrows them. Completeness (`qualityMap`) and the data-gaps map read it.
 */
export interface Expectations {
  /** Code of the region's country group (and its ILOSTAT aggregate code, when it has one). */
  group: string;
  groupAliases: readonly string[];
  /** Members of the group that report; null: every member. */
  reportingCountries: readonly string[] | null;
  tables: readonly number[];
  /** Per table, per expected axis, the breakdowns held against the data (the others are not expected). */
  expectedCells: Readonly<Record<number, Readonly<Record<string, readonly string[]>>>>;
}

/** Today's expectations of a warehouse with no region applied: every ASEAN member, every table, the catalogue's cells. */
export const DEFAULT_EXPECTATIONS: Expectations = {
  group: "ASEAN",
  groupAliases: [],
  reportingCountries: null,
  tables: TABLES.map((t) => t.id),
  expectedCells: {},
};

export function expectationsOf(definition: RegionDefinition): Expectations {
  return {
    group: definition.group,
    groupAliases: definition.ilostatCode ? [definition.ilostatCode] : [],
    reportingCountries: definition.reportingCountries,
    tables: definition.tables,
    expectedCells: definition.expectedCells,
  };
}

/** The expectations of region `id` (the active one); {@link DEFAULT_EXPECTATIONS} when it is not applied. */
export async function activeExpectations(h: Pick<ReadHandle, "query">, id: string | null | undefined): Promise<Expectations> {
  const found = id ? await findRegion(h, id) : undefined;
  return found ? expectationsOf(found.definition) : DEFAULT_EXPECTATIONS;
}

/** A table with its expected cells narrowed to the breakdowns `expectations` name for it. */
export function expectedTable(table: IlmsTable, expectations: Pick<Expectations, "expectedCells"> | null | undefined): IlmsTable {
  const narrowed = expectations?.expectedCells[table.id];
  if (!narrowed) return table;
  return {
    ...table,
    expected: {
      ...table.expected,
      axes: table.expected.axes.map((axis) => {
        const names = narrowed[axis.key];
        return names ? { ...axis, breakdowns: axis.breakdowns.filter((b) => names.includes(b.name)) } : axis;
      }),
    },
  };
}

/**
 * The countries asked, where the active region's group counts only its reporting countries (in the years they
 * were members); a country asked by name, or through another group, counts as asked.
 */
export async function expectedCountries(db: ReadHandle, asked: readonly string[], expectations: Expectations): Promise<CountrySet> {
  const own = new Set([expectations.group, ...expectations.groupAliases]);
  const reporting = expectations.reportingCountries ? new Set(expectations.reportingCountries) : null;
  if (!reporting || !asked.some((c) => own.has(c))) return resolveCountries(db, asked, "countries");
  const others = asked.filter((c) => !own.has(c));
  const region = await resolveCountries(db, [expectations.group], "countries");
  const rest = others.length > 0 ? await resolveCountries(db, others, "countries") : null;
  const fromRegion = region.all.filter((c) => reporting.has(c));
  return {
    all: [...new Set([...fromRegion, ...(rest?.all ?? [])])].sort(),
    has: (country, year) => (reporting.has(country) && region.has(country, year)) || (rest?.has(country, year) ?? false),
  };
}
