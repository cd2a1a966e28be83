/**
 * Session settings of every PostgreSQL connection the product opens. `jit: off`: the warehouse's reads are
 * short statements over at most a few hundred thousand rows whose planner costs (a country group expanded by a
 * correlated `exists`) pass `jit_above_cost`; compiling them with LLVM took 15-20 s of a 100,000-observation
 * round's quality map that runs in 1.5 s without (`npm run bench:report`). Nothing the product reads is big
 * enough for JIT to pay back.
 *
 * `plan_cache_mode: force_custom_plan`: reads run as named prepared statements (client.ts), which saves their
 * parse and analysis; the plan is still made for each execution's values. A generic plan, which PostgreSQL
 * may otherwise pick after five executions, would serve a slice of one country and one of a whole country
 * group with the same plan.
 */
export const SESSION_SETTINGS: Record<string, string> = { jit: "off", plan_cache_mode: "force_custom_plan" };
