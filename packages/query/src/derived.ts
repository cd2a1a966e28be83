/**
 * Indicators computed on request from the published cells, each with its unit: migrant share (tables with a
 * migrant breakdown; of employment where the table counts employed persons), sex ratio, percentage distributions along any
 * dimension, and change over years. Exact inputs, ratios rounded to 2 decimals.
 */
import type { ReadHandle } from "@ilms/db";
import { TABLES, hasDimension, tableList } from "@ilms/domain";
import type { IlmsTable } from "@ilms/domain";
import { divideDecimals, subtractDecimals } from "./decimal";
import { QueryError } from "./errors";
import type { FilterPlan } from "./filter";
import { arrangeSlice, defaultDimensions, readCells, sliceDimensionsOf } from "./slice";
import type { SliceDimensionRequest, SliceResult } from "./slice";
import type { CellRow, Visibility } from "./sql";

export type DerivedKind = "MIGRANT_SHARE" | "SEX_RATIO" | "PERCENT_DISTRIBUTION" | "CHANGE" | "PERCENT_CHANGE";

/** Tables whose migrant share is meaningful: counts with a migrant breakdown. */
const hasMigrantShare = (table: IlmsTable) => hasDimension(table, "migrantStatus") && table.measure.additive;

const MIGRANTS = new Set(["CBR_BIR_FOREIGN", "CCT_CIT_NONCIT"]);
const MIGRANT_TOTALS = new Set(["CBR_BIR_TOTAL", "CCT_CIT_TOTAL"]);

function isTotal(code: string): boolean {
  return code === "SEX_T" || code === "TOTAL" || code.endsWith("_TOTAL") || code === "XWAP";
}

function flags(...rows: CellRow[]): string | null {
  const set = [...new Set(rows.map((r) => r.obs_status).filter((s): s is string => !!s))].sort();
  return set.length > 0 ? set.join("+") : null;
}

