/** Process entry: read the environment, prepare the database, serve. */
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ensureSetupToken } from "@ilms/governance/setup";
import { pruneAuthRecords } from "@ilms/governance/throttle";
import { authConfig, loadJwtSecret } from "@ilms/governance/tokens";
import { FolderLockedError, openDb, readLock } from "@ilms/db";
import { createApp } from "./app";
import { TrustedDocumentsError } from "./plugins/trusted-documents";
import { cliCommand } from "./cli-hint";
import { createResponseCache, invalidateResponseCache } from "./http/response-cache";
import { prepareDatabase } from "./bootstrap";
import { getSchema } from "./schema";
import { EnvError, readEnv } from "./env";
import { configureLog } from "./observability";

/** Milliseconds since the process started, per start-up phase: logged once serving, so a slow start says where. */
const phases: [string, number][] = [["modules", performance.now()]];
const mark = (name: string) => phases.push([name, performance.now()]);
// While starting, the event loop must never run out of work: when it does (PGlite's start resolves through V8 tasks,
// not libuv handles), Node waits in `DrainTasks` for every background task, among them V8 optimising PGlite's
// WebAssembly, which the start does not need (nodejs/node#36616): 0.2-1.9 s of main thread blocked per wait,
// measured. A timer keeps the loop alive until the server listens; it never fires.
const startingTimer = setInterval(() => {}, 3_600_000);

