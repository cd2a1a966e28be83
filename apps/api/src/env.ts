/**
 * The only reader of `process.env` in the API: every setting, validated once, with its default.
 * `.env.example` at the repository root documents each one.
 */
import { z } from "zod";
import { DEFAULT_DATA_DIR } from "@ilms/db/client";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  /** PostgreSQL URL; when unset the embedded PGlite database is used. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Comma-separated PostgreSQL URLs of hot standbys (streaming replication) that serve read-only work; the
   * primary (`DATABASE_URL`) takes writes and the reads no healthy replica can take.
   */
  DATABASE_REPLICA_URLS: z.string().default(""),
  /**
   * `false` runs PostgreSQL reads as unnamed statements instead of named prepared ones, for a connection pooler in
   * transaction mode that does not track prepared statements (PgBouncer before 1.21).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),
  /** A replica further behind the primary than this many seconds is skipped until it catches up. */
  ILMS_REPLICA_MAX_LAG: z.coerce.number().min(0).default(5),
  /** For this long after a caller's own write (milliseconds), its reads go to the primary (read-after-write). */
  ILMS_READ_AFTER_WRITE_MS: z.coerce.number().int().min(0).default(5_000),
  /** Seconds in-flight requests get to finish on SIGTERM before the process closes what is left and exits. */
  ILMS_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(8),
  /** PGlite data folder (embedded mode). */
  ILMS_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  /** Comma-separated origins allowed by CORS; `*` for any (refused in production). Unset: the Vite dev origins (none in production). */
  CORS_ORIGINS: z.string().optional(),
  /** Redis URL for the shared response cache; in-memory when unset. */
  REDIS_URL: z.string().optional(),
  /**
   * The active region: a region already applied, or one shipped as `regions/<id>.yaml`, which is applied at
   * start when the warehouse does not have it yet (see docs/new-region.md).
   */
  ILMS_REGION: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,29}$/, "a region id such as asean or ecowas")
    .default("asean"),
  /** Load the shipped ILOSTAT sample on first start. Unset: `true` (`false` in production). */
  ILMS_DEMO_DATA: z.enum(["true", "false"]).optional(),
  /** Folder of the built console to serve at `/`; empty to serve none. */
  ILMS_CONSOLE_DIR: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * Signing key of access tokens (at least 32 characters). Required in production; in development it is generated
   * on first start and kept in `<ILMS_DATA_DIR>/jwt-secret`.
   */
  /** `true` when a reverse proxy that sets X-Forwarded-For is always in front (client address for throttling). */
  ILMS_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  ILMS_JWT_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)").optional(),
  /** Bearer token that opens `/metrics` to non-loopback scrapers; unset: `/metrics` answers loopback callers only. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 24`)").optional(),
  /** Log level of the JSON log (pino): fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest static cost of one operation (see apps/api/src/plugins/cost.ts). */
  ILMS_MAX_COST: z.coerce.number().int().min(1).default(100_000),
  /** Most lexical tokens in one GraphQL document. */
  ILMS_MAX_TOKENS: z.coerce.number().int().min(100).default(10_000),
  /** Static cost from which an operation is heavy, and how many heavy operations run at once / wait. */
  ILMS_HEAVY_COST: z.coerce.number().int().min(1).default(20_000),
  ILMS_MAX_HEAVY: z.coerce.number().int().min(1).default(1),
  ILMS_HEAVY_QUEUE: z.coerce.number().int().min(0).default(256),
  ILMS_HEAVY_QUEUE_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * A persisted-document allow-list (apps/api/src/plugins/trusted-documents.ts): an Apollo persisted query manifest
   * or a map of id to document. Callers send `documentId`; whom the list binds: anonymous callers, everyone, or
   * no one (the ids work, free-form queries too).
   */
  ILMS_TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  ILMS_TRUSTED_DOCUMENTS_ENFORCE: z.enum(["anonymous", "everyone", "off"]).default("anonymous"),
  /** GraphQL requests per minute from one address for anonymous callers; 0 for no limit. */
  ILMS_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** Deadline of a request (milliseconds); also the statement timeout of its reads on PostgreSQL. */
  ILMS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Largest answer sent, in bytes. */
  ILMS_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
});

/** The development origins of the Vite dev server, allowed by default outside production. */
const DEV_CORS_ORIGINS = "http://localhost:5173,http://127.0.0.1:5173";

export type Env = Omit<z.infer<typeof schema>, "CORS_ORIGINS" | "ILMS_DEMO_DATA"> & {
  CORS_ORIGINS: string;
  ILMS_DEMO_DATA: "true" | "false";
};

/**
 * What `NODE_ENV=production` refuses: the development conveniences that are unsafe on a server. Each entry names
 * the variable and what to set instead. (Development defaults that are merely unsuitable are not applied there:
 * no CORS origins and no demo data unless asked for.)
 */
function productionProblems(env: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if (!env.ILMS_JWT_SECRET)
    problems.push(
      "ILMS_JWT_SECRET: required when NODE_ENV=production (a generated key kept in the data folder is for development); set at least 32 random characters, e.g. `openssl rand -base64 48`",
    );
  else if (new Set(env.ILMS_JWT_SECRET).size < 10)
    problems.push("ILMS_JWT_SECRET: too few distinct characters for a signing key; set a random one, e.g. `openssl rand -base64 48`");
  const origins = (env.CORS_ORIGINS ?? "").split(",").map((s) => s.trim());
  if (origins.includes("*"))
    problems.push(
      "CORS_ORIGINS: `*` lets every web site call the API from its visitors' browsers; list the origins of your consoles (e.g. https://ilms.example.org), or leave it unset when the console is served by the API itself",
    );
  return problems;
}

/**
 * Parses an environment (by default the process's); throws a readable error naming each bad variable. With
 * `NODE_ENV=production` it also refuses the development defaults (see {@link productionProblems}).
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  if (production) {
    const problems = productionProblems(env);
    if (problems.length > 0) throw new EnvError(`Refusing to start with NODE_ENV=production:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return {
    ...env,
    CORS_ORIGINS: env.CORS_ORIGINS ?? (production ? "" : DEV_CORS_ORIGINS),
    ILMS_DEMO_DATA: env.ILMS_DEMO_DATA ?? (production ? "false" : "true"),
  };
}

/** A bad environment: the process entry prints the message alone (no stack) and exits 1. */
export class EnvError extends Error {
  override name = "EnvError";
}
