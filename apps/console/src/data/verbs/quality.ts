/** The quality map and the check findings stored against a country's cells. */
import { graphql } from "../graphql";
import type { ResultOf } from "../graphql";
import { request } from "../transport";

const QualityMap = graphql(`
  query QualityMap($countries: [String!]!, $tables: [Int!], $yearFrom: Int, $yearTo: Int) {
    qualityMap(countries: $countries, tables: $tables, yearFrom: $yearFrom, yearTo: $yearTo) {
      refArea
      table
      time
      completeness
      observations
      expectedCells
      reportedExpectedCells
      missingCells
      flaggedShare
      openFindings
      lastRoundCode
      bases
      comparability
      sources {
        code
        name
        sourceType
        comparability
        migrantBasis
      }
    }
  }
`);

const Findings = graphql(`
  query Findings($refArea: [String!], $table: Int, $timeFrom: Int, $timeTo: Int) {
    checkFindings(refArea: $refArea, table: $table, timeFrom: $timeFrom, timeTo: $timeTo) {
      time
      check
      message
      severity
      round
      sourceCode
    }
  }
`);

/** One country × table × year of the quality map, as the API computes it. */
export type QualityCell = ResultOf<typeof QualityMap>["qualityMap"][number];
export type QualityCellSource = QualityCell["sources"][number];
export type StoredFinding = ResultOf<typeof Findings>["checkFindings"][number];

export const qualityVerbs = {
  /** Countries × tables × years with completeness, sources, comparability and findings (only cells with data). */
  async qualityMap(args: { countries: string[]; tables?: number[]; yearFrom: number; yearTo: number }): Promise<QualityCell[]> {
    return (await request(QualityMap, args)).qualityMap;
  },

  /** Statistical check findings stored against a country's cells of a table. */
  async findings(args: { refArea: string; table: number; timeFrom?: number; timeTo?: number }): Promise<StoredFinding[]> {
    return (await request(Findings, { ...args, refArea: [args.refArea] })).checkFindings;
  },
};
