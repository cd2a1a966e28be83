import { Field, Int, ObjectType } from "type-graphql";
import { TABLES, tableList, tableRange, tablesOfKind } from "@ilms/domain";
import { Codelist } from "../codelists/codelist.type";

@ObjectType({ description: "A dimension of an ILMS table beyond reporting country, year and sex." })
export class Dimension {
  @Field(() => String, { description: "Name used in filters and results, e.g. `economicActivity`." })
  key: string;

  @Field(() => String, { description: "Human title." })
  title: string;

  @Field(() => String, { description: "What the dimension means." })
  description: string;

  @Field(() => String, { description: "Id of the code list its values come from." })
  codelistId: string;

  @Field(() => [String], { description: "ILOSTAT code families accepted (empty when not an ILOSTAT list)." })
  families: string[];

  @Field(() => Boolean, { description: "Whether ILOSTAT codes it as a country after a prefix (`CDS_DES_KOR`)." })
  counterpart: boolean;

  @Field(() => Codelist, { nullable: true, description: "The code list." })
  codelist?: Codelist;
}

@ObjectType({ description: "A dimension value an indicator fixes by itself (labour market status, migrant basis)." })
export class FixedValue {
  @Field(() => String, { description: "Dimension key." })
  dimension: string;

  @Field(() => String, { description: "Code." })
  code: string;
}

@ObjectType({ description: "How an ILOSTAT classif column maps onto a dimension." })
export class ClassifSlot {
  @Field(() => String, { description: "Dimension key the column fills." })
  dimension: string;

  @Field(() => [String], { description: "Accepted ILOSTAT code families (empty: any of the dimension's)." })
  families: string[];

  @Field(() => String, { nullable: true, description: "Country prefix for counterpart dimensions, e.g. `CDS_DES`." })
  prefix: string | null;
}

@ObjectType({ description: "An ILOSTAT indicator that feeds an ILMS table." })
export class Indicator {
  @Field(() => String, { description: "ILOSTAT indicator id, e.g. `MST_TEMP_SEX_ECO_CBR_NB`." })
  id: string;

  @Field(() => Int, { description: "Number of the ILMS table it feeds." })
  table: number;

  @Field(() => String, {
    description:
      "ILOSTAT's title, in the requested language where a label is loaded by `ilms catalogue labels import` (kind `indicator`); else English, reported in `extensions.langFallback`.",
  })
  title: string;

  @Field(() => [FixedValue], { description: "Dimension values fixed by the indicator." })
  fixed: FixedValue[];

  @Field(() => ClassifSlot, { nullable: true, description: "What `classif1` carries." })
  classif1: ClassifSlot | null;

  @Field(() => ClassifSlot, { nullable: true, description: "What `classif2` carries." })
  classif2: ClassifSlot | null;
}

@ObjectType({ description: `One of the ${TABLES.length} standard ILMS tables.` })
export class IlmsTable {
  @Field(() => Int, { description: `Table number; ${tableRange()}.` })
  id: number;

  @Field(() => String, { description: "Stable machine name, e.g. `employment_by_activity`." })
  key: string;

  @Field(() => String, { description: "Module letter: A (migrant stock), B (flows), C (nationals abroad)." })
  module: string;

  @Field(() => String, { description: "Module title." })
  moduleTitle: string;

  @Field(() => String, { description: "Table title." })
  title: string;

  @Field(() => String, { description: "What the table holds." })
  description: string;

  @Field(() => String, { description: "What is measured, e.g. `Persons`." })
  measure: string;

  @Field(() => String, { description: "Unit of the values, e.g. `Thousands of persons`." })
  unit: string;

  @Field(() => Boolean, { description: `Whether values add up (counts) or not (means: table ${tableList(tablesOfKind("mean"))}).` })
  additive: boolean;

  @Field(() => [Dimension], { description: "Dimensions beyond reporting country, year and sex." })
  dimensions: Dimension[];

  @Field(() => [Indicator], { description: "ILOSTAT indicators that feed the table." })
  indicators: Indicator[];
}
