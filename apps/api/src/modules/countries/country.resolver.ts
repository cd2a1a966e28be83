import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { listCodes, listGroups } from "@ilms/query";
import { labelFor } from "../../http/lang-fallback";
import type { CodeRecord } from "@ilms/query";
import type { Context } from "../../context";
import { Country, CountryGroup, Membership } from "./country.type";

function toCountry(code: CodeRecord): Country {
  return { code: code.code, alpha2: code.attributes?.alpha2 ?? null, numeric: code.attributes?.numeric ?? null, labels: code.labels };
}

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => [Country], { description: "ISO 3166-1 countries, optionally only the members of a group on a date." })
  async countries(
    @Ctx() ctx: Context,
    @Arg("group", () => String, { nullable: true, description: "Only members of this group, e.g. `ASEAN`." }) group?: string,
    @Arg("at", () => String, { nullable: true, description: "With `group`: members on this ISO date (default today)." }) at?: string,
  ): Promise<Country[]> {
    const all = await listCodes(ctx.db, { codelistId: "AREA", level: "country" });
    if (!group) return all.map(toCountry);
    const members = await ctx.loaders.members.load(group);
    const day = at ?? new Date().toISOString().slice(0, 10);
    const inGroup = new Set(members.filter((m) => m.validFrom <= day && (m.validTo === null || m.validTo >= day)).map((m) => m.country));
    return all.filter((c) => inGroup.has(c.code)).map(toCountry);
  }

  @FieldResolver(() => String, { description: "Name in the requested language (English when missing)." })
  name(@Root() country: Country, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return labelFor(ctx, country.labels, lang, `country ${country.code}`);
  }
}

@Resolver(() => CountryGroup)
export class CountryGroupResolver {
  @Query(() => [CountryGroup], { description: "Country groups with their members over time." })
  countryGroups(@Ctx() ctx: Context): Promise<CountryGroup[]> {
    return listGroups(ctx.db);
  }

  @FieldResolver(() => String, { description: "Name in the requested language (English when missing)." })
  name(@Root() group: CountryGroup, @Arg("lang", () => String, { nullable: true }) lang: string | undefined, @Ctx() ctx: Context): string {
    return labelFor(ctx, group.labels, lang, `group ${group.code}`);
  }

  @FieldResolver(() => [Membership], { description: "Memberships, past and present; with `at`, only those valid on that ISO date." })
  async members(
    @Root() group: CountryGroup,
    @Ctx() ctx: Context,
    @Arg("at", () => String, { nullable: true }) at?: string,
  ): Promise<Membership[]> {
    const memberships = await ctx.loaders.members.load(group.code);
    const valid = at ? memberships.filter((m) => m.validFrom <= at && (m.validTo === null || m.validTo >= at)) : memberships;
    const codes = await ctx.loaders.code.loadMany(valid.map((m) => ({ codelistId: "AREA", code: m.country })));
    return valid.flatMap((m, i) => {
      const code = codes[i];
      return code && !(code instanceof Error) ? [{ country: toCountry(code), validFrom: m.validFrom, validTo: m.validTo }] : [];
    });
  }
}
