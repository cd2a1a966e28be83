import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A dated membership of a region, with the note a file gives when only the year is known." })
export class RegionMember {
  @Field(() => String, { description: "ISO 3166-1 alpha-3 code." })
  country: string;

  @Field(() => String, { description: "First day of membership (ISO date; 1 January when only the year is known)." })
  validFrom: string;

  @Field(() => String, {
    nullable: true,
    description: "Last day of membership, inclusive (31 December when only the year is known); null while a member.",
  })
  validTo: string | null;

  @Field(() => String, { description: "`day` or `year`: how precisely the start is known." })
  fromPrecision: string;

  @Field(() => String, { nullable: true, description: "`day` or `year` for the end; null while a member." })
  toPrecision: string | null;

  @Field(() => String, { nullable: true, description: "What is known of a date given only to the year." })
  note: string | null;
}

@ObjectType({ description: "How the console and the reports present a region: its name and logo (`branding` of the region file)." })
export class RegionBranding {
  /** The name per language (`branding.name` of the file). */
  names: Record<string, string>;

  /** The region's default language, the name's fallback. */
  defaultLang: string;

  regionId: string;

  @Field(() => String, {
    nullable: true,
    description: "URL of the logo (`/branding/<region>/logo?v=<hash>`, served by the API), or null when the region file names none.",
  })
  logoUrl: string | null;
}

@ObjectType({ description: "A region the warehouse serves, as its definition file (`regions/<id>.yaml`) was last applied." })
export class Region {
  @Field(() => String, { description: "Region id, e.g. `asean`, `ecowas`." })
  id: string;

  @Field(() => Boolean, { description: "Whether this is the active region (`ILMS_REGION`)." })
  active: boolean;

  @Field(() => String, { description: "Code of the region's country group (filters and roll-ups take it), e.g. `ECOWAS`." })
  group: string;

  @Field(() => [String], { description: "Languages of the region; the first is the default." })
  languages: string[];

  @Field(() => String, { description: "SDMX agency id of the region's structures." })
  sdmxAgency: string;

  @Field(() => String, { description: "Name shown by the console and reports (`branding.name`; see `branding`)." })
  brandingName: string;

  @Field(() => RegionBranding, { description: "Name and logo shown by the console and the reports." })
  branding: RegionBranding;

  @Field(() => [String], { description: "Reporting countries (ISO alpha-3)." })
  reportingCountries: string[];

  @Field(() => [Int], { description: "Catalogue tables the region collects." })
  tables: number[];

  @Field(() => [RegionMember], { description: "Members with their dated memberships." })
  members: RegionMember[];

  names: Record<string, string>;
}
