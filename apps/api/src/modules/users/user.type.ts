import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import type { ApiKeyRow } from "@ilms/governance/api-keys";
import { RoleName } from "../auth/auth.type";

@ObjectType({ description: "An API key (its secret is shown only once, when created)." })
export class ApiKey {
  @Field(() => ID, { description: "Stable identifier." })
  id: string;

  @Field(() => String, { description: "What the key is for." })
  name: string;

  @Field(() => String, { description: "The key's public prefix (`ilms_<prefix>_…`), to recognise it in logs." })
  prefix: string;

  @Field(() => RoleName, { description: "Role the key acts with." })
  role: RoleName;

  @Field(() => [String], { description: "Country scope (editor keys)." })
  countries: string[];

  @Field(() => DateTimeResolver, { nullable: true, description: "Expiry, if any." })
  expiresAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Last use (to the minute)." })
  lastUsedAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "When it was revoked; null while valid." })
  revokedAt: Date | null;

  @Field(() => DateTimeResolver, { description: "When it was created." })
  createdAt: Date;
}

@ObjectType({ description: "A freshly created API key with its secret: store it now, it cannot be shown again." })
export class CreatedApiKey {
  @Field(() => String, { description: "The full key; send it as `X-API-Key: <key>`." })
  key: string;

  @Field(() => ApiKey, { description: "The key's record." })
  apiKey: ApiKey;
}

const date = (d: Date | null) => (d ? new Date(d) : null);

export function toApiKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role as RoleName,
    countries: r.countries ?? [],
    expiresAt: date(r.expires_at),
    lastUsedAt: date(r.last_used_at),
    revokedAt: date(r.revoked_at),
    createdAt: new Date(r.created_at),
  };
}
