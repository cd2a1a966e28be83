/**
 * The one place where exported text is made safe for spreadsheets, and CSV fields are quoted. Every writer
 * of this package passes its text cells through here.
 */

/**
 * Spreadsheet formula injection: a text cell starting with `=`, `+`, `-`, `@` (or tab / carriage return) is
 * prefixed with an apostrophe so no spreadsheet evaluates it. Only text: values are numbers and stay as they are.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A CSV field as it is: empty for null or "", quoted when it holds a separator, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A text cell for CSV: neutralised, then quoted as needed. */
export function csvText(value: string | null | undefined): string {
  return value === null || value === undefined ? "" : csvField(neutralise(value));
}

/** A text cell for a spreadsheet: neutralised; null stays empty. */
export function sheetText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : neutralise(value);
}
