/** Countries (read-only, from the AREA code list). */
import { noVariables, op } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";

const List = graphql(`
  query Countries {
    countries {
      code
      alpha2
      numeric
      name
    }
  }
`);

export const countries: Grammar = {
  key: (r) => String(r.code),
  list: op(List, noVariables, (d) => d.countries),
  one: op(List, noVariables, (d, p) => d.countries.find((c) => c.code === p.id)),
};
