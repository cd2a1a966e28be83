/**
 * The hottest fields of an answer cost no more per item than they must: a slice's code labels, one per code,
 * are answered from the codes read with the slice, without a promise chain per label (type-graphql's resolver
 * pipeline and the loader took 23 promises per label; the bench's 75-cell slice made 568 promises in all, 259
 * now). Counted with an async hook in this process, so the count covers the whole request, server and client.
 */
import { createHook } from "node:async_hooks";
import { request } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { describeOnDrivers } from "../helpers/db";
import { loadSyntheticT05 } from "../helpers/synthetic-t05";

/** POSTs a GraphQL query with node:http (fewer promises of its own than fetch) and parses the answer. */
function post(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = request(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as never));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describeOnDrivers("hot fields", (db) => {
  let app: App;
  let url: string;
  let activities: string[];

  beforeAll(async () => {
    await loadSyntheticT05(db().handle, 3 * 112 * 3 * 2);
    activities = (
      await db().handle.query<{ code: string }>(
        "select distinct economic_activity as code from fact_t05 where ref_area = 'BRN' order by economic_activity",
      )
    ).map((r) => r.code);
    app = await createApp({ db: db().handle, responseCache: null });
    url = `${await app.listen(0)}/graphql`;
  });
  afterAll(async () => {
    await app.close();
  });

  const query = (codes: readonly string[], lang: string) =>
    `{ slice(filter: { table: 5, refArea: ["BRN"], sex: ["SEX_T"], migrantStatus: ["CBR_BIR_TOTAL"], economicActivity: ${JSON.stringify(codes)}, timeFrom: 1990, timeTo: 1990 }, dimensions: [{ dimension: "economicActivity" }]) { size dimensions { id codes { code label(lang: "${lang}") } } } }`;

  /** Promises created while one request runs, after a first run of the same request (caches warm). */
  async function promisesOf(q: string): Promise<{ count: number; answer: Awaited<ReturnType<typeof post>> }> {
    await post(url, q);
    let count = 0;
    const hook = createHook({
      init: (_id, type) => {
        if (type === "PROMISE") count++;
      },
    }).enable();
    try {
      const answer = await post(url, q);
      return { count, answer };
    } finally {
      hook.disable();
    }
  }

  it("answers a slice's labels without a promise chain per code", async () => {
    expect(activities.length).toBeGreaterThanOrEqual(100);
    const few = await promisesOf(query(activities.slice(0, 4), "en"));
    const many = await promisesOf(query(activities.slice(0, 100), "en"));
    expect(few.answer.errors).toBeUndefined();
    expect(many.answer.errors).toBeUndefined();
    const codes = (many.answer.data!.slice as { dimensions: { codes: { code: string; label: string | null }[] }[] }).dimensions[0]!.codes;
    expect(codes).toHaveLength(100);
    expect(codes.every((c) => typeof c.label === "string" && c.label.length > 0 && c.label !== c.code)).toBe(true);
    // 96 more codes: 23 promises each before, one now (the loader primed with each code's record).
    expect((many.count - few.count) / 96).toBeLessThan(1.5);
  });

  it("gives each label in the language asked, as the code list has it", async () => {
    const codes = activities.slice(0, 3);
    const labelled = async (lang: string) =>
      ((await post(url, query(codes, lang))).data!.slice as { dimensions: { codes: { code: string; label: string }[] }[] }).dimensions[0]!
        .codes as { code: string; label: string }[];
    const rows = await db().handle.query<{ code: string; labels: Record<string, string> }>(
      "select code, labels from codes where codelist_id = 'ECO' and code = any($1::text[]) order by code",
      [codes],
    );
    for (const lang of ["en", "fr"]) {
      const answer = await labelled(lang);
      for (const row of rows) expect(answer.find((c) => c.code === row.code)?.label).toBe(row.labels[lang] ?? row.labels.en);
    }
  });
});
