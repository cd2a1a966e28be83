/** Code lists: list, show, create and relabel. */
import { dataOf, labelsInput, noVariables, op } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { VariablesOf } from "../graphql";

const CodelistFields = graphql(`
  fragment CodelistFields on Codelist {
    id
    kind
    title
    description
    codeCount
    labels {
      lang
      text
    }
  }
`);

const List = graphql(
  `
    query Codelists {
      codelists {
        ...CodelistFields
      }
    }
  `,
  [CodelistFields],
);
const One = graphql(
  `
    query Codelist($id: ID!) {
      codelist(id: $id) {
        ...CodelistFields
        levels {
          level
          count
        }
      }
    }
  `,
  [CodelistFields],
);
const Create = graphql(
  `
    mutation CreateCodelist($input: CodelistCreateInput!) {
      createCodelist(input: $input) {
        ...CodelistFields
      }
    }
  `,
  [CodelistFields],
);
const Update = graphql(
  `
    mutation UpdateCodelist($id: String!, $input: CodelistUpdateInput!) {
      updateCodelist(id: $id, input: $input) {
        ...CodelistFields
      }
    }
  `,
  [CodelistFields],
);

type CreateInput = VariablesOf<typeof Create>["input"];

export const codelists: Grammar = {
  key: (r) => String(r.id),
  list: op(List, noVariables, (d) => d.codelists),
  one: op(
    One,
    (p) => ({ id: String(p.id) }),
    (d) => d.codelist,
  ),
  create: op(
    Create,
    (p) => {
      const data = dataOf(p);
      const input = { id: data.id, kind: data.kind, description: data.description ?? "", labels: labelsInput(data.labels) ?? [] };
      return { input: input as CreateInput };
    },
    (d) => d.createCodelist,
  ),
  update: op(
    Update,
    (p) => ({
      id: String(p.id),
      input: { description: (dataOf(p).description as string | null) ?? null, labels: labelsInput(dataOf(p).labels) },
    }),
    (d) => d.updateCodelist,
  ),
};
