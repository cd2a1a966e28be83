/** A table cell as text in the report's language (HTML and PDF); the XLSX writes the numbers themselves. */
import { formatDecimal, formatPercent } from "./messages";
import type { ReportLanguage } from "./messages";
import type { ReportCell, ReportColumn } from "./model";

export function cellText(cell: ReportCell, column: ReportColumn, lang: ReportLanguage): string {
  if (cell === null) return "–";
  switch (column.kind) {
    case "decimal":
      return formatDecimal(String(cell), lang);
    case "percent":
      return typeof cell === "number" ? formatPercent(cell, lang) : String(cell);
    case "change":
      return typeof cell === "number" ? `${cell >= 0 ? "+" : ""}${formatPercent(cell, lang)}` : String(cell);
    case "int":
    case "text":
      return String(cell);
  }
}
