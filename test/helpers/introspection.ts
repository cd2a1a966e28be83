/** The schema seen through introspection over HTTP, and arguments built from it: tests that cover every field, including fields added later. */
import type { TestApi } from "./api";

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
export interface InputValue {
  name: string;
  type: TypeRef;
}
export interface FullType {
  kind: string;
  name: string;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
  fields: { name: string; args: InputValue[]; type: TypeRef }[] | null;
}

const INTROSPECT = `{ __schema { types { kind name inputFields { name type { ...T } } enumValues { name } fields { name args { name type { ...T } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

export interface SchemaView {
  types: Map<string, FullType>;
  /** A value of `type` with `text` in every text position (enums: their first value; numbers: 15). */
  valueOf(type: TypeRef, text: string): unknown;
  /** The type as written in an operation's variable definitions, e.g. `[String!]!`. */
  typeText(type: TypeRef): string;
  /** An operation calling root field `field` of `root` with every argument as a variable filled with `text`. */
  operation(
    root: "query" | "mutation",
    field: { name: string; args: InputValue[]; type: TypeRef },
    text: string,
  ): { query: string; variables: Record<string, unknown> };
}

export async function introspect(api: TestApi): Promise<SchemaView> {
  const res = await api.gql(INTROSPECT);
  const types = new Map((res.data!.__schema.types as FullType[]).map((t) => [t.name, t]));
  const valueOf = (type: TypeRef, text: string, depth = 0): unknown => {
    if (type.kind === "NON_NULL") return valueOf(type.ofType!, text, depth);
    if (type.kind === "LIST") return [valueOf(type.ofType!, text, depth)];
    const named = types.get(type.name!)!;
    if (named.kind === "ENUM") return named.enumValues![0]!.name;
    if (named.kind === "INPUT_OBJECT") {
      if (depth > 2) return undefined;
      return Object.fromEntries(
        named.inputFields!.map((f) => [f.name, valueOf(f.type, text, depth + 1)]).filter(([, v]) => v !== undefined),
      );
    }
    switch (named.name) {
      case "Int":
        return 15;
      case "Float":
        return 1;
      case "Boolean":
        return false;
      case "DateTime":
        return "2024-01-01T00:00:00Z";
      default:
        return text;
    }
  };
  const typeText = (t: TypeRef): string =>
    t.kind === "NON_NULL" ? `${typeText(t.ofType!)}!` : t.kind === "LIST" ? `[${typeText(t.ofType!)}]` : t.name!;
  return {
    types,
    valueOf: (type, text) => valueOf(type, text),
    typeText,
    operation: (root, field, text) => {
      const variables: Record<string, unknown> = {};
      for (const arg of field.args) variables[arg.name] = valueOf(arg.type, text);
      const decl = field.args.length ? `(${field.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(", ")})` : "";
      const call = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
      let named = field.type;
      while (named.ofType) named = named.ofType;
      const composite = ["OBJECT", "INTERFACE", "UNION"].includes(types.get(named.name!)?.kind ?? "");
      return { query: `${root}${decl} { r: ${field.name}${call}${composite ? " { __typename }" : ""} }`, variables };
    },
  };
}
