/**
 * Trusted documents (a persisted-document allow-list): the operator lists the operations front-end apps may send,
 * in a manifest file (`ILMS_TRUSTED_DOCUMENTS`), and callers send a listed document by its id instead of its text.
 * With enforcement on (`ILMS_TRUSTED_DOCUMENTS_ENFORCE=anonymous`, the default once a manifest is set), an
 * anonymous caller may run listed documents only; signed-in users (the console, analysts in the GraphQL IDE)
 * keep free-form queries. `everyone` extends the rule to signed-in callers, `off` only adds the ids.
 *
 * Two manifest formats are read:
 * - Apollo's persisted query manifest: `{ "format": "apollo-persisted-query-manifest", "version": 1,
 *   "operations": [{ "id", "name", "type", "body" }] }` (`@apollo/generate-persisted-query-manifest`);
 * - a map of id to document, `{ "<id>": "<document>" }` (GraphQL Code Generator's `persisted-documents.json`,
 *   Relay's `persisted_queries.json`).
 * A request names a document by `documentId` (the GraphQL-over-HTTP proposal) or by the APQ hash
 * (`extensions.persistedQuery.sha256Hash`); a request that sends the very text of a listed document counts as
 * listed. Every document is parsed and validated against the schema when the app starts: a manifest with a broken
 * or outdated document refuses the start, naming the entry. The cost limits apply to listed documents as to any
 * other (their variables decide their size).
 */
import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import type { GraphQLSchema } from "graphql";
import { documentHash } from "./cacheability";

export type TrustedEnforcement = "anonymous" | "everyone" | "off";

export interface TrustedDocument {
  id: string;
  name: string | null;
  body: string;
}

/** A manifest that cannot be used: the file, the entry and the reason. */
export class TrustedDocumentsError extends Error {
  constructor(file: string, entry: string | null, reason: string) {
    super(`Trusted documents ${file}${entry ? `, ${entry}` : ""}: ${reason}`);
    this.name = "TrustedDocumentsError";
  }
}

function entriesOf(file: string, manifest: unknown): TrustedDocument[] {
  if (!manifest || typeof manifest !== "object" || Array.isArray(manifest))
    throw new TrustedDocumentsError(file, null, "expected a JSON object (an Apollo manifest or a map of id to document)");
  const record = manifest as Record<string, unknown>;
  if (record.format === "apollo-persisted-query-manifest") {
    if (record.version !== 1)
      throw new TrustedDocumentsError(file, null, `manifest version ${String(record.version)} is not supported (1 is)`);
    if (!Array.isArray(record.operations)) throw new TrustedDocumentsError(file, null, `"operations" must be an array`);
    return record.operations.map((operation: unknown, index) => {
      const o = (operation ?? {}) as Record<string, unknown>;
      const entry = `operations[${index}]${typeof o.name === "string" ? ` (${o.name})` : ""}`;
      if (typeof o.id !== "string" || o.id === "") throw new TrustedDocumentsError(file, entry, `"id" must be a non-empty string`);
      if (typeof o.body !== "string") throw new TrustedDocumentsError(file, entry, `"body" must be a string`);
      return { id: o.id, name: typeof o.name === "string" ? o.name : null, body: o.body };
    });
  }
  return Object.entries(record).map(([id, body]) => {
    if (typeof body !== "string") throw new TrustedDocumentsError(file, `"${id}"`, "the document must be a string");
    return { id, name: null, body };
  });
}

export class TrustedDocuments {
  readonly #byId = new Map<string, TrustedDocument>();
  readonly #hashes = new Set<string>();

  constructor(
    documents: readonly TrustedDocument[],
    readonly enforcement: TrustedEnforcement = "anonymous",
  ) {
    for (const document of documents) {
      this.#byId.set(document.id, document);
      this.#hashes.add(documentHash(document.body));
    }
  }

  /** Reads a manifest and checks every document against the schema; throws {@link TrustedDocumentsError}. */
  static load(file: string, schema: GraphQLSchema, enforcement: TrustedEnforcement = "anonymous"): TrustedDocuments {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new TrustedDocumentsError(file, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch (error) {
      throw new TrustedDocumentsError(file, null, `is not valid JSON (${(error as Error).message})`);
    }
    const documents = entriesOf(file, manifest);
    const seen = new Set<string>();
    for (const document of documents) {
      const entry = `"${document.id}"${document.name ? ` (${document.name})` : ""}`;
      if (seen.has(document.id)) throw new TrustedDocumentsError(file, entry, "the id is listed twice");
      seen.add(document.id);
      let parsed;
      try {
        parsed = parse(document.body);
      } catch (error) {
        throw new TrustedDocumentsError(file, entry, `does not parse: ${(error as Error).message}`);
      }
      const [problem] = validate(schema, parsed);
      if (problem) throw new TrustedDocumentsError(file, entry, `is not valid against the schema: ${problem.message}`);
    }
    return new TrustedDocuments(documents, enforcement);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** The listed document of an id, if any. */
  byId(id: string): TrustedDocument | undefined {
    return this.#byId.get(id);
  }

  /** Whether a document's text is one of the listed ones. */
  lists(query: string): boolean {
    return this.#hashes.has(documentHash(query));
  }
}

/** The id a request names its document by: `documentId`, else the APQ hash. */
export function requestedDocumentId(params: { documentId?: unknown; extensions?: unknown }, apqHash: string | null): string | null {
  return typeof params.documentId === "string" ? params.documentId : apqHash;
}