/** Groups rows by every slice dimension except `column`. */
function groupWithout(rows: readonly CellRow[], columns: string[], column: string): Map<string, CellRow[]> {
  const groups = new Map<string, CellRow[]>();
  const keyColumns = columns.filter((c) => c !== column);
  for (const row of rows) {
    const key = keyColumns.map((c) => String(row[c])).join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

export interface DerivedRequest {
  kind: DerivedKind;
  /** For PERCENT_DISTRIBUTION: the dimension whose codes are shares of its total. */
  dimension?: string | null | undefined;
  dimensions?: readonly SliceDimensionRequest[] | null | undefined;
}

export async function deriveIndicator(db: ReadHandle, plan: FilterPlan, vis: Visibility, request: DerivedRequest): Promise<SliceResult> {
  const table = plan.table;
  const offered = sliceDimensionsOf(table);
  const columns = offered.map((d) => d.column);
  const rows = (await readCells(db, plan, vis)).filter((r) => r.obs_value !== null);
  const out: CellRow[] = [];
  let drop: string;
  let unit: string;
  let measure: string;

  switch (request.kind) {
    case "MIGRANT_SHARE": {
      if (!hasMigrantShare(table)) {
        throw new QueryError(
          "BAD_USER_INPUT",
          `Migrant share needs a count table with a migrant breakdown (tables ${tableList(TABLES.filter(hasMigrantShare))}); table ${table.id} has none`,
          {
            field: "kind",
          },
        );
      }
      drop = "migrantStatus";
      measure = table.measure.kind === "employment" ? "Migrant share of employment" : "Migrant share";
      unit = "Percent of the total of the same breakdown";
      for (const group of groupWithout(rows, columns, "migrant_status").values()) {
        const total = group.find((r) => MIGRANT_TOTALS.has(String(r.migrant_status)));
        const migrants = group.find((r) => MIGRANTS.has(String(r.migrant_status)));
        if (!total || !migrants) continue;
        const value = divideDecimals(subtractDecimals(migrants.obs_value!, "0"), total.obs_value!, 6);
        out.push({ ...migrants, obs_value: value === null ? null : divideDecimals(value, "0.01", 2), obs_status: flags(total, migrants) });
      }
      break;
    }
    case "SEX_RATIO": {
      drop = "sex";
      // For means (wages) the same ratio compares men's mean to women's, not head counts.
      measure = table.measure.additive ? "Sex ratio" : `Ratio of men's to women's ${table.measure.title.toLowerCase()}`;
      unit = table.measure.additive ? "Men per 100 women" : "Men's value per 100 of women's";
      for (const group of groupWithout(rows, columns, "sex").values()) {
        const men = group.find((r) => r.sex === "SEX_M");
        const women = group.find((r) => r.sex === "SEX_F");
        if (!men || !women) continue;
        out.push({
          ...men,
          sex: "SEX_T",
          obs_value: divideDecimals(divideDecimals(men.obs_value!, women.obs_value!, 6) ?? "0", "0.01", 2),
          obs_status: flags(men, women),
        });
        if (divideDecimals(men.obs_value!, women.obs_value!) === null) out.pop();
      }
      break;
    }
    case "PERCENT_DISTRIBUTION": {
      const dim = offered.find((d) => d.id === (request.dimension ?? ""));
      if (!dim || dim.id === "time" || dim.id === "source") {
        throw new QueryError(
          "BAD_USER_INPUT",
          `PERCENT_DISTRIBUTION needs \`dimension\`: one of ${offered
            .filter((d) => d.id !== "time" && d.id !== "source")
            .map((d) => d.id)
            .join(", ")}`,
          {
            field: "dimension",
          },
        );
      }
      if (!table.measure.additive)
        throw new QueryError("NOT_AGGREGATABLE", `Table ${table.id} holds means: they are not parts of a total`, { table: table.id });
      drop = "";
      measure = `Percentage distribution by ${dim.id}`;
      unit = "Percent of the total";
      for (const group of groupWithout(rows, columns, dim.column).values()) {
        const total = group.find((r) => isTotal(String(r[dim.column])));
        if (!total) continue;
        for (const part of group) {
          const share = divideDecimals(part.obs_value!, total.obs_value!, 6);
          if (share !== null) out.push({ ...part, obs_value: divideDecimals(share, "0.01", 2), obs_status: flags(part, total) });
        }
      }
      break;
    }
    case "CHANGE":
    case "PERCENT_CHANGE": {
      drop = "";
      measure = request.kind === "CHANGE" ? "Change from the previous reported year" : "Percent change from the previous reported year";
      unit = request.kind === "CHANGE" ? table.measure.unit : "Percent";
      for (const group of groupWithout(rows, columns, "time").values()) {
        group.sort((a, b) => Number(a.time) - Number(b.time));
        for (let i = 1; i < group.length; i++) {
          const before = group[i - 1]!;
          const now = group[i]!;
          const diff = subtractDecimals(now.obs_value!, before.obs_value!);
          const value = request.kind === "CHANGE" ? diff : divideDecimals(divideDecimals(diff, before.obs_value!, 6) ?? "0", "0.01", 2);
          if (request.kind === "PERCENT_CHANGE" && divideDecimals(diff, before.obs_value!) === null) continue;
          out.push({ ...now, obs_value: value, obs_status: flags(before, now) });
        }
      }
      break;
    }
    default:
      throw new QueryError("BAD_USER_INPUT", `Unknown derived indicator ${String(request.kind)}`, { field: "kind" });
  }
  const requests: readonly SliceDimensionRequest[] =
    request.dimensions && request.dimensions.length > 0 ? request.dimensions : defaultDimensions(table).filter((r) => r.dimension !== drop);
  if (requests.some((r) => r.level))
    throw new QueryError(
      "NOT_AGGREGATABLE",
      "Derived indicators are ratios: they are not rolled up; roll up the counts with `slice` instead",
      {},
    );
  const slice = await arrangeSlice(db, table, out, requests);
  return { ...slice, unit, measure };
}
