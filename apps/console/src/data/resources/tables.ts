/** The catalogue's tables (read-only). */
import { noVariables, op } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf } from "../graphql";

const TableFields = graphql(`
  fragment TableFields on IlmsTable {
    id
    key
    module
    moduleTitle
    title
    description
    measure
    unit
    additive
    dimensions {
      key
      title
      description
      codelistId
      families
      counterpart
    }
    indicators {
      id
      title
      fixed {
        dimension
        code
      }
      classif1 {
        dimension
        prefix
      }
      classif2 {
        dimension
        prefix
      }
    }
  }
`);

/** A table of the catalogue with its dimensions and indicators. */
export type IlmsTable = ResultOf<typeof TableFields>;

const List = graphql(
  `
    query Tables {
      tables {
        ...TableFields
      }
    }
  `,
  [TableFields],
);
const One = graphql(
  `
    query Table($id: Int!) {
      table(id: $id) {
        ...TableFields
      }
    }
  `,
  [TableFields],
);

export const tables: Grammar = {
  key: (r) => Number(r.id),
  list: op(List, noVariables, (d) => d.tables),
  one: op(
    One,
    (p) => ({ id: Number(p.id) }),
    (d) => d.table,
  ),
};
