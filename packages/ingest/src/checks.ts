/**
 * Statistical checks, run inside the import's transaction on the round's facts once the file's rows are in:
 * they see the new rows together with what the round already holds, and report only groups the import
 * touched. They never refuse a file and never change a value; findings are stored and reported.
 *
 * Driven by data: additivity follows `codes.parent_code` within a code family (sex, age bands, sections,
 * ISCO groups, migrant status, labour market status) and the area list for counterpart countries; coherence
 * across tables follows the catalogue's coherence groups ({@link COHERENCE_GROUPS}).
 */
import { createHash } from "node:crypto";
import { cellKeyColumns, codedAxes, coherenceGroups, encodeIlostatCodes, factTableName, getIndicator, requireTable } from "@ilms/domain";
import type { DimensionDef, DimensionKey, IlmsTable } from "@ilms/domain";
import type { RawTx } from "@ilms/db";
import type { Finding, FindingCell } from "./report";

/**
 * Published figures are rounded (to 0.001 thousand persons in most series, to 0.1 in some): each of n
 * components and the total may be off by half a unit of the finest precision the values show, so a total may
 * differ from the sum of its parts by up to 0.5 unit * (n + 1) without any error. The unit is read from the
 * values' decimals (numeric keeps them: `2.300` has scale 3), never below {@link ROUNDING_UNIT}.
 */
export const ROUNDING_UNIT = 0.001;
const unitOf = (scales: string) => `power(10::numeric, -least(${Math.round(-Math.log10(ROUNDING_UNIT))}, ${scales}))`;
/**
 * Components that may be absent without making the set incomplete: only the sex "other" (rarely collected).
 * A missing "not classified" (`_X`) component makes the set incomplete, so such a total is not checked.
 */
const OPTIONAL_COMPONENT = `(k.code = 'SEX_O')`;
/** Area levels that partition a total of counterpart countries (regions and groups overlap countries). */
const PARTITION_AREA_LEVELS = ["country", "other", "historical"];

interface Axis {
  column: string;
  codelist: string;
  counterpart: boolean;
}

/** The axes a total adds up along: the coded axes of the cell except the reporting country and the basis. */
function axes(table: IlmsTable): Axis[] {
  return codedAxes(table)
    .filter((a) => a.key !== "refArea" && a.key !== "basis")
    .map((a) => ({ column: a.column, codelist: a.codelist, counterpart: a.dimension?.counterpart === true }));
}

function cellJson(table: IlmsTable, alias: string): string {
  const parts = [
    `'table', ${table.id}`,
    `'indicator', ${alias}.indicator`,
    `'refArea', ${alias}.ref_area`,
    `'time', ${alias}.time`,
    `'sex', ${alias}.sex`,
    `'sourceCode', ${alias}.source_code`,
    `'value', ${alias}.obs_value::text`,
    `'dimensions', jsonb_build_object(${table.dimensions.map((d) => `'${d.key}', ${alias}.${d.column}`).join(", ") || ""})`,
  ];
  return `jsonb_build_object(${parts.join(", ")})`;
}

interface RawCell {
  table: number;
  indicator: string;
  refArea: string;
  time: number;
  sex: string;
  sourceCode: string;
  value: string | null;
  dimensions: Record<string, string>;
}

const asCell = (c: RawCell, role: string): FindingCell => ({ ...c, time: Number(c.time), role });

/** The cell's ILOSTAT codes, for messages people recognise (`SEX_T`, `CDS_DES_KOR`). */
function codesOf(c: RawCell): { sex: string; classif1: string; classif2: string } {
  const indicator = getIndicator(c.indicator);
  const encoded = indicator
    ? encodeIlostatCodes(indicator, c.dimensions as Partial<Record<DimensionKey, string>>)
    : { classif1: "", classif2: "" };
  return { sex: c.sex, ...encoded };
}

function codeOnAxis(c: RawCell, axis: Axis, table: IlmsTable): string {
  const codes = codesOf(c);
  if (axis.column === "sex") return codes.sex;
  const indicator = getIndicator(c.indicator);
  const dim = table.dimensions.find((d) => d.column === axis.column) as DimensionDef;
  if (indicator?.classif1?.dimension === dim.key) return codes.classif1;
  if (indicator?.classif2?.dimension === dim.key) return codes.classif2;
  return c.dimensions[dim.key] ?? "";
}

