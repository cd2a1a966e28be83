/**
 * SQL statements per operation, counted by wrapping the database handle: nested fields resolve through
 * per-request loaders, so the count does not grow with the page size (no N+1), and `totalCount` costs a
 * statement only when it is selected.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { createApp } from "../../apps/api/src/app";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import type { App } from "../../apps/api/src/app";
import { countingHandle, describeOnDrivers } from "../helpers/db";

describeOnDrivers("SQL statements per operation", (db) => {
  let app: App;
  let url: string;
  const statements: string[] = [];

  beforeAll(async () => {
    const inner = db().handle;
    await loadDemoData(inner);
    const counting = countingHandle(inner, (text) => statements.push(text));
    app = await createApp({ db: counting, responseCache: null });
    url = await app.listen(0);
  });
  afterAll(async () => {
    await app.close();
  });

  async function count(query: string): Promise<number> {
    statements.length = 0;
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    // The next embargo release is re-read by time (every few seconds, and after an invalidation), not per
    // operation: on a loaded machine it may fall into any request, so it is not counted as the operation's.
    return statements.filter((s) => !s.includes("min(release_at)")).length;
  }

  const page = (first: number, extra = "") => `{ observations(filter: { table: 15, refArea: ["ASEAN"] }, first: ${first}) { ${extra}
    nodes { refArea sex classif1 time obsValue roundCode notes { ref text } dataSource { name comparability }
            dimensions { dimension label item { level parent { code label } } } } } }`;

  it("reads a page with every nested field in a constant number of statements", async () => {
    const small = await count(page(5));
    const large = await count(page(500));
    // page, codes, parents of codes, sources, rounds
    expect(small).toBeLessThanOrEqual(5);
    expect(large).toBeLessThanOrEqual(small);
  });

  it("counts only when totalCount is selected", async () => {
    const without = await count(page(50));
    const withCount = await count(page(50, "totalCount"));
    expect(withCount).toBe(without + 1);
  });

  it("builds slices, roll-ups and the quality map in a few statements", async () => {
    const slice = `{ slice(filter: { table: 15, refArea: ["ASEAN"], sex: ["SEX_T"] }, dimensions: [{ dimension: "refArea" }, { dimension: "destination" }, { dimension: "time" }]) {
      dimensions { codes { code label } } observations { keys values } } }`;
    await invalidateResponseCache(); // also empties the label cache and the code lists' index
    // cells, the labels read alongside them, and the code lists' index the filter's codes are checked and expanded with
    expect(await count(slice)).toBe(3);
    // labels are kept between requests until the next mutation or publication
    expect(await count(slice)).toBe(1);
    // cells and country-group memberships
    expect(
      await count(`{ slice(filter: { table: 15, refArea: ["ASEAN"], sex: ["SEX_T"], destination: ["TOTAL"] }, dimensions: [{ dimension: "refArea", level: "group" }, { dimension: "time" }]) {
      dimensions { codes { code label } } observations { keys values } } }`),
    ).toBe(2);
    await invalidateResponseCache();
    expect(await count(slice)).toBe(3);
    // The active region's expectations (reporting countries, tables, expected cells) are read once per data epoch:
    // a region applied by another process moves the epoch (change notifications on PostgreSQL, the socket on PGlite).
    const quality = `{ qualityMap(countries: ["ASEAN"]) { refArea table time completeness sources { name } lastRoundCode openFindings } }`;
    const first = await count(quality);
    expect(await count(quality)).toBeLessThanOrEqual(4);
    expect(first).toBeLessThanOrEqual(5);
    // After an invalidation they are read again, once, with the code lists' index the countries are checked against.
    await invalidateResponseCache();
    expect(await count(quality)).toBe(first + 1);
  });
});
