/**
 * Slices without roll-ups are built by the database (`compactSliceSql`) and their arrays passed to the response
 * as the database's JSON (http/raw-json.ts). On the real sample, on both drivers: the result is the one the row
 * path (`arrangeSlice` over `readCells`) gives, to the digit, for every table and several dimension choices; the
 * HTTP answer carries the same arrays; and the fast path keeps every guard (embargoed and draft values hidden
 * from the public, costly documents refused, the cell cap, the ambiguity error).
 */
import { createHash } from "node:crypto";
import { getOperationAST, parse } from "graphql";
import { beforeAll, expect, it } from "vitest";
import { TABLES } from "@ilms/domain";
import { loadDemoData } from "@ilms/ingest";
import { PUBLIC, arrangeSlice, planFilter, readCells, readSlice, sliceDimensionsOf } from "@ilms/query";
import type { SliceDimensionRequest, SliceResult, Visibility } from "@ilms/query";
import type { DbHandle } from "@ilms/db";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import { DEFAULT_ADMISSION } from "../../apps/api/src/plugins/admission";
import { analyse } from "../../apps/api/src/plugins/cost";
import { loadListSizes } from "../../apps/api/src/plugins/list-sizes";
import { getSchema } from "../../apps/api/src/schema";
import { asAdmin, useSecureApi } from "../helpers/auth";
import { describeOnDrivers } from "../helpers/db";

/** The fields a face reads, as plain data (the compact result parses its arrays lazily). */
function plain(s: SliceResult) {
  return {
    table: s.table.id,
    unit: s.unit,
    measure: s.measure,
    aggregated: s.aggregated,
    dimensions: s.dimensions,
    keys: s.keys,
    values: s.values,
    statuses: s.statuses,
    contributors: s.contributors,
    missing: s.missing,
    flagged: s.flagged,
  };
}

/** The row path: every cell read as an object, arranged in Node (what slices did before the compact path). */
async function byRows(db: DbHandle, filter: Parameters<typeof planFilter>[0], vis: Visibility, dims?: SliceDimensionRequest[]) {
  const plan = planFilter(filter);
  return arrangeSlice(db, plan.table, await readCells(db, plan, vis), dims);
}

/** Outcome of a read: its plain result, or its error's code and message. */
async function outcomeOf(read: () => Promise<SliceResult>) {
  try {
    return { ok: plain(await read()) };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { error: e.code, message: e.message };
  }
}

