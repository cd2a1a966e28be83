/** The publication workflow of collection rounds, enforced by the server: statuses, embargo, revision rounds. */
import { beforeAll, expect, it } from "vitest";
import { describeOnDrivers } from "../helpers/db";
import { createTestUser, login, outcome, useSecureApi } from "../helpers/auth";

const ROUND = `code status kind revisesRound releaseAt publishedAt isPublic`;

describeOnDrivers("publication workflow", (db) => {
  const api = useSecureApi(db);
  let admin: Record<string, string>;
  let reviewer: Record<string, string>;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    for (const role of ["admin", "reviewer", "viewer"] as const) await createTestUser(db().handle, `${role}@wf.org`, role);
    admin = (await login(api(), "admin@wf.org")).headers;
    reviewer = (await login(api(), "reviewer@wf.org")).headers;
    viewer = (await login(api(), "viewer@wf.org")).headers;
  });

  const step = (name: string, code: string, headers: Record<string, string>, extra = "") =>
    api().gql(`mutation { r: ${name}(code: "${code}"${extra}) { ${ROUND} } }`, {}, headers);

  it("moves a round draft -> submitted -> validated -> published and refuses skipped or backward steps", async () => {
    const created = await api().gql(
      `mutation { createRound(input: { code: "2024", title: "ILMQ 2024", referenceYear: 2024, opensOn: "2024-03-01", closesOn: "2024-09-30" }) { ${ROUND} } }`,
      {},
      admin,
    );
    expect(created.data!.createRound).toMatchObject({ code: "2024", status: "draft", kind: "regular", isPublic: false });

    const early = await step("publishRound", "2024", reviewer);
    expect(early.errors?.[0]).toMatchObject({
      message: "Round 2024 is draft: cannot publish it; it must be validated (workflow: draft -> submitted -> validated -> published)",
      extensions: { code: "INVALID_TRANSITION", status: "draft" },
    });
    expect(outcome(await step("validateRound", "2024", reviewer))).toBe("INVALID_TRANSITION");

    expect((await step("submitRound", "2024", admin)).data!.r.status).toBe("submitted");
    expect(outcome(await api().gql(`mutation { updateRound(code: "2024", input: { title: "changed" }) { code } }`, {}, admin))).toBe(
      "INVALID_TRANSITION",
    );
    expect(outcome(await step("submitRound", "2024", admin))).toBe("INVALID_TRANSITION");

    // a reviewer can send it back, then it goes through again
    expect((await step("reopenRound", "2024", reviewer, `, reason: "table 4 totals missing"`)).data!.r.status).toBe("draft");
    expect((await step("submitRound", "2024", admin)).data!.r.status).toBe("submitted");
    expect((await step("validateRound", "2024", reviewer)).data!.r.status).toBe("validated");
    const published = await step("publishRound", "2024", reviewer);
    expect(published.data!.r).toMatchObject({ status: "published", isPublic: true });
    expect(Date.parse(published.data!.r.releaseAt)).toBeLessThanOrEqual(Date.now() + 1000);

    // published is final
    for (const s of ["submitRound", "reopenRound", "validateRound", "publishRound"]) {
      const res = await step(s, "2024", admin);
      expect(res.errors?.[0]?.message, s).toMatch(
        /^Round 2024 is published: .*a published round is final; put corrections in a revision round$/,
      );
    }
    const [row] = await db().handle.query<{ status: string }>("select status from collection_rounds where code = '2024'");
    expect(row!.status).toBe("published");
  });

  it("keeps an embargoed round (published, release in the future) away from anonymous callers", async () => {
    await api().gql(`mutation { createRound(input: { code: "2025", title: "ILMQ 2025", referenceYear: 2025 }) { code } }`, {}, admin);
    await step("submitRound", "2025", admin);
    await step("validateRound", "2025", reviewer);
    const release = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const res = await api().gql(
      `mutation($at: DateTime) { publishRound(code: "2025", releaseAt: $at) { ${ROUND} } }`,
      { at: release },
      reviewer,
    );
    expect(res.data!.publishRound).toMatchObject({ status: "published", isPublic: false, releaseAt: release });

    const anonymous = await api().gql(`{ rounds { code } round(code: "2025") { code } }`);
    expect(anonymous.data).toEqual({ rounds: [{ code: "2024" }], round: null });
    const staff = await api().gql(`{ rounds { code } round(code: "2025") { code isPublic } }`, {}, viewer);
    expect(staff.data).toEqual({ rounds: [{ code: "2024" }, { code: "2025" }], round: { code: "2025", isPublic: false } });

    // the embargo can move while the round is not public yet, never into the past, never once public
    const later = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString();
    const moved = await api().gql(
      `mutation($at: DateTime!) { rescheduleRelease(code: "2025", releaseAt: $at) { releaseAt isPublic } }`,
      { at: later },
      reviewer,
    );
    expect(moved.data!.rescheduleRelease).toEqual({ releaseAt: later, isPublic: false });
    const past = await api().gql(`mutation { rescheduleRelease(code: "2025", releaseAt: "2001-01-01T00:00:00Z") { code } }`, {}, reviewer);
    expect(past.errors?.[0]?.message).toBe("releaseAt: must be in the future (publishing already makes a round public now)");
    const pub = await api().gql(
      `mutation($at: DateTime!) { rescheduleRelease(code: "2024", releaseAt: $at) { code } }`,
      { at: later },
      reviewer,
    );
    expect(pub.errors?.[0]).toMatchObject({
      message: "Round 2024: cannot move its release; it is already public, and published data are not withdrawn",
      extensions: { code: "INVALID_TRANSITION" },
    });
  });

  it("opens revision rounds only on published rounds", async () => {
    const bad = await api().gql(
      `mutation { createRound(input: { code: "2026-R1", title: "r", referenceYear: 2026, kind: revision, revisesRound: "2026" }) { code } }`,
      {},
      admin,
    );
    expect(bad.errors?.[0]).toMatchObject({
      message: "revisesRound: no round 2026",
      extensions: { code: "BAD_USER_INPUT", field: "revisesRound" },
    });
    await api().gql(`mutation { createRound(input: { code: "2026", title: "t", referenceYear: 2026 }) { code } }`, {}, admin);
    const draft = await api().gql(
      `mutation { createRound(input: { code: "2026-R1", title: "r", referenceYear: 2026, kind: revision, revisesRound: "2026" }) { code } }`,
      {},
      admin,
    );
    expect(draft.errors?.[0]?.message).toBe(
      "revisesRound: round 2026 is draft; only a published round is revised (change a draft directly)",
    );
    const noTarget = await api().gql(
      `mutation { createRound(input: { code: "2024-R0", title: "r", referenceYear: 2024, kind: revision }) { code } }`,
      {},
      admin,
    );
    expect(noTarget.errors?.[0]?.message).toBe("revisesRound: a revision round must name the round it revises");
    const ok = await api().gql(
      `mutation { createRound(input: { code: "2024-R1", title: "Revision of 2024", referenceYear: 2024, kind: revision, revisesRound: "2024" }) { ${ROUND} } }`,
      {},
      admin,
    );
    expect(ok.data!.createRound).toMatchObject({ code: "2024-R1", kind: "revision", revisesRound: "2024", status: "draft" });
  });

  it("drops cached anonymous answers when a round is published", async () => {
    await api().gql(`mutation { createRound(input: { code: "CACHE", title: "t", referenceYear: 2022 }) { code } }`, {}, admin);
    await step("submitRound", "CACHE", admin);
    await step("validateRound", "CACHE", reviewer);
    const anonymousRounds = async () => (await api().gql(`{ rounds { code } }`)).data!.rounds.map((r: any) => r.code);
    const first = await anonymousRounds();
    expect(first).not.toContain("CACHE");
    // A change behind the API's back is not seen: the answer comes from the response cache.
    await db().handle.query(
      "insert into collection_rounds (code, title, reference_year, status, published_at, release_at) values ('SIDE', 't', 2022, 'published', now(), now())",
    );
    expect(await anonymousRounds()).toEqual(first);
    await step("publishRound", "CACHE", reviewer);
    expect(await anonymousRounds()).toEqual([...first, "CACHE", "SIDE"]);
  });

  it("takes imports into draft rounds only", async () => {
    await db().handle.query("insert into data_sources (code, ref_area, name) values ('BA:50001', 'THA', 'LFS')");
    await api().gql(`mutation { createRound(input: { code: "IMP", title: "t", referenceYear: 2023 }) { code } }`, {}, admin);
    const csv = "ref_area,source,indicator,sex,classif1,time,obs_value\nTHA,BA:50001,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,2023,1.5\n";
    const load = () =>
      api().gql(
        `mutation($csv: String!) { importObservations(input: { csv: $csv, round: "IMP", dryRun: true }) { status } }`,
        { csv },
        admin,
      );
    expect((await load()).data!.importObservations.status).toBe("dry-run");
    await step("submitRound", "IMP", admin);
    const refused = await load();
    expect(refused.errors?.[0]).toMatchObject({
      message: "Round IMP is submitted: it takes no data while under review (a reviewer can reopen it)",
      extensions: { code: "INVALID_TRANSITION" },
    });
    await step("validateRound", "IMP", reviewer);
    expect(outcome(await load())).toBe("INVALID_TRANSITION");
    await step("publishRound", "IMP", reviewer);
    expect(outcome(await load())).toBe("BAD_USER_INPUT");
  });

  it("validates round input with the field and reason", async () => {
    const cases: [string, string][] = [
      [`{ code: "bad code!", title: "t", referenceYear: 2024 }`, "code: 'bad code!' must be 1-40 letters, digits, '.', '-' or '_'"],
      [`{ code: "Y1", title: "t", referenceYear: 1800 }`, "referenceYear: 1800 is not a year between 1950 and 2100"],
      [`{ code: "Y2", title: "t", referenceYear: 2024, opensOn: "2024-13-01" }`, "opensOn: '2024-13-01' is not a date (YYYY-MM-DD)"],
      [
        `{ code: "Y3", title: "t", referenceYear: 2024, opensOn: "2024-05-01", closesOn: "2024-04-01" }`,
        "closesOn: 2024-04-01 is before opensOn 2024-05-01",
      ],
      [`{ code: "2024", title: "t", referenceYear: 2024 }`, "code: a round 2024 already exists"],
    ];
    for (const [input, message] of cases) {
      const res = await api().gql(`mutation { createRound(input: ${input}) { code } }`, {}, admin);
      expect(res.errors?.[0]?.message, input).toBe(message);
    }
  });
});