const env = (() => {
  try {
    return readEnv();
  } catch (error) {
    // A refused environment is the operator's to fix: the message alone, naming each variable, and exit 1.
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
})();
// JSON lines (one object per event, with the request id) unless a person watches a development terminal.
const log = await configureLog({ level: env.LOG_LEVEL, pretty: process.stdout.isTTY === true && env.NODE_ENV !== "production" });
// The API owns its embedded folder and serves it on a socket to `ilms` commands run meanwhile; their writes
// may change what anonymous readers see, so each of their statements or transactions ends with the response
// caches dropped, before the API's next query.
const opening = openDb({
  url: env.DATABASE_URL,
  replicaUrls: env.DATABASE_REPLICA_URLS.split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  replicaMaxLagSeconds: env.ILMS_REPLICA_MAX_LAG,
  preparedStatements: env.DATABASE_PREPARED_STATEMENTS === "true",
  dataDir: env.ILMS_DATA_DIR,
  share: {
    afterExchange: () => void invalidateResponseCache().catch((error: unknown) => log.error({ err: error }, "cache invalidation failed")),
  },
}).catch((error: unknown) => {
  if (!(error instanceof FolderLockedError)) throw error;
  log.fatal(error.message);
  process.exit(1);
});
// The GraphQL schema is built (on this thread) while PGlite compiles its WebAssembly (on V8's background
// threads) and reads its folder; a schema that fails to build fails createApp below with its own error.
getSchema().catch(() => {});
const db = await opening;
mark("database open");
const report = await prepareDatabase(db, { demoData: env.ILMS_DEMO_DATA === "true", region: env.ILMS_REGION });
for (const line of report) log.info(line);
mark("migrations, seed and region");
// Outside production a missing ILMS_JWT_SECRET is generated once and kept in the data folder, so tokens survive
// restarts; one that earlier versions kept beside the folder is moved in.
const jwt = loadJwtSecret({
  fromEnv: env.ILMS_JWT_SECRET,
  production: env.NODE_ENV === "production",
  file: join(resolve(env.ILMS_DATA_DIR), "jwt-secret"),
  legacyFile: join(dirname(resolve(env.ILMS_DATA_DIR)), "jwt-secret"),
});
if (!env.ILMS_JWT_SECRET) log.info(`Access tokens signed with the key in ${jwt.origin}; set ILMS_JWT_SECRET in production.`);
await pruneAuthRecords(db);
// Daily clean-up of old login attempts and sessions; unref'd so it never keeps the process alive.
setInterval(
  () => void pruneAuthRecords(db).catch((error: unknown) => log.error({ err: error }, "pruning auth records failed")),
  24 * 3600 * 1000,
).unref();
// The setup token is one message, so a log collector keeps it whole.
const setup = await ensureSetupToken(db, { cli: cliCommand(env) });
if (setup.length > 0) log.info(setup.join("\n"));

mark("auth records and setup token");
const defaultConsole = fileURLToPath(new URL("../../console/dist", import.meta.url));
const consoleDir = env.ILMS_CONSOLE_DIR ?? (existsSync(defaultConsole) ? defaultConsole : undefined);
const app = await createApp({
  db,
  mark,
  region: env.ILMS_REGION,
  consoleDir,
  auth: authConfig(jwt.secret),
  trustProxy: env.ILMS_TRUST_PROXY === "true",
  responseCache: createResponseCache({ redisUrl: env.REDIS_URL }),
  corsOrigins: env.CORS_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  limits: { maxCost: env.ILMS_MAX_COST },
  maxTokens: env.ILMS_MAX_TOKENS,
  admission: {
    heavyCost: env.ILMS_HEAVY_COST,
    maxInFlight: env.ILMS_MAX_HEAVY,
    maxQueue: env.ILMS_HEAVY_QUEUE,
    queueTimeoutMs: env.ILMS_HEAVY_QUEUE_MS,
  },
  rateLimit: env.ILMS_RATE_LIMIT > 0 ? { requests: env.ILMS_RATE_LIMIT, windowMs: 60_000 } : null,
  requestTimeoutMs: env.ILMS_REQUEST_TIMEOUT_MS,
  statementTimeoutMs: env.ILMS_REQUEST_TIMEOUT_MS,
  maxResponseBytes: env.ILMS_MAX_RESPONSE_BYTES,
  metricsToken: env.METRICS_TOKEN,
  readAfterWriteMs: env.ILMS_READ_AFTER_WRITE_MS,
  ...(env.ILMS_TRUSTED_DOCUMENTS
    ? { trustedDocuments: { file: env.ILMS_TRUSTED_DOCUMENTS, enforcement: env.ILMS_TRUSTED_DOCUMENTS_ENFORCE } }
    : {}),
}).catch((error: unknown) => {
  // A manifest the operator must fix: its message alone (file, entry, reason), and exit 1.
  if (!(error instanceof TrustedDocumentsError)) throw error;
  log.fatal(error.message);
  process.exit(1);
});
mark("routes");
const url = await app.listen(env.PORT, env.HOST);
mark("listening");
clearInterval(startingTimer);
log.info(
  `Started in ${Math.round(performance.now())} ms: ${phases.map(([name, at], i) => `${name} ${Math.round(at - (phases[i - 1]?.[1] ?? 0))}`).join(", ")}`,
);
log.info(`ILMS Warehouse API on ${url}/graphql (${db.driver === "pglite" ? `embedded PGlite in ${env.ILMS_DATA_DIR}` : "PostgreSQL"})`);
if (consoleDir) log.info(`Admin console on ${url}/`);
const socket = db.driver === "pglite" ? readLock(env.ILMS_DATA_DIR)?.socket : undefined;
if (socket)
  log.info(`ilms commands run meanwhile reach this database through ${"path" in socket ? socket.path : `${socket.host}:${socket.port}`}`);

if (db.replicas)
  console.log(
    `Read replicas: ${db.replicas
      .status()
      .map((r) => `${r.url} (${r.healthy ? "healthy" : r.reason})`)
      .join(", ")}`,
  );

// Graceful stop: requests in flight finish (an import commits or rolls back), new ones are answered 503, kept-alive
// connections close; then the database is closed and the process exits 0. A second signal ends it at once.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: finishing requests in flight (up to ${env.ILMS_SHUTDOWN_GRACE_SECONDS} s), refusing new ones`);
  try {
    await app.shutdown(env.ILMS_SHUTDOWN_GRACE_SECONDS * 1000);
    await db.close();
  } catch (error) {
    console.error("shutdown failed", error);
    process.exit(1);
  }
  console.log("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
