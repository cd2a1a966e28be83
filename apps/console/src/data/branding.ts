/**
 * The active region's branding (`region { branding { name logoUrl } }`, from its region file): the name the app
 * bar, the sign-in page and the page title show, in the console's language, and the logo the API serves. Read
 * without credentials (the sign-in page shows it); null when the warehouse has no region applied, and the
 * console then keeps its own name.
 */
import { graphql } from "./graphql";
import type { ResultOf } from "./graphql";
import { post } from "./transport";

const Branding = graphql(`
  query Branding($lang: String) {
    region {
      id
      group
      branding {
        name(lang: $lang)
        logoUrl
      }
    }
  }
`);

export type RegionBranding = ResultOf<typeof Branding>["region"];

export async function fetchBranding(lang: string): Promise<RegionBranding | null> {
  try {
    return (await post(Branding, { lang }, null)).region;
  } catch {
    return null;
  }
}
