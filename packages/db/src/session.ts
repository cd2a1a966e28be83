/**
 * Session settings of every PostgreSQL connection the product opens. `jit: off`: the warehouse's reads are
 * short statements over at most a few hundred thousand rows whose planner costs (a country group expanded by a
 * correlated `exists`) pass `jit_above_cost`; compiling them with LLVM took 15-20 s of a 100,000-observation
 * round's quality map that runs in 1.5 s without (`npm run bench:report`). Nothing the product reads is big
 * enough for JIT to pay back.
 *
 * `plan_cache_mode` keeps PostgreSQL's default (`auto`): a named prepared statement (client.ts) may be served by a
 * generic plan, and its text names the size class of its arrays, so lists of very different lengths never
 * share one.
 */
export const SESSION_SETTINGS: Record<string, string> = { jit: "off" };
