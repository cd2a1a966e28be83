/** Accounts and API keys (administrators only) over GraphQL; the rules and the SQL are `@ilms/governance/users` and `/api-keys`. */
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { createApiKey, listApiKeys, revokeApiKey } from "@ilms/governance/api-keys";
import { createUser, deactivateUser, getUser, listUsers, updateUser } from "@ilms/governance/users";
import type { Context } from "../../context";
import { User, toUser } from "../auth/auth.type";
import { ApiKeyCreateInput, UserCreateInput, UserUpdateInput } from "./user.input";
import { ApiKey, CreatedApiKey, toApiKey } from "./user.type";

@Resolver()
export class UserResolver {
  @Query(() => [User], { description: "All accounts, active first (administrators only)." })
  async users(@Ctx() ctx: Context): Promise<User[]> {
    return (await listUsers(ctx.db, ctx)).map(toUser);
  }

  @Query(() => User, { nullable: true, description: "One account (administrators only)." })
  async user(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<User | null> {
    const row = await getUser(ctx.db, ctx, id);
    return row ? toUser(row) : null;
  }

  @Mutation(() => User, { description: "Creates an account." })
  async createUser(@Arg("input", () => UserCreateInput) input: UserCreateInput, @Ctx() ctx: Context): Promise<User> {
    const row = await createUser(ctx.db, ctx, {
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      countries: input.countries ?? [],
      password: input.password,
    });
    return toUser(row);
  }

  @Mutation(() => User, { description: "Changes an account's name, role, countries, password or active flag." })
  async updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UserUpdateInput) input: UserUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return toUser(await updateUser(ctx.db, ctx, id, input));
  }

  @Mutation(() => User, { description: "Deactivates an account (it stays in the audit trail) and ends its sessions." })
  async deleteUser(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<User> {
    return toUser(await deactivateUser(ctx.db, ctx, id));
  }

  @Query(() => [ApiKey], { description: "All API keys, newest first (administrators only)." })
  async apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    return (await listApiKeys(ctx.db, ctx)).map(toApiKey);
  }

  @Mutation(() => CreatedApiKey, { description: "Creates an API key and returns its secret once (only a hash is stored)." })
  async createApiKey(@Arg("input", () => ApiKeyCreateInput) input: ApiKeyCreateInput, @Ctx() ctx: Context): Promise<CreatedApiKey> {
    const { key, row } = await createApiKey(ctx.db, ctx, input);
    return { key, apiKey: toApiKey(row) };
  }

  @Mutation(() => ApiKey, { description: "Revokes an API key: it stops working at once." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    return toApiKey(await revokeApiKey(ctx.db, ctx, id));
  }
}
