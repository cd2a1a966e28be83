/**
 * Statements planned once and run many times, on both drivers. PostgreSQL gets named prepared statements from
 * postgres.js (client.ts); PGlite's client has no such call, so its reads go through SQL `PREPARE` and
 * `EXECUTE` ({@link PgliteStatements}).
 */
import type { PGlite } from "@electric-sql/pglite";

/**
 * A comment naming the size class of each array parameter, powers of four (`1`, `4`, `16`...: a list of 5-16
 * codes is class 16), or nothing when there is none. A statement's text carries it so that one country and a
 * list of sixty are separate statements, each with a plan of its own.
 */
export function sizeClasses(params: readonly unknown[]): string {
  const classes: number[] = [];
  for (const value of params)
    if (Array.isArray(value)) classes.push(value.length <= 1 ? value.length : 4 ** Math.ceil(Math.log(value.length) / Math.log(4)));
  return classes.length > 0 ? `\n/* array sizes up to ${classes.join(", ")} */` : "";
}

/** Most statements one PGlite session keeps prepared; the least recently used is deallocated beyond. */
const MAX_PREPARED = 400;

/** SQLSTATEs after which a prepared statement is gone or stale: run the text afresh. */
const STALE = new Set([
  "26000", // invalid_sql_statement_name: deallocated (DISCARD ALL, DEALLOCATE ALL)
  "0A000", // feature_not_supported: "cached plan must not change result type" after a schema change
]);

/**
 * A parameter as a literal of `EXECUTE`'s argument list, or undefined for a value it cannot spell the way
 * PGlite's own serialiser sends it (objects, dates, bytes, nested arrays): such a statement is run as is. A
 * scalar is an untyped string literal, which PostgreSQL casts to the type `PREPARE` inferred for its parameter,
 * as it does with a bound text value; an array is an array literal in that string. A NUL character would end
 * the statement's text: the bound value gets PostgreSQL's own refusal instead.
 */
function literalOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value.includes("\0") ? undefined : quote(value);
  if (typeof value === "number") return Number.isFinite(value) ? quote(String(value)) : undefined;
  if (typeof value === "boolean" || typeof value === "bigint") return quote(String(value));
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value as unknown[]) {
      if (item === null || item === undefined) items.push("NULL");
      else if ((typeof item === "string" && !item.includes("\0")) || (typeof item === "number" && Number.isFinite(item)))
        items.push(`"${String(item).replace(/[\\"]/g, (c) => `\\${c}`)}"`);
      else return undefined;
    }
    return quote(`{${items.join(",")}}`);
  }
  return undefined;
}

/** A standard-conforming string literal (PGlite keeps `standard_conforming_strings` on). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Reads (`select`, `with`) with parameters: the statements worth a plan kept, and safe to prepare. */
const PREPARABLE = /^\s*(select|with)\b/i;

/**
 * Named prepared statements on one PGlite session. A read run repeatedly (every request of a slice) is parsed,
 * analysed and planned once: `PREPARE` on first use, then `EXECUTE` with the parameters as literals, so that
 * PostgreSQL's plan cache applies as on a server (a generic plan after five executions when planning for the
 * values does not pay; the size classes keep lists of very different lengths apart). On the bench's 5,040-cell
 * slice that saves 5-9 ms of 32-37 ms per statement, the planning of the compact encoding in WebAssembly.
 *
 * Only top-level reads come here, never statements inside a transaction: a `PREPARE` that fails would abort
 * it. A statement `PREPARE` refuses is run as given from then on, so its error is the one the caller would have
 * had, with its position in the caller's text. A statement found deallocated or stale is prepared afresh once.
 */
export class PgliteStatements {
  readonly #client: Pick<PGlite, "query">;
  /** By text and size classes: the statement's name once prepared, null when it cannot be. */
  readonly #names = new Map<string, Promise<string | null>>();
  #counter = 0;

  constructor(client: Pick<PGlite, "query">) {
    this.#client = client;
  }

  async query<T>(text: string, params: readonly unknown[] | undefined): Promise<T[]> {
    const args = params ?? [];
    const literals = args.length > 0 && PREPARABLE.test(text) ? args.map(literalOf) : undefined;
    if (!literals || literals.some((l) => l === undefined)) return this.#plain<T>(text, args);
    const key = text + sizeClasses(args);
    for (let attempt = 0; ; attempt++) {
      const name = await this.#nameOf(key);
      if (name === null) return this.#plain<T>(text, args);
      try {
        return (await this.#client.query<T>(`execute ${name}(${literals.join(", ")})`)).rows;
      } catch (error) {
        if (attempt > 0 || !STALE.has((error as { code?: string }).code ?? "")) throw error;
        this.#names.delete(key);
        await this.#client.query(`deallocate ${name}`).catch(() => {});
      }
    }
  }

  async #plain<T>(text: string, params: readonly unknown[]): Promise<T[]> {
    return (await this.#client.query<T>(text, params as unknown[])).rows;
  }

  #nameOf(key: string): Promise<string | null> {
    const found = this.#names.get(key);
    if (found) {
      // Most recently used last: the first entry is the one to drop.
      this.#names.delete(key);
      this.#names.set(key, found);
      return found;
    }
    const name = `ilms_s${++this.#counter}`;
    const prepared = this.#client.query(`prepare ${name} as ${key}`).then(
      () => name,
      () => null,
    );
    this.#names.set(key, prepared);
    if (this.#names.size > MAX_PREPARED) {
      const [oldest, dropped] = this.#names.entries().next().value as [string, Promise<string | null>];
      this.#names.delete(oldest);
      void dropped.then((n) => (n ? this.#client.query(`deallocate ${n}`) : undefined)).catch(() => {});
    }
    return prepared;
  }
}