function fmt(n: number): string {
  return n.toFixed(3);
}

async function additivity(tx: RawTx, table: IlmsTable, roundId: number, importId: number): Promise<Finding[]> {
  const fact = factTableName(table);
  const cell = cellKeyColumns(table);
  const findings: Finding[] = [];
  for (const axis of axes(table)) {
    const others = cell.filter((c) => c !== axis.column);
    const levels = PARTITION_AREA_LEVELS.map((l) => `'${l}'`).join(", ");
    // Each row enters once as a component (keyed by its parent code) and, when it is a total, once as a total
    // (keyed by its own code); one hash aggregate per axis then sets every total beside the sum of its
    // components. No self-join, so the cost grows linearly with the round on both drivers.
    const asComponent = axis.counterpart
      ? `select ${others.map((o) => `c.${o}`).join(", ")}, 'TOTAL' as key, 0 as role, c.obs_value as v, c.id, c.import_id, c.${axis.column} as code
         from ${fact} c join codes k on k.codelist_id = 'AREA' and k.code = c.${axis.column} and k.level in (${levels})
         where c.round_id = $1 and c.${axis.column} <> 'TOTAL'`
      : `select ${others.map((o) => `c.${o}`).join(", ")}, k.parent_code as key, 0 as role, c.obs_value as v, c.id, c.import_id, c.${axis.column} as code
         from ${fact} c join codes k on k.codelist_id = '${axis.codelist}' and k.code = c.${axis.column} and k.parent_code is not null
         where c.round_id = $1`;
    const isTotal = axis.counterpart
      ? `p.${axis.column} = 'TOTAL'`
      : `p.${axis.column} in (select parent_code from codes where codelist_id = '${axis.codelist}' and parent_code is not null)`;
    // A round without any total on this axis has nothing to check: a cheap look before the aggregate.
    const [anyTotal] = await tx.query<{ any: boolean }>(
      `select exists (select 1 from ${fact} p where p.round_id = $1 and ${isTotal}) as any`,
      [roundId],
    );
    if (!anyTotal?.any) continue;
    const asTotal = `select ${others.map((o) => `p.${o}`).join(", ")}, p.${axis.column} as key, 1 as role, p.obs_value as v, p.id, p.import_id, p.${axis.column} as code
         from ${fact} p where p.round_id = $1 and ${isTotal}`;
    const complete = axis.counterpart
      ? "bool_or(x.role = 0 and x.code = 'X')"
      : `count(*) filter (where x.role = 0 and x.code <> 'SEX_O') = (select count(*) from codes k where k.codelist_id = '${axis.codelist}' and k.parent_code = x.key and not ${OPTIONAL_COMPONENT})`;
    const total = "max(x.v) filter (where x.role = 1)";
    const parts = "sum(x.v) filter (where x.role = 0)";
    const failing = `
      select max(x.id) filter (where x.role = 1) as pid, x.key, ${parts} as expected
      from (${asComponent} union all ${asTotal}) x
      group by ${others.map((o) => `x.${o}`).join(", ")}, x.key
      having count(*) filter (where x.role = 1) = 1 and ${total} is not null
         and count(*) filter (where x.role = 0) > 0 and count(*) filter (where x.role = 0 and x.v is null) = 0
         and bool_or(x.import_id = $2) and ${complete}
         and abs(${total} - ${parts}) > 0.5 * ${unitOf("max(scale(x.v))")} * count(*)`;
    const component = axis.counterpart
      ? `c.${axis.column} <> 'TOTAL' and exists (select 1 from codes k where k.codelist_id = 'AREA' and k.code = c.${axis.column} and k.level in (${levels}))`
      : `exists (select 1 from codes k where k.codelist_id = '${axis.codelist}' and k.code = c.${axis.column} and k.parent_code = f.key)`;
    const sql = `
      with failing as (${failing})
      select ${cellJson(table, "p")} as total, p.obs_value::text as actual, f.expected::text as expected,
             (select jsonb_agg(${cellJson(table, "c")} order by c.${axis.column}) from ${fact} c
              where c.round_id = $1 and ${others.map((o) => `c.${o} = p.${o}`).join(" and ")} and ${component}) as parts
      from failing f join ${fact} p on p.id = f.pid`;
    const rows = await tx.query<{ total: RawCell; parts: RawCell[]; expected: string; actual: string }>(sql, [roundId, importId]);
    for (const r of rows) {
      const total = r.total;
      const parts = r.parts;
      const context = [codesOf(total).classif1, codesOf(total).classif2, axis.column === "sex" ? "" : total.sex].filter(
        (s) => s && s !== codeOnAxis(total, axis, table),
      );
      const sum = parts.map((p) => `${codeOnAxis(p, axis, table)} ${p.value}`).join(" + ");
      const diff = Number(r.actual) - Number(r.expected);
      findings.push({
        check: "additivity",
        severity: "warning",
        table: table.id,
        refArea: total.refArea,
        time: Number(total.time),
        sourceCode: total.sourceCode,
        message:
          `Table ${table.id}, ${total.refArea} ${total.time}${context.length ? `, ${context.join(", ")}` : ""}: ` +
          `${codeOnAxis(total, axis, table)} ${total.value} differs from ${sum} = ${fmt(Number(r.expected))} by ${fmt(diff)}`,
        expected: r.expected,
        actual: r.actual,
        cells: [asCell(total, "total"), ...parts.map((p) => asCell(p, "component"))],
      });
    }
  }
  return findings;
}

