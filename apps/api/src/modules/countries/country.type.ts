import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "A country (ISO 3166-1) that can report or be a counterpart." })
export class Country {
  @Field(() => String, { description: "ISO 3166-1 alpha-3 code, as ILOSTAT's `ref_area`." })
  code: string;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 code." })
  alpha2: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 numeric code." })
  numeric: string | null;

  labels: Record<string, string>;
}

@ObjectType({ description: "A country's membership of a group for a period." })
export class Membership {
  @Field(() => Country, { description: "The member." })
  country: Country;

  @Field(() => String, { description: "First day of membership (ISO date)." })
  validFrom: string;

  @Field(() => String, { nullable: true, description: "Last day of membership (ISO date); null while a member." })
  validTo: string | null;
}

@ObjectType({ description: "A group of countries (ASEAN) whose membership changes over time." })
export class CountryGroup {
  @Field(() => String, { description: "Group code, e.g. `ASEAN`." })
  code: string;

  @Field(() => String, { nullable: true, description: "The ILOSTAT aggregate area for the group, e.g. `X84`." })
  ilostatCode: string | null;

  @Field(() => String, { description: "What the group is." })
  description: string;

  labels: Record<string, string>;
}
