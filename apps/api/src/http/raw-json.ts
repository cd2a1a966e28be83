/**
 * JSON the database already wrote, passed through to the response as bytes. graphql-js completes a list one
 * item at a time (a 5,000-cell slice's `keys` is 25,000 completions) and the response is then stringified
 * again; a field whose answer exists as JSON text instead resolves to an empty list and registers the text
 * with its response path. Once execution is done (every guard, mask and limit has run: the text is the
 * field's value for this caller), {@link rawJsonPlugin} puts an unforgeable token at that path in the result,
 * and the HTTP layer replaces the token's JSON by the text in the serialised body.
 *
 * The fragments live in a per-request {@link RawJson}, never across requests. Without one (a context built
 * outside the HTTP layer) fields resolve to their parsed values as usual.
 */
import { randomBytes } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";

/** Per process: a token cannot be forged by data, which never holds this nonce. */
const NONCE = randomBytes(12).toString("hex");

type PathKey = string | number;

function pathOf(info: Pick<GraphQLResolveInfo, "path">): PathKey[] {
  const keys: PathKey[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) keys.push(p.key);
  return keys.reverse();
}

/** The JSON fragments of one request's response. */
export class RawJson {
  readonly #fragments: { path: PathKey[]; text: string }[] = [];
  /** JSON of each placed token -> the text it stands for. */
  readonly #placed = new Map<string, string>();

  /** Registers `text` (valid JSON) as the value of the field being resolved. */
  add(info: Pick<GraphQLResolveInfo, "path">, text: string): void {
    this.#fragments.push({ path: pathOf(info), text });
  }

  /** Puts a token at every registered path still present in `data` (a parent nulled by an error drops it). */
  place(data: Record<string, unknown> | null | undefined): void {
    if (!data) return;
    for (const { path, text } of this.#fragments) {
      let parent: unknown = data;
      for (const key of path.slice(0, -1))
        parent = parent && typeof parent === "object" ? (parent as Record<PathKey, unknown>)[key] : undefined;
      const last = path.at(-1)!;
      if (!parent || typeof parent !== "object" || !Array.isArray((parent as Record<PathKey, unknown>)[last])) continue;
      const token = `\u0000raw:${NONCE}:${this.#placed.size}`;
      (parent as Record<PathKey, unknown>)[last] = token;
      this.#placed.set(JSON.stringify(token), text);
    }
  }

  /** The serialised body with every placed token replaced by its text. */
  splice(body: string): string {
    let out = body;
    for (const [token, text] of this.#placed) {
      const at = out.indexOf(token);
      if (at >= 0) out = out.slice(0, at) + text + out.slice(at + token.length);
    }
    return out;
  }
}

export function rawJsonPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!contextValue.rawJson || response.body.kind !== "single") return;
          contextValue.rawJson.place(response.body.singleResult.data as Record<string, unknown> | null | undefined);
        },
      };
    },
  };
}