/** A table's contribution to a coherence group: its total cell, optionally restricted on some dimensions. */
interface CoherenceMember {
  table: number;
  /** Dimension values the member is restricted to (e.g. migrant status foreign-born or non-citizen). */
  where?: Partial<Record<DimensionKey, readonly string[]>>;
}

interface CoherenceGroup {
  key: string;
  title: string;
  members: readonly CoherenceMember[];
}

/** Totals that must agree across tables for the same country, year, source, sex (and migrant basis): the catalogue's groups. */
export const COHERENCE_GROUPS: readonly CoherenceGroup[] = coherenceGroups().map((g) => ({
  key: g.key,
  title: g.title,
  members: g.members.map((m) => ({ table: m.table.id, ...(m.where ? { where: m.where } : {}) })),
}));

function memberSelect(member: CoherenceMember): string {
  const table = requireTable(member.table);
  const fact = factTableName(table);
  const conditions = ["f.round_id = $1", "f.obs_value is not null"];
  for (const d of table.dimensions) {
    if (d.key === "basis") continue;
    const only = member.where?.[d.key];
    if (only) conditions.push(`f.${d.column} in (${only.map((v) => `'${v}'`).join(", ")})`);
    else if (d.counterpart) conditions.push(`f.${d.column} = 'TOTAL'`);
    else conditions.push(`f.${d.column} in (select code from codes where codelist_id = '${d.codelist}' and level = 'total')`);
  }
  const basis = table.dimensions.some((d) => d.key === "basis") ? "f.basis" : "null::text";
  // One total per table and key even where several families carry one (ECO_ISIC4_TOTAL, ECO_AGGREGATE_TOTAL).
  const order = table.dimensions.map((d) => `f.${d.column}`).join(", ");
  return `select distinct on (f.ref_area, f.time, f.sex, f.source_code, ${basis})
            ${table.id} as table_id, f.ref_area, f.time, f.sex, f.source_code, ${basis} as basis, f.obs_value, f.import_id,
            ${cellJson(table, "f")} as cell
          from ${fact} f where ${conditions.join(" and ")}
          order by f.ref_area, f.time, f.sex, f.source_code, ${basis}, ${order}`;
}

