/**
 * Entry point for drizzle-kit. It finds tables among the named exports of the module it loads (with
 * `require`, through its TypeScript loader), so the fact tables, generated from the catalogue, are added to
 * this module's exports under their SQL names (`fact_t01`, ...) as it loads: a table added to the catalogue
 * is in the next migration without an edit here.
 */
import { factTablesByName } from "./facts";

export * from "./auth";
export * from "./catalogue";
export * from "./codelists";
export * from "./imports";
export * from "./rounds";
export * from "./regions";
export * from "./sources";

/** The exports drizzle-kit sees: the named ones above and every fact table. */
declare const module: { exports: Record<string, unknown> } | undefined;
if (typeof module !== "undefined") Object.assign(module.exports, factTablesByName);
