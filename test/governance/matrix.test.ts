/**
 * The authorisation matrix, walked over real HTTP: every mutation of the schema x every kind of caller (anonymous,
 * each role, API keys) x in-scope and out-of-scope countries. The expected table below is the specification,
 * written out by hand rather than derived from the code under test.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, outcome, useSecureApi } from "../helpers/auth";

type Actor = "anonymous" | "viewer" | "reviewer" | "editor" | "admin" | "key:viewer" | "key:editor" | "key:reviewer";
const ACTORS: Actor[] = ["anonymous", "viewer", "reviewer", "editor", "admin", "key:viewer", "key:editor", "key:reviewer"];
/** The role each actor acts with; the editor (person and key) is scoped to THA only. */
const ROLE_OF: Record<Exclude<Actor, "anonymous">, string> = {
  viewer: "viewer",
  reviewer: "reviewer",
  editor: "editor",
  admin: "admin",
  "key:viewer": "viewer",
  "key:editor": "editor",
  "key:reviewer": "reviewer",
};

interface Op {
  /** Mutation name (the schema field). */
  mutation: string;
  /** Label of the case (a mutation may appear in scope and out of scope). */
  label: string;
  query: string;
  vars: (n: number, f: Fixtures) => Record<string, unknown>;
  /** Roles allowed (editor = the THA-scoped editor). */
  allow: string[];
  /** For operations of persons only: API keys are refused whatever their role. */
  personsOnly?: boolean;
  /** For operations that refuse inside a successful response (an import report): the outcome to compare. */
  verdict?: (data: Record<string, any>) => string;
}

interface Fixtures {
  viewerId: string;
}

const L = [{ lang: "en", text: "x" }];

