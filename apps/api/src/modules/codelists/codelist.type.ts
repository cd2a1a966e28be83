import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A label in one language." })
export class Label {
  @Field(() => String, { description: "BCP 47 language code, e.g. `en`." })
  lang: string;

  @Field(() => String, { description: "The label text." })
  text: string;
}

@ObjectType({ description: "How many codes of a list sit at one level of its hierarchy." })
export class LevelCount {
  @Field(() => String, { description: "Level name, e.g. `section`, `division`." })
  level: string;

  @Field(() => Int, { description: "Number of codes at this level." })
  count: number;
}

@ObjectType({ description: "A code list: an ILOSTAT classification, a reference classification, an ILMS list or an attribute list." })
export class Codelist {
  @Field(() => ID, { description: "Identifier, e.g. `ECO`, `ISIC4`, `AREA`." })
  id: string;

  @Field(() => String, { description: "`ilostat`, `classification`, `ilms` or `attribute`." })
  kind: string;

  @Field(() => String, { description: "What the list is for." })
  description: string;

  labels: Record<string, string>;
}

@ObjectType({ description: "A code of a list, with its place in the hierarchy." })
export class Code {
  @Field(() => String, { description: "The list this code belongs to." })
  codelistId: string;

  @Field(() => String, { description: "The code itself, e.g. `ECO_ISIC4_A`, `01`, `THA`." })
  code: string;

  @Field(() => String, { nullable: true, description: "Code of the additive parent (its children add up to it); null for a root." })
  parentCode: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT family (`classif_version`), e.g. `ECO_ISIC4`; null outside ILOSTAT lists." })
  family: string | null;

  @Field(() => String, { description: "Level in the hierarchy, e.g. `total`, `section`, `division`, `country`." })
  level: string;

  @Field(() => Int, { description: "Position for display within the list." })
  sortOrder: number;

  labels: Record<string, string>;
  attributes: Record<string, string> | null;
}

@ObjectType({ description: "A link from a code to its equivalent in a reference classification, or to a coarser code it rolls up into." })
export class CodeMapping {
  @Field(() => String, { description: "`classification` (same concept elsewhere) or `rollup` (adds into)." })
  kind: string;

  @Field(() => Code, { description: "The code linked to." })
  target: Code;
}
