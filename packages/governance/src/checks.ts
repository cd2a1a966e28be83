/**
 * Checks shared by the governance writes of code lists, groups and notes: they turn bad input into a
 * {@link GovernanceError} that names the field and the reason before the database is touched, so clients never
 * see a constraint name or SQL text.
 */
import type { Runner } from "./audit";
import { GovernanceCode, GovernanceError } from "./errors";

/** Refuses with BAD_USER_INPUT naming the field. */
export function bad(field: string, reason: string): never {
  throw new GovernanceError(GovernanceCode.BadUserInput, `${field}: ${reason}`, { field });
}

export function notFound(what: string): never {
  throw new GovernanceError(GovernanceCode.NotFound, `${what} does not exist`);
}

/** Throws when `code` is not a code of `codelistId` (null and undefined pass: the field is optional). */
export async function requireCode(db: Runner, field: string, codelistId: string, code: string | null | undefined): Promise<void> {
  if (code === null || code === undefined) return;
  const [row] = await db.query("select 1 from codes where codelist_id = $1 and code = $2", [codelistId, code]);
  if (!row) bad(field, `'${code}' is not a code of list ${codelistId}`);
}

export function requireText(field: string, value: string | null | undefined, pattern?: RegExp, hint?: string): string {
  const text = value?.trim() ?? "";
  if (text === "") bad(field, "is required");
  if (pattern && !pattern.test(text)) bad(field, `'${text}' ${hint ?? `does not match ${pattern}`}`);
  return text;
}

/** An ISO date (YYYY-MM-DD) that exists in the calendar. */
export function requireDate(field: string, value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    bad(field, `'${value}' is not an ISO date (YYYY-MM-DD)`);
  }
  return value;
}

/** Labels given as a list of `{lang, text}`: languages are BCP 47-like and unique, texts non-empty. */
export function labelsFrom(field: string, labels: readonly { lang: string; text: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { lang, text } of labels) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) bad(field, `'${lang}' is not a language code`);
    if (lang in out) bad(field, `language '${lang}' given twice`);
    if (text.trim() === "") bad(field, `label for '${lang}' is empty`);
    out[lang] = text.trim();
  }
  return out;
}