const OPS: Op[] = [
  // data: an editor's scope is checked on every row of the file; a row outside it rejects the whole file
  {
    mutation: "importObservations",
    label: "importObservations THA (in scope)",
    query: `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "MX", dryRun: true }) { status errors { code } } }`,
    vars: () => ({
      csv: "ref_area,source,indicator,sex,classif1,time,obs_value\nTHA,BA:90001,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n",
    }),
    allow: ["admin", "editor"],
    verdict: (d) =>
      d.importObservations.status === "rejected" ? `REJECTED:${d.importObservations.errors.map((e: any) => e.code).join(",")}` : "OK",
  },
  {
    mutation: "importObservations",
    label: "importObservations VNM (out of scope)",
    query: `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "MX", dryRun: true }) { status errors { code } } }`,
    vars: () => ({
      csv: "ref_area,source,indicator,sex,classif1,time,obs_value\nVNM,BA:90002,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n",
    }),
    allow: ["admin"],
    verdict: (d) => (d.importObservations.status === "rejected" ? "FORBIDDEN" : "OK"),
  },
  // code lists and groups: administrators only
  {
    mutation: "createCodelist",
    label: "createCodelist",
    query: `mutation($i: CodelistCreateInput!) { createCodelist(input: $i) { id } }`,
    vars: (n) => ({ i: { id: `ZZ${n}`, kind: "attribute", description: "t", labels: L } }),
    allow: ["admin"],
  },
  {
    mutation: "updateCodelist",
    label: "updateCodelist",
    query: `mutation { updateCodelist(id: "OBS_STATUS", input: { description: "Observation status" }) { id } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "createCode",
    label: "createCode",
    query: `mutation($i: CodeCreateInput!) { createCode(input: $i) { code } }`,
    vars: (n) => ({ i: { codelistId: "OBS_STATUS", code: `Z${n}`, level: "flag", labels: L } }),
    allow: ["admin"],
  },
  {
    mutation: "updateCode",
    label: "updateCode",
    query: `mutation { updateCode(codelist: "OBS_STATUS", code: "B", input: { sortOrder: 1 }) { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "relabelCode",
    label: "relabelCode",
    query: `mutation { relabelCode(codelist: "SEX", code: "SEX_F", lang: "fr", text: "Femmes") { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "deleteCode",
    label: "deleteCode",
    query: `mutation { deleteCode(codelist: "OBS_STATUS", code: "NO_SUCH_CODE") { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "createCountryGroup",
    label: "createCountryGroup",
    query: `mutation($i: CountryGroupCreateInput!) { createCountryGroup(input: $i) { code } }`,
    vars: (n) => ({ i: { code: `GRP${n}`, labels: L } }),
    allow: ["admin"],
  },
  {
    mutation: "updateCountryGroup",
    label: "updateCountryGroup",
    query: `mutation { updateCountryGroup(code: "ASEAN", input: { description: "ASEAN" }) { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "addGroupMember",
    label: "addGroupMember",
    query: `mutation { addGroupMember(group: "ASEAN", country: "FRA", validFrom: "2090-01-01") { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "endGroupMember",
    label: "endGroupMember",
    query: `mutation { endGroupMember(group: "ASEAN", country: "DEU", validFrom: "1900-01-01") { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  // source metadata: editors for their own countries
  {
    mutation: "createSource",
    label: "createSource THA (in scope)",
    query: `mutation($i: DataSourceCreateInput!) { createSource(input: $i) { code } }`,
    vars: (n) => ({ i: { code: `BA:8${n}`, refArea: "THA", name: "Labour force survey" } }),
    allow: ["admin", "editor"],
  },
  {
    mutation: "createSource",
    label: "createSource VNM (out of scope)",
    query: `mutation($i: DataSourceCreateInput!) { createSource(input: $i) { code } }`,
    vars: (n) => ({ i: { code: `BA:7${n}`, refArea: "VNM", name: "Labour force survey" } }),
    allow: ["admin"],
  },
  {
    mutation: "updateSource",
    label: "updateSource THA (in scope)",
    query: `mutation { updateSource(code: "BA:90001", input: { notes: "checked" }) { code } }`,
    vars: () => ({}),
    allow: ["admin", "editor"],
  },
  {
    mutation: "updateSource",
    label: "updateSource VNM (out of scope)",
    query: `mutation { updateSource(code: "BA:90002", input: { notes: "checked" }) { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  // note texts: shared by all countries, editable by editors
  {
    mutation: "createNote",
    label: "createNote",
    query: `mutation($id: String!) { createNote(noteType: "T9", noteId: $id, labels: [{ lang: "en", text: "n" }]) { noteId } }`,
    vars: (n) => ({ id: `${n}` }),
    allow: ["admin", "editor"],
  },
  {
    mutation: "updateNote",
    label: "updateNote",
    query: `mutation { updateNote(noteType: "T9", noteId: "1", labels: [{ lang: "en", text: "n2" }]) { noteId } }`,
    vars: () => ({}),
    allow: ["admin", "editor"],
  },
  {
    mutation: "deleteNote",
    label: "deleteNote",
    query: `mutation { deleteNote(noteType: "T9", noteId: "no-such-note") { noteId } }`,
    vars: () => ({}),
    allow: ["admin", "editor"],
  },
  // publication workflow (unknown round codes: an allowed caller gets NOT_FOUND, a refused one FORBIDDEN first)
  {
    mutation: "createRound",
    label: "createRound",
    query: `mutation($c: String!) { createRound(input: { code: $c, title: "t", referenceYear: 2024 }) { code } }`,
    vars: (n) => ({ c: `M${n}` }),
    allow: ["admin"],
  },
  {
    mutation: "updateRound",
    label: "updateRound",
    query: `mutation { updateRound(code: "none", input: { title: "t" }) { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "submitRound",
    label: "submitRound",
    query: `mutation { submitRound(code: "none") { code } }`,
    vars: () => ({}),
    allow: ["admin"],
  },
  {
    mutation: "reopenRound",
    label: "reopenRound",
    query: `mutation { reopenRound(code: "none", reason: "r") { code } }`,
    vars: () => ({}),
    allow: ["admin", "reviewer"],
  },
  {
    mutation: "validateRound",
    label: "validateRound",
    query: `mutation { validateRound(code: "none") { code } }`,
    vars: () => ({}),
    allow: ["admin", "reviewer"],
  },
  {
    mutation: "publishRound",
    label: "publishRound",
    query: `mutation { publishRound(code: "none") { code } }`,
    vars: () => ({}),
    allow: ["admin", "reviewer"],
  },
  {
    mutation: "rescheduleRelease",
    label: "rescheduleRelease",
    query: `mutation { rescheduleRelease(code: "none", releaseAt: "2099-01-01T00:00:00Z") { code } }`,
    vars: () => ({}),
    allow: ["admin", "reviewer"],
  },
  // one's own account: every person, no API key (a wrong current password proves the call got past the guard)
  {
    mutation: "changePassword",
    label: "changePassword",
    query: `mutation { changePassword(currentPassword: "not-the-password", newPassword: "a new long password") }`,
    vars: () => ({}),
    allow: ["admin", "editor", "reviewer", "viewer"],
    personsOnly: true,
  },
  // the console language kept on one's own account: every person, no API key
  {
    mutation: "setMyLanguage",
    label: "setMyLanguage",
    query: `mutation { setMyLanguage(lang: "fr") { lang } }`,
    vars: () => ({}),
    allow: ["admin", "editor", "reviewer", "viewer"],
    personsOnly: true,
  },
  // accounts and keys: administrators only
  {
    mutation: "createUser",
    label: "createUser",
    query: `mutation($i: UserCreateInput!) { createUser(input: $i) { id } }`,
    vars: (n) => ({ i: { email: `made${n}@example.org`, role: "viewer", password: "a long enough password" } }),
    allow: ["admin"],
  },
  {
    mutation: "updateUser",
    label: "updateUser",
    query: `mutation($id: ID!) { updateUser(id: $id, input: { name: "Renamed" }) { id } }`,
    vars: (_n, f) => ({ id: f.viewerId }),
    allow: ["admin"],
  },
  {
    mutation: "deleteUser",
    label: "deleteUser",
    query: `mutation($id: ID!) { deleteUser(id: $id) { id } }`,
    vars: () => ({ id: randomUUID() }),
    allow: ["admin"],
  },
  {
    mutation: "createApiKey",
    label: "createApiKey",
    query: `mutation($n: String!) { createApiKey(input: { name: $n, role: viewer }) { key } }`,
    vars: (n) => ({ n: `k${n}` }),
    allow: ["admin"],
  },
  {
    mutation: "revokeApiKey",
    label: "revokeApiKey",
    query: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
    vars: () => ({ id: randomUUID() }),
    allow: ["admin"],
  },
];

/** Mutations anyone may call (they are how one gets credentials); covered by test/security. */
const PUBLIC = ["login", "refreshToken", "logout", "setupAdmin"];

/** Admin-only queries. */
const ADMIN_QUERIES = [`{ users { id } }`, `{ apiKeys { id } }`, `{ auditLog { nodes { id } } }`];

describeOnDrivers("authorisation matrix: role x operation x country", (db) => {
  const api = useSecureApi(db);
  const headers = new Map<Actor, Record<string, string>>();
  const fixtures: Fixtures = { viewerId: "" };

  beforeAll(async () => {
    const h = db().handle;
    await h.query("insert into data_sources (code, ref_area, name) values ('BA:90001', 'THA', 'LFS'), ('BA:90002', 'VNM', 'LFS')");
    await h.query("insert into collection_rounds (code, title, reference_year) values ('MX', 'Matrix round', 2023)");
    await h.query(`insert into notes (note_type, note_id, labels) values ('T9', '1', '{"en": "n"}')`);
    headers.set("anonymous", {});
    for (const role of ["viewer", "reviewer", "editor", "admin"] as const) {
      const id = await createTestUser(h, `${role}@example.org`, role, role === "editor" ? ["THA"] : []);
      if (role === "viewer") fixtures.viewerId = id;
      headers.set(role, (await login(api(), `${role}@example.org`)).headers);
    }
    for (const role of ["viewer", "editor", "reviewer"] as const) {
      const res = await api().gql(
        `mutation($i: ApiKeyCreateInput!) { createApiKey(input: $i) { key } }`,
        { i: { name: `${role}-key`, role, countries: role === "editor" ? ["THA"] : [] } },
        headers.get("admin"),
      );
      expect(res.errors).toBeUndefined();
      headers.set(`key:${role}`, { "x-api-key": res.data!.createApiKey.key });
    }
  });

  it("lists every mutation of the schema (a new mutation must be added to this matrix)", async () => {
    const res = await api().gql(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = (res.data!.__type.fields as { name: string }[]).map((f) => f.name).sort();
    const covered = [...new Set([...OPS.map((o) => o.mutation), ...PUBLIC])].sort();
    expect(inSchema).toEqual(covered);
  });

  it("allows exactly the specified callers and refuses the others with UNAUTHENTICATED or FORBIDDEN", async () => {
    let n = 0;
    const table: string[] = [];
    const wrong: string[] = [];
    for (const op of OPS) {
      const row: string[] = [];
      for (const actor of ACTORS) {
        n++;
        const res = await api().gql(op.query, op.vars(n, fixtures), headers.get(actor));
        const got = op.verdict && res.data?.[op.mutation] ? op.verdict(res.data) : outcome(res);
        const role = actor === "anonymous" ? null : ROLE_OF[actor];
        const isKey = actor.startsWith("key:");
        const expected =
          role === null ? "UNAUTHENTICATED" : op.allow.includes(role) && !(op.personsOnly && isKey) ? "allowed" : "FORBIDDEN";
        const ok =
          expected === "allowed" && op.verdict
            ? got === "OK"
            : expected === "allowed"
              ? got !== "UNAUTHENTICATED" && got !== "FORBIDDEN" && got !== "INTERNAL_SERVER_ERROR"
              : got === expected;
        if (!ok) wrong.push(`${op.label} as ${actor}: expected ${expected}, got ${got} ${JSON.stringify(res.errors?.[0]?.message ?? "")}`);
        row.push(got === "OK" ? "ok" : got.slice(0, 5));
      }
      table.push(`${op.label.padEnd(32)} ${row.map((c) => c.padEnd(6)).join(" ")}`);
    }
    expect(wrong, `\n${ACTORS.join(" | ")}\n${table.join("\n")}`).toEqual([]);
  });

  it("refuses the admin queries to everyone but admins", async () => {
    for (const q of ADMIN_QUERIES) {
      for (const actor of ACTORS) {
        const got = outcome(await api().gql(q, {}, headers.get(actor)));
        expect(got, `${q} as ${actor}`).toBe(actor === "admin" ? "OK" : actor === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN");
      }
    }
  });

  it("names the editor's countries when it crosses its scope, and writes nothing", async () => {
    const res = await api().gql(
      `mutation { updateSource(code: "BA:90002", input: { notes: "hijacked" }) { code } }`,
      {},
      headers.get("editor"),
    );
    expect(res.errors?.[0]).toMatchObject({
      message: "Your account may edit sources for THA only, not VNM",
      extensions: { code: "FORBIDDEN", countries: ["VNM"] },
    });
    const [row] = await db().handle.query<{ notes: string | null }>("select notes from data_sources where code = 'BA:90002'");
    expect(row!.notes).not.toBe("hijacked");
  });
});
