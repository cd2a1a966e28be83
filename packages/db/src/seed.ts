/**
 * Loads the shipped code lists and the table catalogue. Idempotent: rows that exist are left as they are
 * (administrators may have relabelled them), so seeding twice changes nothing.
 */
import { CODELISTS, INDICATORS, MODULES, TABLES } from "@ilms/domain";
import { loadSeedData } from "@ilms/codelists";
import type { CodeRow } from "@ilms/codelists";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS_FOLDER } from "./client";
import type { DbHandle } from "./client";
import { codeMappings, codelists, codes, countryGroupMembers, countryGroups, ilmsTables, indicators } from "./schema/index";

export interface SeedResult {
  /** Rows inserted per table; all zero when the database was already seeded. */
  inserted: Record<string, number>;
}

/** Parents before children, so that each batch satisfies the hierarchy's foreign key. */
function byDepth(rows: CodeRow[]): CodeRow[] {
  const byKey = new Map(rows.map((r) => [`${r.codelistId}:${r.code}`, r]));
  const depth = (r: CodeRow): number => {
    let d = 0;
    for (let p = r.parentCode; p; p = byKey.get(`${r.codelistId}:${p}`)?.parentCode ?? null) d++;
    return d;
  };
  return rows
    .map((r) => ({ r, d: depth(r) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.r);
}

function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Seeds code lists, codes, mappings, country groups and the catalogue mirror. */
export async function seedReferenceData(handle: DbHandle): Promise<SeedResult> {
  const data = loadSeedData();
  const { db } = handle;
  const inserted: Record<string, number> = {};
  const count = (name: string, n: number) => (inserted[name] = (inserted[name] ?? 0) + n);

  await db.transaction(async (tx) => {
    const lists = await tx
      .insert(codelists)
      .values(CODELISTS.map((c) => ({ id: c.id, kind: c.kind, labels: { en: c.title }, description: c.description })))
      .onConflictDoNothing()
      .returning({ id: codelists.id });
    count("codelists", lists.length);
    for (const batch of chunks(byDepth(data.codes))) {
      count("codes", (await tx.insert(codes).values(batch).onConflictDoNothing().returning({ code: codes.code })).length);
    }
    for (const batch of chunks(data.mappings)) {
      count(
        "code_mappings",
        (await tx.insert(codeMappings).values(batch).onConflictDoNothing().returning({ code: codeMappings.code })).length,
      );
    }
    const tableRows = TABLES.map((t) => ({
      id: t.id,
      key: t.key,
      module: `${t.module} ${MODULES[t.module]}`,
      title: t.title,
      unit: t.measure.unit,
      additive: t.measure.additive,
    }));
    count("ilms_tables", (await tx.insert(ilmsTables).values(tableRows).onConflictDoNothing().returning({ id: ilmsTables.id })).length);
    const indicatorRows = INDICATORS.map((i) => ({ id: i.id, tableId: i.table, title: i.title, fixed: i.fixed as Record<string, string> }));
    count("indicators", (await tx.insert(indicators).values(indicatorRows).onConflictDoNothing().returning({ id: indicators.id })).length);
    for (const group of data.groups) {
      const { members, ...row } = group;
      count(
        "country_groups",
        (await tx.insert(countryGroups).values(row).onConflictDoNothing().returning({ code: countryGroups.code })).length,
      );
      const memberRows = members.map((m) => ({ groupCode: group.code, ...m }));
      count(
        "country_group_members",
        (await tx.insert(countryGroupMembers).values(memberRows).onConflictDoNothing().returning({ c: countryGroupMembers.country }))
          .length,
      );
    }
  });
  return { inserted };
}

/**
 * Whether the database needs nothing from {@link migrateAndSeed}, in one statement: its newest applied migration is
 * not older than the journal's newest (drizzle applies exactly the migrations newer than the newest it recorded,
 * so this is its own test) and it holds code lists. False on a database without those tables (a new one), and on
 * any error (the full path then runs and reports it).
 */
export async function isPrepared(handle: DbHandle): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const [row] = await handle.query<{ last: string | null; seeded: boolean }>(
      "select (select max(created_at)::text from drizzle.__drizzle_migrations) as last, exists (select from codelists) as seeded",
    );
    return row?.last != null && Number(row.last) >= newest && row.seeded;
  } catch {
    return false;
  }
}

/**
 * What every entry point does before work: apply the migrations (idempotent), and seed the reference data
 * on a database without code lists. Returns lines describing what it did.
 */
export async function migrateAndSeed(handle: DbHandle): Promise<string[]> {
  if (await isPrepared(handle)) return [];
  await handle.migrate();
  const [row] = await handle.query<{ n: number }>("select count(*)::int as n from codelists");
  if ((row?.n ?? 0) > 0) return [];
  const { inserted } = await seedReferenceData(handle);
  const counts = Object.entries(inserted).map(([table, n]) => `${n} ${table}`);
  return [`Seeded reference data: ${counts.join(", ")}`];
}
