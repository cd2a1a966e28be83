import { DateTimeResolver } from "graphql-scalars";
import { Field, InputType } from "type-graphql";
import { RoleName } from "../auth/auth.type";

@InputType({ description: "A new account." })
export class UserCreateInput {
  @Field(() => String, { description: "Login email; unique, compared case-insensitively." })
  email: string;

  @Field(() => String, { nullable: true, description: "Display name." })
  name?: string | null;

  @Field(() => RoleName, { description: "The account's role." })
  role: RoleName;

  @Field(() => [String], { nullable: true, description: "Reporting countries (ISO alpha-3) for an editor; must be empty for other roles." })
  countries?: string[] | null;

  @Field(() => String, { description: "Initial password, at least 12 characters (stored as an argon2id hash)." })
  password: string;
}

@InputType({ description: "Changes to an account; fields left out keep their value." })
export class UserUpdateInput {
  @Field(() => String, { nullable: true, description: "Display name." })
  name?: string | null;

  @Field(() => RoleName, { nullable: true, description: "New role." })
  role?: RoleName | null;

  @Field(() => [String], { nullable: true, description: "New country scope (editors)." })
  countries?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "False deactivates the account and ends its sessions; true reactivates it." })
  active?: boolean | null;

  @Field(() => String, { nullable: true, description: "New password (ends the account's sessions)." })
  password?: string | null;
}

@InputType({ description: "A new API key for a machine client." })
export class ApiKeyCreateInput {
  @Field(() => String, { description: "What the key is for, e.g. `dashboard-ingest`." })
  name: string;

  @Field(() => RoleName, {
    description: "Role the key acts with: viewer (read-only, drafts included), editor (scoped to countries) or reviewer. Never admin.",
  })
  role: RoleName;

  @Field(() => [String], { nullable: true, description: "Country scope for an editor key." })
  countries?: string[] | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the key stops working; never when left out." })
  expiresAt?: Date | null;
}
