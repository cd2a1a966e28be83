/**
 * The only code of the console that knows GraphQL. One `ra-data-graphql` provider whose `buildQuery` maps
 * react-admin's verbs (GET_LIST, GET_ONE, CREATE, UPDATE, DELETE...) to the API's queries and mutations
 * through a small grammar per resource, plus the few verbs react-admin has no word for (publish a round,
 * import a file, read the quality map), exposed as extra methods. Views call hooks; they never see a query.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import buildGraphQLProvider from "ra-data-graphql";
import { HttpError } from "react-admin";
import type { DataProvider, GetListParams, RaRecord } from "react-admin";

/* ------------------------------------------------------------------ session and transport */

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "editor" | "reviewer" | "viewer";
  countries: string[];
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: SessionUser;
}

const SESSION_KEY = "ilms.session";

export const sessionStore = {
  get(): Session | null {
    try {
      const text = localStorage.getItem(SESSION_KEY);
      return text ? (JSON.parse(text) as Session) : null;
    } catch {
      return null;
    }
  },
  set(session: Session): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  },
  clear(): void {
    localStorage.removeItem(SESSION_KEY);
  },
};

/** A GraphQL error as the API reports it: message, code (`extensions.code`) and the rest of the extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const ENDPOINT = "/graphql";
const SESSION_FIELDS = `accessToken refreshToken expiresAt user { id email name role countries }`;

async function post(query: string, variables: Record<string, unknown>, token: string | null): Promise<Record<string, any>> {
  const res = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The server answered ${res.status} ${res.statusText}`, "NETWORK");
  }
  const [first] = body.errors ?? [];
  if (first) throw new ApiError(first.message, first.extensions?.code as string | undefined, first.extensions);
  return body.data ?? {};
}

let refreshing: Promise<string | null> | null = null;

/** The access token, refreshed shortly before it expires (one refresh at a time). */
async function accessToken(): Promise<string | null> {
  const session = sessionStore.get();
  if (!session) return null;
  if (Date.parse(session.expiresAt) - Date.now() > 30_000) return session.accessToken;
  refreshing ??= post(
    `mutation($token: String!) { refreshToken(refreshToken: $token) { ${SESSION_FIELDS} } }`,
    { token: session.refreshToken },
    null,
  )
    .then((data) => {
      sessionStore.set(data.refreshToken as Session);
      return (data.refreshToken as Session).accessToken;
    })
    .catch(() => {
      sessionStore.clear();
      return null;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

/** Runs one operation with the caller's token: for the extra verbs below and the auth provider. */
export async function request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return (await post(query, variables, await accessToken())) as T;
}

export const authApi = {
  async login(email: string, password: string): Promise<Session> {
    const data = await post(
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION_FIELDS} } }`,
      { email, password },
      null,
    );
    const session = data.login as Session;
    sessionStore.set(session);
    return session;
  },
  async logout(): Promise<void> {
    const session = sessionStore.get();
    sessionStore.clear();
    // Ends the session server-side too, so a copied refresh token stops working.
    if (session)
      await post(`mutation($t: String) { logout(refreshToken: $t) }`, { t: session.refreshToken }, session.accessToken).catch(
        () => undefined,
      );
  },
  /** True while no administrator exists: the login page then offers the first-admin set-up. */
  async setupRequired(): Promise<boolean> {
    return Boolean((await post(`{ setupRequired }`, {}, null)).setupRequired);
  },
  /** Creates the first administrator with the one-time token the server printed, and signs in as them. */
  async setupAdmin(args: { token: string; email: string; password: string; name?: string }): Promise<Session> {
    const data = await post(
      `mutation($token: String!, $email: String!, $password: String!, $name: String) { setupAdmin(token: $token, email: $email, password: $password, name: $name) { ${SESSION_FIELDS} } }`,
      { ...args, name: args.name || null },
      null,
    );
    const session = data.setupAdmin as Session;
    sessionStore.set(session);
    return session;
  },
  async me(): Promise<SessionUser | null> {
    const data = await request(`{ me { id email name role countries } }`);
    return (data.me as SessionUser | null) ?? null;
  },
};

const client = new ApolloClient({
  link: new HttpLink({
    uri: ENDPOINT,
    fetch: async (uri, init) => {
      const token = await accessToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set("authorization", `Bearer ${token}`);
      return fetch(uri, { ...init, headers });
    },
  }),
  cache: new InMemoryCache({ addTypename: false }),
  defaultOptions: { query: { fetchPolicy: "no-cache", errorPolicy: "none" }, mutate: { fetchPolicy: "no-cache" } },
});

/* ------------------------------------------------------------------ the admin grammar */

type Vars = Record<string, unknown>;
type AnyParams = Record<string, any>;

interface Operation {
  query: string;
  variables?: (params: AnyParams) => Vars;
  /** Turns `data` into the record(s) react-admin expects (without the `id`, added by `key`). */
  parse: (data: Record<string, any>, params: AnyParams) => any;
}

interface ListOperation extends Operation {
  /**
   * `client`: the query returns every row and filter/sort/pagination happen here (small lists: code lists,
   * sources, rounds); `server`: parse returns `{ data, total }` already paginated.
   */
  paging: "client" | "server";
}

interface Grammar {
  /** The react-admin id of a record. */
  key: (record: Record<string, any>) => string | number;
  list?: ListOperation;
  one?: Operation;
  create?: Operation;
  update?: Operation;
  delete?: Operation;
}

const labelsInput = (labels: unknown): { lang: string; text: string }[] | undefined =>
  Array.isArray(labels)
    ? labels.filter((l) => l && l.lang && l.text).map((l) => ({ lang: String(l.lang), text: String(l.text) }))
    : undefined;

/** Keeps the keys an input type accepts, dropping ids and read-only fields react-admin sends back. */
function pick(data: Record<string, any>, keys: readonly string[]): Vars {
  const out: Vars = {};
  for (const k of keys) if (k in data && data[k] !== undefined) out[k] = data[k] === "" ? null : data[k];
  return out;
}

/** Only the fields that changed, so that an update never overwrites a value someone else just set. */
function changed(params: AnyParams, keys: readonly string[]): Vars {
  const before = params.previousData ?? {};
  const all = pick(params.data ?? {}, keys);
  return Object.fromEntries(
    Object.entries(all).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k] === "" ? null : before[k])),
  );
}

const CODE_FIELDS = `codelistId code parentCode family level sortOrder label labels { lang text } childCount: children { code }`;
const SOURCE_FIELDS = `code refArea name sourceType agency geographicCoverage populationCoverage ageFloor irregularMigrantsCovered migrantBasis
  referencePeriod periodicity sampleSize coefficientOfVariation comparability comparabilityNote knownGaps seriesBreaks notes createdAt updatedAt`;
export const SOURCE_INPUT_KEYS = [
  "name",
  "sourceType",
  "agency",
  "geographicCoverage",
  "populationCoverage",
  "ageFloor",
  "irregularMigrantsCovered",
  "migrantBasis",
  "referencePeriod",
  "periodicity",
  "sampleSize",
  "coefficientOfVariation",
  "comparability",
  "comparabilityNote",
  "knownGaps",
  "seriesBreaks",
  "notes",
] as const;
const GROUP_FIELDS = `code ilostatCode description name labels { lang text } members { country { code name } validFrom validTo }`;
const ROUND_FIELDS = `id code title referenceYear kind revisesRound status opensOn closesOn releaseAt publishedAt isPublic createdAt`;
const USER_FIELDS = `id email name role countries active lastLoginAt createdAt`;
const TABLE_FIELDS = `id key module moduleTitle title description measure unit additive
  dimensions { key title description codelistId families counterpart } indicators { id title fixed { dimension code } classif1 { dimension prefix } classif2 { dimension prefix } }`;

const codeRecord = (c: Record<string, any>) => ({ ...c, childCount: Array.isArray(c.childCount) ? c.childCount.length : 0 });

export const grammar: Record<string, Grammar> = {
  codelists: {
    key: (r) => r.id,
    list: {
      paging: "client",
      query: `{ codelists { id kind title description codeCount labels { lang text } } }`,
      parse: (d) => d.codelists,
    },
    one: {
      query: `query($id: ID!) { codelist(id: $id) { id kind title description codeCount labels { lang text } levels { level count } } }`,
      variables: (p) => ({ id: p.id }),
      parse: (d) => d.codelist,
    },
    create: {
      query: `mutation($input: CodelistCreateInput!) { createCodelist(input: $input) { id kind title description codeCount labels { lang text } } }`,
      variables: (p) => ({
        input: { id: p.data.id, kind: p.data.kind, description: p.data.description ?? "", labels: labelsInput(p.data.labels) ?? [] },
      }),
      parse: (d) => d.createCodelist,
    },
    update: {
      query: `mutation($id: String!, $input: CodelistUpdateInput!) { updateCodelist(id: $id, input: $input) { id kind title description codeCount labels { lang text } } }`,
      variables: (p) => ({ id: p.id, input: { description: p.data.description, labels: labelsInput(p.data.labels) } }),
      parse: (d) => d.updateCodelist,
    },
  },
  codes: {
    key: (r) => `${r.codelistId}/${r.code}`,
    list: {
      paging: "client",
      query: `query($list: ID!, $parent: String, $roots: Boolean, $search: String, $level: String) {
        codelist(id: $list) { codes(parent: $parent, roots: $roots, search: $search, level: $level) { ${CODE_FIELDS} } } }`,
      // Arguments left out rather than sent as null: the API reads a null `level` as "level is null".
      variables: (p) =>
        Object.fromEntries(
          Object.entries({
            list: p.filter?.codelistId ?? "ISIC4",
            parent: p.filter?.parentCode,
            roots: p.filter?.roots,
            search: p.filter?.q,
            level: p.filter?.level,
          }).filter(([, v]) => v !== undefined && v !== null && v !== ""),
        ),
      parse: (d) => (d.codelist?.codes ?? []).map(codeRecord),
    },
    one: {
      // `usedBy` only here: it probes every fact table, fine for one code, too much for a list.
      query: `query($list: ID!, $code: String!) { code(codelist: $list, code: $code) { ${CODE_FIELDS} usedBy } }`,
      variables: (p) => {
        const [list, ...rest] = String(p.id).split("/");
        return { list, code: rest.join("/") };
      },
      parse: (d) => d.code && codeRecord(d.code),
    },
    create: {
      query: `mutation($input: CodeCreateInput!) { createCode(input: $input) { ${CODE_FIELDS} } }`,
      variables: (p) => ({
        input: {
          ...pick(p.data, ["codelistId", "code", "parentCode", "family", "level", "sortOrder"]),
          labels: labelsInput(p.data.labels) ?? [],
        },
      }),
      parse: (d) => codeRecord(d.createCode),
    },
    update: {
      query: `mutation($list: String!, $code: String!, $input: CodeFields!) { updateCode(codelist: $list, code: $code, input: $input) { ${CODE_FIELDS} } }`,
      variables: (p) => ({
        list: p.previousData.codelistId,
        code: p.previousData.code,
        input: { ...changed(p, ["parentCode", "family", "level", "sortOrder"]), labels: labelsInput(p.data.labels) },
      }),
      parse: (d) => codeRecord(d.updateCode),
    },
    delete: {
      query: `mutation($list: String!, $code: String!) { deleteCode(codelist: $list, code: $code) { codelistId code } }`,
      variables: (p) => ({
        list: p.previousData?.codelistId ?? String(p.id).split("/")[0],
        code: p.previousData?.code ?? String(p.id).split("/").slice(1).join("/"),
      }),
      parse: (d) => d.deleteCode,
    },
  },
  tables: {
    key: (r) => r.id,
    list: { paging: "client", query: `{ tables { ${TABLE_FIELDS} } }`, parse: (d) => d.tables },
    one: {
      query: `query($id: Int!) { table(id: $id) { ${TABLE_FIELDS} } }`,
      variables: (p) => ({ id: Number(p.id) }),
      parse: (d) => d.table,
    },
  },
  countries: {
    key: (r) => r.code,
    list: { paging: "client", query: `{ countries { code alpha2 numeric name } }`, parse: (d) => d.countries },
    one: { query: `{ countries { code alpha2 numeric name } }`, parse: (d, p) => d.countries.find((c: any) => c.code === p.id) },
  },
  countryGroups: {
    key: (r) => r.code,
    list: { paging: "client", query: `{ countryGroups { ${GROUP_FIELDS} } }`, parse: (d) => d.countryGroups },
    one: { query: `{ countryGroups { ${GROUP_FIELDS} } }`, parse: (d, p) => d.countryGroups.find((g: any) => g.code === p.id) },
    create: {
      query: `mutation($input: CountryGroupCreateInput!) { createCountryGroup(input: $input) { ${GROUP_FIELDS} } }`,
      variables: (p) => ({ input: { ...pick(p.data, ["code", "ilostatCode", "description"]), labels: labelsInput(p.data.labels) } }),
      parse: (d) => d.createCountryGroup,
    },
    update: {
      query: `mutation($code: String!, $input: CountryGroupFields!) { updateCountryGroup(code: $code, input: $input) { ${GROUP_FIELDS} } }`,
      variables: (p) => ({ code: p.id, input: { ...pick(p.data, ["ilostatCode", "description"]), labels: labelsInput(p.data.labels) } }),
      parse: (d) => d.updateCountryGroup,
    },
  },
  sources: {
    key: (r) => r.code,
    list: { paging: "client", query: `{ sources { ${SOURCE_FIELDS} } }`, parse: (d) => d.sources },
    one: {
      query: `query($code: String!) { source(code: $code) { ${SOURCE_FIELDS} } }`,
      variables: (p) => ({ code: p.id }),
      parse: (d) => d.source,
    },
    create: {
      query: `mutation($input: DataSourceCreateInput!) { createSource(input: $input) { ${SOURCE_FIELDS} } }`,
      variables: (p) => ({ input: { code: p.data.code, refArea: p.data.refArea, ...pick(p.data, SOURCE_INPUT_KEYS) } }),
      parse: (d) => d.createSource,
    },
    update: {
      query: `mutation($code: String!, $input: DataSourceFields!) { updateSource(code: $code, input: $input) { ${SOURCE_FIELDS} } }`,
      variables: (p) => ({ code: p.id, input: changed(p, SOURCE_INPUT_KEYS) }),
      parse: (d) => d.updateSource,
    },
  },
  notes: {
    key: (r) => r.ref,
    list: { paging: "client", query: `{ notes { ref noteType noteId text labels { lang text } } }`, parse: (d) => d.notes },
    one: {
      query: `query($type: String!, $id: String!) { note(noteType: $type, noteId: $id) { ref noteType noteId text labels { lang text } } }`,
      variables: (p) => ({ type: String(p.id).split(":")[0], id: String(p.id).split(":")[1] }),
      parse: (d) => d.note,
    },
    create: {
      query: `mutation($type: String!, $id: String!, $labels: [LabelInput!]!) { createNote(noteType: $type, noteId: $id, labels: $labels) { ref noteType noteId text labels { lang text } } }`,
      variables: (p) => ({ type: p.data.noteType, id: p.data.noteId, labels: labelsInput(p.data.labels) ?? [] }),
      parse: (d) => d.createNote,
    },
    update: {
      query: `mutation($type: String!, $id: String!, $labels: [LabelInput!]!) { updateNote(noteType: $type, noteId: $id, labels: $labels) { ref noteType noteId text labels { lang text } } }`,
      variables: (p) => ({ type: p.previousData.noteType, id: p.previousData.noteId, labels: labelsInput(p.data.labels) ?? [] }),
      parse: (d) => d.updateNote,
    },
    delete: {
      query: `mutation($type: String!, $id: String!) { deleteNote(noteType: $type, noteId: $id) { ref } }`,
      variables: (p) => ({ type: String(p.id).split(":")[0], id: String(p.id).split(":")[1] }),
      parse: (d) => d.deleteNote,
    },
  },
  rounds: {
    key: (r) => r.code,
    list: { paging: "client", query: `{ rounds { ${ROUND_FIELDS} } }`, parse: (d) => d.rounds },
    one: {
      query: `query($code: String!) { round(code: $code) { ${ROUND_FIELDS} } }`,
      variables: (p) => ({ code: p.id }),
      parse: (d) => d.round,
    },
    create: {
      query: `mutation($input: RoundCreateInput!) { createRound(input: $input) { ${ROUND_FIELDS} } }`,
      variables: (p) => ({ input: pick(p.data, ["code", "title", "referenceYear", "kind", "revisesRound", "opensOn", "closesOn"]) }),
      parse: (d) => d.createRound,
    },
    update: {
      query: `mutation($code: String!, $input: RoundUpdateInput!) { updateRound(code: $code, input: $input) { ${ROUND_FIELDS} } }`,
      variables: (p) => ({ code: p.id, input: changed(p, ["title", "referenceYear", "opensOn", "closesOn"]) }),
      parse: (d) => d.updateRound,
    },
  },
  users: {
    key: (r) => r.id,
    list: { paging: "client", query: `{ users { ${USER_FIELDS} } }`, parse: (d) => d.users },
    one: { query: `query($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`, variables: (p) => ({ id: p.id }), parse: (d) => d.user },
    create: {
      query: `mutation($input: UserCreateInput!) { createUser(input: $input) { ${USER_FIELDS} } }`,
      variables: (p) => ({ input: pick(p.data, ["email", "name", "role", "countries", "password"]) }),
      parse: (d) => d.createUser,
    },
    update: {
      query: `mutation($id: ID!, $input: UserUpdateInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`,
      variables: (p) => ({ id: p.id, input: changed(p, ["name", "role", "countries", "active", "password"]) }),
      parse: (d) => d.updateUser,
    },
    delete: {
      query: `mutation($id: ID!) { deleteUser(id: $id) { ${USER_FIELDS} } }`,
      variables: (p) => ({ id: p.id }),
      parse: (d) => d.deleteUser,
    },
  },
  // The audit trail pages by cursor: see `cursorList` below.
  audit: { key: (r) => r.id },
};

/* ------------------------------------------------------------------ client-side list handling */

function matches(record: Record<string, any>, filter: Record<string, any>): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    if (wanted === undefined || wanted === null || wanted === "") return true;
    if (key === "q") {
      const needle = String(wanted).toLowerCase();
      return Object.values(record).some(
        (v) => (typeof v === "string" || typeof v === "number") && String(v).toLowerCase().includes(needle),
      );
    }
    if (key === "ids") return (wanted as unknown[]).map(String).includes(String(record.id));
    const value = record[key];
    if (Array.isArray(wanted)) return wanted.map(String).includes(String(value));
    if (Array.isArray(value)) return value.map(String).includes(String(wanted));
    return String(value) === String(wanted);
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Filters, sorts and paginates a full list the way react-admin would ask a server to. */
export function pageOf<T extends Record<string, any>>(rows: T[], params: Partial<GetListParams>, serverKeys: readonly string[] = []) {
  const filter = Object.fromEntries(Object.entries(params.filter ?? {}).filter(([k]) => !serverKeys.includes(k)));
  let out = rows.filter((r) => matches(r, filter));
  const sort = params.sort;
  if (sort?.field) {
    const sign = sort.order === "DESC" ? -1 : 1;
    out = [...out].sort((a, b) => sign * compare(a[sort.field], b[sort.field]));
  }
  const total = out.length;
  if (params.pagination) {
    const { page, perPage } = params.pagination;
    out = out.slice((page - 1) * perPage, page * perPage);
  }
  return { data: out, total };
}

/* ------------------------------------------------------------------ buildQuery */

/** Filter keys each client-paged list passes to the server instead of filtering itself. */
const SERVER_FILTERS: Record<string, readonly string[]> = { codes: ["codelistId", "parentCode", "roots", "level"] };

const withId = (resource: string, record: Record<string, any> | null | undefined) =>
  record ? { ...record, id: grammar[resource]!.key(record) } : record;

function unsupported(verb: string, resource: string): never {
  throw new HttpError(`The console cannot ${verb} ${resource}`, 405);
}

export function buildQuery() {
  return (verb: string, resource: string, params: AnyParams) => {
    const g = grammar[resource];
    if (!g) unsupported(verb, resource);
    const run = (op: Operation | undefined, parse: (data: Record<string, any>) => unknown) => {
      if (!op) return unsupported(verb, resource);
      return {
        query: gql(op.query),
        variables: op.variables?.(params) ?? {},
        parseResponse: (res: { data: Record<string, any> }) => parse(res.data),
      };
    };
    const listResult = (data: Record<string, any>, p: AnyParams) => {
      const list = g.list!;
      if (list.paging === "server") {
        const { data: rows, total } = list.parse(data, p) as { data: any[]; total: number };
        return { data: rows.map((r) => withId(resource, r)), total };
      }
      const rows = (list.parse(data, p) as any[]).map((r) => withId(resource, r)!);
      return pageOf(rows, p, SERVER_FILTERS[resource]);
    };
    switch (verb) {
      case "GET_LIST":
        return run(g.list, (d) => listResult(d, params));
      case "GET_MANY":
        return run(g.list, (d) => ({ data: listResult(d, { filter: { ids: params.ids } }).data }));
      case "GET_MANY_REFERENCE":
        return run(g.list, (d) => listResult(d, { ...params, filter: { ...params.filter, [params.target]: params.id } }));
      case "GET_ONE":
        return run(g.one, (d) => {
          const record = withId(resource, g.one!.parse(d, params));
          if (!record) throw new HttpError(`${resource} ${params.id} not found`, 404);
          return { data: record };
        });
      case "CREATE":
        return run(g.create, (d) => ({ data: withId(resource, g.create!.parse(d, params)) }));
      case "UPDATE":
        return run(g.update, (d) => ({ data: withId(resource, g.update!.parse(d, params)) }));
      case "DELETE":
        return run(g.delete, (d) => ({ data: withId(resource, { ...params.previousData, ...g.delete!.parse(d, params) }) }));
      default:
        return unsupported(verb, resource);
    }
  };
}

/* ------------------------------------------------------------------ verbs beyond CRUD */

export interface QualityCellSource {
  code: string;
  name: string | null;
  sourceType: string | null;
  comparability: string | null;
  migrantBasis: string | null;
}

/** One country × table × year of the quality map, as the API computes it. */
export interface QualityCell {
  refArea: string;
  table: number;
  year: number;
  completeness: number | null;
  observations: number;
  expected: number | null;
  flaggedShare: number | null;
  openFindings: number;
  lastRound: string | null;
  bases: string[];
  comparability: string | null;
  sources: QualityCellSource[];
}

export interface ImportIssue {
  line: number | null;
  column: string | null;
  code: string;
  message: string;
  value?: string | null;
}

export interface ImportFinding {
  check: string;
  severity: string;
  table: number;
  refArea: string;
  time: number;
  sourceCode: string;
  message: string;
  expected: string | null;
  actual: string | null;
}

export interface ImportReport {
  id: number | null;
  status: string;
  round: string | null;
  source: string | null;
  rowsRead: number;
  rowsWritten: number;
  rowsUnchanged: number;
  revisions: number;
  tables: number[];
  ignoredColumns: string[];
  errorCount: number;
  errors: ImportIssue[];
  findingCount: number;
  findings: ImportFinding[];
  durationMs: number;
}

const OBSERVATION_FIELDS = `table refArea indicator sex classif1 classif2 time obsValue value obsStatus source roundCode noteClassif noteIndicator noteSource
  dimensions { dimension code label }`;

const IMPORT_FIELDS = `id status round source rowsRead rowsWritten rowsUnchanged revisions tables ignoredColumns errorCount findingCount durationMs
  errors { line column value code message } findings { check severity table refArea time sourceCode message expected actual }`;

/** Rounds' workflow verbs, as the governance API names them. */
export type RoundAction = "submit" | "validate" | "publish" | "reopen";

export interface ObservationPage {
  data: Record<string, any>[];
  total: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

// Opaque cursors cannot jump to page n: remember the cursor that ends each page of a given query.
const cursorCache = new Map<string, (string | null)[]>();

const base = buildGraphQLProvider({ client, buildQuery, introspection: false });

/**
 * Lists the API pages by opaque cursor (audit trail): react-admin asks for page n, so the cursor ending each
 * page is remembered per query and the provider walks forward from the last one it knows.
 */
const CURSOR_LISTS: Record<string, { query: string; field: string; filterKeys: readonly string[] }> = {
  audit: {
    query: `query($filter: AuditFilter, $first: Int, $after: String) { auditLog(filter: $filter, first: $first, after: $after) {
      nodes { id at actorKind actorId actorEmail action entity entityId before after ip } pageInfo { endCursor hasNextPage } } }`,
    field: "auditLog",
    filterKeys: ["actor", "action", "entity", "entityId", "from", "to"],
  },
};

async function cursorList(resource: string, params: GetListParams) {
  const spec = CURSOR_LISTS[resource]!;
  const filter = pick(params.filter ?? {}, spec.filterKeys);
  const perPage = params.pagination?.perPage ?? 25;
  const page = params.pagination?.page ?? 1;
  const cacheKey = JSON.stringify([resource, filter, perPage]);
  const cursors = cursorCache.get(cacheKey) ?? [null];
  cursorCache.set(cacheKey, cursors);
  const fetchPage = async (p: number) => {
    const data = await request(spec.query, { filter, first: perPage, after: cursors[p - 1] ?? null });
    const conn = data[spec.field] as { nodes: Record<string, any>[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    cursors[p] = conn.pageInfo.endCursor;
    return conn;
  };
  for (let p = cursors.length; p < page; p++) if (!(await fetchPage(p)).pageInfo.hasNextPage) break;
  const conn = await fetchPage(page);
  return {
    data: conn.nodes.map((n) => withId(resource, n)!),
    pageInfo: { hasNextPage: conn.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
  };
}

export const dataProvider = {
  ...base,
  getList: ((resource: string, params: GetListParams) =>
    resource in CURSOR_LISTS ? cursorList(resource, params) : base.getList(resource, params)) as DataProvider["getList"],

  /** Countries × tables × years with completeness, sources, comparability and findings (only cells with data). */
  async qualityMap(args: { countries: string[]; tables?: number[]; yearFrom: number; yearTo: number }): Promise<QualityCell[]> {
    const data = await request(
      `query($countries: [String!]!, $tables: [Int!], $yearFrom: Int, $yearTo: Int) { qualityMap(countries: $countries, tables: $tables, yearFrom: $yearFrom, yearTo: $yearTo) {
        refArea table time completeness observations expectedCells flaggedShare openFindings lastRoundCode bases comparability
        sources { code name sourceType comparability migrantBasis } } }`,
      args,
    );
    return (data.qualityMap as Record<string, any>[]).map((c) => ({
      refArea: c.refArea,
      table: c.table,
      year: c.time,
      completeness: c.completeness,
      observations: c.observations,
      expected: c.expectedCells,
      flaggedShare: c.flaggedShare,
      openFindings: c.openFindings,
      lastRound: c.lastRoundCode,
      bases: c.bases,
      comparability: c.comparability,
      sources: c.sources,
    }));
  },

  /** Statistical check findings stored against a country's cells of a table. */
  async findings(args: {
    refArea: string;
    table: number;
    timeFrom?: number;
    timeTo?: number;
  }): Promise<{ time: number; check: string; message: string; severity: string; round: string; sourceCode: string }[]> {
    const data = await request(
      `query($refArea: [String!], $table: Int, $timeFrom: Int, $timeTo: Int) { checkFindings(refArea: $refArea, table: $table, timeFrom: $timeFrom, timeTo: $timeTo) {
        time check message severity round sourceCode } }`,
      { ...args, refArea: [args.refArea] },
    );
    return data.checkFindings;
  },

  /** Checks (dryRun) or loads a CSV file into a round with a default source. */
  async importObservations(args: {
    csv: string;
    fileName?: string;
    round?: string | null;
    source?: string | null;
    dryRun: boolean;
  }): Promise<ImportReport> {
    const data = await request(`mutation($input: ImportObservationsInput!) { importObservations(input: $input) { ${IMPORT_FIELDS} } }`, {
      input: {
        csv: args.csv,
        fileName: args.fileName ?? null,
        round: args.round || null,
        source: args.source || null,
        dryRun: args.dryRun,
      },
    });
    return data.importObservations as ImportReport;
  },

  async importReport(id: number): Promise<ImportReport | null> {
    const data = await request(`query($id: Int!) { importReport(id: $id) { ${IMPORT_FIELDS} } }`, { id });
    return data.importReport as ImportReport | null;
  },

  /** Moves a round through draft → submitted → validated → published (with an embargo on publish). */
  async roundAction(
    action: RoundAction,
    code: string,
    options: { releaseAt?: string | null; reason?: string | null } = {},
  ): Promise<Record<string, any>> {
    const field = `${action}Round`;
    const [decl, args, variables] =
      action === "publish"
        ? [`($code: String!, $releaseAt: DateTime)`, `(code: $code, releaseAt: $releaseAt)`, { code, releaseAt: options.releaseAt ?? null }]
        : action === "reopen"
          ? [`($code: String!, $reason: String)`, `(code: $code, reason: $reason)`, { code, reason: options.reason ?? null }]
          : [`($code: String!)`, `(code: $code)`, { code }];
    const data = await request(`mutation${decl} { ${field}${args} { ${ROUND_FIELDS} } }`, variables);
    return withId("rounds", data[field])!;
  },

  /** One page of observations of a table, filtered on any dimension. */
  async observations(args: {
    filter: Record<string, unknown>;
    page: number;
    perPage: number;
    asOfRound?: string | null;
  }): Promise<ObservationPage> {
    const cacheKey = JSON.stringify([args.filter, args.perPage, args.asOfRound ?? null]);
    const cursors = cursorCache.get(cacheKey) ?? [null];
    cursorCache.set(cacheKey, cursors);
    const query = `query($filter: ObservationFilterInput!, $first: Int, $after: String, $asOfRound: String) {
      observations(filter: $filter, first: $first, after: $after, asOfRound: $asOfRound) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { ${OBSERVATION_FIELDS} } } }`;
    // Walk forward from the last known cursor to the page asked for.
    for (let p = cursors.length; p < args.page; p++) {
      const data = await request(query, {
        filter: args.filter,
        first: args.perPage,
        after: cursors[p - 1],
        asOfRound: args.asOfRound ?? null,
      });
      cursors[p] = data.observations.pageInfo.endCursor;
      if (!data.observations.pageInfo.hasNextPage) break;
    }
    const data = await request(query, {
      filter: args.filter,
      first: args.perPage,
      after: cursors[args.page - 1] ?? null,
      asOfRound: args.asOfRound ?? null,
    });
    const o = data.observations;
    cursors[args.page] = o.pageInfo.endCursor;
    return {
      data: (o.nodes as Record<string, any>[]).map((n, i) => ({ ...n, id: `${args.page}-${i}` })),
      total: o.totalCount,
      pageInfo: o.pageInfo,
    };
  },

  /** Every observation matching the filter (for export), page by page. */
  async allObservations(filter: Record<string, unknown>, max = 50_000): Promise<Record<string, any>[]> {
    const out: Record<string, any>[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Record<string, any> = await request(
        `query($filter: ObservationFilterInput!, $after: String) { observations(filter: $filter, first: 1000, after: $after) {
          pageInfo { hasNextPage endCursor } nodes { ${OBSERVATION_FIELDS} } } }`,
        { filter, after },
      );
      out.push(...data.observations.nodes);
      if (!data.observations.pageInfo.hasNextPage || out.length >= max) return out;
      after = data.observations.pageInfo.endCursor;
    }
  },

  /** Chart-ready rows: observations of one table and country with labels for the breakdown. */
  async series(args: { table: number; refArea: string; timeFrom?: number; timeTo?: number }): Promise<Record<string, any>[]> {
    return this.allObservations(
      {
        table: args.table,
        refArea: [args.refArea],
        ...(args.timeFrom ? { timeFrom: args.timeFrom } : {}),
        ...(args.timeTo ? { timeTo: args.timeTo } : {}),
      },
      20_000,
    );
  },

  /** Adds a dated membership of a country in a group. */
  async addGroupMember(args: { group: string; country: string; validFrom: string; validTo?: string | null }): Promise<void> {
    await request(
      `mutation($group: String!, $country: String!, $validFrom: String!, $validTo: String) {
      addGroupMember(group: $group, country: $country, validFrom: $validFrom, validTo: $validTo) { code } }`,
      { ...args, validTo: args.validTo || null },
    );
  },

  /** Ends a membership on `validTo`, or removes it when no end date is given. */
  async endGroupMember(args: { group: string; country: string; validFrom: string; validTo?: string | null }): Promise<void> {
    await request(
      `mutation($group: String!, $country: String!, $validFrom: String!, $validTo: String) {
      endGroupMember(group: $group, country: $country, validFrom: $validFrom, validTo: $validTo) { code } }`,
      { ...args, validTo: args.validTo || null },
    );
  },

  /** Codes of a list with their labels (for filter choices and chart legends). */
  async codeLabels(codelistId: string): Promise<Record<string, string>> {
    const data = await request(`query($id: ID!) { codelist(id: $id) { codes { code label } } }`, { id: codelistId });
    return Object.fromEntries(((data.codelist?.codes ?? []) as { code: string; label: string }[]).map((c) => [c.code, c.label]));
  },
} satisfies DataProvider & Record<string, unknown>;

export type IlmsDataProvider = typeof dataProvider;

export type { RaRecord };
