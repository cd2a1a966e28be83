import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export const ROLES = ["admin", "editor", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * People who curate the warehouse. Passwords are argon2id hashes (PHC strings); there is no default password:
 * the first admin comes from the CLI or the one-time setup token. `countries` scopes an editor (ISO alpha-3
 * reporting countries) and is empty for the other roles. Accounts are deactivated, never deleted, so the audit
 * log keeps pointing at someone.
 */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull().unique(),
    name: text(),
    role: text().$type<Role>().notNull(),
    countries: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    passwordHash: text(),
    active: boolean().notNull().default(true),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** The console language the person chose (`fr`), read at login so it follows them; null: not chosen. */
    lang: text(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_role", sql`${t.role} in ('admin', 'editor', 'reviewer', 'viewer')`),
    // Emails are compared case-insensitively; storing them lower-cased lets the plain unique index enforce it.
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_editor_countries", sql`${t.role} = 'editor' or cardinality(${t.countries}) = 0`),
    check("users_lang", sql`${t.lang} is null or ${t.lang} ~ '^[a-z]{2,3}$'`),
  ],
);

/**
 * Login sessions: one per login, holding the hash of the current refresh token. Access tokens carry the
 * session id, so revoking the session (logout, deactivation) ends them at once. A refresh token that was
 * already rotated and comes back is a stolen copy: `previous_token_hash` lets the server detect it and revoke.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    refreshTokenHash: text().notNull().unique(),
    previousTokenHash: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId), index().on(t.previousTokenHash)],
);

/**
 * Keys for machines. Only the SHA-256 of the secret part is stored (the key is 256 random bits, so a slow hash
 * adds nothing); `prefix` finds the row. A key acts with its own role (never admin) and country scope.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    prefix: text().notNull().unique(),
    keyHash: text().notNull(),
    role: text().$type<Exclude<Role, "admin">>().notNull(),
    countries: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: uuid().references(() => users.id),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("api_keys_role", sql`${t.role} in ('editor', 'reviewer', 'viewer')`),
    check("api_keys_editor_countries", sql`${t.role} = 'editor' or cardinality(${t.countries}) = 0`),
  ],
);

/** The one-time token printed on first start while no admin exists; only its hash is kept. */
export const setupTokens = pgTable("setup_tokens", {
  id: uuid().primaryKey().defaultRandom(),
  tokenHash: text().notNull().unique(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Login attempts, kept in the database (not process memory) so that throttling holds across every API process
 * behind a balancer.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text(),
    success: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at), index().on(t.ip, t.at)],
);

/**
 * The audit trail: who did what, when, with the entity's state before and after. Append-only: a trigger
 * (migration `audit_append_only`) refuses UPDATE, DELETE and TRUNCATE, so not even the API's own database
 * role can rewrite history.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `user`, `api_key`, `system` (CLI, start-up) or `anonymous` (setup, failed login). */
    actorKind: text().notNull(),
    actorId: uuid(),
    actorEmail: text(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
  },
  (t) => [
    check("audit_log_actor_kind", sql`${t.actorKind} in ('user', 'api_key', 'system', 'anonymous')`),
    index().on(t.at),
    index().on(t.actorId, t.at),
    index().on(t.entity, t.entityId),
    index().on(t.action),
  ],
);

export type DbUser = typeof users.$inferSelect;
export type DbSession = typeof sessions.$inferSelect;
export type DbApiKey = typeof apiKeys.$inferSelect;
export type DbAuditEntry = typeof auditLog.$inferSelect;
