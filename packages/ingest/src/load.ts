/**
 * Set-wise steps on the staging table, inside the import's transaction: duplicate cells within the file,
 * values that would change a cell already in the round, and the final insert into the fact tables. Driven by
 * the catalogue: one statement shape for every table.
 */
import { cellKeyColumns, codedAxes, factTableName, requireTable } from "@ilms/domain";
import type { RawTx } from "@ilms/db";
import type { ImportError } from "./report";
import { DIMENSION_COLUMNS, STAGE_COLUMNS } from "./rows";
import type { StageRow } from "./rows";

export const STAGE_TABLE = "ingest_stage";

/** A temporary table private to the transaction, dropped at its end whatever happens. */
export async function createStage(tx: RawTx): Promise<void> {
  const types: Record<string, string> = { line: "integer", table_id: "smallint", time: "smallint", obs_value: "numeric" };
  const columns = STAGE_COLUMNS.map((c) => `${c} ${types[c] ?? "text"}`).join(", ");
  await tx.query(`create temp table ${STAGE_TABLE} (${columns}) on commit drop`);
}

const eq = (a: string, b: string) => (columns: readonly string[]) => columns.map((c) => `${a}.${c} = ${b}.${c}`).join(" and ");

/** Stage columns of a cell (every dimension column not used by the table is null in the stage). */
function tableCell(tableId: number): string[] {
  return cellKeyColumns(requireTable(tableId));
}

