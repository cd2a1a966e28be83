/**
 * What a new user trips on at intake (issues 9 and 11), on both drivers: a misspelt column, 2,756 identical
 * errors, sources the import may register, findings doubled by a re-import into a new round, a summary that
 * calls unchanged rows "written", and a demo whose quality map has no signals.
 */
import { expect, it } from "vitest";
import { DEMO_ROUND, demoCsv, importIlostat, loadDemoData } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { describeOnDrivers } from "../helpers/db";
import { corruptedSample, countFacts, createRound, createSource, csv, sampleText } from "./helpers";

const LAO_ROW = ["LAO", "T:LAO", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_KOR", "", "2022", "1.500", "U", "", "", ""];

const IMPORT = `mutation($input: ImportObservationsInput!) {
  importObservations(input: $input) {
    status rowsRead rowsWritten rowsNew rowsUnchanged rowsRevised newSources errorCount findingCount findingsKnown
    errors { line lines count column value code message }
  }
}`;

describeOnDrivers("intake: columns, grouped errors, new sources, findings per cell, demo sources", (db) => {
  const api = useTestApi(db);
  const asAdminGql = async (q: string, v?: Record<string, unknown>) => api().gql(q, v, await asAdmin(api(), db().handle));

  it("refuses a column one typo away from a known one, naming it and the column meant; names every other unknown column", async () => {
    const h = db().handle;
    await createRound(h, "T-COLS");
    await createSource(h, "T:LAO", "LAO");
    const header = "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_stauts,note_classif,note_indicator,note_source";
    const typo = await importIlostat(h, { text: csv([LAO_ROW], header) }, { round: "T-COLS" });
    expect(typo.status).toBe("rejected");
    expect(typo.errors).toHaveLength(1);
    expect(typo.errors[0]).toMatchObject({ line: 1, column: "obs_stauts", code: "UNKNOWN_COLUMN" });
    expect(typo.errors[0]!.message).toMatch(/did you mean obs_status/);
    expect(await countFacts(h, "T-COLS")).toBe(0);

    // A column far from every known one is not a typo: the file loads, and the report names the column.
    const extra = await importIlostat(
      h,
      { text: csv([[...LAO_ROW, "checked by JS"]], `${header.replace("obs_stauts", "obs_status")},comment`) },
      { round: "T-COLS" },
    );
    expect(extra).toMatchObject({ status: "loaded", rowsWritten: 1, ignoredColumns: ["comment"] });
  });

  it("groups identical problems into one entry with a count and the first lines, in words that name no CLI flag", async () => {
    const h = db().handle;
    await loadDemoData(h);
    await createRound(h, "T-GROUP");
    const noSource = await importIlostat(h, { text: sampleText() }, { round: "T-GROUP" });
    expect(noSource).toMatchObject({ status: "rejected", errorCount: 2756 });
    expect(noSource.errors).toHaveLength(1);
    expect(noSource.errors[0]).toMatchObject({
      code: "MISSING_SOURCE",
      column: "source",
      line: 2,
      lines: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      count: 2756,
    });
    expect(noSource.errors[0]!.message).not.toMatch(/--/);
    expect(noSource.errors[0]!.message).toMatch(/give a default source/);

    // The helper text's example template: one entry per missing source, each with every row counted.
    const unknown = await importIlostat(h, { text: sampleText() }, { round: "T-GROUP", source: "ILMS:{ref_area}" });
    expect(unknown).toMatchObject({ status: "rejected", errorCount: 2756 });
    expect(unknown.errors.map((e) => `${e.code} ${e.value}`).sort()).toEqual(
      ["BRN", "IDN", "KHM", "LAO", "MYS", "THA", "VNM"].map((c) => `UNKNOWN_SOURCE ILMS:${c}`),
    );
    expect(unknown.errors.reduce((n, e) => n + e.count, 0)).toBe(2756);
    for (const e of unknown.errors) {
      expect(e.lines[0]).toBe(e.line);
      expect(e.lines.length).toBe(Math.min(10, e.count));
      expect(e.message).not.toMatch(/--/);
    }

    // Through GraphQL: the same grouping, and no CLI flag in any message.
    const res = await asAdminGql(IMPORT, { input: { csv: sampleText(), round: "T-GROUP", dryRun: true } });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importObservations;
    expect(report).toMatchObject({ status: "rejected", errorCount: 2756 });
    expect(report.errors).toEqual([
      expect.objectContaining({ code: "MISSING_SOURCE", count: 2756, lines: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }),
    ]);
    expect(JSON.stringify(report)).not.toMatch(/--source/);
    const noRound = await asAdminGql(IMPORT, { input: { csv: sampleText(), source: "DEMO:{ref_area}" } });
    expect(noRound.errors?.[0]?.message).not.toMatch(/--round/);
  });

  it("registers the missing sources of the template in the same transaction, never on a dry run or a refused file", async () => {
    const h = db().handle;
    await createRound(h, "T-NEWSRC");
    const sources = async () =>
      (await h.query<{ code: string }>("select code from data_sources where code like 'BA:%' order by code")).map((r) => r.code);
    const expected = ["BA:BRN", "BA:IDN", "BA:KHM", "BA:LAO", "BA:MYS", "BA:THA", "BA:VNM"];

    const dry = await importIlostat(
      h,
      { text: sampleText() },
      { round: "T-NEWSRC", source: "BA:{ref_area}", createSources: true, dryRun: true },
    );
    expect(dry).toMatchObject({ status: "dry-run", errorCount: 0, newSources: expected });
    expect(await sources()).toEqual([]);

    const refused = await importIlostat(
      h,
      { text: corruptedSample().text },
      { round: "T-NEWSRC", source: "BA:{ref_area}", createSources: true },
    );
    expect(refused).toMatchObject({ status: "rejected", newSources: [] });
    expect(await sources()).toEqual([]);

    const loaded = await importIlostat(h, { text: sampleText() }, { round: "T-NEWSRC", source: "BA:{ref_area}", createSources: true });
    expect(loaded).toMatchObject({ status: "loaded", rowsWritten: 2756, errorCount: 0, newSources: expected });
    expect(await sources()).toEqual(expected);
    const [lao] = await h.query<{ ref_area: string; source_type: string; notes: string }>(
      "select ref_area, source_type, notes from data_sources where code = 'BA:LAO'",
    );
    expect(lao).toMatchObject({ ref_area: "LAO", source_type: "BA" });
    expect(lao!.notes).toMatch(/Registered by the import/);
    expect(await countFacts(h, "T-NEWSRC")).toBe(2756);

    // A template that cannot give a source code is refused, once per code.
    const badCode = await importIlostat(h, { text: sampleText() }, { round: "T-NEWSRC", source: "my {ref_area}", createSources: true });
    expect(badCode).toMatchObject({ status: "rejected", errorCount: 2756, newSources: [] });
    expect(new Set(badCode.errors.map((e) => e.code))).toEqual(new Set(["BAD_SOURCE_CODE"]));
    expect(badCode.errors).toHaveLength(7);

    // Through GraphQL: `createSources` with the template, and a request without a template is refused as such.
    await createRound(h, "T-NEWSRC-API");
    const res = await asAdminGql(IMPORT, {
      input: { csv: sampleText(), round: "T-NEWSRC-API", source: "ILMS:{ref_area}", createSources: true },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importObservations).toMatchObject({ status: "loaded", newSources: expected.map((c) => c.replace("BA:", "ILMS:")) });
    const noTemplate = await asAdminGql(IMPORT, { input: { csv: sampleText(), round: "T-NEWSRC-API", createSources: true } });
    expect(noTemplate.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "NO_SOURCE_TEMPLATE" });
  });

  it("keeps one finding per check and cell when the same file goes into a new round, and counts new, unchanged and revised rows", async () => {
    const h = db().handle;
    const findings = async () => (await h.query<{ n: number }>("select count(*)::int as n from check_findings"))[0]!.n;
    const kor = () =>
      h.query<{ round: string; last_round: string; times_seen: number }>(
        `select r.code as round, l.code as last_round, f.times_seen from check_findings f
           join collection_rounds r on r.id = f.round_id join collection_rounds l on l.id = f.last_round_id
          where f.ref_area = 'LAO' and f.time = 2023 and f.table_id = 15 and f.cells->0->'dimensions'->>'destination' = 'KOR'
            and f."check" = 'additivity' and f.source_code = 'DEMO:LAO'`,
      );
    expect(await kor()).toEqual([{ round: DEMO_ROUND, last_round: DEMO_ROUND, times_seen: 1 }]);
    const before = await findings();
    // The quality map's badge (signed in, every round visible) must not double either.
    const map = `{ qualityMap(countries: ["LAO"], tables: [15], yearFrom: 2023, yearTo: 2023) { openFindings } }`;
    const badge = async () => ((await asAdminGql(map)).data!.qualityMap as { openFindings: number }[])[0]!.openFindings;
    const badgeBefore = await badge();
    expect(badgeBefore).toBeGreaterThan(0);

    await createRound(h, "T-AGAIN");
    const again = await importIlostat(h, { text: demoCsv(), fileName: "ilms-asean-sample.csv" }, { round: "T-AGAIN" });
    expect(again).toMatchObject({ status: "loaded", rowsRead: 2756, rowsWritten: 2756, rowsNew: 0, rowsUnchanged: 2756, rowsRevised: 0 });
    expect(again.findingCount).toBeGreaterThan(0);
    expect(again.findingsKnown).toBe(again.findingCount);
    expect(await findings()).toBe(before);
    expect(await kor()).toEqual([{ round: DEMO_ROUND, last_round: "T-AGAIN", times_seen: 2 }]);
    expect(await badge()).toBe(badgeBefore);
    // As a user does it: the shipped file (no source column) with the demo template, into yet another round.
    await createRound(h, "T-AGAIN-2");
    const template = await importIlostat(h, { text: sampleText() }, { round: "T-AGAIN-2", source: "DEMO:{ref_area}" });
    expect(template).toMatchObject({ status: "loaded", rowsRead: 2756, rowsRevised: 0 });
    expect(template.rowsNew + template.rowsUnchanged).toBe(2756);
    expect(await kor()).toEqual([{ round: DEMO_ROUND, last_round: "T-AGAIN-2", times_seen: 3 }]);
    expect(await badge()).toBe(badgeBefore);

    // A revision round: one changed value, one new cell, the rest as before.
    await createRound(h, "T-REV");
    const lines = demoCsv().replace(/\n$/, "").split("\n");
    const at = lines.findIndex((l) => l.startsWith("LAO,DEMO:LAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,,2023,"));
    lines[at] = lines[at]!.replace(",2023,2.815", ",2023,3.445");
    lines.push("LAO,DEMO:LAO,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,,2025,1.000,,,,");
    const revised = await importIlostat(h, { text: lines.join("\n") + "\n" }, { round: "T-REV" });
    expect(revised).toMatchObject({
      status: "loaded",
      rowsRead: 2757,
      rowsWritten: 2757,
      rowsNew: 1,
      rowsRevised: 1,
      revisions: 1,
      rowsUnchanged: 2755,
    });
    const unchanged = await importIlostat(h, { text: lines.join("\n") + "\n" }, { round: "T-REV" });
    expect(unchanged).toMatchObject({ status: "unchanged", rowsWritten: 0, rowsNew: 0, rowsRevised: 0, rowsUnchanged: 2757 });

    const res = await asAdminGql(IMPORT, { input: { csv: demoCsv(), round: "T-AGAIN", dryRun: true } });
    expect(res.data!.importObservations).toMatchObject({
      status: "dry-run",
      rowsWritten: 0,
      rowsNew: 0,
      rowsUnchanged: 2756,
      rowsRevised: 0,
    });
  });

  it("gives every reporting country of the demo a source with type and basis, and sources whose comparability covers the map's legend", async () => {
    const h = db().handle;
    const used = await h.query<{
      ref_area: string;
      code: string;
      source_type: string | null;
      migrant_basis: string | null;
      comparability: string | null;
      notes: string;
    }>(
      `select distinct f.ref_area, s.code, s.source_type, s.migrant_basis, s.comparability, s.notes from (
         ${[1, 3, 4, 5, 6, 15, 16].map((t) => `select ref_area, source_code, round_id from fact_t${String(t).padStart(2, "0")}`).join(" union all ")}
       ) f join data_sources s on s.code = f.source_code join collection_rounds r on r.id = f.round_id where r.code = $1 order by 1, 2`,
      [DEMO_ROUND],
    );
    const countries = [
      ...new Set(
        sampleText()
          .split("\n")
          .slice(1)
          .filter(Boolean)
          .map((l) => l.split(",")[0]!),
      ),
    ].sort();
    expect([...new Set(used.map((s) => s.ref_area))].sort()).toEqual(countries);
    for (const s of used) {
      expect(s.source_type, s.code).not.toBeNull();
      expect(s.migrant_basis, s.code).not.toBeNull();
      expect(s.notes, s.code).toMatch(/illustrative/i);
    }
    expect(new Set(used.map((s) => s.comparability))).toEqual(new Set(["full", "partial", "not_comparable", null]));
    expect(new Set(used.map((s) => s.source_type)).size).toBeGreaterThanOrEqual(3);

    // The map itself, as anyone sees it: every legend mark and several source types.
    const res = await api().gql(`{ qualityMap(countries: ["ASEAN"]) { refArea table comparability sources { sourceType migrantBasis } } }`);
    expect(res.errors).toBeUndefined();
    const cells = res.data!.qualityMap as {
      comparability: string | null;
      sources: { sourceType: string | null; migrantBasis: string | null }[];
    }[];
    expect(new Set(cells.map((c) => c.comparability))).toEqual(new Set(["full", "partial", "not_comparable", null]));
    expect(cells.every((c) => c.sources.length > 0 && c.sources.every((s) => s.sourceType && s.migrantBasis))).toBe(true);
  });
});
