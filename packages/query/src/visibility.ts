/**
 * The one rule for what anonymous callers may read: a round that is published and whose embargo has passed.
 * Every query that shows rounds, values, findings or reports to the public uses this predicate.
 */

/** SQL predicate on `collection_rounds` (columns qualified by `alias` when given). */
export function publicRoundSql(alias?: string): string {
  const c = alias ? `${alias}.` : "";
  return `(${c}status = 'published' and (${c}release_at is null or ${c}release_at <= now()))`;
}
