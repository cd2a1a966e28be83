/** Countries (read-only, from the AREA code list). */
import { op } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import { langVariables } from "../language";

const List = graphql(`
  query Countries($lang: String) {
    countries {
      code
      alpha2
      numeric
      name(lang: $lang)
    }
  }
`);

export const countries: Grammar = {
  key: (r) => String(r.code),
  list: op(List, langVariables, (d) => d.countries),
  one: op(List, langVariables, (d, p) => d.countries.find((c) => c.code === p.id)),
};
