/**
 * Entry point for drizzle-kit: it finds tables among a module's named exports, so the generated fact tables
 * are spread into named bindings here.
 */
export * from "./auth";
export * from "./catalogue";
export * from "./codelists";
export * from "./imports";
export * from "./rounds";
export * from "./sources";
import { factTablesByName } from "./facts";

export const {
  fact_t01,
  fact_t02,
  fact_t03,
  fact_t04,
  fact_t05,
  fact_t06,
  fact_t07,
  fact_t08,
  fact_t09,
  fact_t10,
  fact_t11,
  fact_t12,
  fact_t13,
  fact_t14,
  fact_t15,
  fact_t16,
  fact_t17,
} = factTablesByName;
