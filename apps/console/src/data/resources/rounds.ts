/** Collection rounds; their workflow steps are the extra verb `roundAction`. */
import { changed, dataOf, noVariables, op, pick } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { VariablesOf } from "../graphql";

export const RoundFields = graphql(`
  fragment RoundFields on Round {
    id
    code
    title
    referenceYear
    kind
    revisesRound
    status
    opensOn
    closesOn
    releaseAt
    publishedAt
    isPublic
    createdAt
  }
`);

const List = graphql(
  `
    query Rounds {
      rounds {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const One = graphql(
  `
    query Round($code: String!) {
      round(code: $code) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const Create = graphql(
  `
    mutation CreateRound($input: RoundCreateInput!) {
      createRound(input: $input) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const Update = graphql(
  `
    mutation UpdateRound($code: String!, $input: RoundUpdateInput!) {
      updateRound(code: $code, input: $input) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);

export const rounds: Grammar = {
  key: (r) => String(r.code),
  list: op(List, noVariables, (d) => d.rounds),
  one: op(
    One,
    (p) => ({ code: String(p.id) }),
    (d) => d.round,
  ),
  create: op(
    Create,
    (p) => ({
      input: pick(dataOf(p), ["code", "title", "referenceYear", "kind", "revisesRound", "opensOn", "closesOn"]) as VariablesOf<
        typeof Create
      >["input"],
    }),
    (d) => d.createRound,
  ),
  update: op(
    Update,
    (p) => ({
      code: String(p.id),
      input: changed(p, ["title", "referenceYear", "opensOn", "closesOn"]) as VariablesOf<typeof Update>["input"],
    }),
    (d) => d.updateRound,
  ),
};
