/** Login, token refresh, logout, the current caller and the first-admin set-up. */
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { findUser, hasActiveAdmin } from "@ilms/governance/accounts";
import { changeOwnPassword, login, logout, refresh, setOwnLanguage } from "@ilms/governance/sessions";
import type { IssuedSession } from "@ilms/governance/sessions";
import { setupAdmin } from "@ilms/governance/setup";
import type { Context } from "../../context";
import { AuthPayload, RoleName, User, toUser } from "./auth.type";

function payload(s: IssuedSession): AuthPayload {
  return { accessToken: s.accessToken, refreshToken: s.refreshToken, expiresAt: s.expiresAt, user: toUser(s.user) };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Logs in with email and password. Failed attempts are throttled per email and per address." })
  async login(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return payload(await login(ctx, email, password));
  }

  @Mutation(() => AuthPayload, {
    description: "Exchanges a refresh token for a new access token and a new refresh token (the old one stops working).",
  })
  async refreshToken(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return payload(await refresh(ctx, refreshToken));
  }

  @Mutation(() => Boolean, {
    description: "Ends the session of the refresh token given (or the caller's current session): its tokens stop working at once.",
  })
  logout(@Arg("refreshToken", () => String, { nullable: true }) refreshToken: string | undefined, @Ctx() ctx: Context): Promise<boolean> {
    return logout(ctx, refreshToken);
  }

  @Mutation(() => AuthPayload, {
    description: "Creates the first administrator with the one-time setup token printed on first start. Refused once an admin exists.",
  })
  async setupAdmin(
    @Arg("token", () => String, { description: "The setup token from the server log." }) token: string,
    @Arg("email", () => String) email: string,
    @Arg("password", () => String, { description: "At least 12 characters." }) password: string,
    @Arg("name", () => String, { nullable: true }) name: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return payload(await setupAdmin(ctx, { token, email, password, name: name ?? null }));
  }

  @Mutation(() => Boolean, {
    description: "Changes the caller's own password (the current one is required); every other session of the account ends.",
  })
  changePassword(
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String, { description: "At least 12 characters." }) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return changeOwnPassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => User, {
    description:
      "Remembers the caller's console language on their account (null forgets it): the console reads it at login, in any browser.",
  })
  async setMyLanguage(
    @Arg("lang", () => String, { nullable: true, description: "A language code such as `fr`; null to forget." }) lang: string | null,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return toUser(await setOwnLanguage(ctx, lang ?? null));
  }

  @Query(() => User, {
    nullable: true,
    description: "The caller's account; null for anonymous callers. API keys appear with their role and scope.",
  })
  async me(@Ctx() ctx: Context): Promise<User | null> {
    const u = ctx.user;
    if (!u) return null;
    if (u.apiKeyId)
      return {
        id: u.apiKeyId,
        email: u.email,
        name: null,
        role: u.role as RoleName,
        countries: u.countries,
        active: true,
        lastLoginAt: null,
        lang: null,
        createdAt: new Date(0),
      };
    const row = await findUser(ctx.db, u.id);
    return row ? toUser(row) : null;
  }

  @Query(() => Boolean, { description: "True while no administrator exists: the console then offers the set-up screen." })
  async setupRequired(@Ctx() ctx: Context): Promise<boolean> {
    return !(await hasActiveAdmin(ctx.db));
  }
}
