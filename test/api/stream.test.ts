/**
 * The faces that stream (`GET /export` and SDMX data messages): a large answer is read from the engine batch
 * by batch as the client takes it, in every streaming format, and a client that goes away stops the work (no
 * further batches are read), while the service stays up. One 100,000-row fixture serves both faces.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { SYNTHETIC_SOURCE, importIlostat, prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import { createApp } from "../../apps/api/src/app";
import type { App } from "../../apps/api/src/app";
import { countingHandle, describeOnDrivers } from "../helpers/db";

const ROWS = 100_000;
const BATCHES = Math.ceil(ROWS / 5000);

describeOnDrivers("streaming over HTTP (exports and SDMX)", (db) => {
  let app: App;
  let url: string;
  /** Statements that read table 15 (one per batch). */
  let reads = 0;

  beforeAll(async () => {
    const h = db().handle;
    await h.query("insert into collection_rounds (code, title, reference_year) values ('STREAM', 'streaming', 2024)");
    // The first indicator of the synthetic file feeds table 15 (destinations); 100,000 rows fit in it.
    const text = [...syntheticIlostatCsv(await prepareSynthetic(h, ROWS))].join("");
    const report = await importIlostat(h, { text, fileName: "synthetic.csv" }, { round: "STREAM", source: SYNTHETIC_SOURCE });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
    await h.query("update collection_rounds set status = 'published', published_at = now(), release_at = now() - interval '1 hour'");
    const counting = countingHandle(h, (text) => {
      if (/\bfact_t15\b/.test(text)) reads++;
    });
    app = await createApp({ db: counting, responseCache: null });
    url = await app.listen(0);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends the whole table as an export, read in batches", async () => {
    reads = 0;
    const res = await fetch(`${url}/export?table=15&format=ilostat-csv`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.trimEnd().split("\n")).toHaveLength(ROWS + 1);
    expect(reads).toBe(BATCHES);
  });

  it("sends every observation as SDMX, read in batches, in each streaming format", async () => {
    const count: Record<string, (text: string) => number> = {
      csvdata: (t) => t.trimEnd().split("\n").length - 1,
      genericdata: (t) => t.split("<gen:Obs>").length - 1,
      structurespecificdata: (t) => t.split("<Obs ").length - 1,
      jsondata: (t) => Object.keys(JSON.parse(t).data.dataSets[0].observations).length,
    };
    for (const [format, observations] of Object.entries(count)) {
      reads = 0;
      const started = performance.now();
      const res = await fetch(`${url}/sdmx/rest/data/DF_ILMS_T15/all?format=${format}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(observations(text), format).toBe(ROWS);
      // One statement per batch, and one count before the first, for the per-message size limit (413).
      expect(reads, format).toBe(BATCHES + 1);
      console.info(
        `sdmx-stream: ${format} ${ROWS} observations in ${Math.round(performance.now() - started)} ms, ${(text.length / 1e6).toFixed(1)} MB`,
      );
    }
  });

  /** Reads the first chunk of `path`, goes away, and returns how many batches the server read by then. */
  async function readsAfterDisconnect(path: string): Promise<number> {
    reads = 0;
    const abort = new AbortController();
    const res = await fetch(`${url}${path}`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads, path).toBe(after);
    return after;
  }

  it("stops reading when the client goes away, and keeps serving", async () => {
    for (const path of ["/export?table=15&format=csv", "/sdmx/rest/data/DF_ILMS_T15/all?format=genericdata"]) {
      const after = await readsAfterDisconnect(path);
      console.info(`stream: ${path}: ${after} of ${BATCHES} batches read before the client went away`);
      expect(after, path).toBeLessThan(BATCHES);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }
  });
});
