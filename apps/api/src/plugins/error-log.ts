/**
 * One log entry per failed request: the internal errors of a request (a failing nested field fails once per
 * list item) are logged together under one id, with the first one's stack, and every masked error of the
 * response reports that id (errors.ts reads it from {@link loggedErrors}).
 */
import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { isClientError, loggedErrors } from "../errors";
import { log } from "../observability/log";

export function errorLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName }) {
          const internal = errors.filter((e) => !isClientError(e));
          if (internal.length === 0) return;
          const id = randomUUID();
          for (const e of internal) loggedErrors.set(e, id);
          const first = internal[0]!;
          const paths = [...new Set(internal.map((e) => (e.path ?? []).filter((p) => typeof p === "string").join(".")))].slice(0, 5);
          log.error(
            { err: first.originalError ?? first, errorId: id, operationName: operationName ?? null, paths, count: internal.length },
            `internal error ${id}: ${internal.length} in ${operationName ?? "an anonymous operation"} at ${paths.join(", ") || "(request)"}`,
          );
        },
      };
    },
  };
}
