import { Field, InputType, Int } from "type-graphql";
import { LabelInput } from "./label.input";

@InputType({ description: "A new code list." })
export class CodelistCreateInput {
  @Field(() => String, { description: "Identifier in capitals, e.g. `DISABILITY`." })
  id: string;

  @Field(() => String, { description: "`ilostat`, `classification`, `ilms` or `attribute`." })
  kind: string;

  @Field(() => String, { description: "What the list is for." })
  description: string;

  @Field(() => [LabelInput], { description: "Title in one or more languages (English required)." })
  labels: LabelInput[];
}

@InputType({ description: "Changes to a code list; fields left out keep their value." })
export class CodelistUpdateInput {
  @Field(() => String, { nullable: true, description: "What the list is for." })
  description?: string;

  @Field(() => [LabelInput], { nullable: true, description: "The full set of titles (replaces the old set)." })
  labels?: LabelInput[];
}

@InputType({ description: "Fields of a code shared by create and update; on update, fields left out keep their value." })
export class CodeFields {
  @Field(() => String, { nullable: true, description: "Code of the additive parent in the same list; null for a root." })
  parentCode?: string | null;

  @Field(() => String, { nullable: true, description: "ILOSTAT family, e.g. `ECO_ISIC4`." })
  family?: string | null;

  @Field(() => String, { nullable: true, description: "Level in the hierarchy, e.g. `section`." })
  level?: string;

  @Field(() => Int, { nullable: true, description: "Position for display." })
  sortOrder?: number;

  @Field(() => [LabelInput], { nullable: true, description: "Labels (replaces the whole set; English required)." })
  labels?: LabelInput[];
}

@InputType({ description: "A new code." })
export class CodeCreateInput extends CodeFields {
  @Field(() => String, { description: "List the code belongs to." })
  codelistId: string;

  @Field(() => String, { description: "The code." })
  code: string;
}
