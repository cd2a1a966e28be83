/** Data sources with their quality fields. */
import { changed, dataOf, noVariables, op, pick } from "../grammar";
import type { Grammar } from "../grammar";
import { graphql } from "../graphql";
import type { VariablesOf } from "../graphql";

const SourceFields = graphql(`
  fragment SourceFields on DataSource {
    code
    refArea
    name
    sourceType
    agency
    geographicCoverage
    populationCoverage
    ageFloor
    irregularMigrantsCovered
    migrantBasis
    referencePeriod
    periodicity
    sampleSize
    coefficientOfVariation
    comparability
    comparabilityNote
    knownGaps
    seriesBreaks
    notes
    createdAt
    updatedAt
  }
`);

/** The fields of a source that a form may change. */
export const SOURCE_INPUT_KEYS = [
  "name",
  "sourceType",
  "agency",
  "geographicCoverage",
  "populationCoverage",
  "ageFloor",
  "irregularMigrantsCovered",
  "migrantBasis",
  "referencePeriod",
  "periodicity",
  "sampleSize",
  "coefficientOfVariation",
  "comparability",
  "comparabilityNote",
  "knownGaps",
  "seriesBreaks",
  "notes",
] as const;

const List = graphql(
  `
    query Sources {
      sources {
        ...SourceFields
      }
    }
  `,
  [SourceFields],
);
const One = graphql(
  `
    query Source($code: String!) {
      source(code: $code) {
        ...SourceFields
      }
    }
  `,
  [SourceFields],
);
const Create = graphql(
  `
    mutation CreateSource($input: DataSourceCreateInput!) {
      createSource(input: $input) {
        ...SourceFields
      }
    }
  `,
  [SourceFields],
);
const Update = graphql(
  `
    mutation UpdateSource($code: String!, $input: DataSourceFields!) {
      updateSource(code: $code, input: $input) {
        ...SourceFields
      }
    }
  `,
  [SourceFields],
);

export const sources: Grammar = {
  key: (r) => String(r.code),
  list: op(List, noVariables, (d) => d.sources),
  one: op(
    One,
    (p) => ({ code: String(p.id) }),
    (d) => d.source,
  ),
  create: op(
    Create,
    (p) => {
      const data = dataOf(p);
      return { input: { code: data.code, refArea: data.refArea, ...pick(data, SOURCE_INPUT_KEYS) } as VariablesOf<typeof Create>["input"] };
    },
    (d) => d.createSource,
  ),
  update: op(
    Update,
    (p) => ({ code: String(p.id), input: changed(p, SOURCE_INPUT_KEYS) as VariablesOf<typeof Update>["input"] }),
    (d) => d.updateSource,
  ),
};
