import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { UserRow } from "@ilms/governance/accounts";

export enum RoleName {
  admin = "admin",
  editor = "editor",
  reviewer = "reviewer",
  viewer = "viewer",
}

registerEnumType(RoleName, {
  name: "Role",
  description: "What an account may do.",
  valuesConfig: {
    admin: { description: "Everything: accounts, API keys, code lists, rounds, the audit log." },
    editor: { description: "Imports data and edits observations and source metadata for its reporting countries only; edits note texts." },
    reviewer: { description: "Validates and publishes collection rounds (or sends them back)." },
    viewer: { description: "Reads unpublished (draft and embargoed) data." },
  },
});

@ObjectType({ description: "An account of a person who curates the warehouse." })
export class User {
  @Field(() => ID, { description: "Stable identifier." })
  id: string;

  @Field(() => String, { description: "Login email (lower-case)." })
  email: string;

  @Field(() => String, { nullable: true, description: "Display name." })
  name: string | null;

  @Field(() => RoleName, { description: "The account's role." })
  role: RoleName;

  @Field(() => [String], { description: "Reporting countries (ISO alpha-3) an editor may change; empty for other roles." })
  countries: string[];

  @Field(() => Boolean, { description: "False once deactivated: the account can no longer log in." })
  active: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: "Last successful login." })
  lastLoginAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The console language the person chose (`fr`), remembered on the account so it follows them to another browser; null when not chosen.",
  })
  lang: string | null;

  @Field(() => DateTimeResolver, { description: "When the account was created." })
  createdAt: Date;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as RoleName,
    countries: row.countries ?? [],
    active: row.active,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : null,
    lang: row.lang ?? null,
    createdAt: new Date(row.created_at),
  };
}

@ObjectType({ description: "Tokens returned by login, refresh and set-up." })
export class AuthPayload {
  @Field(() => String, { description: "Short-lived access token: send it as `Authorization: Bearer <token>`." })
  accessToken: string;

  @Field(() => String, {
    description: "Long-lived refresh token: exchange it with `refreshToken` before `expiresAt`; it is rotated on each use.",
  })
  refreshToken: string;

  @Field(() => DateTimeResolver, { description: "When the access token expires." })
  expiresAt: Date;

  @Field(() => User, { description: "The account logged in." })
  user: User;
}
