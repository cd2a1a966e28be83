/** Client-side list handling for the small lists the API returns whole: filter, sort and paginate. */
import type { Params, Row } from "./grammar";

function matches(record: Row, filter: Row): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    if (wanted === undefined || wanted === null || wanted === "") return true;
    if (key === "q") {
      const needle = String(wanted).toLowerCase();
      return Object.values(record).some(
        (v) => (typeof v === "string" || typeof v === "number") && String(v).toLowerCase().includes(needle),
      );
    }
    if (key === "ids") return (wanted as unknown[]).map(String).includes(String(record.id));
    const value = record[key];
    if (Array.isArray(wanted)) return wanted.map(String).includes(String(value));
    if (Array.isArray(value)) return value.map(String).includes(String(wanted));
    return String(value) === String(wanted);
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Filters, sorts and paginates a full list the way react-admin would ask a server to. */
export function pageOf<T extends Row>(rows: T[], params: Partial<Params>, serverKeys: readonly string[] = []) {
  const filter = Object.fromEntries(Object.entries(params.filter ?? {}).filter(([k]) => !serverKeys.includes(k)));
  let out = rows.filter((r) => matches(r, filter));
  const sort = params.sort;
  if (sort?.field) {
    const sign = sort.order === "DESC" ? -1 : 1;
    out = [...out].sort((a, b) => sign * compare(a[sort.field], b[sort.field]));
  }
  const total = out.length;
  if (params.pagination) {
    const { page, perPage } = params.pagination;
    out = out.slice((page - 1) * perPage, page * perPage);
  }
  return { data: out, total };
}
