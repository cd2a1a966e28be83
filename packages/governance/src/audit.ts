/**
 * Writing the audit trail. Resolvers that change an entity record `before` and `after` in the same transaction
 * as the change; any other mutation gets a generic entry (its redacted arguments) from the schema guard, so
 * every mutation leaves a trace.
 *
 * Every write of every face (API, CLI, start-up) passes here, in its own transaction: so this is where a write
 * that may change what anonymous readers see signals it to the other processes (`signalDataChanged`, delivered
 * at commit; see `@ilms/db` changes.ts). Accounts, sessions, API keys and refusals change nothing they see.
 */
import { createHash } from "node:crypto";
import { signalDataChanged } from "@ilms/db/changes";
import type { Caller } from "./caller";

export interface Runner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /pass(word)?|secret|token|api_?key|key_?hash|hash/i;
const MAX_STRING = 2000;

/** Copies a value for the log: secrets become `[redacted]`, long texts (CSV uploads) their length and SHA-256. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") {
    return value.length > MAX_STRING
      ? { truncated: true, length: value.length, sha256: createHash("sha256").update(value).digest("hex"), head: value.slice(0, 200) }
      : value;
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "object" || depth > 6) return typeof value === "object" ? "[deep]" : value;
  if (Array.isArray(value))
    return value.length > 200
      ? { truncated: true, length: value.length, head: value.slice(0, 20).map((v) => redact(v, depth + 1)) }
      : value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "function") continue;
    out[k] = SECRET_KEYS.test(k) && v !== null && v !== undefined && typeof v !== "boolean" ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

/** Entities whose changes no anonymous answer shows (the trail of access, not of data). */
const PRIVATE_ENTITIES = new Set(["session", "user", "api_key"]);

/** Whether an audited write may change what anonymous readers see. */
export function changesPublicView(entry: Pick<AuditEntry, "action" | "entity">): boolean {
  return entry.action !== "denied" && !PRIVATE_ENTITIES.has(entry.entity);
}

/** Appends one entry as the caller (or as `system` when there is no request, e.g. the CLI). */
export async function recordAudit(runner: Runner, actor: Caller | null, entry: AuditEntry): Promise<void> {
  const user = actor?.user ?? null;
  const kind = user ? (user.apiKeyId ? "api_key" : "user") : actor ? "anonymous" : "system";
  await runner.query(
    `insert into audit_log (actor_kind, actor_id, actor_email, action, entity, entity_id, before, after, ip)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
    [
      kind,
      user?.apiKeyId ?? user?.id ?? null,
      user?.email ?? null,
      entry.action,
      entry.entity,
      entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      actor?.request?.ip ?? null,
    ],
  );
  if (changesPublicView(entry)) await signalDataChanged(runner, entry.action);
  if (actor?.mutation) actor.mutation.audited = true;
}
