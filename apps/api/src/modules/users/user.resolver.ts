/** Accounts and API keys (administrators only). Accounts are deactivated rather than deleted, so the audit trail keeps its actors. */
import { randomBytes } from "node:crypto";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { USER_COLUMNS, checkCountries, checkRole, findUser, insertUser } from "@ilms/governance/accounts";
import type { UserRow } from "@ilms/governance/accounts";
import { recordAudit } from "@ilms/governance/audit";
import type { Runner } from "@ilms/governance/audit";
import { hashPassword, passwordProblem } from "@ilms/governance/passwords";
import { authorize } from "@ilms/governance/permissions";
import { revokeUserSessions } from "@ilms/governance/sessions";
import { randomToken, sha256 } from "@ilms/governance/tokens";
import type { Context } from "../../context";
import { ErrorCode, UserError } from "../../errors";
import { User, toUser } from "../auth/auth.type";
import { ApiKeyCreateInput, UserCreateInput, UserUpdateInput } from "./user.input";
import { ApiKey, CreatedApiKey, toApiKey } from "./user.type";
import type { ApiKeyRow } from "./user.type";

const KEY_COLUMNS = "id, name, prefix, role, countries, expires_at, last_used_at, revoked_at, created_at";

async function lockUser(tx: Runner, id: string): Promise<UserRow> {
  const found = await findUser(tx, id);
  if (!found) throw new UserError(ErrorCode.NotFound, `No user with id ${JSON.stringify(id)}`);
  const [row] = await tx.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1 for update`, [id]);
  return row!;
}

/** Refuses a change that would leave no active administrator (nobody could manage accounts any more). */
async function keepAnAdmin(tx: Runner, userId: string): Promise<void> {
  const [row] = await tx.query<{ n: number }>("select count(*)::int as n from users where role = 'admin' and active and id <> $1", [
    userId,
  ]);
  if ((row?.n ?? 0) === 0) throw new UserError(ErrorCode.BadUserInput, "This is the last active administrator; create another admin first");
}

@Resolver()
export class UserResolver {
  @Query(() => [User], { description: "All accounts, active first (administrators only)." })
  async users(@Ctx() ctx: Context): Promise<User[]> {
    authorize(ctx, "users.manage");
    const rows = await ctx.db.query<UserRow>(`select ${USER_COLUMNS} from users order by active desc, email`);
    return rows.map(toUser);
  }

  @Query(() => User, { nullable: true, description: "One account (administrators only)." })
  async user(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<User | null> {
    authorize(ctx, "users.manage");
    const row = await findUser(ctx.db, id);
    return row ? toUser(row) : null;
  }

  @Mutation(() => User, { description: "Creates an account." })
  async createUser(@Arg("input", () => UserCreateInput) input: UserCreateInput, @Ctx() ctx: Context): Promise<User> {
    authorize(ctx, "users.manage");
    return ctx.db.transaction(async (tx) => {
      const row = await insertUser(tx, {
        email: input.email,
        name: input.name ?? null,
        role: input.role,
        countries: input.countries ?? [],
        password: input.password,
      });
      await recordAudit(tx, ctx, { action: "createUser", entity: "user", entityId: row.id, after: row });
      return toUser(row);
    });
  }

  @Mutation(() => User, { description: "Changes an account's name, role, countries, password or active flag." })
  async updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UserUpdateInput) input: UserUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    authorize(ctx, "users.manage");
    return ctx.db.transaction(async (tx) => {
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
        if (problem) throw new UserError(ErrorCode.BadUserInput, problem, { field: "password" });
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
      await recordAudit(tx, ctx, {
        action: "updateUser",
        entity: "user",
        entityId: id,
        before,
        after: { ...after, ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return toUser(after!);
    });
  }

  @Mutation(() => User, { description: "Deactivates an account (it stays in the audit trail) and ends its sessions." })
  async deleteUser(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<User> {
    authorize(ctx, "users.manage");
    return ctx.db.transaction(async (tx) => {
      const before = await lockUser(tx, id);
      if (before.role === "admin" && before.active) await keepAnAdmin(tx, id);
      const [after] = await tx.query<UserRow>(
        `update users set active = false, updated_at = now() where id = $1 returning ${USER_COLUMNS}`,
        [id],
      );
      await revokeUserSessions(tx, id);
      await recordAudit(tx, ctx, { action: "deleteUser", entity: "user", entityId: id, before, after });
      return toUser(after!);
    });
  }

  @Query(() => [ApiKey], { description: "All API keys, newest first (administrators only)." })
  async apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    authorize(ctx, "apiKeys.manage");
    const rows = await ctx.db.query<ApiKeyRow>(`select ${KEY_COLUMNS} from api_keys order by created_at desc`);
    return rows.map(toApiKey);
  }

  @Mutation(() => CreatedApiKey, { description: "Creates an API key and returns its secret once (only a hash is stored)." })
  async createApiKey(@Arg("input", () => ApiKeyCreateInput) input: ApiKeyCreateInput, @Ctx() ctx: Context): Promise<CreatedApiKey> {
    const admin = authorize(ctx, "apiKeys.manage");
    const role = checkRole(input.role);
    if (role === "admin")
      throw new UserError(ErrorCode.BadUserInput, "API keys cannot be administrators; use viewer, editor or reviewer", { field: "role" });
    const name = input.name.trim();
    if (!name || name.length > 200)
      throw new UserError(ErrorCode.BadUserInput, "An API key needs a name of 1 to 200 characters", { field: "name" });
    return ctx.db.transaction(async (tx) => {
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
          admin.apiKeyId ? null : admin.id,
          input.expiresAt ? input.expiresAt.toISOString() : null,
        ],
      );
      await recordAudit(tx, ctx, { action: "createApiKey", entity: "api_key", entityId: row!.id, after: row });
      return { key: `ilms_${prefix}_${secret}`, apiKey: toApiKey(row!) };
    });
  }

  @Mutation(() => ApiKey, { description: "Revokes an API key: it stops working at once." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    authorize(ctx, "apiKeys.manage");
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UserError(ErrorCode.NotFound, `No API key with id ${JSON.stringify(id)}`);
    return ctx.db.transaction(async (tx) => {
      const [before] = await tx.query<ApiKeyRow>(`select ${KEY_COLUMNS} from api_keys where id = $1 for update`, [id]);
      if (!before) throw new UserError(ErrorCode.NotFound, `No API key with id ${JSON.stringify(id)}`);
      const [after] = await tx.query<ApiKeyRow>(
        `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${KEY_COLUMNS}`,
        [id],
      );
      await recordAudit(tx, ctx, { action: "revokeApiKey", entity: "api_key", entityId: id, before, after });
      return toApiKey(after!);
    });
  }
}
