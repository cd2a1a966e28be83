/** Codes of a list: browse by level, parent or text; show with where the code is in use; create, edit, delete. */
import { changed, dataOf, labelsInput, op, pick, splitId } from "../grammar";
import type { Grammar, Row } from "../grammar";
import { graphql } from "../graphql";
import type { ResultOf, VariablesOf } from "../graphql";

const CodeFields = graphql(`
  fragment CodeFields on Code {
    codelistId
    code
    parentCode
    family
    level
    sortOrder
    label
    labels {
      lang
      text
    }
    childCount: children {
      code
    }
  }
`);

const List = graphql(
  `
    query Codes($list: ID!, $parent: String, $roots: Boolean, $search: String, $level: String) {
      codelist(id: $list) {
        codes(parent: $parent, roots: $roots, search: $search, level: $level) {
          ...CodeFields
        }
      }
    }
  `,
  [CodeFields],
);
// `usedBy`/`usedIn` only here: they probe every fact table, fine for one code, too much for a list.
const One = graphql(
  `
    query Code($list: ID!, $code: String!) {
      code(codelist: $list, code: $code) {
        ...CodeFields
        usedBy
        usedIn
      }
    }
  `,
  [CodeFields],
);
const Create = graphql(
  `
    mutation CreateCode($input: CodeCreateInput!) {
      createCode(input: $input) {
        ...CodeFields
      }
    }
  `,
  [CodeFields],
);
const Update = graphql(
  `
    mutation UpdateCode($list: String!, $code: String!, $input: CodeFields!) {
      updateCode(codelist: $list, code: $code, input: $input) {
        ...CodeFields
      }
    }
  `,
  [CodeFields],
);
const Delete = graphql(`
  mutation DeleteCode($list: String!, $code: String!) {
    deleteCode(codelist: $list, code: $code) {
      codelistId
      code
    }
  }
`);

/** A code with the number of its children instead of their list. */
const codeRecord = <C extends ResultOf<typeof CodeFields>>(c: C) => ({ ...c, childCount: c.childCount.length });

const codeOf = (p: { id?: unknown; previousData?: Row }): [string, string] =>
  p.previousData?.codelistId ? [String(p.previousData.codelistId), String(p.previousData.code)] : splitId(String(p.id), "/");

export const codes: Grammar = {
  key: (r) => `${String(r.codelistId)}/${String(r.code)}`,
  serverFilters: ["codelistId", "parentCode", "roots", "level"],
  list: op(
    List,
    // Arguments left out rather than sent as null: the API reads a null `level` as "level is null".
    (p) =>
      Object.fromEntries(
        Object.entries({
          list: p.filter?.codelistId ?? "ISIC4",
          parent: p.filter?.parentCode,
          roots: p.filter?.roots,
          search: p.filter?.q,
          level: p.filter?.level,
        }).filter(([, v]) => v !== undefined && v !== null && v !== ""),
      ) as VariablesOf<typeof List>,
    (d) => (d.codelist?.codes ?? []).map(codeRecord),
  ),
  one: op(
    One,
    (p) => {
      const [list, code] = splitId(p.id, "/");
      return { list, code };
    },
    (d) => d.code && codeRecord(d.code),
  ),
  create: op(
    Create,
    (p) => ({
      input: {
        ...pick(dataOf(p), ["codelistId", "code", "parentCode", "family", "level", "sortOrder"]),
        labels: labelsInput(dataOf(p).labels) ?? [],
      } as VariablesOf<typeof Create>["input"],
    }),
    (d) => codeRecord(d.createCode),
  ),
  update: op(
    Update,
    (p) => {
      const [list, code] = codeOf(p);
      const input = { ...changed(p, ["parentCode", "family", "level", "sortOrder"]), labels: labelsInput(dataOf(p).labels) };
      return { list, code, input: input as VariablesOf<typeof Update>["input"] };
    },
    (d) => codeRecord(d.updateCode),
  ),
  delete: op(
    Delete,
    (p) => {
      const [list, code] = codeOf(p);
      return { list, code };
    },
    (d) => d.deleteCode,
  ),
};
