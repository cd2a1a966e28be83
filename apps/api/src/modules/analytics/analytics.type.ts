import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { MIRROR_PAIRS } from "@ilms/domain";

export enum CorridorMeasureEnum {
  STOCK = "STOCK",
  FLOW = "FLOW",
  EMPLOYMENT_FLOW = "EMPLOYMENT_FLOW",
}

const tablesOf = (m: CorridorMeasureEnum) =>
  MIRROR_PAIRS.filter((p) => p.measure === m)
    .map((p) => `${p.origin.table} (origin) / ${p.destination.table} (destination)`)
    .join(", ");

registerEnumType(CorridorMeasureEnum, {
  name: "CorridorMeasure",
  description: "What a corridor counts; the tables of each measure are the catalogue's mirror pairs (corridors use the first).",
  valuesConfig: {
    STOCK: { description: `Migrants living abroad: tables ${tablesOf(CorridorMeasureEnum.STOCK)}.` },
    FLOW: { description: `Persons moving in the year: tables ${tablesOf(CorridorMeasureEnum.FLOW)}.` },
    EMPLOYMENT_FLOW: { description: `Persons leaving for employment: tables ${tablesOf(CorridorMeasureEnum.EMPLOYMENT_FLOW)}.` },
  },
});

export enum CorridorSideEnum {
  DESTINATION = "DESTINATION",
  ORIGIN = "ORIGIN",
  BOTH = "BOTH",
}

registerEnumType(CorridorSideEnum, {
  name: "CorridorSide",
  description: "Whose report a corridor shows: the destination's, the origin's, or both (the destination's where it reports).",
});

@ObjectType({ description: "One corridor (origin -> destination) in one year." })
export class CorridorCell {
  @Field(() => String, { description: "Country of origin." }) origin: string;
  @Field(() => String, { description: "Country of destination." }) destination: string;
  @Field(() => Int, { description: "Year." }) time: number;
  @Field(() => String, { description: "Thousands of persons, exact decimal text." }) value: string;
  @Field(() => CorridorSideEnum, { description: "Which side reported `value`." }) side: CorridorSideEnum;
  @Field(() => Int, { description: "ILMS table of the value." }) table: number;
  @Field(() => String, { description: "Source of the value." }) source: string;
  @Field(() => String, { description: "Round the value comes from." }) round: string;
  @Field(() => [String], {
    description: "The observation status, and with side BOTH `BOTH_REPORTED`, `ORIGIN_ONLY` or `DESTINATION_ONLY`.",
  })
  flags: string[];
  @Field(() => String, { nullable: true, description: "The origin's report (with side ORIGIN or BOTH)." }) originValue: string | null;
  @Field(() => String, { nullable: true, description: "The destination's report (with side DESTINATION or BOTH)." })
  destinationValue: string | null;
}

@ObjectType({ description: "The sum of a matrix row (an origin) or column (a destination) in one year." })
export class CorridorTotal {
  @Field(() => String, { description: "The origin (row) or destination (column)." }) country: string;
  @Field(() => Int, { description: "Year." }) time: number;
  @Field(() => String, { description: "Exact decimal text." }) value: string;
  @Field(() => Int, { description: "Corridors summed." }) cells: number;
}

@ObjectType({ description: "An origin x destination matrix." })
export class CorridorMatrix {
  @Field(() => CorridorMeasureEnum, { description: "What the corridors count." }) measure: CorridorMeasureEnum;
  @Field(() => CorridorSideEnum, { description: "Whose report is shown." }) side: CorridorSideEnum;
  @Field(() => Int, { description: "ILMS table of the origin-reported values." }) originTable: number;
  @Field(() => Int, { description: "ILMS table of the destination-reported values." }) destinationTable: number;
  @Field(() => String, { description: "Sex code of the values." }) sex: string;
  @Field(() => [String], { description: "Countries of origin considered (groups expanded)." }) origins: string[];
  @Field(() => [String], { description: "Countries of destination considered (groups expanded)." }) destinations: string[];
  @Field(() => [CorridorCell], { description: "The corridors with a value, by origin, destination and year." }) cells: CorridorCell[];
  @Field(() => [CorridorTotal], { description: "Per origin and year, the sum of its row over the destinations asked." })
  rowTotals: CorridorTotal[];
  @Field(() => [CorridorTotal], { description: "Per destination and year, the sum of its column over the origins asked." })
  columnTotals: CorridorTotal[];
  @Field(() => [CorridorCell], { description: "The largest corridors, largest first." }) top: CorridorCell[];
}

@ObjectType({ description: "One corridor and year as reported by the country of origin and by the country of destination." })
export class MirrorRow {
  @Field(() => String, { description: "Key of the catalogue's mirror pair." }) pair: string;
  @Field(() => CorridorMeasureEnum, { description: "What the pair counts." }) measure: CorridorMeasureEnum;
  @Field(() => String, { description: "Why the two reports of this pair may differ." }) caveat: string;
  @Field(() => String, { description: "Country of origin." }) origin: string;
  @Field(() => String, { description: "Country of destination." }) destination: string;
  @Field(() => Int, { description: "Year." }) time: number;
  @Field(() => Int, { description: "ILMS table reported by the country of origin." }) originTable: number;
  @Field(() => Int, { description: "ILMS table reported by the country of destination." }) destinationTable: number;
  @Field(() => String, { nullable: true, description: "The origin's report (thousands, exact decimal text)." }) originValue: string | null;
  @Field(() => String, { nullable: true, description: "The destination's report (thousands, exact decimal text)." }) destinationValue:
    string | null;
  @Field(() => String, { nullable: true, description: "Source of the origin's report." }) originSource: string | null;
  @Field(() => String, { nullable: true, description: "Source of the destination's report." }) destinationSource: string | null;
  @Field(() => String, { nullable: true, description: "Round of the origin's report." }) originRound: string | null;
  @Field(() => String, { nullable: true, description: "Round of the destination's report." }) destinationRound: string | null;
  @Field(() => Float, { nullable: true, description: "D/O." }) ratio: number | null;
  @Field(() => Float, { nullable: true, description: "(D-O)/(D+O), from -1 to 1." }) asymmetry: number | null;
  @Field(() => String, { description: "BOTH, ORIGIN_ONLY, DESTINATION_ONLY or NEITHER." }) coverage: string;
  @Field(() => [String], {
    description: "Why the reports may differ: BASIS_BIRTH_VS_CITIZENSHIP, STOCK_VS_FLOW, SURVEY_VS_ADMINISTRATIVE, AGE_COVERAGE.",
  })
  flags: string[];
}

