/**
 * Hierarchies for roll-ups: the up- and down-edges of one code list (rollup mappings and additive parents,
 * family totals excepted), and country-group memberships with their dates.
 */
import type { ReadHandle } from "@ilms/db";

export interface Hierarchy {
  codelist: string;
  levelOf(code: string): string | undefined;
  /** Coarser codes this one adds into. */
  up(code: string): readonly string[];
  /** Finer codes that add into this one. */
  down(code: string): readonly string[];
  levels: ReadonlySet<string>;
}

interface NodeRow {
  code: string;
  level: string;
  parents: string[];
}

/** Loads a code list's hierarchy in one statement. */
export async function loadHierarchy(db: ReadHandle, codelist: string): Promise<Hierarchy> {
  const rows = await db.query<NodeRow>(
    `select c.code, c.level, coalesce(array_agg(e.parent) filter (where e.parent is not null), '{}') as parents
       from codes c
       left join (
         select m.code as child, m.target_code as parent from code_mappings m
          where m.codelist_id = $1 and m.target_codelist_id = $1 and m.kind = 'rollup'
         union
         select k.code, k.parent_code from codes k join codes p on p.codelist_id = k.codelist_id and p.code = k.parent_code
          where k.codelist_id = $1 and p.level <> 'total'
       ) e on e.child = c.code
      where c.codelist_id = $1
      group by c.code, c.level`,
    [codelist],
  );
  const level = new Map<string, string>();
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const r of rows) {
    level.set(r.code, r.level);
    up.set(r.code, r.parents);
    for (const parent of r.parents) down.set(parent, [...(down.get(parent) ?? []), r.code]);
  }
  return {
    codelist,
    levelOf: (code) => level.get(code),
    up: (code) => up.get(code) ?? [],
    down: (code) => down.get(code) ?? [],
    levels: new Set(level.values()),
  };
}

/** Targets at `level` reachable upwards from `code`, with their distance (0 when the code is at that level). */
export function ancestorsAt(h: Hierarchy, code: string, level: string): Map<string, number> {
  const found = new Map<string, number>();
  const seen = new Set<string>([code]);
  let frontier = [code];
  for (let distance = 0; frontier.length > 0 && distance < 10; distance++) {
    const next: string[] = [];
    for (const c of frontier) {
      if (h.levelOf(c) === level) {
        if (!found.has(c)) found.set(c, distance);
        continue;
      }
      for (const u of h.up(c)) {
        if (!seen.has(u)) {
          seen.add(u);
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  return found;
}

/** Codes exactly `distance` steps below `code`. */
export function descendantsAt(h: Hierarchy, code: string, distance: number): Set<string> {
  let frontier = new Set([code]);
  for (let d = 0; d < distance; d++) {
    const next = new Set<string>();
    for (const c of frontier) for (const child of h.down(c)) next.add(child);
    frontier = next;
  }
  return frontier;
}

export interface GroupMembership {
  /** The area code that stands for the group in data: its ILOSTAT code (`X84`) or else its own code. */
  area: string;
  country: string;
  fromYear: number;
  toYear: number | null;
}

/** Country-group memberships, as years: a country counts in a year during which it was a member. */
export function loadMemberships(db: ReadHandle): Promise<GroupMembership[]> {
  return db.query<GroupMembership>(
    `select coalesce(g.ilostat_code, g.code) as area, m.country,
            extract(year from m.valid_from)::int as "fromYear", extract(year from m.valid_to)::int as "toYear"
       from country_group_members m join country_groups g on g.code = m.group_code`,
  );
}
