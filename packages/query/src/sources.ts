/**
 * Reads of the metadata around observations: collection rounds (with visibility), data sources with their
 * quality fields, and note texts. Batched: every function takes many keys for request-scoped loaders.
 */
import { TABLES, factTableName } from "@ilms/domain";
import type { ReadHandle } from "@ilms/db";
import type { dataSources } from "@ilms/db/schema";
import { QueryError } from "./errors";
import { publicRoundSql } from "./visibility";
import { PUBLIC, Params, visibleRoundsSql } from "./sql";
import type { Visibility } from "./sql";

export interface RoundRecord {
  id: number;
  code: string;
  title: string;
  referenceYear: number;
  kind: string;
  revisesRoundId: number | null;
  status: string;
  opensOn: string | null;
  closesOn: string | null;
  releaseAt: string | null;
  publishedAt: string | null;
  /** Whether anonymous callers see it now (published and past its embargo). */
  public: boolean;
}

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const ROUND_COLUMNS = `id, code, title, reference_year as "referenceYear", kind, revises_round_id as "revisesRoundId", status,
  opens_on::text as "opensOn", closes_on::text as "closesOn", ${iso("release_at")} as "releaseAt", ${iso("published_at")} as "publishedAt",
  ${publicRoundSql()} as public`;

/** Rounds the caller may see, newest first. */
export function listRounds(db: ReadHandle, drafts: boolean): Promise<RoundRecord[]> {
  return db.query<RoundRecord>(`select ${ROUND_COLUMNS} from collection_rounds where $1::boolean or ${publicRoundSql()} order by id desc`, [
    drafts,
  ]);
}

export async function roundsById(db: ReadHandle, ids: readonly number[]): Promise<(RoundRecord | undefined)[]> {
  const rows = await db.query<RoundRecord>(`select ${ROUND_COLUMNS} from collection_rounds where id = any($1::int[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

/**
 * The visibility of a read `asOfRound` (a round code): the round must exist and be visible to the caller;
 * an invisible round is reported as unknown so that its existence does not leak.
 */
export async function visibilityAsOf(db: ReadHandle, drafts: boolean, asOfRound: string | null | undefined): Promise<Visibility> {
  if (!asOfRound) return { drafts, asOfRoundId: null };
  const [row] = await db.query<{ id: number; public: boolean }>(
    `select id, ${publicRoundSql()} as public from collection_rounds where code = $1`,
    [asOfRound],
  );
  if (!row || (!drafts && !row.public)) throw new QueryError("NOT_FOUND", `No published round '${asOfRound}'`, { field: "asOfRound" });
  return { drafts, asOfRoundId: row.id };
}

/** A data source as read here: the drizzle row, without the constant list columns, timestamps as ISO text. */
export type SourceRecord = Omit<
  typeof dataSources.$inferSelect,
  "areaList" | "sourceTypeList" | "basisList" | "createdAt" | "updatedAt"
> & {
  createdAt: string;
  updatedAt: string;
};

const SOURCE_COLUMNS = `code, ref_area as "refArea", name, source_type as "sourceType", agency, geographic_coverage as "geographicCoverage",
  population_coverage as "populationCoverage", age_floor as "ageFloor", irregular_migrants_covered as "irregularMigrantsCovered",
  migrant_basis as "migrantBasis", reference_period as "referencePeriod", periodicity, sample_size as "sampleSize",
  coefficient_of_variation::text as "coefficientOfVariation", comparability, comparability_note as "comparabilityNote",
  known_gaps as "knownGaps", series_breaks as "seriesBreaks", notes, ${iso("created_at")} as "createdAt", ${iso("updated_at")} as "updatedAt"`;

/**
 * SQL predicate on `data_sources` (aliased `alias`): whether the caller may know of the source. Staff
 * (`drafts`) see every source; anonymous callers only sources with a value in a public round, so that a source
 * registered for data still in draft or under embargo does not reveal that data exists. A source's values all
 * lie in its own country (the importer checks it), which lets each probe use the cell index from `ref_area`.
 */
export function sourceVisibleSql(drafts: boolean, alias = "data_sources"): string {
  if (drafts) return "true";
  const rounds = `array(${visibleRoundsSql(PUBLIC, new Params())})`;
  const probes = TABLES.map(
    (t) =>
      `exists (select 1 from ${factTableName(t)} f where f.ref_area = ${alias}.ref_area and f.source_code = ${alias}.code and f.round_id = any(${rounds}))`,
  );
  return `(${probes.join(" or ")})`;
}

export function listSources(db: ReadHandle, drafts: boolean, refAreas?: readonly string[] | null): Promise<SourceRecord[]> {
  return db.query<SourceRecord>(
    `select ${SOURCE_COLUMNS} from data_sources where ($1::text[] is null or ref_area = any($1::text[])) and ${sourceVisibleSql(drafts)} order by ref_area, code`,
    [refAreas && refAreas.length > 0 ? refAreas : null],
  );
}

/** One source by code, if the caller may know of it (`drafts`: staff; see {@link sourceVisibleSql}). */
export async function visibleSource(db: ReadHandle, code: string, drafts: boolean): Promise<SourceRecord | undefined> {
  const [row] = await db.query<SourceRecord>(`select ${SOURCE_COLUMNS} from data_sources where code = $1 and ${sourceVisibleSql(drafts)}`, [
    code,
  ]);
  return row;
}

export async function sourcesByCode(db: ReadHandle, codes: readonly string[]): Promise<(SourceRecord | undefined)[]> {
  const rows = await db.query<SourceRecord>(`select ${SOURCE_COLUMNS} from data_sources where code = any($1::text[])`, [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((c) => byCode.get(c));
}

export interface NoteRecord {
  noteType: string;
  noteId: string;
  labels: Record<string, string>;
}

/** `R1:3513_T2:85` -> note keys. */
export function parseNoteRefs(value: string | null | undefined): { noteType: string; noteId: string }[] {
  if (!value) return [];
  return value
    .split("_")
    .map((part) => part.split(":"))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== "" && pair[1] !== "")
    .map(([noteType, noteId]) => ({ noteType, noteId }));
}

export async function notesByKey(
  db: ReadHandle,
  keys: readonly { noteType: string; noteId: string }[],
): Promise<(NoteRecord | undefined)[]> {
  const rows = await db.query<NoteRecord>(
    `select note_type as "noteType", note_id as "noteId", labels from notes where (note_type, note_id) in (select * from unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k.noteType), keys.map((k) => k.noteId)],
  );
  const byKey = new Map(rows.map((r) => [`${r.noteType}:${r.noteId}`, r]));
  return keys.map((k) => byKey.get(`${k.noteType}:${k.noteId}`));
}

export function listNotes(db: ReadHandle, noteType?: string | null): Promise<NoteRecord[]> {
  return db.query<NoteRecord>(
    `select note_type as "noteType", note_id as "noteId", labels from notes where $1::text is null or note_type = $1 order by note_type, note_id`,
    [noteType ?? null],
  );
}