@ObjectType({ description: "How many corridor-years of a mirror pair have a coverage." })
export class MirrorCoverageCount {
  @Field(() => String, { description: "Key of the catalogue's mirror pair." }) pair: string;
  @Field(() => String, { description: "BOTH, ORIGIN_ONLY, DESTINATION_ONLY or NEITHER." }) coverage: string;
  @Field(() => Int, { description: "Corridor-years." }) count: number;
}

@ObjectType({ description: "Every corridor and year of the countries asked, as both sides report it, per mirror pair." })
export class MirrorMatrix {
  @Field(() => [String], { description: "Countries of origin considered (groups expanded)." }) origins: string[];
  @Field(() => [String], { description: "Countries of destination considered (groups expanded)." }) destinations: string[];
  @Field(() => Int, { description: "First year." }) yearFrom: number;
  @Field(() => Int, { description: "Last year." }) yearTo: number;
  @Field(() => [MirrorRow], { description: "Every corridor-year of each pair, those neither side reports included (coverage NEITHER)." })
  rows: MirrorRow[];
  @Field(() => [MirrorCoverageCount], { description: "Corridor-years per pair and coverage." }) coverage: MirrorCoverageCount[];
}

@ObjectType({ description: "A table of a country with expected years not reported." })
export class TableGap {
  @Field(() => Int, { description: "ILMS table number." }) table: number;
  @Field(() => String, { description: "The table's title." }) title: string;
  @Field(() => [Int], { description: "Years the table is expected." }) expectedYears: number[];
  @Field(() => [Int], { description: "Expected years with at least one visible value." }) reportedYears: number[];
  @Field(() => [Int], { description: "Expected years without any visible value." }) missingYears: number[];
}

@ObjectType({ description: "A source behind a country's values whose description lacks quality fields." })
export class SourceGap {
  @Field(() => String, { description: "Source code." }) source: string;
  @Field(() => String, { description: "Source name." }) name: string;
  @Field(() => [String], { description: "The quality fields it lacks (source type, agency, migrant basis, ...)." }) missingFields: string[];
}

@ObjectType({ description: "A source whose comparability with the ILMS definitions is not full." })
export class ComparabilityGap {
  @Field(() => String, { description: "Source code." }) source: string;
  @Field(() => String, { description: "Source name." }) name: string;
  @Field(() => String, { description: "partial, not_comparable, or unassessed (none recorded)." }) comparability: string;
  @Field(() => String, { nullable: true, description: "The source's comparability note." }) note: string | null;
}

@ObjectType({ description: "Break findings of a country in one table and year." })
export class BreakCluster {
  @Field(() => Int, { description: "ILMS table number." }) table: number;
  @Field(() => Int, { description: "Year." }) time: number;
  @Field(() => Int, { description: "Break findings stored for it (visible rounds)." }) breaks: number;
}

@ObjectType({ description: "What is missing or weak for one reporting country." })
export class CountryGaps {
  @Field(() => String, { description: "Reporting country." }) country: string;
  @Field(() => [Int], { description: "Years the country is expected in (within its membership of the groups asked)." }) years: number[];
  @Field(() => Int, { description: "Table-years expected." }) expected: number;
  @Field(() => Int, { description: "Table-years with at least one visible value." }) reported: number;
  @Field(() => [TableGap], { description: "Tables with expected years missing." }) missing: TableGap[];
  @Field(() => [Int], { description: "Tables with no value in any expected year." }) tablesAbsent: number[];
  @Field(() => [SourceGap], { description: "Sources of its values lacking quality fields." }) sourcesLackingQuality: SourceGap[];
  @Field(() => [ComparabilityGap], { description: "Sources of its values with partial, no or unassessed comparability." })
  comparability: ComparabilityGap[];
  @Field(() => [BreakCluster], { description: "Table-years where break findings cluster, most first." }) breakClusters: BreakCluster[];
  @Field(() => [MirrorRow], {
    description: "Its corridor-years (as origin or destination) with the largest mirror asymmetries, largest first.",
  })
  asymmetries: MirrorRow[];
}

@ObjectType({ description: "The data-gaps map: per country, missing tables and years, weak sources, breaks and mirror asymmetries." })
export class GapsMap {
  @Field(() => Int, { description: "First year." }) yearFrom: number;
  @Field(() => Int, { description: "Last year." }) yearTo: number;
  @Field(() => [Int], { description: "Tables expected." }) tables: number[];
  @Field(() => Float, { description: "Asymmetries listed from this |(D-O)/(D+O)| up." }) asymmetryAtLeast: number;
  @Field(() => Int, { description: "Break clusters listed from this many findings up." }) breaksAtLeast: number;
  @Field(() => [CountryGaps], { description: "One entry per country, in code order." }) countries: CountryGaps[];
}
