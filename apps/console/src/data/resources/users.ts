/** User accounts (administrators only). */
import { changed, dataOf, noVariables, op, pick } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { VariablesOf } from "../graphql";

const UserFields = graphql(`
  fragment UserFields on User {
    id
    email
    name
    role
    countries
    active
    lastLoginAt
    createdAt
  }
`);

const List = graphql(
  `
    query Users {
      users {
        ...UserFields
      }
    }
  `,
  [UserFields],
);
const One = graphql(
  `
    query User($id: ID!) {
      user(id: $id) {
        ...UserFields
      }
    }
  `,
  [UserFields],
);
const Create = graphql(
  `
    mutation CreateUser($input: UserCreateInput!) {
      createUser(input: $input) {
        ...UserFields
      }
    }
  `,
  [UserFields],
);
const Update = graphql(
  `
    mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {
      updateUser(id: $id, input: $input) {
        ...UserFields
      }
    }
  `,
  [UserFields],
);
const Delete = graphql(
  `
    mutation DeleteUser($id: ID!) {
      deleteUser(id: $id) {
        ...UserFields
      }
    }
  `,
  [UserFields],
);

export const users: Grammar = {
  key: (r) => String(r.id),
  list: op(List, noVariables, (d) => d.users),
  one: op(
    One,
    (p) => ({ id: String(p.id) }),
    (d) => d.user,
  ),
  create: op(
    Create,
    (p) => ({ input: pick(dataOf(p), ["email", "name", "role", "countries", "password"]) as VariablesOf<typeof Create>["input"] }),
    (d) => d.createUser,
  ),
  update: op(
    Update,
    (p) => ({
      id: String(p.id),
      input: changed(p, ["name", "role", "countries", "active", "password"]) as VariablesOf<typeof Update>["input"],
    }),
    (d) => d.updateUser,
  ),
  delete: op(
    Delete,
    (p) => ({ id: String(p.id) }),
    (d) => d.deleteUser,
  ),
};
