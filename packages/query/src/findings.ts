/**
 * Stored check findings and import reports, read with the caller's visibility: anonymous callers see only
 * those of public rounds (published, embargo passed).
 */
import type { ReadHandle } from "@ilms/db";
import { publicRoundSql } from "./visibility";

export interface StoredFindingRecord {
  id: number;
  check: string;
  severity: string;
  table: number;
  refArea: string;
  time: number;
  sourceCode: string;
  message: string;
  expected: string | null;
  actual: string | null;
  round: string;
  importId: number;
}

export interface FindingsFilter {
  refArea?: readonly string[] | null;
  table?: number | null;
  timeFrom?: number | null;
  timeTo?: number | null;
}

/** The 500 latest findings matching `filter` (`drafts`: the caller may read unpublished rounds). */
export function listStoredFindings(db: ReadHandle, drafts: boolean, filter: FindingsFilter): Promise<StoredFindingRecord[]> {
  return db.query<StoredFindingRecord>(
    `select f.id, f."check", f.severity, f.table_id as "table", f.ref_area as "refArea", f.time::int as time, f.source_code as "sourceCode", f.message,
            f.expected::text as expected, f.actual::text as actual, r.code as round, f.import_id as "importId"
       from check_findings f join collection_rounds r on r.id = f.round_id
      where ($1::text[] is null or f.ref_area = any($1::text[])) and ($2::int is null or f.table_id = $2)
        and ($3::int is null or f.time >= $3) and ($4::int is null or f.time <= $4)
        and ($5::boolean or ${publicRoundSql("r")})
      order by f.time desc, f.id desc limit 500`,
    [filter.refArea ?? null, filter.table ?? null, filter.timeFrom ?? null, filter.timeTo ?? null, drafts],
  );
}

/** A stored import's report and whether its round is public (null round: a refused import, public as such). */
export async function storedImport<R>(db: ReadHandle, id: number): Promise<{ report: R; public: boolean | null } | undefined> {
  const [row] = await db.query<{ report: R; public: boolean | null }>(
    `select i.report, ${publicRoundSql("r")} as public from imports i left join collection_rounds r on r.id = i.round_id where i.id = $1`,
    [id],
  );
  return row;
}
