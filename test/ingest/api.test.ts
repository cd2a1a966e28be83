/**
 * The GraphQL import over real HTTP: the same report as the CLI (same code path), a corrupted file refused
 * with every problem and nothing written, uploads as base64, stored reports by id, and the guard in front.
 */
import { expect, it } from "vitest";
import { importIlostat, loadDemoData } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { asAdmin } from "../helpers/auth";
import { describeOnDrivers } from "../helpers/db";
import { corruptedSample, countFacts, createRound, sampleText } from "./helpers";

const IMPORT = `mutation($input: ImportObservationsInput!) {
  importObservations(input: $input) {
    id status round fileName rowsRead rowsWritten rowsUnchanged revisions tables errorCount
    errors { line lines count column value code message }
    findingCount
    findings { check severity table refArea time sourceCode message expected actual cells { sex value role dimensions { key code } } }
  }
}`;
const REPORT = `query($id: Int!) { importReport(id: $id) { id status round rowsRead rowsWritten errorCount errors { line column value code } findingCount } }`;

describeOnDrivers("importObservations over HTTP", (db) => {
  const api = useTestApi(db);
  const asAdminGql = async (q: string, v?: Record<string, unknown>) => api().gql(q, v, await asAdmin(api(), db().handle));

  it("refuses a corrupted file with every problem listed, exactly as the library reports it, and writes nothing", async () => {
    const h = db().handle;
    await loadDemoData(h); // the demo sources DEMO:<country>
    await createRound(h, "T-API");
    const { text, expected } = corruptedSample();
    const res = await asAdminGql(IMPORT, { input: { csv: text, fileName: "corrupted.csv", round: "T-API", source: "DEMO:{ref_area}" } });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importObservations;
    expect(report).toMatchObject({ status: "rejected", round: "T-API", fileName: "corrupted.csv", rowsWritten: 0, errorCount: 4 });
    expect(report.errors.map(({ line, column, value, code }: Record<string, unknown>) => ({ line, column, value, code }))).toEqual(
      expected,
    );
    // Same code path as the CLI: a direct (dry) call on the same text gives the same problems, word for word.
    const direct = await importIlostat(h, { text }, { round: "T-API", source: "DEMO:{ref_area}", dryRun: true });
    expect(report.errors).toEqual(direct.errors);
    expect(await countFacts(h, "T-API")).toBe(0);

    const stored = await asAdminGql(REPORT, { id: report.id });
    expect(stored.data!.importReport).toMatchObject({ id: report.id, status: "rejected", errorCount: 4 });
  });

  it("imports an uploaded file (base64) with its findings, and serves the stored report by id", async () => {
    const h = db().handle;
    const base64 = `data:text/csv;base64,${Buffer.from(sampleText(), "utf8").toString("base64")}`;
    const res = await asAdminGql(IMPORT, {
      input: { fileBase64: base64, fileName: "sample.csv", round: "T-API", source: "DEMO:{ref_area}" },
    });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importObservations;
    expect(report).toMatchObject({ status: "loaded", rowsRead: 2756, rowsWritten: 2756, errorCount: 0, tables: [1, 3, 4, 5, 6, 15, 16] });
    const lao = report.findings.find(
      (f: { refArea: string; time: number; cells: { dimensions: { key: string; code: string }[] }[] }) =>
        f.refArea === "LAO" && f.time === 2023 && f.cells[0]!.dimensions.some((d) => d.key === "destination" && d.code === "KOR"),
    );
    expect(lao).toMatchObject({ check: "additivity", table: 15, actual: "2.815", expected: "3.445" });
    expect(lao.cells.map((c: { sex: string; value: string }) => `${c.sex} ${c.value}`)).toEqual([
      "SEX_T 2.815",
      "SEX_F 1.702",
      "SEX_M 1.743",
    ]);
    expect(await countFacts(h, "T-API")).toBe(2756);

    const stored = await asAdminGql(REPORT, { id: report.id });
    expect(stored.data!.importReport).toMatchObject({
      id: report.id,
      status: "loaded",
      round: "T-API",
      rowsWritten: 2756,
      findingCount: report.findingCount,
    });

    const again = await asAdminGql(IMPORT, { input: { csv: sampleText(), round: "T-API", source: "DEMO:{ref_area}", dryRun: true } });
    expect(again.data!.importObservations).toMatchObject({ status: "dry-run", rowsWritten: 0, rowsUnchanged: 2756 });
  });

  it("names a bad request as BAD_USER_INPUT, and refuses anonymous callers", async () => {
    const unknownRound = await asAdminGql(IMPORT, { input: { csv: sampleText(), round: "NOPE" } });
    expect(unknownRound.errors?.[0]).toMatchObject({
      message: "No collection round 'NOPE'",
      extensions: { code: "BAD_USER_INPUT", reason: "ROUND_NOT_FOUND" },
    });
    const anonymous = await api().gql(IMPORT, { input: { csv: sampleText(), round: "T-API" } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // Reports of unpublished rounds are for signed-in users; those of published rounds are public.
    const [draft] = await db().handle.query<{ id: number }>(
      "select i.id from imports i join collection_rounds r on r.id = i.round_id where r.code = 'T-API' limit 1",
    );
    const anonymousReport = await api().gql(REPORT, { id: draft!.id });
    expect(anonymousReport.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const [demo] = await db().handle.query<{ id: number }>(
      "select i.id from imports i join collection_rounds r on r.id = i.round_id where r.status = 'published' limit 1",
    );
    expect((await api().gql(REPORT, { id: demo!.id })).data!.importReport).toMatchObject({ status: "loaded", rowsWritten: 2756 });
  });
});
