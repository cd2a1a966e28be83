/**
 * SQL-injection and script payloads in every argument of every query (found by introspection, so queries added
 * later are covered too), in stored text fields and in every import column: they are stored verbatim or refused
 * with a client error, never executed, and never turn into an internal error.
 */
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";
import { introspect } from "../helpers/introspection";
import type { SchemaView } from "../helpers/introspection";

const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "1); DELETE FROM audit_log; --",
  "THA' UNION SELECT password_hash FROM users --",
  '"; select pg_sleep(0); --',
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "%_\\",
  "$1 $2 ${x}",
  "ＴＨＡ ñ 中文 🙂",
  "nul\u0000byte",
];

/** PostgreSQL text cannot hold NUL: such input is refused (BAD_USER_INPUT), everything else is stored as given. */
const STORABLE = PAYLOADS.filter((p) => !p.includes("\u0000"));

const SQL_LEAK = /syntax error at or near|relation "|column "|pg_|postgres|select .* from/i;

describeOnDrivers("injection and script payloads", (db) => {
  const api = useSecureApi(db);
  let admin: Record<string, string>;
  let schema: SchemaView;

  beforeAll(async () => {
    await createTestUser(db().handle, "admin@inj.org", "admin");
    admin = (await login(api(), "admin@inj.org")).headers;
    schema = await introspect(api());
    await db().handle.query("insert into collection_rounds (code, title, reference_year) values ('INJ', 'Injection round', 2023)");
  });

  it("answers every query argument filled with payloads with data or a client error, never an internal or SQL error", async () => {
    const query = schema.types.get("Query")!;
    const [before] = await db().handle.query<{ users: number; audit: number }>(
      "select (select count(*)::int from users) as users, (select count(*)::int from audit_log) as audit",
    );
    const problems: string[] = [];
    let calls = 0;
    for (const field of query.fields!) {
      if (field.name.startsWith("__") || field.args.length === 0) continue;
      for (const payload of PAYLOADS) {
        for (const headers of [{}, admin]) {
          const op = schema.operation("query", field, payload);
          const res = await fetch(`${api().url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify(op),
          });
          calls++;
          const text = await res.text();
          expect(res.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
          const body = JSON.parse(text);
          const codes = (body.errors ?? []).map((e: any) => e.extensions?.code);
          // The payload itself may be echoed in a message (`Unknown indicator '...'`): only what the server adds counts.
          const added = JSON.stringify(body.errors ?? [])
            .split(JSON.stringify(payload).slice(1, -1))
            .join("");
          if (codes.includes("INTERNAL_SERVER_ERROR") || SQL_LEAK.test(added)) {
            problems.push(
              `${field.name} ${JSON.stringify(payload)} ${Object.keys(headers).length ? "admin" : "anonymous"}: ${JSON.stringify(body.errors).slice(0, 300)}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    const [after] = await db().handle.query<{ users: number; audit: number }>(
      "select (select count(*)::int from users) as users, (select count(*)::int from audit_log) as audit",
    );
    expect(after!.users).toBe(before!.users);
    expect(after!.audit).toBeGreaterThanOrEqual(before!.audit);
  });

  it("treats payloads in filters as values, not as conditions", async () => {
    const audit = await api().gql(
      `query($a: String) { auditLog(filter: { action: $a, actor: $a }) { nodes { id } } }`,
      { a: "' OR '1'='1" },
      admin,
    );
    expect(audit.data!.auditLog.nodes).toEqual([]);
    const codes = await api().gql(`query($s: String) { codelist(id: "AREA") { codes(search: $s) { code } } }`, { s: "' OR '1'='1" });
    expect(codes.data!.codelist.codes).toEqual([]);
    const like = await api().gql(`query($s: String) { codelist(id: "AREA") { codes(search: $s) { code } } }`, { s: "%" });
    expect(like.data!.codelist.codes).toEqual([]);
    // a nested argument reaches the database before any check: still a client error, with no SQL
    const nested = await api().gql(`query($s: String) { codelist(id: "AREA") { codes(search: $s) { code } } }`, { s: "a\u0000b" });
    expect(nested.errors?.[0]).toMatchObject({
      message: "Text must not contain NUL (\\u0000) characters",
      extensions: { code: "BAD_USER_INPUT" },
    });
    const sources = await api().gql(`query($r: [String!]) { sources(refArea: $r) { code } }`, { r: ["THA' OR '1'='1"] });
    expect(sources.data!.sources).toEqual([]);
  });

  it("stores payloads in text fields verbatim", async () => {
    for (const [i, payload] of STORABLE.entries()) {
      const note = await api().gql(
        `mutation($id: String!, $t: String!) { createNote(noteType: "T9", noteId: $id, labels: [{ lang: "en", text: $t }]) { noteId } }`,
        { id: `inj${i}`, t: payload },
        admin,
      );
      expect(note.errors, payload).toBeUndefined();
      const read = await api().gql(`query($id: String!) { note(noteType: "T9", noteId: $id) { labels { text } } }`, { id: `inj${i}` });
      expect(read.data!.note.labels[0].text).toBe(payload);
      const round = await api().gql(
        `mutation($c: String!, $t: String!) { createRound(input: { code: $c, title: $t, referenceYear: 2024 }) { title } }`,
        { c: `INJ${i}`, t: payload },
        admin,
      );
      expect(round.data!.createRound.title).toBe(payload);
      const user = await api().gql(
        `mutation($e: String!, $n: String!) { createUser(input: { email: $e, name: $n, role: viewer, password: "a long enough password" }) { name } }`,
        { e: `inj${i}@example.org`, n: payload },
        admin,
      );
      expect(user.data!.createUser.name).toBe(payload.trim());
    }
    expect((await db().handle.query("select count(*)::int as n from users"))[0]).toMatchObject({ n: STORABLE.length + 1 });
    const nul = await api().gql(
      `mutation($t: String!) { createNote(noteType: "T9", noteId: "nul", labels: [{ lang: "en", text: $t }]) { noteId } }`,
      { t: "a\u0000b" },
      admin,
    );
    expect(nul.errors?.[0]).toMatchObject({
      message: "labels[0].text: text must not contain NUL (\\u0000) characters",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses payloads in every import column with the line, column and value, and writes nothing", async () => {
    const columns = [
      "ref_area",
      "source",
      "indicator",
      "sex",
      "classif1",
      "time",
      "obs_value",
      "obs_status",
      "note_classif",
      "note_indicator",
      "note_source",
    ];
    const good: Record<string, string> = {
      ref_area: "THA",
      source: "BA:1",
      indicator: "MNA_OEMP_SEX_CDS_NB",
      sex: "SEX_T",
      classif1: "CDS_DES_KOR",
      time: "2023",
      obs_value: "1.5",
      obs_status: "",
      note_classif: "",
      note_indicator: "",
      note_source: "",
    };
    await db().handle.query("insert into data_sources (code, ref_area, name) values ('BA:1', 'THA', 'LFS') on conflict do nothing");
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const factsBefore = await db().handle.query<{ n: number }>("select count(*)::int as n from fact_t15");
    for (const column of columns) {
      const lines = STORABLE.map((p) => columns.map((c) => quote(c === column ? p : good[c]!)).join(","));
      const csv = `${columns.join(",")}\n${lines.join("\n")}\n`;
      const res = await api().gql(
        `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "INJ" }) { status errorCount errors { line column value code } } }`,
        { csv },
        admin,
      );
      expect(res.errors, column).toBeUndefined();
      const report = res.data!.importObservations;
      expect(report.status, column).toBe("rejected");
      const mine = report.errors.filter((e: any) => e.column === column);
      expect(mine.length, `${column}: ${JSON.stringify(report.errors.slice(0, 3))}`).toBeGreaterThan(0);
      for (const e of mine) expect(STORABLE.map((p) => p.trim())).toContain(e.value);
    }
    expect(await db().handle.query<{ n: number }>("select count(*)::int as n from fact_t15")).toEqual(factsBefore);
  });
});
