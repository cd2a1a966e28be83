/** Migration analytics: corridor matrices, the mirror matrix and one corridor's two reports, the data-gaps map. */
import { graphql } from "../graphql";
import type { ResultOf } from "../graphql";
import { request } from "../transport";

const Corridors = graphql(`
  query Corridors($measure: CorridorMeasure!, $side: CorridorSide!, $year: Int!) {
    corridors(measure: $measure, side: $side, year: $year, top: 10) {
      originTable
      destinationTable
      origins
      destinations
      cells {
        origin
        destination
        time
        value
        side
        table
        source
        round
        flags
        originValue
        destinationValue
      }
      rowTotals {
        country
        value
      }
      columnTotals {
        country
        value
      }
    }
  }
`);

const Mirror = graphql(`
  query Mirror($origin: [String!]!, $destination: [String!]!, $yearFrom: Int!, $yearTo: Int!, $measure: CorridorMeasure) {
    mirror(origin: $origin, destination: $destination, yearFrom: $yearFrom, yearTo: $yearTo, measure: $measure) {
      pair
      measure
      caveat
      origin
      destination
      time
      originTable
      destinationTable
      originValue
      destinationValue
      originSource
      destinationSource
      originRound
      destinationRound
      ratio
      asymmetry
      coverage
      flags
    }
  }
`);

const Gaps = graphql(`
  query Gaps($yearFrom: Int!, $yearTo: Int!) {
    gaps(yearFrom: $yearFrom, yearTo: $yearTo) {
      yearFrom
      yearTo
      tables
      asymmetryAtLeast
      breaksAtLeast
      countries {
        country
        years
        expected
        reported
        tablesAbsent
        missing {
          table
          title
          reportedYears
          missingYears
        }
        sourcesLackingQuality {
          source
          name
          missingFields
        }
        comparability {
          source
          name
          comparability
          note
        }
        breakClusters {
          table
          time
          breaks
        }
        asymmetries {
          pair
          origin
          destination
          time
          originValue
          destinationValue
          asymmetry
          flags
        }
      }
    }
  }
`);

const CountryFindings = graphql(`
  query CountryFindings($refArea: [String!], $timeFrom: Int, $timeTo: Int) {
    checkFindings(refArea: $refArea, timeFrom: $timeFrom, timeTo: $timeTo) {
      id
      table
      time
      check
      message
      severity
      round
      sourceCode
    }
  }
`);

export type CorridorMeasure = "STOCK" | "FLOW" | "EMPLOYMENT_FLOW";
export type CorridorSide = "DESTINATION" | "ORIGIN" | "BOTH";
export type CorridorMatrix = ResultOf<typeof Corridors>["corridors"];
export type CorridorCell = CorridorMatrix["cells"][number];
export type MirrorRow = ResultOf<typeof Mirror>["mirror"][number];
export type GapsMap = ResultOf<typeof Gaps>["gaps"];
export type CountryGaps = GapsMap["countries"][number];
export type CountryFinding = ResultOf<typeof CountryFindings>["checkFindings"][number];

export const analyticsVerbs = {
  /** The origin x destination matrix of one measure and year, from one side's report or both. */
  async corridors(args: { measure: CorridorMeasure; side: CorridorSide; year: number }): Promise<CorridorMatrix> {
    return (await request(Corridors, args)).corridors;
  },

  /** One corridor (or countries) as both sides report it, per mirror pair and year. */
  async mirror(args: {
    origin: string;
    destination: string;
    yearFrom: number;
    yearTo: number;
    measure?: CorridorMeasure;
  }): Promise<MirrorRow[]> {
    return (await request(Mirror, { ...args, origin: [args.origin], destination: [args.destination] })).mirror;
  },

  /** The data-gaps map of the active region's reporting countries over a range of years. */
  async gaps(args: { yearFrom: number; yearTo: number }): Promise<GapsMap> {
    return (await request(Gaps, args)).gaps;
  },

  /** Every stored check finding of a country (the latest 500), of every kind. */
  async countryFindings(args: { refArea: string; timeFrom?: number; timeTo?: number }): Promise<CountryFinding[]> {
    return (await request(CountryFindings, { ...args, refArea: [args.refArea] })).checkFindings;
  },
};
