import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";

@ObjectType({ description: "One entry of the append-only audit trail." })
export class AuditEntry {
  @Field(() => ID, { description: "Sequence number (entries are never changed or removed)." })
  id: string;

  @Field(() => DateTimeResolver, { description: "When it happened." })
  at: Date;

  @Field(() => String, { description: "`user`, `api_key`, `system` (CLI) or `anonymous`." })
  actorKind: string;

  @Field(() => String, { nullable: true, description: "Id of the user or API key." })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: "Email of the user (or `api-key:<name>`) at the time." })
  actorEmail: string | null;

  @Field(() => String, { description: "What was done: the mutation name (`publishRound`, `importObservations`, …) or `login`, `logout`." })
  action: string;

  @Field(() => String, { description: "Kind of thing changed: `round`, `user`, `api_key`, `session`, `import`, …" })
  entity: string;

  @Field(() => String, { nullable: true, description: "Which one (a round code, a user id, …)." })
  entityId: string | null;

  @Field(() => JSONResolver, { nullable: true, description: "State before the change (secrets redacted)." })
  before: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "State after the change, or the redacted arguments for generic entries." })
  after: unknown;

  @Field(() => String, { nullable: true, description: "Client address." })
  ip: string | null;
}

@ObjectType({ description: "Where a page ends." })
export class AuditPageInfo {
  @Field(() => String, { nullable: true, description: "Cursor to pass as `after` for the next page." })
  endCursor: string | null;

  @Field(() => Boolean, { description: "Whether older entries follow." })
  hasNextPage: boolean;
}

@ObjectType({ description: "A page of audit entries, newest first." })
export class AuditConnection {
  @Field(() => [AuditEntry], { description: "The entries." })
  nodes: AuditEntry[];

  @Field(() => AuditPageInfo, { description: "Paging." })
  pageInfo: AuditPageInfo;
}

@InputType({ description: "Which audit entries to return; every field narrows." })
export class AuditFilter {
  @Field(() => String, { nullable: true, description: "Actor: a user or API key id, or (part of) an email." })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: "Exact action, e.g. `publishRound`." })
  action?: string | null;

  @Field(() => String, { nullable: true, description: "Entity kind, e.g. `round`." })
  entity?: string | null;

  @Field(() => String, { nullable: true, description: "Entity id, e.g. a round code." })
  entityId?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "From this instant (inclusive)." })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Up to this instant (exclusive)." })
  to?: Date | null;
}
