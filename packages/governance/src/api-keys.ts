/**
 * API keys for machine clients (administrators manage them): created with a secret shown once (only its
 * SHA-256 is stored), acting as viewer, reviewer or a country-scoped editor, never as admin; revoked at once.
 */
import { randomBytes } from "node:crypto";
import type { DbHandle } from "@ilms/db";
import { checkCountries, checkRole } from "./accounts";
import type { Runner } from "./audit";
import { recordAudit } from "./audit";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { authorize } from "./permissions";
import { randomToken, sha256 } from "./tokens";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  countries: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const KEY_COLUMNS = "id, name, prefix, role, countries, expires_at, last_used_at, revoked_at, created_at";

/** All API keys, newest first. */
export async function listApiKeys(db: Runner, caller: Caller | null): Promise<ApiKeyRow[]> {
  if (caller) authorize(caller, "apiKeys.manage");
  return db.query<ApiKeyRow>(`select ${KEY_COLUMNS} from api_keys order by created_at desc`);
}

export interface NewApiKey {
  name: string;
  role: string;
  countries?: readonly string[] | null;
  expiresAt?: Date | null;
}

/** Creates a key; returns the full key (`ilms_<prefix>_<secret>`, shown once) and its record. */
export async function createApiKey(db: DbHandle, caller: Caller | null, input: NewApiKey): Promise<{ key: string; row: ApiKeyRow }> {
  const admin = caller ? authorize(caller, "apiKeys.manage") : null;
  const role = checkRole(input.role);
  if (role === "admin")
    throw new GovernanceError(GovernanceCode.BadUserInput, "API keys cannot be administrators; use viewer, editor or reviewer", {
      field: "role",
    });
  const name = input.name.trim();
  if (!name || name.length > 200)
    throw new GovernanceError(GovernanceCode.BadUserInput, "An API key needs a name of 1 to 200 characters", { field: "name" });
  return db.transaction(async (tx) => {
    const countries = await checkCountries(tx, role, input.countries ?? []);
    const prefix = randomBytes(6).toString("hex");
    const secret = randomToken();
    const [row] = await tx.query<ApiKeyRow>(
      `insert into api_keys (name, prefix, key_hash, role, countries, created_by, expires_at) values ($1, $2, $3, $4, $5::text[], $6, $7) returning ${KEY_COLUMNS}`,
      [
        name,
        prefix,
        sha256(secret),
        role,
        countries,
        admin && !admin.apiKeyId ? admin.id : null,
        input.expiresAt ? input.expiresAt.toISOString() : null,
      ],
    );
    await recordAudit(tx, caller, { action: "createApiKey", entity: "api_key", entityId: row!.id, after: row });
    return { key: `ilms_${prefix}_${secret}`, row: row! };
  });
}

/** Revokes a key: it stops working at once. Idempotent. */
export async function revokeApiKey(db: DbHandle, caller: Caller | null, id: string): Promise<ApiKeyRow> {
  if (caller) authorize(caller, "apiKeys.manage");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new GovernanceError(GovernanceCode.NotFound, `No API key with id ${JSON.stringify(id)}`);
  return db.transaction(async (tx) => {
    const [before] = await tx.query<ApiKeyRow>(`select ${KEY_COLUMNS} from api_keys where id = $1 for update`, [id]);
    if (!before) throw new GovernanceError(GovernanceCode.NotFound, `No API key with id ${JSON.stringify(id)}`);
    const [after] = await tx.query<ApiKeyRow>(
      `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${KEY_COLUMNS}`,
      [id],
    );
    await recordAudit(tx, caller, { action: "revokeApiKey", entity: "api_key", entityId: id, before, after });
    return after!;
  });
}
