/**
 * The peer of `npm run bench:api`: PostGraphile 4 with the connection-filter plugin, what a user would pick instead
 * of the warehouse, over a view of table 5 with the same latest-vintage logic as the engine (the latest value of
 * each cell among published rounds past their embargo). A devDependency of the bench only: no product workspace
 * depends on it.
 */
import { createServer } from "node:http";
import Module, { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, sep } from "node:path";
import postgres from "postgres";
import { publicRoundSql } from "@ilms/query";

/** Schema that holds only the peer's view, so that PostGraphile exposes nothing else. */
export const PEER_SCHEMA = "bench_peer";

/** The cell key of table 5, in the order of its unique index. */
const KEY = ["ref_area", "time", "sex", "economic_activity", "migrant_status", "basis", "source_code"];

/** (Re)creates the peer's view: DISTINCT ON the cell key over the visible rounds, as `cellsSql` writes it. */
export async function createPeerView(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create schema if not exists ${PEER_SCHEMA}`);
    await sql.unsafe(`create or replace view ${PEER_SCHEMA}.t05_latest as
      select distinct on (${KEY.map((c) => `f.${c}`).join(", ")}) ${KEY.map((c) => `f.${c}`).join(", ")},
        f.indicator, f.round_id, f.obs_value, f.obs_status
      from public.fact_t05 f
      where f.round_id = any(array(select r.id from public.collection_rounds r where ${publicRoundSql("r")}))
      order by ${KEY.map((c) => `f.${c}`).join(", ")}, f.round_id desc`);
  } finally {
    await sql.end();
  }
}

/**
 * PostGraphile 4 needs graphql 15 while the API uses 16, so npm installs graphql 15 twice (under `postgraphile` and
 * under `graphile-build-pg`); two copies of graphql fail its `instanceof` checks ("Unexpected input type"). In the
 * peer's process every `graphql` import of PostGraphile's packages resolves to the one copy under `postgraphile`.
 */
function oneGraphqlForPostgraphile(): void {
  const require = createRequire(import.meta.url);
  const own = dirname(require.resolve("postgraphile/package.json"));
  const graphql = createRequire(`${own}${sep}package.json`);
  const theirs =
    /[\\/]node_modules[\\/](postgraphile|postgraphile-core|postgraphile-plugin-connection-filter|graphile-build|graphile-build-pg|graphile-utils|graphql-parse-resolve-info)[\\/]/;
  const hooked = Module as unknown as {
    _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
  };
  const original = hooked._resolveFilename.bind(Module);
  let inside = false;
  hooked._resolveFilename = (request, parent, ...rest) => {
    if (!inside && (request === "graphql" || request.startsWith("graphql/")) && parent?.filename && theirs.test(parent.filename)) {
      inside = true;
      try {
        return graphql.resolve(request);
      } finally {
        inside = false;
      }
    }
    return original(request, parent, ...rest);
  };
}

/** Serves PostGraphile on a free port (as its docs advise for production: no query log, no GraphiQL). */
export async function servePeer(url: string): Promise<number> {
  oneGraphqlForPostgraphile();
  const { postgraphile } = await import("postgraphile");
  const { default: ConnectionFilterPlugin } = await import("postgraphile-plugin-connection-filter");
  // A connection string: PostGraphile makes its own pool (10 connections, as the API's).
  const middleware = postgraphile(url, PEER_SCHEMA, {
    appendPlugins: [ConnectionFilterPlugin],
    graphqlRoute: "/graphql",
    graphiql: false,
    disableQueryLog: true,
    watchPg: false,
    retryOnInitFail: false,
    enableQueryBatching: false,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
  });
  const server = createServer(middleware);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** PostGraphile's `filter` argument for the same cells as an engine filter over table 5. */
export function peerFilter(f: {
  refArea?: string[];
  sex?: string[];
  migrantStatus?: string[];
  economicActivity?: string[];
  timeFrom?: number;
  timeTo?: number;
}): string {
  const parts: string[] = [];
  const list = (field: string, values?: string[]) => values && parts.push(`${field}: { in: ${JSON.stringify(values)} }`);
  list("refArea", f.refArea);
  list("sex", f.sex);
  list("migrantStatus", f.migrantStatus);
  list("economicActivity", f.economicActivity);
  const time: string[] = [];
  if (f.timeFrom !== undefined) time.push(`greaterThanOrEqualTo: ${f.timeFrom}`);
  if (f.timeTo !== undefined) time.push(`lessThanOrEqualTo: ${f.timeTo}`);
  if (time.length > 0) parts.push(`time: { ${time.join(", ")} }`);
  return `{ ${parts.join(", ")} }`;
}

/** Order of the peer's pages: the cell key, as the engine's stable order. */
export const PEER_ORDER = `[${KEY.map((c) => `${c.toUpperCase()}_ASC`).join(", ")}]`;
