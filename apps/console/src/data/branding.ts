/**
 * The active region (`region { group reportingCountries branding { name logoUrl } }`, from its region file):
 * the name the app bar, the sign-in page and the page title show, in the console's language, the logo the API
 * serves, and the country group and reporting countries the pickers start on. Read without credentials (the
 * sign-in page shows it); null when the warehouse has no region applied, and the console then keeps its own
 * name.
 */
import { graphql } from "./graphql";
import type { ResultOf } from "./graphql";
import { post } from "./transport";

const Branding = graphql(`
  query Branding($lang: String) {
    region {
      id
      group
      reportingCountries
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
