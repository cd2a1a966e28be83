import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "A note text referenced from observations as `<note type>:<note id>` (`R1:3513`)." })
export class Note {
  @Field(() => String, { description: "Note type, e.g. `R1`, `T2`." })
  noteType: string;

  @Field(() => String, { description: "Note id within its type, e.g. `3513`." })
  noteId: string;

  @Field(() => String, { description: "The reference as observations carry it: `<type>:<id>`." })
  ref: string;

  labels: Record<string, string>;
}
