/** Country groups (ASEAN...) with their dated memberships; members are added and ended by extra verbs. */
import { dataOf, labelsInput, noVariables, op, pick } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf, VariablesOf } from "../graphql";

export const GroupFields = graphql(`
  fragment GroupFields on CountryGroup {
    code
    ilostatCode
    description
    name
    labels {
      lang
      text
    }
    members {
      country {
        code
        name
      }
      validFrom
      validTo
    }
  }
`);

/** A country group with its dated memberships. */
export type CountryGroup = ResultOf<typeof GroupFields>;

const List = graphql(
  `
    query CountryGroups {
      countryGroups {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);
const Create = graphql(
  `
    mutation CreateCountryGroup($input: CountryGroupCreateInput!) {
      createCountryGroup(input: $input) {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);
const Update = graphql(
  `
    mutation UpdateCountryGroup($code: String!, $input: CountryGroupFields!) {
      updateCountryGroup(code: $code, input: $input) {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);

export const countryGroups: Grammar = {
  key: (r) => String(r.code),
  list: op(List, noVariables, (d) => d.countryGroups),
  one: op(List, noVariables, (d, p) => d.countryGroups.find((g) => g.code === p.id)),
  create: op(
    Create,
    (p) => ({
      input: { ...pick(dataOf(p), ["code", "ilostatCode", "description"]), labels: labelsInput(dataOf(p).labels) } as VariablesOf<
        typeof Create
      >["input"],
    }),
    (d) => d.createCountryGroup,
  ),
  update: op(
    Update,
    (p) => ({
      code: String(p.id),
      input: { ...pick(dataOf(p), ["ilostatCode", "description"]), labels: labelsInput(dataOf(p).labels) } as VariablesOf<
        typeof Update
      >["input"],
    }),
    (d) => d.updateCountryGroup,
  ),
};
