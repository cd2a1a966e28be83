/** The catalogue's tables (read-only). */
import { op } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf } from "../graphql";
import { dataLanguage, langVariables } from "../language";

const TableFields = graphql(`
  fragment TableFields on IlmsTable {
    id
    key
    module
    moduleTitle
    title(lang: $lang)
    description(lang: $lang)
    measure
    unit
    additive
    dimensions {
      key
      title(lang: $lang)
      description(lang: $lang)
      codelistId
      families
      counterpart
    }
    indicators {
      id
      title(lang: $lang)
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
    query Tables($lang: String) {
      tables {
        ...TableFields
      }
    }
  `,
  [TableFields],
);
const One = graphql(
  `
    query Table($id: Int!, $lang: String) {
      table(id: $id) {
        ...TableFields
      }
    }
  `,
  [TableFields],
);

export const tables: Grammar = {
  key: (r) => Number(r.id),
  list: op(List, langVariables, (d) => d.tables),
  one: op(
    One,
    (p) => ({ id: Number(p.id), lang: dataLanguage() }),
    (d) => d.table,
  ),
};
