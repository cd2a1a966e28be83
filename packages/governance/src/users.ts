/**
 * Account administration (administrators only; `caller` null is the local administrator, i.e. the CLI):
 * listing, creating, changing and deactivating users, each change in one transaction with its audit entry.
 * Accounts are deactivated rather than deleted, so the audit trail keeps its actors; the last active
 * administrator cannot be removed.
 */
import type { DbHandle } from "@ilms/db";
import { USER_COLUMNS, checkCountries, checkRole, findUser, insertUser, normaliseEmail } from "./accounts";
import type { NewUser, UserRow } from "./accounts";
import { recordAudit } from "./audit";
import type { Runner } from "./audit";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";
import { hashPassword, passwordProblem } from "./passwords";
import { authorize } from "./permissions";
import { revokeUserSessions } from "./sessions";

async function lockUser(tx: Runner, id: string): Promise<UserRow> {
  const found = await findUser(tx, id);
  if (!found) throw new GovernanceError(GovernanceCode.NotFound, `No user with id ${JSON.stringify(id)}`);
  const [row] = await tx.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1 for update`, [id]);
  return row!;
}

/** Refuses a change that would leave no active administrator (nobody could manage accounts any more). */
async function keepAnAdmin(tx: Runner, userId: string): Promise<void> {
  const [row] = await tx.query<{ n: number }>("select count(*)::int as n from users where role = 'admin' and active and id <> $1", [
    userId,
  ]);
  if ((row?.n ?? 0) === 0)
    throw new GovernanceError(GovernanceCode.BadUserInput, "This is the last active administrator; create another admin first");
}

/** All accounts, active first. */
export async function listUsers(db: Runner, caller: Caller | null): Promise<UserRow[]> {
  if (caller) authorize(caller, "users.manage");
  return db.query<UserRow>(`select ${USER_COLUMNS} from users order by active desc, email`);
}

/** One account by id. */
export async function getUser(db: Runner, caller: Caller | null, id: string): Promise<UserRow | undefined> {
  if (caller) authorize(caller, "users.manage");
  return findUser(db, id);
}

/** The id of the account with this email (any case), or undefined. */
export async function userIdByEmail(db: Runner, email: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>("select id from users where email = $1", [normaliseEmail(email)]);
  return row?.id;
}

/** Creates an account. */
export async function createUser(db: DbHandle, caller: Caller | null, input: NewUser): Promise<UserRow> {
  if (caller) authorize(caller, "users.manage");
  return db.transaction(async (tx) => {
    const row = await insertUser(tx, input);
    await recordAudit(tx, caller, { action: "createUser", entity: "user", entityId: row.id, after: row });
    return row;
  });
}

export interface UserChanges {
  name?: string | null;
  role?: string | null;
  countries?: readonly string[] | null;
  active?: boolean | null;
  password?: string | null;
}

/**
 * Changes an account's name, role, countries, password or active flag. A deactivated account or a changed
 * password ends the account's sessions at once. `action` names the audit entry (`updateUser`; the CLI's
 * `setPassword`).
 */
export async function updateUser(
  db: DbHandle,
  caller: Caller | null,
  id: string,
  input: UserChanges,
  action = "updateUser",
): Promise<UserRow> {
  if (caller) authorize(caller, "users.manage");
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    const role = input.role != null ? checkRole(input.role) : before.role;
    const countries =
      input.countries != null || role !== before.role
        ? await checkCountries(tx, role, input.countries ?? (role === "editor" ? before.countries : []))
        : before.countries;
    const active = input.active ?? before.active;
    if (before.role === "admin" && before.active && (role !== "admin" || !active)) await keepAnAdmin(tx, id);
    let passwordHash: string | null = null;
    if (input.password != null) {
      const problem = passwordProblem(input.password);
      if (problem) throw new GovernanceError(GovernanceCode.BadUserInput, problem, { field: "password" });
      passwordHash = await hashPassword(input.password);
    }
    const name = input.name !== undefined ? input.name?.trim() || null : before.name;
    const [after] = await tx.query<UserRow>(
      `update users set name = $2, role = $3, countries = $4::text[], active = $5, password_hash = coalesce($6, password_hash), updated_at = now()
        where id = $1 returning ${USER_COLUMNS}`,
      [id, name, role, countries, active, passwordHash],
    );
    // A deactivated account or a changed password must not keep working through tokens issued earlier.
    if (!active || passwordHash) await revokeUserSessions(tx, id);
    await recordAudit(tx, caller, {
      action,
      entity: "user",
      entityId: id,
      before,
      after: { ...after, ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    return after!;
  });
}

/** Deactivates an account (it stays in the audit trail) and ends its sessions. */
export async function deactivateUser(db: DbHandle, caller: Caller | null, id: string): Promise<UserRow> {
  if (caller) authorize(caller, "users.manage");
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (before.role === "admin" && before.active) await keepAnAdmin(tx, id);
    const [after] = await tx.query<UserRow>(`update users set active = false, updated_at = now() where id = $1 returning ${USER_COLUMNS}`, [
      id,
    ]);
    await revokeUserSessions(tx, id);
    await recordAudit(tx, caller, { action: "deleteUser", entity: "user", entityId: id, before, after });
    return after!;
  });
}
