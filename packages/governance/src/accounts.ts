/**
 * Accounts: creating and changing users (shared by the GraphQL resolvers, the setup token and the CLI), with the
 * rules the database cannot say alone (known country codes, password length, the last active admin).
 */
import type { DbHandle } from "@ilms/db";
import { ROLES } from "@ilms/db/schema";
import type { Role } from "@ilms/db/schema";
import { GovernanceCode, GovernanceError } from "./errors";
import type { Runner } from "./audit";
import { hashPassword, passwordProblem } from "./passwords";

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  countries: string[];
  active: boolean;
  last_login_at: Date | null;
  /** The console language the person chose; null: not chosen (the browser's, or English). */
  lang: string | null;
  created_at: Date;
  updated_at: Date;
}

export const USER_COLUMNS = "id, email, name, role, countries, active, last_login_at, lang, created_at, updated_at";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !EMAIL.test(e))
    throw new GovernanceError(GovernanceCode.BadUserInput, `Not an email address: ${JSON.stringify(email.slice(0, 100))}`, {
      field: "email",
    });
  return e;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new GovernanceError(GovernanceCode.BadUserInput, `Unknown role ${JSON.stringify(role)}; one of ${ROLES.join(", ")}`, {
      field: "role",
    });
  return role as Role;
}

/** Upper-cases, de-duplicates and checks country codes against the AREA code list; only editors have any. */
export async function checkCountries(db: Runner, role: Role, countries: readonly string[] | undefined): Promise<string[]> {
  const list = [...new Set((countries ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  if (role !== "editor") {
    if (list.length > 0)
      throw new GovernanceError(GovernanceCode.BadUserInput, `Only editors are scoped to countries; a ${role} has none`, {
        field: "countries",
      });
    return [];
  }
  if (list.length === 0)
    throw new GovernanceError(GovernanceCode.BadUserInput, "An editor needs at least one reporting country", { field: "countries" });
  const known = await db.query<{ code: string }>("select code from codes where codelist_id = 'AREA' and code = any($1::text[])", [list]);
  const missing = list.filter((c) => !known.some((k) => k.code === c));
  if (missing.length)
    throw new GovernanceError(GovernanceCode.BadUserInput, `Unknown country code(s): ${missing.join(", ")} (ISO 3166-1 alpha-3 expected)`, {
      field: "countries",
    });
  return list;
}

export interface NewUser {
  email: string;
  name?: string | null;
  role: string;
  countries?: readonly string[];
  password: string;
}

/** Inserts a user; refuses a taken email, a short password, unknown countries. Returns the row. */
export async function insertUser(db: Runner, input: NewUser): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  const role = checkRole(input.role);
  const countries = await checkCountries(db, role, input.countries);
  const problem = passwordProblem(input.password);
  if (problem) throw new GovernanceError(GovernanceCode.BadUserInput, problem, { field: "password" });
  const [taken] = await db.query("select 1 from users where email = $1", [email]);
  if (taken) throw new GovernanceError(GovernanceCode.BadUserInput, `A user with email ${email} already exists`, { field: "email" });
  const [row] = await db.query<UserRow>(
    `insert into users (email, name, role, countries, password_hash) values ($1, $2, $3, $4::text[], $5) returning ${USER_COLUMNS}`,
    [email, input.name?.trim() || null, role, countries, await hashPassword(input.password)],
  );
  return row!;
}

export async function findUser(db: Runner, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [id]);
  return row;
}

/** Whether an active administrator exists (decides whether the setup token is offered). */
export async function hasActiveAdmin(db: Pick<DbHandle, "query">): Promise<boolean> {
  const [row] = await db.query("select 1 from users where role = 'admin' and active limit 1");
  return row !== undefined;
}
