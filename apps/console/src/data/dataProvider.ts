/**
 * The console's data provider: `ra-data-graphql` driven by the resources' grammars for react-admin's verbs,
 * the cursor-paged audit trail, and the verbs react-admin has no word for (publish a round, import a file,
 * read the quality map, export). Every write forgets the remembered cursors. Views call hooks; they never see
 * a query.
 */
import buildGraphQLProvider from "ra-data-graphql";
import type { DataProvider } from "react-admin";
import { buildQuery } from "./buildQuery";
import { invalidateCursors } from "./cursors";
import type { Params } from "./grammar";
import { auditPage } from "./resources/audit";
import { apolloClient } from "./transport";
import { analyticsVerbs } from "./verbs/analytics";
import { importVerbs } from "./verbs/imports";
import { observationVerbs } from "./verbs/observations";
import { reportVerbs } from "./verbs/reports";
import { qualityVerbs } from "./verbs/quality";
import { workflowVerbs } from "./verbs/workflow";

const base = buildGraphQLProvider({
  client: apolloClient,
  buildQuery,
  introspection: false,
  // react-query caches the records: Apollo neither caches nor merges (`network-only` would write its cache).
  query: () => ({ fetchPolicy: "no-cache" }),
  mutation: () => ({ fetchPolicy: "no-cache" }),
});

/** A write verb that forgets the remembered cursors once it is done, whatever its outcome. */
const writing =
  <A extends unknown[], R>(verb: (...args: A) => Promise<R>) =>
  (...args: A): Promise<R> =>
    verb(...args).finally(invalidateCursors);

export const dataProvider = {
  ...base,
  getList: ((resource: string, params: Params) =>
    resource === "audit" ? auditPage(params) : base.getList(resource, params as never)) as DataProvider["getList"],
  create: writing(base.create),
  update: writing(base.update),
  updateMany: writing(base.updateMany),
  delete: writing(base.delete),
  deleteMany: writing(base.deleteMany),
  ...qualityVerbs,
  ...importVerbs,
  ...workflowVerbs,
  ...observationVerbs,
  ...reportVerbs,
  ...analyticsVerbs,
} satisfies DataProvider & Record<string, unknown>;

export type IlmsDataProvider = typeof dataProvider;
