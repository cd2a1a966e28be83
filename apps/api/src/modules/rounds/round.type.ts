import { DateTimeResolver } from "graphql-scalars";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum RoundStatusName {
  draft = "draft",
  submitted = "submitted",
  validated = "validated",
  published = "published",
}

export enum RoundKindName {
  regular = "regular",
  revision = "revision",
}

registerEnumType(RoundStatusName, {
  name: "RoundStatus",
  description: "Where a collection round is in the publication workflow: draft -> submitted -> validated -> published.",
  valuesConfig: {
    draft: { description: "Collecting: data may be imported and edited." },
    submitted: { description: "Closed for changes and waiting for review." },
    validated: { description: "Reviewed and ready to publish." },
    published: { description: "Published: public from `releaseAt` on. Final: corrections go into a revision round." },
  },
});

registerEnumType(RoundKindName, {
  name: "RoundKind",
  description: "A yearly questionnaire round or a revision of a published one.",
  valuesConfig: {
    regular: { description: "A yearly ILMQ collection round." },
    revision: { description: "Revised values for a published round; the published values stay queryable." },
  },
});

@ObjectType({ description: "A collection round: one year's questionnaire or a revision, with its publication status and embargo." })
export class Round {
  @Field(() => Int, { description: "Order of rounds: a later round's value for a cell revises an earlier one." })
  id: number;

  @Field(() => String, { description: "Code, e.g. `2024`, `2024-R1`." })
  code: string;

  @Field(() => String, { description: "Title." })
  title: string;

  @Field(() => Int, { description: "Reference year of the questionnaire." })
  referenceYear: number;

  @Field(() => RoundKindName, { description: "Regular or revision round." })
  kind: RoundKindName;

  @Field(() => String, { nullable: true, description: "Code of the round a revision round revises." })
  revisesRound: string | null;

  @Field(() => RoundStatusName, { description: "Workflow status." })
  status: RoundStatusName;

  @Field(() => String, { nullable: true, description: "Collection opens (YYYY-MM-DD)." })
  opensOn: string | null;

  @Field(() => String, { nullable: true, description: "Collection closes (YYYY-MM-DD)." })
  closesOn: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Embargo: the round's data become public at this instant once published." })
  releaseAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the round was published." })
  publishedAt: Date | null;

  @Field(() => Boolean, { description: "Whether anonymous users can read the round's data now (published and past its release time)." })
  isPublic: boolean;

  @Field(() => DateTimeResolver, { description: "When the round was created." })
  createdAt: Date;
}

@InputType({ description: "A new collection round." })
export class RoundCreateInput {
  @Field(() => String, { description: "Unique code, e.g. `2025` or `2024-R1` (letters, digits, `-`, `_`, `.`)." })
  code: string;

  @Field(() => String, { description: "Title." })
  title: string;

  @Field(() => Int, { description: "Reference year." })
  referenceYear: number;

  @Field(() => RoundKindName, { nullable: true, description: "`regular` (default) or `revision`." })
  kind?: RoundKindName | null;

  @Field(() => String, { nullable: true, description: "For a revision round: the code of the published round it revises." })
  revisesRound?: string | null;

  @Field(() => String, { nullable: true, description: "Collection opens (YYYY-MM-DD)." })
  opensOn?: string | null;

  @Field(() => String, { nullable: true, description: "Collection closes (YYYY-MM-DD)." })
  closesOn?: string | null;
}

@InputType({ description: "Changes to a draft round; fields left out keep their value." })
export class RoundUpdateInput {
  @Field(() => String, { nullable: true, description: "Title." })
  title?: string | null;

  @Field(() => Int, { nullable: true, description: "Reference year." })
  referenceYear?: number | null;

  @Field(() => String, { nullable: true, description: "Collection opens (YYYY-MM-DD)." })
  opensOn?: string | null;

  @Field(() => String, { nullable: true, description: "Collection closes (YYYY-MM-DD)." })
  closesOn?: string | null;
}
