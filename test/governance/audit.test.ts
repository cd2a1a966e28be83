/** The audit trail: every mutation leaves an entry with who, when, what, before and after; only admins read it; nobody rewrites it. */
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, useSecureApi } from "../helpers/auth";

const LOG = `query($f: AuditFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) {
  nodes { id at actorKind actorId actorEmail action entity entityId before after } pageInfo { endCursor hasNextPage } } }`;

describeOnDrivers("audit trail", (db) => {
  const api = useSecureApi(db);
  let admin: Record<string, string>;
  let editor: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    adminId = await createTestUser(db().handle, "admin@audit.org", "admin");
    await createTestUser(db().handle, "editor@audit.org", "editor", ["THA"]);
    admin = (await login(api(), "admin@audit.org")).headers;
    editor = (await login(api(), "editor@audit.org")).headers;
  });

  it("records before and after of a change, with the actor", async () => {
    await api().gql(`mutation { createRound(input: { code: "A1", title: "First title", referenceYear: 2024 }) { code } }`, {}, admin);
    const t0 = new Date().toISOString();
    await api().gql(`mutation { updateRound(code: "A1", input: { title: "Second title" }) { code } }`, {}, admin);
    const res = await api().gql(LOG, { f: { action: "updateRound", entity: "round" } }, admin);
    expect(res.errors).toBeUndefined();
    const [entry] = res.data!.auditLog.nodes;
    expect(entry).toMatchObject({
      actorKind: "user",
      actorId: adminId,
      actorEmail: "admin@audit.org",
      action: "updateRound",
      entity: "round",
      entityId: "A1",
    });
    expect(entry.before.title).toBe("First title");
    expect(entry.after.title).toBe("Second title");
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Date.parse(t0) - 1000);
  });

  it("records mutations of other modules and imports, with secrets redacted", async () => {
    await db().handle.query("insert into collection_rounds (code, title, reference_year) values ('A2', 'Import round', 2023)");
    await db().handle.query("insert into data_sources (code, ref_area, name) values ('BA:70001', 'THA', 'LFS')");
    await api().gql(
      `mutation { createNote(noteType: "T9", noteId: "77", labels: [{ lang: "en", text: "A note" }]) { noteId } }`,
      {},
      editor,
    );
    const csv = "ref_area,source,indicator,sex,classif1,time,obs_value\nTHA,BA:70001,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n";
    const imp = await api().gql(
      `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "A2" }) { status } }`,
      { csv },
      editor,
    );
    expect(imp.data!.importObservations.status).toBe("loaded");
    await api().gql(
      `mutation { createUser(input: { email: "new@audit.org", role: viewer, password: "a very secret password" }) { id } }`,
      {},
      admin,
    );

    const res = await api().gql(LOG, { f: { actor: "editor@audit" } }, admin);
    const actions = res.data!.auditLog.nodes.map((n: any) => n.action);
    expect(actions).toEqual(expect.arrayContaining(["importObservations", "createNote", "login"]));
    const imported = res.data!.auditLog.nodes.find((n: any) => n.action === "importObservations");
    expect(imported.after.args.input.csv).toBe(csv);
    const created = (await api().gql(LOG, { f: { action: "createUser" } }, admin)).data!.auditLog.nodes[0];
    expect(JSON.stringify(created)).not.toMatch(/very secret|argon2/);

    // the database holds no secret either
    const rows = await db().handle.query<{ t: string }>(
      "select coalesce(before::text, '') || coalesce(after::text, '') as t from audit_log",
    );
    expect(rows.map((r) => r.t).join("\n")).not.toMatch(/very secret|\$argon2id\$/);
  });

  it("records before and after for code-list, code, group and note edits too", async () => {
    await api().gql(`mutation { relabelCode(codelist: "SEX", code: "SEX_F", lang: "fr", text: "Femmes") { code } }`, {}, admin);
    await api().gql(
      `mutation { updateNote(noteType: "T9", noteId: "77", labels: [{ lang: "en", text: "Changed note" }]) { noteId } }`,
      {},
      editor,
    );
    await api().gql(`mutation { addGroupMember(group: "ASEAN", country: "FRA", validFrom: "2090-01-01") { code } }`, {}, admin);
    const code = (await api().gql(LOG, { f: { action: "relabelCode" } }, admin)).data!.auditLog.nodes[0];
    expect(code).toMatchObject({ entity: "code", entityId: "SEX:SEX_F" });
    expect(code.before.labels.fr).toBeUndefined();
    expect(code.after.labels.fr).toBe("Femmes");
    const note = (await api().gql(LOG, { f: { action: "updateNote" } }, admin)).data!.auditLog.nodes[0];
    expect(note).toMatchObject({ entity: "note", entityId: "T9:77", actorEmail: "editor@audit.org" });
    expect([note.before.labels.en, note.after.labels.en]).toEqual(["A note", "Changed note"]);
    const group = (await api().gql(LOG, { f: { action: "addGroupMember" } }, admin)).data!.auditLog.nodes[0];
    expect(group.after.members.length).toBe(group.before.members.length + 1);
  });

  it("records refusals of signed-in callers (role or country scope), not of anonymous ones", async () => {
    await db().handle.query("insert into data_sources (code, ref_area, name) values ('BA:70002', 'VNM', 'LFS')");
    await api().gql(`mutation { updateSource(code: "BA:70002", input: { notes: "x" }) { code } }`, {}, editor);
    await api().gql(
      `mutation { createUser(input: { email: "sneaky@audit.org", role: admin, password: "a long enough password" }) { id } }`,
      {},
      editor,
    );
    await api().gql(`mutation { createUser(input: { email: "anon@audit.org", role: admin, password: "a long enough password" }) { id } }`);
    const res = await api().gql(LOG, { f: { action: "denied" } }, admin);
    const denied = res.data!.auditLog.nodes.map((n: any) => [n.actorEmail, n.entity, n.after.reason]);
    expect(denied).toEqual([
      ["editor@audit.org", "createUser", "Role editor may not manage users"],
      ["editor@audit.org", "updateSource", "Your account may edit sources for THA only, not VNM"],
    ]);
    expect(JSON.stringify(res.data)).not.toContain("a long enough password");
  });

  it("filters by time and pages by cursor, newest first", async () => {
    const all = (await api().gql(LOG, { first: 500 }, admin)).data!.auditLog.nodes;
    expect(all.length).toBeGreaterThan(5);
    const ids = all.map((n: any) => Number(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await api().gql(LOG, { first: 2, after }, admin)).data!.auditLog;
      seen.push(...page.nodes.map((n: any) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.map((n: any) => n.id));
    const future = (await api().gql(LOG, { f: { from: new Date(Date.now() + 3600_000).toISOString() } }, admin)).data!.auditLog.nodes;
    expect(future).toEqual([]);
    const past = (await api().gql(LOG, { f: { to: "2000-01-01T00:00:00Z" } }, admin)).data!.auditLog.nodes;
    expect(past).toEqual([]);
    const bad = await api().gql(LOG, { after: "not-a-cursor" }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused", async () => {
    const h = db().handle;
    const [{ n: before }] = (await h.query<{ n: number }>("select count(*)::int as n from audit_log")) as [{ n: number }];
    await expect(h.query("update audit_log set action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(h.query("delete from audit_log")).rejects.toThrow(/append-only/);
    await expect(h.query("truncate audit_log")).rejects.toThrow(/append-only/);
    const [{ n: after }] = (await h.query<{ n: number }>("select count(*)::int as n from audit_log")) as [{ n: number }];
    expect(after).toBe(before);
    expect(await h.query("select 1 from audit_log where action = 'forged'")).toEqual([]);
  });
});
