/** Administration of country groups and their dated memberships through `@ilms/governance/groups`. */
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, Resolver, Root } from "type-graphql";
import { addGroupMember, createGroup, endGroupMember, updateGroup } from "@ilms/governance/groups";
import type { Context } from "../../context";
import { Label } from "../codelists/codelist.type";
import { CountryGroup } from "../countries/country.type";
import { LabelInput } from "./label.input";

@InputType({ description: "Fields of a country group; on update, fields left out keep their value." })
export class CountryGroupFields {
  @Field(() => String, { nullable: true, description: "ILOSTAT aggregate area for the group, e.g. `X84`." })
  ilostatCode?: string | null;

  @Field(() => String, { nullable: true, description: "What the group is." })
  description?: string;

  @Field(() => [LabelInput], { nullable: true, description: "Names (replaces the whole set; English required)." })
  labels?: LabelInput[];
}

@InputType({ description: "A new country group." })
export class CountryGroupCreateInput extends CountryGroupFields {
  @Field(() => String, { description: "Group code in capitals, e.g. `ASEAN`." })
  code: string;
}

@Resolver(() => CountryGroup)
export class CountryGroupAdminResolver {
  @FieldResolver(() => [Label], { description: "The name in every language it has (what the console edits)." })
  labels(@Root() group: CountryGroup): Label[] {
    return Object.entries(group.labels).map(([lang, text]) => ({ lang, text }));
  }

  @Mutation(() => CountryGroup, { description: "Adds a country group." })
  createCountryGroup(
    @Arg("input", () => CountryGroupCreateInput) input: CountryGroupCreateInput,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    return createGroup(ctx.db, ctx, input);
  }

  @Mutation(() => CountryGroup, { description: "Changes a country group's names, description or ILOSTAT code." })
  updateCountryGroup(
    @Arg("code", () => String) code: string,
    @Arg("input", () => CountryGroupFields) input: CountryGroupFields,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    return updateGroup(ctx.db, ctx, code, input);
  }

  @Mutation(() => CountryGroup, {
    description: "Adds a membership: `country` belongs to the group from `validFrom` (to `validTo`, inclusive, when given).",
  })
  addGroupMember(
    @Arg("group", () => String) group: string,
    @Arg("country", () => String) country: string,
    @Arg("validFrom", () => String) validFrom: string,
    @Arg("validTo", () => String, { nullable: true }) validTo: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    return addGroupMember(ctx.db, ctx, { group, country, validFrom, validTo });
  }

  @Mutation(() => CountryGroup, {
    description: "Ends (with `validTo`) or, without it, removes the membership of `country` that starts on `validFrom`.",
  })
  endGroupMember(
    @Arg("group", () => String) group: string,
    @Arg("country", () => String) country: string,
    @Arg("validFrom", () => String) validFrom: string,
    @Arg("validTo", () => String, { nullable: true }) validTo: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    return endGroupMember(ctx.db, ctx, { group, country, validFrom, validTo });
  }
}
