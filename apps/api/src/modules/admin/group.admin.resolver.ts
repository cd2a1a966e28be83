/** Administration of country groups and their dated memberships (membership is data: TLS joins ASEAN in 2025). */
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, Resolver, Root } from "type-graphql";
import { listGroups } from "@ilms/query";
import type { Context } from "../../context";
import { Label } from "../codelists/codelist.type";
import { CountryGroup } from "../countries/country.type";
import { LabelInput } from "./label.input";
import { bad, labelsFrom, notFound, requireCode, requireDate, requireText } from "./validate";

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

async function loadGroup(ctx: Context, code: string): Promise<CountryGroup | undefined> {
  return (await listGroups(ctx.db)).find((g) => g.code === code);
}

function names(labels: LabelInput[]): Record<string, string> {
  const out = labelsFrom("labels", labels);
  if (!out.en) bad("labels", "an English name (`en`) is required");
  return out;
}

@Resolver(() => CountryGroup)
export class CountryGroupAdminResolver {
  @FieldResolver(() => [Label], { description: "The name in every language it has (what the console edits)." })
  labels(@Root() group: CountryGroup): Label[] {
    return Object.entries(group.labels).map(([lang, text]) => ({ lang, text }));
  }

  @Mutation(() => CountryGroup, { description: "Adds a country group." })
  async createCountryGroup(
    @Arg("input", () => CountryGroupCreateInput) input: CountryGroupCreateInput,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    const code = requireText("code", input.code, /^[A-Z][A-Z0-9_]{1,29}$/, "must be capitals, digits and underscores");
    const labels = names(input.labels ?? []);
    if (await loadGroup(ctx, code)) bad("code", `group ${code} already exists`);
    await ctx.db.query(`insert into country_groups (code, ilostat_code, labels, description) values ($1, $2, $3::jsonb, $4)`, [
      code,
      input.ilostatCode ?? null,
      JSON.stringify(labels),
      input.description?.trim() ?? "",
    ]);
    return (await loadGroup(ctx, code))!;
  }

  @Mutation(() => CountryGroup, { description: "Changes a country group's names, description or ILOSTAT code." })
  async updateCountryGroup(
    @Arg("code", () => String) code: string,
    @Arg("input", () => CountryGroupFields) input: CountryGroupFields,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    const old = await loadGroup(ctx, code);
    if (!old) notFound(`Country group ${code}`);
    await ctx.db.query(`update country_groups set ilostat_code = $2, labels = $3::jsonb, description = $4 where code = $1`, [
      code,
      input.ilostatCode === undefined ? old.ilostatCode : input.ilostatCode,
      JSON.stringify(input.labels ? names(input.labels) : old.labels),
      input.description?.trim() ?? old.description,
    ]);
    return (await loadGroup(ctx, code))!;
  }

  @Mutation(() => CountryGroup, {
    description: "Adds a membership: `country` belongs to the group from `validFrom` (to `validTo`, inclusive, when given).",
  })
  async addGroupMember(
    @Arg("group", () => String) group: string,
    @Arg("country", () => String) country: string,
    @Arg("validFrom", () => String) validFrom: string,
    @Arg("validTo", () => String, { nullable: true }) validTo: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    const g = await loadGroup(ctx, group);
    if (!g) notFound(`Country group ${group}`);
    await requireCode(ctx.db, "country", "AREA", country);
    requireDate("validFrom", validFrom);
    if (validTo != null) {
      requireDate("validTo", validTo);
      if (validTo < validFrom) bad("validTo", `${validTo} is before validFrom ${validFrom}`);
    }
    const overlap = await ctx.db.query(
      `select 1 from country_group_members where group_code = $1 and country = $2
         and valid_from <= coalesce($4::date, 'infinity'::date) and coalesce(valid_to, 'infinity'::date) >= $3::date`,
      [group, country, validFrom, validTo ?? null],
    );
    if (overlap.length > 0) bad("validFrom", `${country} is already a member of ${group} during part of that period`);
    await ctx.db.query(`insert into country_group_members (group_code, country, valid_from, valid_to) values ($1, $2, $3, $4)`, [
      group,
      country,
      validFrom,
      validTo ?? null,
    ]);
    return g;
  }

  @Mutation(() => CountryGroup, {
    description: "Ends (with `validTo`) or, without it, removes the membership of `country` that starts on `validFrom`.",
  })
  async endGroupMember(
    @Arg("group", () => String) group: string,
    @Arg("country", () => String) country: string,
    @Arg("validFrom", () => String) validFrom: string,
    @Arg("validTo", () => String, { nullable: true }) validTo: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<CountryGroup> {
    const g = await loadGroup(ctx, group);
    if (!g) notFound(`Country group ${group}`);
    requireDate("validFrom", validFrom);
    const [m] = await ctx.db.query(`select 1 from country_group_members where group_code = $1 and country = $2 and valid_from = $3::date`, [
      group,
      country,
      validFrom,
    ]);
    if (!m) notFound(`Membership of ${country} in ${group} from ${validFrom}`);
    if (validTo == null) {
      await ctx.db.query(`delete from country_group_members where group_code = $1 and country = $2 and valid_from = $3::date`, [
        group,
        country,
        validFrom,
      ]);
    } else {
      requireDate("validTo", validTo);
      if (validTo < validFrom) bad("validTo", `${validTo} is before validFrom ${validFrom}`);
      await ctx.db.query(
        `update country_group_members set valid_to = $4::date where group_code = $1 and country = $2 and valid_from = $3::date`,
        [group, country, validFrom, validTo],
      );
    }
    return g;
  }
}