describeOnDrivers("slices built by the database", (db) => {
  beforeAll(async () => {
    const report = await loadDemoData(db().handle);
    expect(report.rowsWritten).toBe(2756);
  });
  const api = useSecureApi(db);

  it("gives the row path's result to the digit for every table, with default, reordered and source dimensions", async () => {
    const h = db().handle;
    let compared = 0;
    let withCells = 0;
    for (const table of TABLES) {
      const offered = sliceDimensionsOf(table).map((d) => d.id);
      const choices: (SliceDimensionRequest[] | undefined)[] = [
        undefined,
        offered.map((dimension) => ({ dimension })),
        [...offered].reverse().map((dimension) => ({ dimension })),
        [{ dimension: "time" }, { dimension: "refArea" }],
      ];
      for (const dims of choices) {
        const filter = { table: table.id };
        const fast = await outcomeOf(() => readSlice(h, planFilter(filter), PUBLIC, dims));
        const rows = await outcomeOf(() => byRows(h, filter, PUBLIC, dims));
        expect(fast, `table ${table.id} ${JSON.stringify(dims)}`).toEqual(rows);
        compared++;
        if (fast.ok && fast.ok.keys.length > 0) withCells++;
      }
    }
    expect(compared).toBe(TABLES.length * 4);
    // The sample fills several tables: the comparison is not one of empty slices.
    expect(withCells).toBeGreaterThanOrEqual(8);
  });

  it("sends the same arrays over HTTP as the row path computes", async () => {
    const filter = { table: 15, refArea: ["IDN", "LAO", "PHL"], expandHierarchy: false };
    const dims = [{ dimension: "refArea" }, { dimension: "destination" }, { dimension: "sex" }, { dimension: "time" }];
    const expected = plain(await byRows(db().handle, filter, PUBLIC, dims));
    expect(expected.keys.length).toBeGreaterThan(50);
    const res = await api().gql(
      `query($dims: [SliceDimensionInput!]) { slice(filter: { table: 15, refArea: ["IDN", "LAO", "PHL"], expandHierarchy: false }, dimensions: $dims) {
        size dimensions { id codes { code } } observations { keys values statuses contributors missing flagged again: keys } } }`,
      { dims },
    );
    expect(res.errors).toBeUndefined();
    const slice = res.data!.slice;
    expect(slice.size).toBe(expected.keys.length);
    expect(slice.dimensions.map((d: any) => ({ id: d.id, codes: d.codes.map((c: any) => c.code) }))).toEqual(
      expected.dimensions.map((d) => ({ id: d.id, codes: d.codes })),
    );
    expect(slice.observations).toEqual({
      keys: expected.keys,
      values: expected.values,
      statuses: expected.statuses,
      contributors: expected.contributors,
      missing: expected.missing,
      flagged: expected.flagged,
      again: expected.keys,
    });
  });

  it("hides draft and embargoed values from the public on the fast path, and shows them to staff", async () => {
    const h = db().handle;
    const round = async (code: string, status: string, releaseAt: string | null) =>
      (
        await h.query<{ id: number }>(
          `insert into collection_rounds (code, title, reference_year, status, release_at) values ($1, $1, 2024, $2, $3) returning id`,
          [code, status, releaseAt],
        )
      )[0]!.id;
    const insert = (roundId: number, value: string) =>
      h.query(
        `insert into fact_t15 (ref_area, time, sex, destination, indicator, source_code, round_id, obs_value)
         values ('LAO', 2023, 'SEX_T', 'KOR', 'MNA_OEMP_SEX_CDS_NB', 'DEMO:LAO', $1, $2)`,
        [roundId, value],
      );
    await insert(await round("FAST-DRAFT", "draft", null), "9.999");
    await insert(await round("FAST-EMBARGO", "published", "2999-01-01T00:00:00Z"), "8.888");
    await invalidateResponseCache();
    const query = `{ slice(filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["LAO"], classif1: ["CDS_DES_KOR"], sex: ["SEX_T"], timeFrom: 2023, timeTo: 2023 }) { size observations { values } } }`;
    // Twice: the second answer may come from the response cache, which must hold the masked answer only.
    for (let i = 0; i < 2; i++) {
      const anonymous = await api().gql(query);
      expect(anonymous.errors).toBeUndefined();
      expect(anonymous.data!.slice.observations.values).toEqual(["2.815"]);
    }
    const staff = await api().gql(query, {}, await asAdmin(api(), h));
    expect(staff.errors).toBeUndefined();
    // Staff read the latest round, embargoed or draft: the embargoed one is the latest here.
    expect(staff.data!.slice.observations.values).toEqual(["8.888"]);
    const anonymousAgain = await api().gql(query);
    expect(anonymousAgain.data!.slice.observations.values).toEqual(["2.815"]);
    await h.query(`delete from fact_t15 where round_id in (select id from collection_rounds where code like 'FAST-%')`);
    await h.query(`delete from collection_rounds where code like 'FAST-%'`);
    await invalidateResponseCache();
  });

  it("refuses costly documents before the fast path runs, every time they are sent", async () => {
    const field = (i: number) =>
      `s${i}: slice(filter: { table: 15, refArea: ["IDN"] }) { observations { keys values statuses contributors missing flagged } }`;
    const many = `{ ${Array.from({ length: 11 }, (_, i) => field(i)).join(" ")} }`;
    for (let i = 0; i < 2; i++) {
      const res = await api().gql(many);
      expect(res.data).toBeUndefined();
      expect(["QUERY_TOO_COSTLY", "QUERY_TOO_EXPENSIVE"]).toContain(res.errors?.[0]?.extensions?.code);
    }
  });

  it("keeps the cell cap and the ambiguity error on the fast path", async () => {
    const h = db().handle;
    // With countries the estimate is skipped: the exact cap of the compact statement refuses the read.
    await expect(readSlice(h, planFilter({ table: 15, refArea: ["IDN"] }), PUBLIC, null, 5)).rejects.toMatchObject({
      code: "QUERY_TOO_EXPENSIVE",
      message: expect.stringMatching(/more than 5 cells/),
    });
    // Leaving out a dimension with several values per cell is refused with the values named, as before.
    const ambiguous = await outcomeOf(() => readSlice(h, planFilter({ table: 15 }), PUBLIC, [{ dimension: "time" }]));
    expect(ambiguous).toMatchObject({ error: "BAD_USER_INPUT", message: expect.stringMatching(/^Ambiguous slice: .* has several values/) });
    expect(ambiguous).toEqual(await outcomeOf(() => byRows(h, { table: 15 }, PUBLIC, [{ dimension: "time" }])));
  });

  it("costs a slice by the cells its filter allows, and an open one by the cap as before", async () => {
    const schema = await getSchema();
    const sizes = await loadListSizes(db().handle);
    const cost = (args: string) => {
      const doc = parse(`{ slice(${args}) { size dimensions { id codes { code label } } observations { keys values statuses } } }`);
      return analyse(schema, doc, getOperationAST(doc)!, undefined, sizes).cost;
    };
    const narrow = cost(`filter: { table: 15, refArea: ["LAO"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2023, expandHierarchy: false }`);
    const open = cost(`filter: { table: 15, refArea: ["LAO"], sex: ["SEX_T"], timeFrom: 2019, expandHierarchy: false }`);
    const rolled = cost(
      `filter: { table: 15, refArea: ["LAO"], timeFrom: 2019, timeTo: 2023 }, dimensions: [{ dimension: "refArea", level: "group" }]`,
    );
    const expanded = cost(`filter: { table: 15, refArea: ["LAO"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2023 }`);
    // The front-end case is no longer queued behind every other slice; open and rolled-up ones still are.
    expect(narrow).toBeLessThan(DEFAULT_ADMISSION.heavyCost);
    expect(open).toBeGreaterThanOrEqual(DEFAULT_ADMISSION.heavyCost);
    expect(rolled).toBe(open);
    // Hierarchy nodes may select codes below them: the bound is the whole list, not the codes written.
    expect(expanded).toBeGreaterThan(narrow);
  });

  it("keeps the cost limits for documents sent by their persisted-query hash", async () => {
    const send = async (body: Record<string, unknown>) => {
      const res = await fetch(`${api().url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    };
    const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } });
    const query = `{ slice(filter: { table: 15, refArea: ["LAO"], sex: ["SEX_T"], timeFrom: 2019, timeTo: 2023, expandHierarchy: false }) { size } }`;
    expect((await send({ extensions: persisted(query) })).errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await send({ query, extensions: persisted(query) });
    expect(registered.errors).toBeUndefined();
    const byHash = await send({ extensions: persisted(query) });
    expect(byHash).toEqual(registered);
    const costly = `{ ${Array.from({ length: 11 }, (_, i) => `s${i}: slice(filter: { table: 15, refArea: ["IDN"] }) { size }`).join(" ")} }`;
    for (const body of [{ query: costly, extensions: persisted(costly) }, { extensions: persisted(costly) }]) {
      const res = await send(body);
      expect(res.data).toBeUndefined();
      expect(["QUERY_TOO_COSTLY", "QUERY_TOO_EXPENSIVE", "PERSISTED_QUERY_NOT_FOUND"]).toContain(res.errors?.[0]?.extensions?.code);
    }
  });
});
