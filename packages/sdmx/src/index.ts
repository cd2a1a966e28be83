/**
 * SDMX for the warehouse: the structure model derived from the catalogue (dataflows, data structures, code
 * lists, concepts), the code lists' codes from the database, and data queries mapped onto the query engine.
 * The writers of the SDMX formats are in `@ilms/formats`; the REST routes in `apps/api/src/http/sdmx.ts`.
 */
export * from "./model";
export * from "./codelists";
export * from "./query";
export * from "./constraints";
export * from "./protocol";
