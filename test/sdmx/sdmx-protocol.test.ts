/**
 * The SDMX protocol beyond plain data and structure queries, over real HTTP on both drivers, with queries built
 * by the `sdmx-rest` client (2.1 and 3.0) and every message validated (xmllint against the official SDMX-ML 2.1
 * schemas): content constraints computed from the data, availability, references and stubs, vintages
 * (`updatedAfter`, `includeHistory`, `asOf`) against a revision round, `firstNObservations`, series keys, the
 * 3.0 paths and component filters, validators and 304, compression, the response cache, CORS, 413, the rate
 * limit, and Accept-Language. Embargoed and draft values stay out of every anonymous answer on every path.
 *
 * Rounds (values of Thai, Vietnamese and Myanmar workers going to Korea, `MNA_OEMP_SEX_CDS_NB`, total sex):
 *   SD-1 published 2025-01-10: THA 2022 1.5, VNM 2022 3.1
 *   SD-2 revision of SD-1, published 2025-06-01: THA 2022 1.7 (revises 1.5), THA 2023 2.5
 *   SD-3 published, embargoed until tomorrow: THA 2022 9.876 (revises 1.7), MMR 2024 4.321
 *   SD-4 draft: VNM 2022 5.555 (revises 3.1)
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { beforeAll, expect, it } from "vitest";
import { importIlostat } from "@ilms/ingest";
import type { DbHandle } from "@ilms/db";
import { DATAFLOWS } from "@ilms/sdmx";
import { structureSpecificNamespace } from "@ilms/formats/sdmx";
import { createTestUser, login, useSecureApi } from "../helpers/auth";
import { invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import { startTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";
import { HAS_XMLLINT, structureSpecificErrors, structureSpecificSchema, xmlSchemaErrors } from "./validators";
import sdmxrest from "sdmx-rest";

const FLOW = "DF_MNA_OEMP_SEX_CDS_NB";
const HEADER = "ref_area,source,indicator,sex,classif1,time,obs_value,obs_status\n";
const row = (area: string, year: number, value: string) =>
  `${area},BA:9${area === "THA" ? 1 : area === "VNM" ? 2 : 3},MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_KOR,${year},${value},\n`;
/** Values nobody but staff may see: the embargoed round's and the draft's. */
const SECRETS = ["9.876", "4.321", "5.555"];

async function loadRounds(h: DbHandle): Promise<void> {
  await h.query(
    "insert into data_sources (code, ref_area, name) values ('BA:91', 'THA', 'A'), ('BA:92', 'VNM', 'B'), ('BA:93', 'MMR', 'C')",
  );
  await h.query(
    "insert into collection_rounds (code, title, reference_year, kind) values ('SD-1', 'one', 2022, 'regular'), ('SD-2', 'two', 2023, 'revision'), ('SD-3', 'three', 2024, 'regular'), ('SD-4', 'four', 2025, 'regular')",
  );
  await h.query(
    "update collection_rounds set revises_round_id = (select id from collection_rounds where code = 'SD-1') where code = 'SD-2'",
  );
  const load = async (round: string, rows: string) => {
    const report = await importIlostat(h, { text: HEADER + rows, fileName: `${round}.csv` }, { round });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
  };
  await load("SD-1", row("THA", 2022, "1.5") + row("VNM", 2022, "3.1"));
  await load("SD-2", row("THA", 2022, "1.7") + row("THA", 2023, "2.5"));
  await load("SD-3", row("THA", 2022, "9.876") + row("MMR", 2024, "4.321"));
  await load("SD-4", row("VNM", 2022, "5.555"));
  await h.query("update collection_rounds set status = 'published', published_at = '2025-01-10T00:00:00Z' where code = 'SD-1'");
  await h.query("update collection_rounds set status = 'published', published_at = '2025-06-01T00:00:00Z' where code = 'SD-2'");
  await h.query(
    "update collection_rounds set status = 'published', published_at = now(), release_at = now() + interval '1 day' where code = 'SD-3'",
  );
  // A label in a second language, as the translations will bring them.
  await h.query(`update codes set labels = labels || '{"fr": "Thaïlande"}'::jsonb where codelist_id = 'AREA' and code = 'THA'`);
}

