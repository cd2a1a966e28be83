/**
 * `GET /export` streams: a large export is read from the engine batch by batch as the client takes it, and a
 * client that goes away stops the work (no further batches are read), while the service stays up.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle } from "@ilms/db";
import { SYNTHETIC_SOURCE, importIlostat, prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { describeOnDrivers } from "../helpers/db";

const ROWS = 100_000;

describeOnDrivers("export streaming over HTTP", (db) => {
  let app: App;
  let url: string;
  /** Statements that read table 15 (one per batch of the export). */
  let reads = 0;

  beforeAll(async () => {
    const h = db().handle;
    await h.query("insert into collection_rounds (code, title, reference_year) values ('STREAM', 'streaming', 2024)");
    // The first indicator of the synthetic file feeds table 15 (destinations); 100,000 rows fit in it.
    const text = [...syntheticIlostatCsv(await prepareSynthetic(h, ROWS))].join("");
    const report = await importIlostat(h, { text, fileName: "synthetic.csv" }, { round: "STREAM", source: SYNTHETIC_SOURCE });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
    await h.query("update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 hour'");
    const counting: DbHandle = {
      ...h,
      query: (text, params) => {
        if (/\bfact_t15\b/.test(text)) reads++;
        return h.query(text, params);
      },
    };
    app = await createApp({ db: counting, responseCache: null });
    url = await app.listen(0);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends the whole table, read in batches", async () => {
    reads = 0;
    const res = await fetch(`${url}/export?table=15&format=ilostat-csv`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.trimEnd().split("\n")).toHaveLength(ROWS + 1);
    expect(reads).toBe(Math.ceil(ROWS / 5000));
  });

  it("stops reading when the client goes away, and keeps serving", async () => {
    reads = 0;
    const abort = new AbortController();
    const res = await fetch(`${url}/export?table=15&format=csv`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads).toBe(after);
    console.info(`export-stream: ${after} of ${Math.ceil(ROWS / 5000)} batches read before the client went away`);
    expect(after).toBeLessThan(Math.ceil(ROWS / 5000));
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
  });
});
