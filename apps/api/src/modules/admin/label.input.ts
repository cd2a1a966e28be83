import { Field, InputType } from "type-graphql";

@InputType({ description: "A label in one language." })
export class LabelInput {
  @Field(() => String, { description: "Language code, e.g. `en`, `fr`, `th`." })
  lang: string;

  @Field(() => String, { description: "The label text." })
  text: string;
}
