/**
 * SDMX REST 2.1 on the real ILOSTAT sample, over real HTTP, on both drivers: structures derived from the
 * catalogue and valid against the official SDMX-ML 2.1 schemas; data queries with ILOSTAT's key, built by the
 * `sdmx-rest` client, answered in every format (SDMX-ML GenericData and StructureSpecificData, SDMX-CSV 1.0,
 * SDMX-JSON 2.0 validated by Ajv, JSON-stat 2.0 read by `jsonstat-toolkit`) with the engine's values to the
 * digit; the README's example (Indonesian workers to Malaysia, 2018) gives the published figure in each;
 * errors as SDMX clients expect them.
 */
import { readFileSync } from "node:fs";
import JSONstat from "jsonstat-toolkit";
import { beforeAll, expect, it } from "vitest";
import { INDICATORS, TABLES } from "@ilms/domain";
import { DEMO_FILE, loadDemoData } from "@ilms/ingest";
import { PUBLIC, planFilter, streamCells } from "@ilms/query";
import { DATAFLOWS, keyTemplate } from "@ilms/sdmx";
import { structureSpecificNamespace } from "@ilms/formats/sdmx";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";
import { HAS_XMLLINT, sdmxJsonDataErrors, sdmxUrl, structureSpecificErrors, structureSpecificSchema, xmlSchemaErrors } from "./validators";

const FLOW = "DF_MNA_OEMP_SEX_CDS_NB";
const README_KEY = "IDN.A..SEX_T.CDS_DES_MYS";

/** The published figure of the README example, read from the shipped sample file itself. */
function publishedFigure(): string {
  const line = readFileSync(DEMO_FILE, "utf8")
    .split("\n")
    .find((l) => l.startsWith("IDN,,MNA_OEMP_SEX_CDS_NB,SEX_T,CDS_DES_MYS,,2018,"));
  return line!.split(",")[7]!;
}

const GENERIC = "application/vnd.sdmx.genericdata+xml;version=2.1";
const SPECIFIC = "application/vnd.sdmx.structurespecificdata+xml;version=2.1";
const CSV = "application/vnd.sdmx.data+csv;version=1.0.0";
const JSON_DATA = "application/vnd.sdmx.data+json;version=2.0.0";

