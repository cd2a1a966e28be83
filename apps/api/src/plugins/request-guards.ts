/** Checks on a GraphQL request's raw parameters, made before anything parses or walks them. */

/** JSON nested deeper than this (variables, extensions) is refused before it is parsed or walked. */
export const MAX_JSON_NESTING = 64;

/** Whether JSON text nests arrays/objects deeper than `max`: one pass, no recursion, strings skipped. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The GraphQL request parameters of a GET (URL) or POST (JSON body) request. */
export function operationParams(
  method: string,
  url: URL,
  body: unknown,
): { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown; documentId?: unknown } {
  if (method === "GET") {
    const json = (name: string): unknown => {
      try {
        return JSON.parse(url.searchParams.get(name) ?? "null");
      } catch {
        return undefined;
      }
    };
    return {
      query: url.searchParams.get("query") ?? undefined,
      operationName: url.searchParams.get("operationName") ?? undefined,
      variables: json("variables"),
      extensions: json("extensions"),
      documentId: url.searchParams.get("documentId") ?? undefined,
    };
  }
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function errorBody(message: string, code: string, extensions: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [withRequestId({ message, extensions: { code, ...extensions } })] });
}
import { withRequestId } from "../observability/request-scope";
