/** The regions applied to the warehouse and the active one (`ILMS_REGION`), read through the engine. */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { listRegions, requireRegion } from "@ilms/query";
import type { RegionRecord } from "@ilms/query";
import type { Context } from "../../context";
import { logoUrl } from "../../http/branding";
import { labelFor } from "../../http/lang-fallback";
import { Region, RegionBranding } from "./region.type";

function toRegion(r: RegionRecord, activeId: string): Region {
  const d = r.definition;
  return {
    id: r.id,
    active: r.id === activeId,
    group: r.groupCode,
    languages: d.languages,
    sdmxAgency: d.sdmxAgency,
    brandingName: d.branding.name,
    branding: {
      // A definition applied before names per language were kept has its one name.
      names: d.branding.names ?? { [d.languages[0]!]: d.branding.name },
      defaultLang: d.languages[0]!,
      regionId: r.id,
      logoUrl: logoUrl(r.id, d),
    },
    reportingCountries: d.reportingCountries,
    tables: d.tables,
    members: d.members,
    names: d.names,
  };
}

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, { description: "The active region (`ILMS_REGION`, default `asean`): languages, reporting countries, branding." })
  async region(@Ctx() ctx: Context): Promise<Region> {
    return toRegion(await requireRegion(ctx.db, ctx.region), ctx.region);
  }

  @Query(() => [Region], { description: "Every region applied to this warehouse (one country group each)." })
  async regions(@Ctx() ctx: Context): Promise<Region[]> {
    return (await listRegions(ctx.db)).map((r) => toRegion(r, ctx.region));
  }

  @FieldResolver(() => String, {
    description: "Name in the requested language (the region's default language when missing, reported in `extensions.langFallback`).",
  })
  name(@Root() region: Region, @Ctx() ctx: Context, @Arg("lang", () => String, { nullable: true }) lang?: string | null): string {
    return labelFor(ctx, region.names, lang ?? region.languages[0], `region ${region.id}`);
  }
}

@Resolver(() => RegionBranding)
export class RegionBrandingResolver {
  @FieldResolver(() => String, {
    description:
      "Name shown by the console (app bar, sign-in page, page title) and on the report's title page, in the requested language (the region's default language when the file gives none in it, reported in `extensions.langFallback`).",
  })
  name(@Root() branding: RegionBranding, @Ctx() ctx: Context, @Arg("lang", () => String, { nullable: true }) lang?: string | null): string {
    return labelFor(ctx, branding.names, lang ?? branding.defaultLang, `branding of region ${branding.regionId}`);
  }
}
