/** The data-gaps map (`gaps`) with every field it has, as the analytics and the region suites ask for it. */
export const GAPS = `query($countries: [String!], $from: Int, $to: Int) {
  gaps(countries: $countries, yearFrom: $from, yearTo: $to) {
    yearFrom yearTo tables asymmetryAtLeast breaksAtLeast
    countries {
      country years expected reported tablesAbsent
      missing { table title reportedYears missingYears }
      sourcesLackingQuality { source name missingFields }
      comparability { source comparability note }
      breakClusters { table time breaks }
      asymmetries { pair origin destination time originValue destinationValue asymmetry flags }
    }
  }
}`;
