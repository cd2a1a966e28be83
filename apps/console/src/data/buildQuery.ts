/**
 * `ra-data-graphql`'s `buildQuery`: maps react-admin's verbs (GET_LIST, GET_ONE, CREATE, UPDATE, DELETE...)
 * to the resource's grammar, and the operation's data back to records with their `id`.
 */
import { HttpError } from "react-admin";
import type { Grammar, Operation, Params, Row } from "./grammar";
import { pageOf } from "./listing";
import { grammar } from "./resources";

const withId = (g: Grammar, record: Row) => ({ ...record, id: g.key(record) });

function unsupported(verb: string, resource: string): never {
  throw new HttpError(`The console cannot ${verb} ${resource}`, 405);
}

const rowsOf = (value: Row | Row[] | null | undefined): Row[] => (Array.isArray(value) ? value : value ? [value] : []);

export function buildQuery() {
  return (verb: string, resource: string, params: Params) => {
    const g = grammar[resource];
    if (!g) unsupported(verb, resource);
    const run = (op: Operation | undefined, parse: (data: unknown) => unknown) => {
      if (!op) return unsupported(verb, resource);
      return { query: op.document, variables: op.variables(params), parseResponse: (res: { data: unknown }) => parse(res.data) };
    };
    const one = (op: Operation, data: unknown) => {
      const record = op.parse(data, params);
      return record && !Array.isArray(record) ? withId(g, record) : null;
    };
    const listResult = (data: unknown, p: Params) =>
      pageOf(
        rowsOf(g.list!.parse(data, p)).map((r) => withId(g, r)),
        p,
        g.serverFilters,
      );
    switch (verb) {
      case "GET_LIST":
        return run(g.list, (d) => listResult(d, params));
      case "GET_MANY":
        return run(g.list, (d) => ({ data: listResult(d, { filter: { ids: params.ids } }).data }));
      case "GET_MANY_REFERENCE":
        return run(g.list, (d) => listResult(d, { ...params, filter: { ...params.filter, [params.target!]: params.id } }));
      case "GET_ONE":
        return run(g.one, (d) => {
          const record = one(g.one!, d);
          if (!record) throw new HttpError(`${resource} ${String(params.id)} not found`, 404);
          return { data: record };
        });
      case "CREATE":
        return run(g.create, (d) => ({ data: one(g.create!, d) }));
      case "UPDATE":
        return run(g.update, (d) => ({ data: one(g.update!, d) }));
      case "DELETE":
        return run(g.delete, (d) => ({ data: withId(g, { ...params.previousData, ...rowsOf(g.delete!.parse(d, params))[0] }) }));
      default:
        return unsupported(verb, resource);
    }
  };
}
