/** Country groups (ASEAN...) with their dated memberships; members are added and ended by extra verbs. */
import { dataOf, labelsInput, op, pick } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf, VariablesOf } from "../graphql";
import { dataLanguage, langVariables } from "../language";

export const GroupFields = graphql(`
  fragment GroupFields on CountryGroup {
    code
    ilostatCode
    description
    name(lang: $lang)
    labels {
      lang
      text
    }
    members {
      country {
        code
        name(lang: $lang)
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
    query CountryGroups($lang: String) {
      countryGroups {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);
const Create = graphql(
  `
    mutation CreateCountryGroup($input: CountryGroupCreateInput!, $lang: String) {
      createCountryGroup(input: $input) {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);
const Update = graphql(
  `
    mutation UpdateCountryGroup($code: String!, $input: CountryGroupFields!, $lang: String) {
      updateCountryGroup(code: $code, input: $input) {
        ...GroupFields
      }
    }
  `,
  [GroupFields],
);

export const countryGroups: Grammar = {
  key: (r) => String(r.code),
  list: op(List, langVariables, (d) => d.countryGroups),
  one: op(List, langVariables, (d, p) => d.countryGroups.find((g) => g.code === p.id)),
  create: op(
    Create,
    (p) => ({
      lang: dataLanguage(),
      input: { ...pick(dataOf(p), ["code", "ilostatCode", "description"]), labels: labelsInput(dataOf(p).labels) } as VariablesOf<
        typeof Create
      >["input"],
    }),
    (d) => d.createCountryGroup,
  ),
  update: op(
    Update,
    (p) => ({
      lang: dataLanguage(),
      code: String(p.id),
      input: { ...pick(dataOf(p), ["ilostatCode", "description"]), labels: labelsInput(dataOf(p).labels) } as VariablesOf<
        typeof Update
      >["input"],
    }),
    (d) => d.updateCountryGroup,
  ),
};
