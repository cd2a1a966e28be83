/**
 * Expected sizes of the API's lists, for the static cost analysis ({@link ./cost.ts}): the catalogue's own
 * (tables, dimensions, indicators) and the real counts of the database's metadata (codes per list, children,
 * countries, groups, rounds, sources, notes), read once at start-up and again after every mutation.
 */
import type { DbHandle } from "@ilms/db";
import { TABLES } from "@ilms/domain";

export interface ListSizes {
  /** Codes per code list. */
  codesPerList: Map<string, number>;
  /** Mean codes per list over all lists (what `codelists { codes }` reads per list). */
  meanCodes: number;
  /** Mean codes per list over the tables' dimensions (what `tables { dimensions { codelist { codes } } }` reads). */
  meanDimensionCodes: number;
  maxCodes: number;
  /** Children of one code: the largest, and the mean per code (what a list of codes reads). */
  maxChildren: number;
  meanChildren: number;
  maxMappings: number;
  meanMappings: number;
  maxLabels: number;
  codelists: number;
  countries: number;
  countryGroups: number;
  maxMembers: number;
  rounds: number;
  sources: number;
  notes: number;
  users: number;
  apiKeys: number;
  tables: number;
  meanDimensions: number;
  maxDimensions: number;
  meanIndicators: number;
  maxIndicators: number;
}

const meanOf = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Sizes the catalogue alone gives (no database): a safe starting point before {@link loadListSizes}. */
export function catalogueSizes(): ListSizes {
  const dims = TABLES.map((t) => t.dimensions.length);
  const indicators = TABLES.map((t) => t.indicators.length);
  return {
    codesPerList: new Map(),
    meanCodes: 100,
    meanDimensionCodes: 100,
    maxCodes: 1000,
    maxChildren: 100,
    meanChildren: 1,
    maxMappings: 10,
    meanMappings: 1,
    maxLabels: 5,
    codelists: 50,
    countries: 250,
    countryGroups: 20,
    maxMembers: 50,
    rounds: 20,
    sources: 100,
    notes: 100,
    users: 20,
    apiKeys: 20,
    tables: TABLES.length,
    meanDimensions: meanOf(dims),
    maxDimensions: Math.max(...dims),
    meanIndicators: meanOf(indicators),
    maxIndicators: Math.max(...indicators),
  };
}

/** Reads the real counts (a handful of small aggregate statements over metadata tables). */
export async function loadListSizes(db: DbHandle): Promise<ListSizes> {
  const base = catalogueSizes();
  const lists = await db.query<{ id: string; n: number }>(
    `select l.id, count(c.code)::int as n from codelists l left join codes c on c.codelist_id = l.id group by l.id`,
  );
  const [children] = await db.query<{ max: number | null; with_parent: number; total: number }>(
    `select (select max(n) from (select count(*)::int as n from codes where parent_code is not null group by codelist_id, parent_code) k) as max,
            (select count(*)::int from codes where parent_code is not null) as with_parent,
            (select count(*)::int from codes) as total`,
  );
  const [mappings] = await db.query<{ max: number | null; total: number }>(
    `select (select max(n) from (select count(*)::int as n from code_mappings group by codelist_id, code) k) as max,
            (select count(*)::int from code_mappings) as total`,
  );
  const [labels] = await db.query<{ max: number | null }>(
    `select max((select count(*) from jsonb_object_keys(case jsonb_typeof(labels) when 'object' then labels else '{}'::jsonb end)))::int as max from codes`,
  );
  const [counts] = await db.query<
    Record<"countries" | "groups" | "members" | "rounds" | "sources" | "notes" | "users" | "keys", number | null>
  >(
    `select (select count(*)::int from codes where codelist_id = 'AREA') as countries,
            (select count(*)::int from country_groups) as groups,
            (select max(n) from (select count(*)::int as n from country_group_members group by group_code) k) as members,
            (select count(*)::int from collection_rounds) as rounds,
            (select count(*)::int from data_sources) as sources,
            (select count(*)::int from notes) as notes,
            (select count(*)::int from users) as users,
            (select count(*)::int from api_keys) as keys`,
  );
  const codesPerList = new Map(lists.map((l) => [l.id, l.n]));
  const dimensionLists = TABLES.flatMap((t) => t.dimensions.map((d) => codesPerList.get(d.codelist) ?? 0));
  const totalCodes = children?.total ?? 0;
  return {
    ...base,
    codesPerList,
    meanCodes: lists.length === 0 ? 0 : totalCodes / lists.length,
    meanDimensionCodes: meanOf(dimensionLists),
    maxCodes: Math.max(0, ...lists.map((l) => l.n)),
    maxChildren: children?.max ?? 0,
    meanChildren: totalCodes === 0 ? 0 : (children?.with_parent ?? 0) / totalCodes,
    maxMappings: mappings?.max ?? 0,
    meanMappings: totalCodes === 0 ? 0 : (mappings?.total ?? 0) / totalCodes,
    maxLabels: Math.max(1, labels?.max ?? 1),
    codelists: lists.length,
    countries: counts?.countries ?? 0,
    countryGroups: counts?.groups ?? 0,
    maxMembers: counts?.members ?? 0,
    rounds: counts?.rounds ?? 0,
    sources: counts?.sources ?? 0,
    notes: counts?.notes ?? 0,
    users: counts?.users ?? 0,
    apiKeys: counts?.keys ?? 0,
  };
}