async function coherence(tx: RawTx, group: CoherenceGroup, roundId: number, importId: number): Promise<Finding[]> {
  const union = group.members.map((m) => `(${memberSelect(m)})`).join(" union all ");
  const sql = `
    select ref_area, time, sex, source_code, basis, min(table_id)::int as table_id,
           jsonb_agg(cell order by table_id) as cells, min(obs_value)::text as low, max(obs_value)::text as high
    from (${union}) m
    group by ref_area, time, sex, source_code, basis
    having count(*) > 1 and max(obs_value) - min(obs_value) > ${unitOf("max(scale(obs_value))")} and bool_or(import_id = $2)`;
  const rows = await tx.query<{
    ref_area: string;
    time: number;
    sex: string;
    source_code: string;
    basis: string | null;
    table_id: number;
    cells: RawCell[];
    low: string;
    high: string;
  }>(sql, [roundId, importId]);
  return rows.map((r) => {
    const first = r.cells[0]!;
    return {
      check: "coherence",
      severity: "warning",
      table: Number(r.table_id),
      refArea: r.ref_area,
      time: Number(r.time),
      sourceCode: r.source_code,
      message:
        `${group.title}, ${r.ref_area} ${r.time} ${r.sex}${r.basis ? ` (${r.basis})` : ""}: totals differ across tables: ` +
        r.cells.map((c) => `table ${c.table} ${c.value}`).join(", "),
      expected: first.value,
      actual: r.cells.find((c) => c.value !== first.value)?.value ?? null,
      cells: r.cells.map((c) => asCell(c, "total")),
    };
  });
}

/** Runs every check relevant to the tables an import touched; returns the findings, in a stable order. */
export async function runChecks(tx: RawTx, roundId: number, importId: number, tables: number[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const id of tables) {
    const table = requireTable(id);
    if (table.measure.additive) findings.push(...(await additivity(tx, table, roundId, importId)));
  }
  for (const group of COHERENCE_GROUPS) {
    if (group.members.some((m) => tables.includes(m.table))) findings.push(...(await coherence(tx, group, roundId, importId)));
  }
  const order = (f: Finding) => `${String(f.table).padStart(2, "0")} ${f.refArea} ${f.time} ${f.check} ${f.message}`;
  return findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * What makes two findings the same: the check and its cells (coordinates, source, value, role), whichever
 * import or round found it. Messages and order of discovery do not count.
 */
export function findingFingerprint(f: Finding): string {
  const cells = f.cells.map((c) => [
    c.table,
    c.indicator,
    c.refArea,
    c.time,
    c.sex,
    Object.entries(c.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    c.sourceCode,
    c.value,
    c.role,
  ]);
  return createHash("sha256")
    .update(JSON.stringify([f.check, cells]))
    .digest("hex");
}

/**
 * Stores findings per cell, in batches (a large file may yield many): a finding already stored for the same
 * check and cells (an unchanged cell checked again, by a re-import into another round) is updated with the
 * round and import that found it again, never added twice. Returns how many were already stored.
 */
export async function storeFindings(tx: RawTx, roundId: number, importId: number, findings: readonly Finding[]): Promise<number> {
  const unique = new Map<string, Finding>();
  for (const f of findings) unique.set(findingFingerprint(f), f);
  const all = [...unique];
  let known = 0;
  for (let i = 0; i < all.length; i += 1000) {
    const batch = all.slice(i, i + 1000).map(([fingerprint, f]) => ({
      fingerprint,
      check: f.check,
      severity: f.severity,
      table_id: f.table,
      ref_area: f.refArea,
      time: f.time,
      source_code: f.sourceCode,
      message: f.message,
      expected: f.expected,
      actual: f.actual,
      cells: f.cells,
    }));
    const rows = await tx.query<{ inserted: boolean }>(
      `insert into check_findings (import_id, round_id, last_import_id, last_round_id, fingerprint, "check", severity, table_id, ref_area, time,
                                   source_code, message, expected, actual, cells)
       select $1, $2, $1, $2, x.fingerprint, x."check", x.severity, x.table_id, x.ref_area, x.time, x.source_code, x.message, x.expected,
              x.actual, x.cells
       from jsonb_to_recordset($3::jsonb) as x(fingerprint text, "check" text, severity text, table_id int, ref_area text, time smallint,
                                               source_code text, message text, expected numeric, actual numeric, cells jsonb)
       on conflict (fingerprint) do update set last_import_id = excluded.last_import_id, last_round_id = excluded.last_round_id,
              times_seen = check_findings.times_seen + 1, last_seen_at = now(), message = excluded.message
       returning (xmax = 0) as inserted`,
      [importId, roundId, JSON.stringify(batch)],
    );
    known += rows.filter((r) => !r.inserted).length;
  }
  return known;
}