describeOnDrivers("SDMX REST 2.1 on the real sample", (db) => {
  beforeAll(async () => {
    const report = await loadDemoData(db().handle);
    expect(report.rowsWritten).toBe(2756);
  });
  const api = useTestApi(db);
  const get = async (url: string, accept?: string) => {
    const res = await fetch(url.startsWith("http") ? url : `${api().url}${url}`, { headers: accept ? { accept } : {} });
    return { res, text: await res.text() };
  };
  /** xmllint on a StructureSpecificData message, against its flow's schema written from the served DSD. */
  const specificErrors = async (flowId: string, xml: string) => {
    const { text } = await get(`/sdmx/rest/dataflow/ILO/${flowId}/1.0?references=all`);
    const flow = DATAFLOWS.find((f) => f.id === flowId)!;
    return structureSpecificErrors(xml, structureSpecificSchema(text, structureSpecificNamespace(flow)));
  };
  /** The engine's visible cells of a filter, for comparison. */
  const engine = async (filter: Parameters<typeof planFilter>[0]) => {
    const rows = [];
    for await (const row of streamCells(db().handle, planFilter(filter), PUBLIC)) rows.push(row);
    return rows;
  };

  it("derives one dataflow per catalogued indicator and per table, each with ILOSTAT's key order", async () => {
    expect(DATAFLOWS.map((f) => f.id)).toEqual([
      ...INDICATORS.map((i) => `DF_${i.id}`),
      ...TABLES.map((t) => `DF_ILMS_T${String(t.id).padStart(2, "0")}`),
    ]);
    expect(keyTemplate(DATAFLOWS.find((f) => f.id === FLOW)!)).toBe("REF_AREA.FREQ.MEASURE.SEX.CDS");
    expect(keyTemplate(DATAFLOWS.find((f) => f.id === "DF_MST_TEMP_SEX_ECO_CBR_NB")!)).toBe("REF_AREA.FREQ.MEASURE.SEX.ECO.MIG");
    const { res, text } = await get("/sdmx/rest/dataflow/ILO/all/latest/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/vnd\.sdmx\.structure\+xml; version=2\.1/);
    const ids = [...text.matchAll(/<str:Dataflow id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(DATAFLOWS.map((f) => f.id));
  });

  it.skipIf(!HAS_XMLLINT)("serves structure messages that validate against the official SDMX-ML 2.1 schemas", async () => {
    const urls = [
      sdmxUrl(api().url, { resource: "dataflow", agency: "ILO", id: FLOW, references: "all" }),
      sdmxUrl(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T05", references: "descendants" }),
      sdmxUrl(api().url, { resource: "datastructure", agency: "ILO", id: "DSD_ILMS_T01", references: "parents" }),
      sdmxUrl(api().url, { resource: "codelist", agency: "ILO", id: "CL_ECO" }),
      sdmxUrl(api().url, { resource: "conceptscheme", agency: "ILO" }),
      `${api().url}/sdmx/rest/codelist/all/all/latest?detail=allstubs`,
    ];
    for (const url of urls) {
      const { res, text } = await get(url);
      expect(res.status, url).toBe(200);
      expect(xmlSchemaErrors(text), url).toBe("");
    }
    // The full flow query carries its DSD, the code lists it uses (areas from the database) and the concepts.
    const { text } = await get(urls[0]!);
    expect(text).toContain('<str:DataStructure id="DSD_MNA_OEMP_SEX_CDS_NB"');
    expect(text).toContain('<str:Code id="CDS_DES_MYS"><com:Name xml:lang="en">Malaysia</com:Name>');
    expect(text).toMatch(/<str:Dimension id="CDS" position="5">/);
    expect(text).toContain('<str:TimeDimension id="TIME_PERIOD" position="6">');
    for (const attribute of ["OBS_STATUS", "UNIT_MEASURE", "UNIT_MULT", "SOURCE", "NOTE_CLASSIF", "NOTE_INDICATOR", "NOTE_SOURCE"])
      expect(text).toContain(`<str:Attribute id="${attribute}"`);
    // Hierarchies as parent codes, as stored.
    const [parent] = await db().handle.query<{ code: string; parent_code: string }>(
      "select code, parent_code from codes where codelist_id = 'ECO' and parent_code is not null order by code limit 1",
    );
    const { text: eco } = await get(urls[3]!);
    expect(eco).toContain(`<str:Code id="${parent!.code}">`);
    expect(eco.slice(eco.indexOf(`<str:Code id="${parent!.code}">`))).toMatch(
      new RegExp(`^<str:Code id="${parent!.code}"><com:Name[^<]*</com:Name><str:Parent><Ref id="${parent!.parent_code}"/>`),
    );
  });

  it("answers the README example with the published figure in every format", async () => {
    const figure = publishedFigure();
    expect(figure).toBe("90.664");
    const url = sdmxUrl(api().url, { flow: FLOW, key: README_KEY, start: "2018", end: "2018" });

    const generic = await get(url, GENERIC);
    expect(generic.res.status).toBe(200);
    expect(generic.text).toContain(`<gen:Value id="TIME_PERIOD" value="2018"/></gen:ObsKey><gen:ObsValue value="${figure}"/>`);
    expect(generic.text.match(/<gen:Obs>/g)).toHaveLength(1);
    if (HAS_XMLLINT) expect(xmlSchemaErrors(generic.text)).toBe("");

    const specific = await get(url, SPECIFIC);
    expect(specific.res.status).toBe(200);
    expect(specific.text).toMatch(new RegExp(`<Obs [^>]*REF_AREA="IDN"[^>]*CDS="CDS_DES_MYS" TIME_PERIOD="2018" OBS_VALUE="${figure}"`));
    if (HAS_XMLLINT) expect(await specificErrors(FLOW, specific.text)).toBe("");

    const csv = await get(url, CSV);
    expect(csv.res.headers.get("content-type")).toMatch(/^application\/vnd\.sdmx\.data\+csv; version=1\.0\.0/);
    expect(csv.text.split("\n")[0]).toBe(
      "DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SOURCE,OBS_STATUS,NOTE_CLASSIF,NOTE_INDICATOR,NOTE_SOURCE",
    );
    expect(csv.text.split("\n")[1]).toBe(
      `ILO:${FLOW}(1.0),IDN,A,MNA_OEMP_NB,SEX_T,CDS_DES_MYS,2018,${figure},Thousands of persons,3,DEMO:IDN,,,,`,
    );

    const csv2 = await get(url, "application/vnd.sdmx.data+csv;version=2.0.0");
    expect(csv2.res.headers.get("content-type")).toMatch(/^application\/vnd\.sdmx\.data\+csv; version=2\.0\.0/);
    expect(csv2.text.split("\n")[0]).toBe(
      "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SOURCE,OBS_STATUS,NOTE_CLASSIF,NOTE_INDICATOR,NOTE_SOURCE",
    );
    expect(csv2.text.split("\n")[1]).toBe(
      `dataflow,ILO:${FLOW}(1.0),I,IDN,A,MNA_OEMP_NB,SEX_T,CDS_DES_MYS,2018,${figure},Thousands of persons,3,DEMO:IDN,,,,`,
    );
    const labelled = await get(url, "application/vnd.sdmx.data+csv;version=1.0.0;labels=both");
    expect(labelled.text.split("\n")[0]).toMatch(/^DATAFLOW,REF_AREA: Reference area,FREQ: Frequency,/);
    expect(labelled.text.split("\n")[1]).toContain(`,IDN: Indonesia,A: Annual,`);
    expect(labelled.text.split("\n")[1]).toContain(`,CDS_DES_MYS: Malaysia,2018,${figure},`);
    expect((await get(url, "application/vnd.sdmx.data+csv;version=2.0.0;labels=both")).res.status).toBe(406);

    const json = await get(url, JSON_DATA);
    const message = JSON.parse(json.text);
    expect(sdmxJsonDataErrors(message)).toEqual([]);
    expect(Object.values(message.data.dataSets[0].observations)).toHaveLength(1);
    expect(json.text).toContain(`[${figure},`);

    const stat = await get(`${url}&format=jsonstat`);
    const dataset = JSONstat(JSON.parse(stat.text));
    expect(dataset.class).toBe("dataset");
    expect(dataset.Data({ REF_AREA: "IDN", SEX: "SEX_T", CDS: "CDS_DES_MYS", TIME_PERIOD: "2018" })!.value).toBe(Number(figure));
    expect(stat.text).toContain(`:${figure}`);
  });

  it("serves a whole flow with the engine's values to the digit (SDMX-JSON validated, JSON-stat read by the toolkit)", async () => {
    const cells = await engine({ indicator: "MNA_OEMP_SEX_CDS_NB" });
    expect(cells.length).toBe(860);
    const url = sdmxUrl(api().url, { flow: FLOW, key: "all" });

    const json = await get(url, JSON_DATA);
    const message = JSON.parse(json.text);
    expect(sdmxJsonDataErrors(message)).toEqual([]);
    const dims = message.data.structures[0].dimensions.observation as { id: string; values: { id?: string; value?: string }[] }[];
    // Raw text of each observation's value, as written (JSON.parse would go through a float).
    const raw = new Map([...json.text.matchAll(/"([0-9:]+)":\[([^,\]]+)/g)].map((m) => [m[1]!, m[2]!]));
    const served = new Map<string, string>();
    for (const [key, value] of raw) {
      const codes = key.split(":").map((p, i) => dims[i]!.values[Number(p)]!.id ?? dims[i]!.values[Number(p)]!.value);
      served.set(codes.join("|"), value);
    }
    expect(served.size).toBe(cells.length);
    for (const c of cells)
      expect(served.get([c.ref_area, "A", "MNA_OEMP_NB", c.sex, `CDS_DES_${c.destination}`, c.time].join("|"))).toBe(c.obs_value);

    const stat = await get(`${url}&format=jsonstat`);
    const dataset = JSONstat(JSON.parse(stat.text));
    for (const c of cells) {
      const point = dataset.Data({ REF_AREA: c.ref_area, SEX: c.sex, CDS: `CDS_DES_${c.destination}`, TIME_PERIOD: String(c.time) });
      expect(point!.value).toBe(Number(c.obs_value));
    }
    expect(dataset.Dimension("REF_AREA")!.Category("IDN")!.label).toBe("Indonesia");

    const csv = await get(url, CSV);
    const lines = csv.text.trimEnd().split("\n").slice(1);
    expect(lines.map((l) => l.split(",")[7])).toEqual(cells.map((c) => c.obs_value));
  });

  it.skipIf(!HAS_XMLLINT)("reads a table flow and OR / wildcard keys, valid as GenericData and StructureSpecificData", async () => {
    const cells = await engine({ table: 15, refArea: ["IDN", "PHL", "THA"], sex: ["SEX_F", "SEX_M"], timeFrom: 2020 });
    expect(cells.length).toBeGreaterThan(0);
    const { res, text } = await get(sdmxUrl(api().url, { flow: "DF_ILMS_T15", key: "IDN+PHL+THA..SEX_F+SEX_M.", start: "2020" }), GENERIC);
    expect(res.status).toBe(200);
    expect(xmlSchemaErrors(text)).toBe("");
    const values = [...text.matchAll(/<gen:ObsValue value="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(values).toEqual(cells.map((c) => c.obs_value));
    expect(text).toContain('<gen:Value id="DESTINATION" value="MYS"/>');
    const specific = await get(sdmxUrl(api().url, { flow: "DF_ILMS_T15", key: "IDN+PHL+THA..SEX_F+SEX_M.", start: "2020" }), SPECIFIC);
    expect(await specificErrors("DF_ILMS_T15", specific.text)).toBe("");
    expect([...specific.text.matchAll(/OBS_VALUE="([^"]+)"/g)].map((m) => m[1])).toEqual(cells.map((c) => c.obs_value));
    // The derived schema is strict: a code outside the flow's code list fails.
    expect(await specificErrors("DF_ILMS_T15", specific.text.replace('DESTINATION="MYS"', 'DESTINATION="XXX"'))).toContain("XXX");
  });

  it("keeps the latest N years per series with lastNObservations, and detail=dataonly drops the attributes", async () => {
    const cells = await engine({ indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["IDN"], sex: ["SEX_T"], classif1: ["CDS_DES_MYS"], lastN: 2 });
    expect(cells.map((c) => c.time)).toEqual([2023, 2024]);
    const { text } = await get(sdmxUrl(api().url, { flow: FLOW, key: README_KEY, lastNObs: 2, detail: "dataonly" }), CSV);
    expect(text.split("\n")[0]).toBe("DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,CDS,TIME_PERIOD,OBS_VALUE");
    expect(
      text
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",").slice(6).join(",")),
    ).toEqual(cells.map((c) => `${c.time},${c.obs_value}`));
  });

  it("answers bad queries as SDMX clients expect: 400 with the expected key, 404 NoResultsFound, 406, 501", async () => {
    const wrong = await get(`/sdmx/rest/data/${FLOW}/IDN.A.SEX_T.CDS_DES_MYS`);
    expect(wrong.res.status).toBe(400);
    expect(wrong.text).toContain("expects 5: REF_AREA.FREQ.MEASURE.SEX.CDS");
    if (HAS_XMLLINT) expect(xmlSchemaErrors(wrong.text)).toBe("");

    const unknown = await get(`/sdmx/rest/data/${FLOW}/ZZZ.A..SEX_T.`);
    expect(unknown.res.status).toBe(400);
    expect(unknown.text).toContain("key position REF_AREA: &apos;ZZZ&apos; is not a code of list AREA");
    const destination = await get("/sdmx/rest/data/DF_ILMS_T15/IDN.A.SEX_T.MYX");
    expect(destination.res.status).toBe(400);
    expect(destination.text).toContain("key position DESTINATION: &apos;MYX&apos;");

    const freq = await get(`/sdmx/rest/data/${FLOW}/IDN.M..SEX_T.`);
    expect(freq.res.status).toBe(400);
    expect(freq.text).toContain("expected A");

    const none = await get(`/sdmx/rest/data/${FLOW}/${README_KEY}?startPeriod=2030`, JSON_DATA);
    expect(none.res.status).toBe(404);
    expect(JSON.parse(none.text).errors[0]).toMatchObject({ code: 100 });

    const flow = await get("/sdmx/rest/data/DF_NOT_A_FLOW/all");
    expect(flow.res.status).toBe(404);
    expect(flow.text).toContain('code="100"');
    if (HAS_XMLLINT) expect(xmlSchemaErrors(flow.text)).toBe("");

    expect((await get(`/sdmx/rest/dataflow/ILO/DF_NOT_A_FLOW`)).res.status).toBe(404);
    expect((await get(`/sdmx/rest/data/${FLOW}/all`, "text/html")).res.status).toBe(406);
    expect((await get(`/sdmx/rest/data/${FLOW}/all?format=xlsx`)).res.status).toBe(406);
    expect((await get(`/sdmx/rest/data/${FLOW}/all`, "application/vnd.sdmx.data+json;version=3.0.0")).res.status).toBe(406);
    // What is documented as not served: 501 with the reason (the rest of the protocol: sdmx-protocol.test.ts).
    for (const path of [
      `/sdmx/rest/data/${FLOW}/all?dimensionAtObservation=TIME_PERIOD&format=csvdata`,
      `/sdmx/rest/data/${FLOW}/all?includeHistory=true&format=csvdata`,
      `/sdmx/rest/data/${FLOW}/all?detail=serieskeysonly&format=jsondata`,
      "/sdmx/rest/categoryscheme/ILO/all/latest",
      "/sdmx/rest/structure/metadataflow/ILO/all/latest",
    ]) {
      const { res, text } = await get(path);
      expect(res.status, path).toBe(501);
      expect(text, path).toMatch(/not supported|not served|served as/);
    }
  });
});