/** Rows whose cell appears earlier in the file: each reported at its line, naming the first occurrence. */
export async function findDuplicates(tx: RawTx, limit: number): Promise<{ count: number; errors: ImportError[] }> {
  // GROUP BY treats nulls (dimensions a table does not use) as equal and hashes: one pass over the stage.
  const key = ["table_id", "ref_area", "time", "sex", ...DIMENSION_COLUMNS, "source_code"];
  const rows = await tx.query<{ lines: number[]; values: (string | null)[] }>(
    `select array_agg(line order by line) as lines, array_agg(obs_value::text order by line) as values
     from ${STAGE_TABLE} group by ${key.join(", ")} having count(*) > 1`,
  );
  const errors: ImportError[] = [];
  let count = 0;
  for (const r of rows) {
    const lines = r.lines.map(Number);
    for (let i = 1; i < lines.length; i++) {
      count++;
      errors.push({
        line: lines[i]!,
        column: "*",
        value: r.values[i] ?? "",
        code: "DUPLICATE_CELL",
        message: `the same cell (country, year, sex, breakdowns, source) is already given on line ${lines[0]}`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { count, errors: errors.slice(0, limit) };
}

/** Rows that would give a cell of the round a different value or status: published values never change silently. */
export async function findConflicts(
  tx: RawTx,
  roundId: number,
  tables: number[],
  limit: number,
): Promise<{ count: number; errors: ImportError[] }> {
  let count = 0;
  const errors: ImportError[] = [];
  for (const id of tables) {
    const cell = tableCell(id);
    const sql = `
      select s.line, s.obs_value::text as new_value, s.obs_status as new_status, f.obs_value::text as old_value, f.obs_status as old_status,
             count(*) over () as total
      from ${STAGE_TABLE} s join ${factTableName({ id })} f on ${eq("s", "f")(cell)} and f.round_id = $1
      where s.table_id = $2 and (f.obs_value is distinct from s.obs_value or f.obs_status is distinct from s.obs_status)
      order by s.line limit ${limit}`;
    const rows = await tx.query<{
      line: number;
      new_value: string | null;
      new_status: string | null;
      old_value: string | null;
      old_status: string | null;
      total: string | number;
    }>(sql, [roundId, id]);
    count += Number(rows[0]?.total ?? 0);
    for (const r of rows) {
      const show = (v: string | null, s: string | null) => `${v ?? "(empty)"}${s ? ` [${s}]` : ""}`;
      errors.push({
        line: Number(r.line),
        column: "obs_value",
        value: r.new_value ?? "",
        code: "CONFLICTS_WITH_ROUND",
        message: `this cell already has ${show(r.old_value, r.old_status)} in this round; a different value (${show(r.new_value, r.new_status)}) belongs in a later round as a revision`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { count, errors: errors.slice(0, limit) };
}

export interface InsertResult {
  /** Rows stored in the round. */
  written: number;
  /** Rows for cells with no value in this round or an earlier one. */
  fresh: number;
  /** Rows already in the round (not stored again) or stored with the latest earlier round's value and status. */
  unchanged: number;
  /** Rows stored with a value or status different from the latest earlier round's. */
  revisions: number;
  /** How foreign keys were enforced: per row by the database's triggers, or set-wise (see {@link verifyReferencesSetwise}). */
  foreignKeys: "per-row" | "set-wise";
}

/** Every foreign key of a fact table: stage column -> referenced table, key columns and (for codes) the list. */
function references(table: ReturnType<typeof requireTable>): { column: string; target: string; key: string; list?: string }[] {
  return [
    ...codedAxes(table).map((a) => ({ column: a.column, target: "codes", key: "code", list: a.codelist })),
    { column: "obs_status", target: "codes", key: "code", list: "OBS_STATUS" },
    { column: "indicator", target: "indicators", key: "id" },
    { column: "source_code", target: "data_sources", key: "code" },
  ];
}

/**
 * Bulk-load path for large files. The fact tables' composite foreign keys are checked by a trigger per row
 * and per key (seven or eight per row), which costs about three quarters of the insert. When the role may
 * set `session_replication_role` and the fact table has no trigger of its own, the importer instead does
 * what those triggers do, once per distinct value: it checks that every referenced key exists and locks it
 * `FOR KEY SHARE` until commit (so no concurrent delete can orphan a row), then inserts with the per-row
 * triggers off for this statement only. Returns false, changing nothing, when any condition fails; the
 * caller then inserts with the triggers on.
 */
export async function verifyReferencesSetwise(tx: RawTx, tableId: number, roundId: number, used: StagedValues): Promise<boolean> {
  const table = requireTable(tableId);
  const fact = factTableName(table);
  const [allowed] = await tx.query<{ ok: boolean }>(
    `select (select rolsuper from pg_roles where rolname = current_user)
            and not exists (select 1 from pg_trigger where tgrelid = $1::regclass and not tgisinternal) as ok`,
    [fact],
  );
  if (!allowed?.ok) return false;
  const [round] = await tx.query<{ n: number }>(
    "select count(*)::int as n from (select 1 from collection_rounds where id = $1 for key share) r",
    [roundId],
  );
  if (Number(round?.n) !== 1) return false;
  for (const ref of references(table)) {
    const values = [...(used.get(tableId)?.get(ref.column) ?? [])];
    if (values.length === 0) continue;
    const [row] = ref.list
      ? await tx.query<{ n: number }>(
          `select count(*)::int as n from (select 1 from ${ref.target} k where k.codelist_id = $1 and k.${ref.key} = any($2::text[]) for key share of k) x`,
          [ref.list, values],
        )
      : await tx.query<{ n: number }>(
          `select count(*)::int as n from (select 1 from ${ref.target} k where k.${ref.key} = any($1::text[]) for key share of k) x`,
          [values],
        );
    if (Number(row?.n) !== values.length) return false;
  }
  return true;
}

/** Distinct values per table and referencing column of the staged rows, collected while reading (small: code lists). */
export type StagedValues = Map<number, Map<string, Set<string>>>;

/** Records a staged row's referenced values in `used`. */
export function noteReferences(used: StagedValues, tableId: number, values: Record<string, string | null>): void {
  let perTable = used.get(tableId);
  if (!perTable) used.set(tableId, (perTable = new Map()));
  for (const column in values) {
    const v = values[column];
    if (v === null || v === undefined) continue;
    let set = perTable.get(column);
    if (!set) perTable.set(column, (set = new Set()));
    set.add(v);
  }
}

/** Collects the referenced values of staged rows (per row: a handful of Set.add, no allocation). */
export class ReferenceCollector {
  readonly used: StagedValues = new Map();
  private sets = new Map<number, { column: string; key: string; set: Set<string> }[]>();

  add(row: StageRow): void {
    let slots = this.sets.get(row.table);
    if (!slots) {
      const perTable = new Map<string, Set<string>>();
      this.used.set(row.table, perTable);
      const table = requireTable(row.table);
      // The coded axes of the cell (a dimension's value is in `row.dims`), then the other references.
      const columns: [string, string][] = [
        ...codedAxes(table).map((a): [string, string] => [a.column, a.dimension ? `dims.${a.key}` : a.key]),
        ["obs_status", "obsStatus"],
        ["indicator", "indicator"],
        ["source_code", "sourceCode"],
      ];
      slots = columns.map(([column, key]) => {
        const set = new Set<string>();
        perTable.set(column, set);
        return { column, key, set };
      });
      this.sets.set(row.table, slots);
    }
    for (const slot of slots) {
      const v = slot.key.startsWith("dims.")
        ? row.dims[slot.key.slice(5) as keyof StageRow["dims"]]
        : (row[slot.key as keyof StageRow] as string | null);
      if (v !== null && v !== undefined) slot.set.add(v);
    }
  }
}

export async function insertFacts(
  tx: RawTx,
  roundId: number,
  importId: number,
  staged: ReadonlyMap<number, number>,
  used: StagedValues,
): Promise<InsertResult> {
  const tables = [...staged.keys()].sort((a, b) => a - b);
  let written = 0;
  let revisions = 0;
  let carried = 0;
  let setwise = tables.length > 0;
  for (const id of tables) {
    const table = requireTable(id);
    const fact = factTableName(table);
    const cell = tableCell(id);
    const valueColumns = ["indicator", "file_indicator", "obs_value", "obs_status", "note_classif", "note_indicator", "note_source"];
    const insertColumns = [...cell, ...valueColumns, "round_id", "import_id"];
    const fast = await verifyReferencesSetwise(tx, id, roundId, used);
    setwise &&= fast;
    if (fast) await tx.query("set local session_replication_role = replica");
    const inserted = await tx.query<{ n: number }>(
      `with ins as (
         insert into ${fact} (${insertColumns.join(", ")})
         select ${[...cell, ...valueColumns].map((c) => `s.${c}`).join(", ")}, $1, $2 from ${STAGE_TABLE} s
         where s.table_id = $3 and not exists (select 1 from ${fact} f where ${eq("f", "s")(cell)} and f.round_id = $1)
         returning 1
       ) select count(*)::int as n from ins`,
      [roundId, importId, id],
    );
    if (fast) await tx.query("set local session_replication_role = origin");
    written += Number(inserted[0]?.n ?? 0);
    // The checks that follow join the fact table with itself: the planner must know it is no longer small.
    await tx.query(`analyze ${fact}`);
    // Only cells that existed in an earlier round can be revisions; skip the per-row look-up when none can.
    const [earlier] = await tx.query<{ any: boolean }>(`select exists (select 1 from ${fact} where round_id < $1) as any`, [roundId]);
    if (!earlier?.any) continue;
    // Each stored row against the cell's value in the latest earlier round: changed (a revision) or the same.
    const [rev] = await tx.query<{ revised: number; same: number }>(
      `select count(*) filter (where p.changed)::int as revised, count(*) filter (where not p.changed)::int as same
       from ${fact} f cross join lateral (
         select (p.obs_value is distinct from f.obs_value or p.obs_status is distinct from f.obs_status) as changed
         from ${fact} p where ${eq("p", "f")(cell)} and p.round_id < $1 order by p.round_id desc limit 1) p
       where f.import_id = $2 and f.round_id = $1`,
      [roundId, importId],
    );
    revisions += Number(rev?.revised ?? 0);
    carried += Number(rev?.same ?? 0);
  }
  const total = [...staged.values()].reduce((a, b) => a + b, 0);
  return {
    written,
    fresh: written - revisions - carried,
    unchanged: total - written + carried,
    revisions,
    foreignKeys: setwise ? "set-wise" : "per-row",
  };
}
