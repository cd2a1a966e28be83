import { Field, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "A structural problem in an imported file: the file is refused while one remains. Identical problems (same code, column, value and message) are one entry with their count and first lines.",
})
export class ImportProblem {
  @Field(() => Int, {
    description: "First line with the problem, 1-based (the header is line 1); 0 for a problem with the request itself.",
  })
  line: number;

  @Field(() => [Int], { description: "The first 10 lines with this problem, ascending." })
  lines: number[];

  @Field(() => Int, { description: "How many rows (or header columns) have this problem." })
  count: number;

  @Field(() => String, { description: "CSV column (`classif1`, `source`) the problem is in; `*` for the whole line." })
  column: string;

  @Field(() => String, { description: "The offending text as read." })
  value: string;

  @Field(() => String, { description: "Stable machine code, e.g. `UNKNOWN_CODE`, `NOT_NUMERIC`, `DUPLICATE_CELL`, `MALFORMED_LINE`." })
  code: string;

  @Field(() => String, { description: "What is wrong, in words." })
  message: string;
}

@ObjectType({ description: "A dimension value of a cell." })
export class CellDimension {
  @Field(() => String, { description: "Dimension key, e.g. `destination`, `economicActivity`." })
  key: string;

  @Field(() => String, { description: "Code stored for the dimension (bare area code for counterpart countries: `KOR`)." })
  code: string;
}

@ObjectType({ description: "A cell named in a check finding, with its value as published." })
export class FindingCell {
  @Field(() => Int, { description: "ILMS table number." })
  table: number;

  @Field(() => String, { description: "ILOSTAT indicator id." })
  indicator: string;

  @Field(() => String, { description: "Reporting country (ISO alpha-3)." })
  refArea: string;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => String, { description: "Sex code (`SEX_T`, `SEX_M`, `SEX_F`)." })
  sex: string;

  @Field(() => [CellDimension], { description: "The table's other dimension values." })
  dimensions: CellDimension[];

  @Field(() => String, { description: "Data source code." })
  sourceCode: string;

  @Field(() => String, { nullable: true, description: "Value as published (decimal text); null for a flagged missing value." })
  value: string | null;

  @Field(() => String, { description: "`total` (the checked cell) or `component`." })
  role: string;
}

/** What every finding says, stored or just reported; the concrete types add their own fields. */
@ObjectType()
export abstract class FindingFields {
  @Field(() => String, {
    description:
      "The kind of check: `additivity` (a total against the sum of its components), `coherence` (the same total across tables), `subset` (a part larger than its whole), `partial-coverage` (one table covers only a share of another), `self-counterpart` (a country counted among its own migrants) or `break` (a break in series: status B, a change of source or a jump).",
  })
  check: string;

  @Field(() => String, { description: "`warning` or `info`." })
  severity: string;

  @Field(() => Int, { description: "ILMS table of the checked cell." })
  table: number;

  @Field(() => String, { description: "Reporting country." })
  refArea: string;

  @Field(() => Int, { description: "Year." })
  time: number;

  @Field(() => String, { description: "Data source code." })
  sourceCode: string;

  @Field(() => String, { description: "What disagrees, with the figures." })
  message: string;

  @Field(() => String, { nullable: true, description: "What the components (or the other tables) imply." })
  expected: string | null;

  @Field(() => String, { nullable: true, description: "The published value checked." })
  actual: string | null;
}

@ObjectType({ description: "A statistical check that failed. Findings never refuse a file and never change a value." })
export class CheckFinding extends FindingFields {
  @Field(() => [FindingCell], { description: "The cells involved, the checked one first." })
  cells: FindingCell[];
}

@ObjectType({ description: "The report of an import: the same object the `ilms import --json` command prints." })
export class ImportReport {
  @Field(() => Int, { nullable: true, description: "Id of the stored import (null for dry runs); fetch it again with `importReport(id)`." })
  id?: number;

  @Field(() => String, { description: "`loaded`, `rejected` (nothing written), `unchanged` (every row already there) or `dry-run`." })
  status: string;

  @Field(() => String, { nullable: true, description: "Code of the collection round." })
  round: string | null;

  @Field(() => String, { nullable: true, description: "Default source as given (may contain `{ref_area}`)." })
  source: string | null;

  @Field(() => String, { nullable: true, description: "Name of the imported file." })
  fileName: string | null;

  @Field(() => Int, { description: "Data rows read (the header excluded)." })
  rowsRead: number;

  @Field(() => Int, {
    description:
      "Rows stored in the round's fact tables: new, revised and unchanged values carried into a new round alike (see `rowsNew`, `rowsRevised`, `rowsUnchanged`).",
  })
  rowsWritten: number;

  @Field(() => Int, { description: "Rows for cells that had no value before, in this round or an earlier one." })
  rowsNew: number;

  @Field(() => Int, {
    description:
      "Rows whose value is the one already held: in this round (not written again) or in the latest earlier round (nothing changed).",
  })
  rowsUnchanged: number;

  @Field(() => Int, { description: "Rows whose cell had a different value (or status) in the latest earlier round." })
  rowsRevised: number;

  @Field(() => Int, { description: "Same as `rowsRevised`." })
  revisions: number;

  @Field(() => [Int], { description: "ILMS tables the file feeds." })
  tables: number[];

  @Field(() => [String], {
    description: "Columns that are not ILOSTAT's and were ignored (a near miss of a known column, `obs_stauts`, is an error instead).",
  })
  ignoredColumns: string[];

  @Field(() => [String], {
    description:
      "Data sources registered from the default source template (`createSources`): created when `loaded`, those that would be on a `dry-run`, none when `rejected`.",
  })
  newSources: string[];

  @Field(() => Int, { description: "Number of structural errors (all counted)." })
  errorCount: number;

  @Field(() => [ImportProblem], { description: "The first 500 distinct structural problems (identical ones grouped), by first line." })
  errors: ImportProblem[];

  @Field(() => Int, { description: "Number of check findings (all stored)." })
  findingCount: number;

  @Field(() => Int, {
    description: "Of `findingCount`: findings already stored for the same check and cells, updated rather than added again.",
  })
  findingsKnown: number;

  @Field(() => [CheckFinding], { description: "The first 500 check findings." })
  findings: CheckFinding[];

  @Field(() => Int, { description: "Time taken, in milliseconds." })
  durationMs: number;
}

@InputType({ description: "An ILOSTAT bulk CSV file to import: its text, or the file's bytes in base64, plus where it goes." })
export class ImportObservationsInput {
  @Field(() => String, { nullable: true, description: "The CSV text (UTF-8, header row first)." })
  csv?: string;

  @Field(() => String, {
    nullable: true,
    description: "The uploaded file's bytes in base64 (a `data:` URL is accepted), when `csv` is not given.",
  })
  fileBase64?: string;

  @Field(() => String, { nullable: true, description: "Name of the file, recorded with the import." })
  fileName?: string;

  @Field(() => String, { nullable: true, description: "Collection round code; without it the single draft round." })
  round?: string;

  @Field(() => String, {
    nullable: true,
    description: "Default source for rows without one; `{ref_area}` is replaced by the row's country (`LFS:{ref_area}`).",
  })
  source?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Register the sources the default `source` template names that do not exist yet (one per country), in the same transaction, listed in `newSources`; nothing is created on a dry run or for a refused file.",
  })
  createSources?: boolean;

  @Field(() => Boolean, { nullable: true, description: "Validate, load and check, then roll back: the full report, nothing kept." })
  dryRun?: boolean;
}
