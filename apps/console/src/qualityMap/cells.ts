/** Folds the API's per-year cells into one cell per country × table for the chosen range. */
import type { QualityCell, QualityCellSource } from "../data";
import { palette } from "../theme";

export interface MapCell {
  refArea: string;
  table: number;
  /** Mean completeness over the years that have data (null when the API cannot compute it). */
  completeness: number | null;
  observations: number;
  openFindings: number;
  sources: QualityCellSource[];
  sourceTypes: string[];
  /** The weakest comparability among the sources: the map must not look better than its worst source. */
  comparability: string | null;
}

const RANK: Record<string, number> = { not_comparable: 0, partial: 1, full: 2 };

export function aggregate(cells: readonly QualityCell[]): Map<string, MapCell> {
  const out = new Map<string, MapCell>();
  const sums = new Map<string, { total: number; n: number }>();
  for (const c of cells) {
    const key = `${c.refArea}:${c.table}`;
    const cell = out.get(key) ?? {
      refArea: c.refArea,
      table: c.table,
      completeness: null,
      observations: 0,
      openFindings: 0,
      sources: [],
      sourceTypes: [],
      comparability: null,
    };
    cell.observations += c.observations;
    cell.openFindings += c.openFindings;
    for (const s of c.sources) if (!cell.sources.some((x) => x.code === s.code)) cell.sources.push(s);
    if (c.observations > 0 && c.completeness !== null) {
      const sum = sums.get(key) ?? { total: 0, n: 0 };
      sum.total += c.completeness;
      sum.n += 1;
      sums.set(key, sum);
    }
    out.set(key, cell);
  }
  for (const [key, cell] of out) {
    const sum = sums.get(key);
    cell.completeness = sum ? sum.total / sum.n : null;
    // Source type letters (BA, FX...); a source whose type is not recorded shows none rather than a guess.
    cell.sourceTypes = [...new Set(cell.sources.map((s) => s.sourceType).filter((t): t is string => !!t))].sort();
    const ranked = [
      ...cell.sources.map((s) => s.comparability),
      ...cells.filter((c) => `${c.refArea}:${c.table}` === key).map((c) => c.comparability),
    ].filter((c): c is string => !!c && c in RANK);
    cell.comparability = ranked.length === 0 ? null : ranked.reduce((a, b) => (RANK[a]! <= RANK[b]! ? a : b));
  }
  return out;
}

export function completenessColour(value: number | null): string {
  if (value === null) return "#f3f4f6";
  if (value >= 0.999) return palette.scale[5]!;
  return palette.scale[Math.min(4, Math.floor(value * 5))]!;
}

export function comparabilityMark(value: string | null): string {
  return value === "full" ? "●" : value === "partial" ? "◐" : value === "not_comparable" ? "○" : "?";
}