const v21 = (base: string, query: Record<string, unknown>) => sdmxrest.getUrl(query, { url: `${base}/sdmx/rest`, api: "v1.5.0" });
const v30 = (base: string, query: Record<string, unknown>) => sdmxrest.getUrl(query, { url: `${base}/sdmx/rest`, api: "v2.0.0" });
const values = (xml: string) => [...xml.matchAll(/<gen:ObsValue value="([^"]+)"\/>/g)].map((m) => m[1]);
const csvRows = (text: string) => text.trimEnd().split("\n").slice(1);

describeOnDrivers("the SDMX protocol: constraints, vintages, 3.0 paths, HTTP and languages", (db) => {
  const api = useSecureApi(db);
  let viewer: Record<string, string>;
  beforeAll(async () => {
    await loadRounds(db().handle);
    await createTestUser(db().handle, "viewer@protocol.org", "viewer");
    viewer = (await login(api(), "viewer@protocol.org")).headers;
  });
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url.startsWith("http") ? url : `${api().url}${url}`, { headers });
    return { res, text: await res.text() };
  };
  const valid = (xml: string, what: string) => {
    if (HAS_XMLLINT) expect(xmlSchemaErrors(xml), what).toBe("");
  };
  const noSecrets = (text: string, what: string) => {
    for (const secret of SECRETS) expect(text, what).not.toContain(secret);
  };

  it("computes content constraints from the visible data, and availability around a key (exact and available)", async () => {
    const url = v21(api().url, { resource: "contentconstraint", agency: "ILO", id: "CC_MNA_OEMP_SEX_CDS_NB" });
    const anonymous = await get(url);
    expect(anonymous.res.status).toBe(200);
    valid(anonymous.text, url);
    expect(anonymous.text).toContain('<str:ContentConstraint id="CC_MNA_OEMP_SEX_CDS_NB"');
    expect(anonymous.text).toContain('<com:KeyValue id="REF_AREA"><com:Value>THA</com:Value><com:Value>VNM</com:Value></com:KeyValue>');
    expect(anonymous.text).toContain(
      '<com:StartPeriod isInclusive="true">2022</com:StartPeriod><com:EndPeriod isInclusive="true">2023</com:EndPeriod>',
    );
    expect(anonymous.text).toContain("<com:AnnotationTitle>3</com:AnnotationTitle>");
    expect(anonymous.text).not.toContain("MMR");
    const staff = await get(url, viewer);
    expect(staff.text).toContain("<com:Value>MMR</com:Value>");
    expect(staff.text).toContain('<com:EndPeriod isInclusive="true">2024</com:EndPeriod>');
    // With references: the constrained flow, its structure and code lists come along, and validate.
    const withFlow = await get(`${api().url}/sdmx/rest/contentconstraint/ILO/CC_MNA_OEMP_SEX_CDS_NB/latest?references=descendants`);
    valid(withFlow.text, "descendants");
    expect(withFlow.text).toContain(`<str:Dataflow id="${FLOW}"`);
    expect(withFlow.text).toContain('<str:Codelist id="CL_AREA"');
    // A flow without visible data has no constraint: 404, not an empty message.
    expect((await get("/sdmx/rest/contentconstraint/ILO/CC_ILMS_T01")).res.status).toBe(404);

    const exactUrl = v21(api().url, { flow: FLOW, key: "THA.A..SEX_T.", mode: "exact" });
    const exact = await get(exactUrl);
    expect(exact.res.status, exact.text).toBe(200);
    valid(exact.text, exactUrl);
    expect(exact.text).toContain('<com:KeyValue id="REF_AREA"><com:Value>THA</com:Value></com:KeyValue>');
    expect(exact.text).toContain("<com:AnnotationTitle>2</com:AnnotationTitle>");
    const availableUrl = v21(api().url, { flow: FLOW, key: "THA.A..SEX_T.", mode: "available" });
    const available = await get(availableUrl);
    valid(available.text, availableUrl);
    expect(available.text).toContain('<com:KeyValue id="REF_AREA"><com:Value>THA</com:Value><com:Value>VNM</com:Value></com:KeyValue>');
    noSecrets(available.text, "available");
    expect((await get(availableUrl, viewer)).text).toContain("<com:Value>MMR</com:Value>");
    // Only the embargoed round answers this key: the public gets NoResultsFound.
    const hidden = await get(v21(api().url, { flow: FLOW, key: "MMR.A..SEX_T.", mode: "exact" }));
    expect(hidden.res.status).toBe(404);
    expect(hidden.text).toContain('code="100"');
    const wrong = await get(`/sdmx/rest/availableconstraint/${FLOW}/THA.A.SEX_T`);
    expect(wrong.res.status).toBe(400);
    expect(wrong.text).toContain("expects 5: REF_AREA.FREQ.MEASURE.SEX.CDS");
  });

  it("follows references one level (children) or all the way (descendants), and writes referenced structures as stubs", async () => {
    const children = await get(v21(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T15", references: "children" }));
    valid(children.text, "children");
    expect(children.text).toContain('<str:DataStructure id="DSD_ILMS_T15"');
    expect(children.text).not.toContain("<str:Codelists>");
    const descendants = await get(v21(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T15", references: "descendants" }));
    expect(descendants.text).toContain('<str:Codelist id="CL_AREA"');
    const stubs = await get(
      v21(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T15", references: "all", detail: "referencestubs" }),
    );
    expect(stubs.res.status).toBe(200);
    valid(stubs.text, "referencestubs");
    expect(stubs.text).toMatch(
      /<str:Dataflow id="DF_ILMS_T15" agencyID="ILO" version="1.0" isFinal="true"><com:Name[^>]*>[^<]*<\/com:Name><str:Structure>/,
    );
    expect(stubs.text).toMatch(
      /<str:DataStructure id="DSD_ILMS_T15" [^>]*isExternalReference="true"><com:Name[^>]*>[^<]*<\/com:Name><\/str:DataStructure>/,
    );
    expect(stubs.text).not.toContain("<str:Code ");
    const parents = await get(v21(api().url, { resource: "codelist", agency: "ILO", id: "CL_CDS_DES", references: "parents" }));
    valid(parents.text, "parents");
    expect(parents.text).toContain('<str:DataStructure id="DSD_MNA_OEMP_SEX_CDS_NB"');
    // The 3.0 structure paths, with `~` and `*`, built by the client.
    const v3 = await get(v30(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T15" }));
    expect(v3.res.status).toBe(200);
    expect(v3.text).toContain('<str:Dataflow id="DF_ILMS_T15"');
    const lists = await get("/sdmx/rest/structure/codelist/*/CL_SEX,CL_FREQ/*/");
    expect([...lists.text.matchAll(/<str:Codelist id="([^"]+)"/g)].map((m) => m[1])).toEqual(["CL_FREQ", "CL_SEX"]);
  });

  it("serves updatedAfter, firstNObservations and asOf against the revision round, with the embargo and drafts kept out", async () => {
    // After SD-1 and before SD-2: the cells SD-2 changed (THA 2022 revised, THA 2023 new), not VNM 2022.
    const updatedUrl = v21(api().url, { flow: FLOW, key: "all", updatedAfter: "2025-03-01T00:00:00Z" });
    const updated = await get(updatedUrl, { accept: "application/vnd.sdmx.genericdata+xml;version=2.1" });
    expect(updated.res.status, updated.text).toBe(200);
    valid(updated.text, updatedUrl);
    expect(values(updated.text)).toEqual(["1.7", "2.5"]);
    // Nothing public changed after SD-2: NoResultsFound. Staff see the embargoed and the draft values.
    const later = `/sdmx/rest/data/${FLOW}/all?updatedAfter=2025-07-01&format=csvdata`;
    expect((await get(later)).res.status).toBe(404);
    const staff = await get(later, viewer);
    expect(csvRows(staff.text).map((l) => l.split(",")[7])).toEqual(["4.321", "9.876", "5.555"]);
    expect((await get(`/sdmx/rest/data/${FLOW}/all?updatedAfter=yesterday`)).res.status).toBe(400);

    // The first year of each series.
    const first = await get(v21(api().url, { flow: FLOW, key: "all", firstNObs: 1 }), {
      accept: "application/vnd.sdmx.data+csv;version=1.0.0",
    });
    expect(csvRows(first.text).map((l) => l.split(",").slice(1, 2).concat(l.split(",").slice(6, 8)).join(" "))).toEqual([
      "THA 2022 1.7",
      "VNM 2022 3.1",
    ]);

    // asOf (3.0): the state once SD-1 alone was public; before any publication there is no answer.
    const asOf = await get(
      `${v30(api().url, { context: `dataflow=ILO:${FLOW}(1.0)`, key: "THA,VNM.*.*.SEX_T.*" })}&asOf=2025-03-01T00:00:00Z&format=csvdata`,
    );
    expect(asOf.res.status, asOf.text).toBe(200);
    expect(csvRows(asOf.text).map((l) => `${l.split(",")[1]} ${l.split(",")[6]} ${l.split(",")[7]}`)).toEqual([
      "THA 2022 1.5",
      "VNM 2022 3.1",
    ]);
    const before = await get(`/sdmx/rest/data/dataflow/ILO/${FLOW}/1.0/*?asOf=2024-12-31T00:00:00Z`);
    expect(before.res.status).toBe(404);
    expect(before.text).toContain("the first publication was at 2025-01-10T00:00:00Z");
    const asOfStaff = await get(`/sdmx/rest/data/dataflow/ILO/${FLOW}/1.0/*?asOf=2025-07-01T00:00:00Z&format=csvdata`, viewer);
    noSecrets(asOfStaff.text, "asOf for staff before the embargoed round's publication");
  });

  it("includes each earlier round's values as history data sets (GenericData and StructureSpecificData, valid)", async () => {
    const url = v21(api().url, { flow: FLOW, key: "THA+VNM.A..SEX_T.", history: true });
    const generic = await get(url, { accept: "application/vnd.sdmx.genericdata+xml;version=2.1" });
    expect(generic.res.status, generic.text).toBe(200);
    valid(generic.text, url);
    const sets = generic.text.split("<mes:DataSet ").slice(1);
    expect(sets).toHaveLength(2);
    expect(values(sets[0]!)).toEqual(["1.7", "2.5", "3.1"]);
    expect(sets[1]).toMatch(/^structureRef="[^"]+" setID="SD-1" validFromDate="2025-01-10T00:00:00Z" action="Information">/);
    expect(values(sets[1]!)).toEqual(["1.5"]);
    noSecrets(generic.text, "history, anonymous");
    // Staff: the current values are the embargoed and draft ones; SD-1 and SD-2 each gave a superseded value.
    const staff = await get(url, { ...viewer, accept: "application/vnd.sdmx.genericdata+xml;version=2.1" });
    const staffSets = staff.text.split("<mes:DataSet ").slice(1);
    expect(values(staffSets[0]!)).toEqual(["9.876", "2.5", "5.555"]);
    expect(staffSets.slice(1).map((s) => [/setID="([^"]+)"/.exec(s)![1], values(s).join(" ")])).toEqual([
      ["SD-1", "1.5 3.1"],
      ["SD-2", "1.7"],
    ]);
    const specific = await get(url, { accept: "application/vnd.sdmx.structurespecificdata+xml;version=2.1" });
    expect(specific.res.status).toBe(200);
    if (HAS_XMLLINT) {
      const { text: structure } = await get(`/sdmx/rest/dataflow/ILO/${FLOW}/1.0?references=all`);
      const schema = structureSpecificSchema(structure, structureSpecificNamespace(DATAFLOWS.find((f) => f.id === FLOW)!));
      expect(structureSpecificErrors(specific.text, schema)).toBe("");
    }
    expect(specific.text).toContain('ss:setID="SD-1" ss:validFromDate="2025-01-10T00:00:00Z"');
    noSecrets(specific.text, "history, structure-specific");
  });

  it("lists series keys only (detail=serieskeysonly and nodata), valid, without observations", async () => {
    for (const detail of ["serieskeysonly", "nodata"]) {
      const url = v21(api().url, { flow: FLOW, key: "all", detail });
      const { res, text } = await get(url, { accept: "application/vnd.sdmx.genericdata+xml;version=2.1" });
      expect(res.status).toBe(200);
      valid(text, url);
      expect(text).toContain('dimensionAtObservation="TIME_PERIOD"');
      expect(text).not.toContain("<gen:Obs>");
      expect([...text.matchAll(/<gen:Value id="REF_AREA" value="([A-Z]+)"\/>/g)].map((m) => m[1])).toEqual(["THA", "VNM"]);
    }
    const staff = await get(`/sdmx/rest/data/${FLOW}/all?detail=serieskeysonly`, viewer);
    expect([...staff.text.matchAll(/<gen:Value id="REF_AREA" value="([A-Z]+)"\/>/g)].map((m) => m[1])).toEqual(["MMR", "THA", "VNM"]);
  });

  it("groups observations in series with TIME_PERIOD or a dimension at the observation (GenericData, valid)", async () => {
    const url = v21(api().url, { flow: FLOW, key: "all", obsDimension: "TIME_PERIOD" });
    expect(url).toContain("dimensionAtObservation=TIME_PERIOD");
    const { res, text } = await get(url, { accept: "application/vnd.sdmx.genericdata+xml;version=2.1" });
    expect(res.status, text).toBe(200);
    valid(text, url);
    expect(text).toContain('dimensionAtObservation="TIME_PERIOD"');
    const series = text.split("<gen:Series>").slice(1);
    expect(
      series.map((s) => [
        /id="REF_AREA" value="([A-Z]+)"/.exec(s)![1],
        [...s.matchAll(/<gen:ObsDimension value="(\d+)"\/><gen:ObsValue value="([^"]+)"/g)].map((m) => `${m[1]}=${m[2]}`).join(" "),
      ]),
    ).toEqual([
      ["THA", "2022=1.7 2023=2.5"],
      ["VNM", "2022=3.1"],
    ]);
    const byArea = await get(`/sdmx/rest/data/${FLOW}/all?dimensionAtObservation=REF_AREA`, viewer);
    valid(byArea.text, "REF_AREA at the observation");
    expect(byArea.text).toContain(
      '<gen:Value id="TIME_PERIOD" value="2022"/></gen:SeriesKey><gen:Obs><gen:ObsDimension value="THA"/><gen:ObsValue value="9.876"/>',
    );
    expect((await get(`/sdmx/rest/data/${FLOW}/all?dimensionAtObservation=AGE`)).res.status).toBe(400);
    noSecrets(text, "series");
  });

  it("reads the 3.0 data paths: wildcards, comma lists, c[] filters with operators, attributes, measures, offset and limit", async () => {
    const base = (filters: string[], key = "*.*.*.*.*") => v30(api().url, { context: `dataflow=ILO:${FLOW}(1.0)`, key, filters });
    const csv = async (url: string, headers: Record<string, string> = {}) => {
      const { res, text } = await get(url.includes("format=") ? url : `${url}&format=csvdata`, headers);
      expect(res.status, `${url}: ${text}`).toBe(200);
      return csvRows(text).map((l) => `${l.split(",")[1]} ${l.split(",")[6]} ${l.split(",")[7]}`);
    };
    expect(await csv(base([]))).toEqual(["THA 2022 1.7", "THA 2023 2.5", "VNM 2022 3.1"]);
    expect(await csv(base(["TIME_PERIOD=ge:2023"]))).toEqual(["THA 2023 2.5"]);
    expect(await csv(base(["TIME_PERIOD=lt:2023"], "THA,VNM.A.*.SEX_T.CDS_DES_KOR"))).toEqual(["THA 2022 1.7", "VNM 2022 3.1"]);
    expect(await csv(base(["REF_AREA=sw:VN"]))).toEqual(["VNM 2022 3.1"]);
    expect(await csv(base(["REF_AREA=ne:THA"]))).toEqual(["VNM 2022 3.1"]);
    expect(await csv(base(["REF_AREA=ew:HA", "CDS=co:KOR"]))).toEqual(["THA 2022 1.7", "THA 2023 2.5"]);
    expect(await csv(base(["REF_AREA=nc:V"]), viewer)).toEqual(["MMR 2024 4.321", "THA 2022 9.876", "THA 2023 2.5"]);
    expect(await csv(`${base([])}&offset=1&limit=1`)).toEqual(["THA 2023 2.5"]);
    const lean = await get(`${api().url}/sdmx/rest/data/dataflow/ILO/${FLOW}/latest/?attributes=none&measures=none&format=csvdata`);
    expect(lean.text.split("\n")[0]).toBe("DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE");
    expect(csvRows(lean.text)[0]).toBe(`ILO:${FLOW}(1.0),THA,A,MNA_OEMP_NB,SEX_T,CDS_DES_KOR,2022,`);
    const some = await get(`/sdmx/rest/data/dataflow/*/${FLOW}/*/*?attributes=SOURCE&format=csvdata`);
    expect(some.text.split("\n")[0]).toBe("DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE,SOURCE");
    noSecrets((await get(`${base([])}&format=jsondata`)).text, "3.0 json");
    // Wrong questions are errors naming the reason.
    const wrong = await get(`/sdmx/rest/data/dataflow/ILO/${FLOW}/1.0/THA.*.*`);
    expect(wrong.res.status).toBe(400);
    expect(wrong.text).toContain("expects 5: REF_AREA.FREQ.MEASURE.SEX.CDS");
    const dim = await get(`${base(["AGE=eq:X"])}`);
    expect(dim.res.status).toBe(400);
    expect(dim.text).toContain("has no dimension AGE");
    expect((await get(`${base(["REF_AREA=sw:ZZ"])}`)).res.status).toBe(404);
    expect((await get(`/sdmx/rest/data/dataflow/ILO/${FLOW}/1.0/*?c[REF_AREA]=xx:THA`)).text).toContain(
      "operator &apos;xx&apos; is not one of",
    );
    expect((await get(`/sdmx/rest/data/dataflow/ILO/${FLOW}/1.0/*?attributes=NOPE`)).res.status).toBe(400);
  });

  it("answers a repeated request with 304 (ETag and Last-Modified) until the public data change, from the cache", async () => {
    const url = `/sdmx/rest/data/${FLOW}/all?format=csvdata`;
    const first = await get(url);
    const etag = first.res.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.res.headers.get("last-modified")).toBe(new Date("2025-06-01T00:00:00Z").toUTCString());
    expect(first.res.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    const again = await get(url);
    expect(again.res.headers.get("x-cache")).toBe("HIT");
    expect(again.text).toBe(first.text);
    const conditional = await get(url, { "if-none-match": etag });
    expect(conditional.res.status).toBe(304);
    expect(conditional.text).toBe("");
    expect((await get(url, { "if-modified-since": new Date("2025-06-02T00:00:00Z").toUTCString() })).res.status).toBe(304);
    expect((await get(url, { "if-modified-since": new Date("2025-05-01T00:00:00Z").toUTCString() })).res.status).toBe(200);
    // Another format, language or structure query has its own validator; staff answers have none.
    expect((await get(`/sdmx/rest/data/${FLOW}/all?format=jsondata`)).res.headers.get("etag")).not.toBe(etag);
    const staff = await get(url, viewer);
    expect(staff.res.headers.get("etag")).toBeNull();
    expect(staff.res.headers.get("cache-control")).toBe("private, no-store");
    const structure = await get("/sdmx/rest/codelist/ILO/CL_SEX");
    expect((await get("/sdmx/rest/codelist/ILO/CL_SEX", { "if-none-match": structure.res.headers.get("etag")! })).res.status).toBe(304);
    // A mutation (here: what every mutation calls) moves the data epoch on: validators and cached answers go.
    await invalidateResponseCache();
    const moved = await get("/sdmx/rest/codelist/ILO/CL_SEX", { "if-none-match": structure.res.headers.get("etag")! });
    expect(moved.res.status).toBe(200);
    expect(moved.res.headers.get("x-cache")).toBe("MISS");
    // The embargo passes: what the public sees changes, and so does the validator; the old one no longer matches.
    await db().handle.query("update collection_rounds set release_at = now() - interval '1 second' where code = 'SD-3'");
    const released = await get(url, { "if-none-match": etag });
    expect(released.res.status).toBe(200);
    expect(released.res.headers.get("etag")).not.toBe(etag);
    expect(released.text).toContain("9.876");
    await db().handle.query("update collection_rounds set release_at = now() + interval '1 day' where code = 'SD-3'");
    noSecrets((await get(url)).text, "embargo back in place");
  });

  it("compresses as asked (gzip, brotli), answers CORS, and labels in the negotiated language with fallback", async () => {
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = httpRequest(`${api().url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on("error", reject);
        req.end();
      });
    const plain = await get("/sdmx/rest/codelist/ILO/CL_AREA");
    const gz = await raw("/sdmx/rest/codelist/ILO/CL_AREA", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(
      gunzipSync(gz.body)
        .toString("utf8")
        .replace(/<mes:ID>[^<]*<\/mes:ID><mes:Test>false<\/mes:Test><mes:Prepared>[^<]*/, ""),
    ).toBe(plain.text.replace(/<mes:ID>[^<]*<\/mes:ID><mes:Test>false<\/mes:Test><mes:Prepared>[^<]*/, ""));
    const br = await raw(`/sdmx/rest/data/${FLOW}/all?format=genericdata&includeHistory=true`, { "accept-encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).toString("utf8")).toContain('setID="SD-1"');

    const cors = await get(`/sdmx/rest/data/${FLOW}/all`, { origin: "http://allowed.example" });
    expect(cors.res.headers.get("access-control-allow-origin")).toBe("http://allowed.example");
    expect(cors.res.headers.get("access-control-expose-headers")).toContain("ETag");
    const preflight = await fetch(`${api().url}/sdmx/rest/data/${FLOW}/all`, {
      method: "OPTIONS",
      headers: { origin: "http://allowed.example", "access-control-request-headers": "if-none-match, accept-language" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("if-none-match");

    const french = await get("/sdmx/rest/codelist/ILO/CL_AREA", { "accept-language": "fr-CH, fr;q=0.9, en;q=0.5" });
    expect(french.res.headers.get("content-language")).toBe("fr");
    valid(french.text, "French code list");
    expect(french.text).toContain('<str:Code id="THA"><com:Name xml:lang="fr">Thaïlande</com:Name>');
    // iso-codes has no French name for Türkiye: its English one, marked as English.
    expect(french.text).toContain('<str:Code id="TUR"><com:Name xml:lang="en">Türkiye</com:Name>');
    const labelled = await get(`/sdmx/rest/data/${FLOW}/THA.A..SEX_T.?format=csvfilewithlabels`, { "accept-language": "fr" });
    expect(csvRows(labelled.text)[0]).toContain(",THA: Thaïlande,");
    const json = await get(`/sdmx/rest/data/${FLOW}/THA.A..SEX_T.?format=jsondata`, { "accept-language": "fr" });
    expect(JSON.parse(json.text).meta.contentLanguages).toEqual(["fr"]);
    const german = await get("/sdmx/rest/codelist/ILO/CL_AREA", { "accept-language": "de-DE, de;q=0.8" });
    expect(german.res.headers.get("content-language")).toBe("en");
    expect(german.res.headers.get("x-ilms-language-fallback")).toBe("en");
    expect(german.text).toContain('<str:Code id="THA"><com:Name xml:lang="en">Thailand</com:Name>');
    expect(german.res.headers.get("etag")).not.toBe(french.res.headers.get("etag"));
  });
});

describeOnDrivers("SDMX limits: 413 over the observation limit, the same rate limit as GraphQL", (db) => {
  beforeAll(async () => {
    await loadRounds(db().handle);
  });

  it("refuses a data message over the limit with 413 and an SDMX error, and limits anonymous addresses", async () => {
    const api = await startTestApi(db().handle, { sdmxMaxObservations: 2, rateLimit: { requests: 4, windowMs: 60_000 } });
    try {
      const big = await fetch(`${api.url}/sdmx/rest/data/${FLOW}/all`);
      expect(big.status).toBe(413);
      const text = await big.text();
      expect(text).toContain('code="510"');
      expect(text).toContain("selects 3 observations, over the limit of 2");
      if (HAS_XMLLINT) expect(xmlSchemaErrors(text)).toBe("");
      for (const path of [`${FLOW}/THA.A..SEX_T.`, `${FLOW}/all?limit=2`]) {
        const small = await fetch(`${api.url}/sdmx/rest/data/${path}`);
        expect(small.status, path).toBe(200);
        await small.text();
      }
      const limited = await fetch(`${api.url}/sdmx/rest/codelist/ILO/CL_SEX`);
      expect(limited.status).toBe(200);
      await limited.text();
      const refused = await fetch(`${api.url}/sdmx/rest/codelist/ILO/CL_SEX`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await refused.text()).toContain("Too many requests");
    } finally {
      await api.app.close();
    }
  });

  it("puts heavy data messages through GraphQL's admission control (503 with Retry-After when no slot is free)", async () => {
    // No slot and no queue: every heavy operation is refused, a light one is not.
    const api = await startTestApi(db().handle, { admission: { heavyCost: 3, maxInFlight: 0, maxQueue: 0, queueTimeoutMs: 2_000 } });
    try {
      const heavy = await fetch(`${api.url}/sdmx/rest/data/${FLOW}/all`);
      expect(heavy.status).toBe(503);
      expect(heavy.headers.get("retry-after")).toBe("2");
      expect(await heavy.text()).toMatch(/code="503".*heavy operations/);
      const light = await fetch(`${api.url}/sdmx/rest/data/${FLOW}/THA.A..SEX_T.`);
      expect(light.status).toBe(200);
      await light.text(); // an unread body keeps the connection busy (and the server open)
    } finally {
      await api.app.close();
    }
  });
});
