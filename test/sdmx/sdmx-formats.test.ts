/**
 * The SDMX formats beyond SDMX-ML and SDMX-JSON 2.0 data, over real HTTP on the real sample, both drivers:
 * SDMX-JSON 1.0.0 data, SDMX-JSON 2.0.0 structure messages (validated by Ajv against the official schema) and
 * 1.0.0 ones, SDMX-CSV with labels by its `format=` name, and every `format=` name of the one format table.
 * SDMX-JSON 2.0 data is read by an independent client, `sdmx-json-parser`, and its values are the engine's.
 */
import { SDMXParser } from "sdmx-json-parser";
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { PUBLIC, planFilter, streamCells } from "@ilms/query";
import { SDMX_FORMAT_NAMES } from "@ilms/formats/sdmx";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";
import { sdmxJsonDataErrors, sdmxJsonStructureErrors, sdmxUrl } from "./validators";

const FLOW = "DF_MNA_OEMP_SEX_CDS_NB";
const README_KEY = "IDN.A..SEX_T.CDS_DES_MYS";
const JSON1 = "application/vnd.sdmx.data+json;version=1.0.0";

describeOnDrivers("SDMX formats: SDMX-JSON 1.0 data, SDMX-JSON structures, format names", (db) => {
  beforeAll(async () => {
    expect((await loadDemoData(db().handle)).rowsWritten).toBe(2756);
  });
  const api = useTestApi(db);
  const get = async (url: string, accept?: string) => {
    const res = await fetch(url.startsWith("http") ? url : `${api().url}${url}`, { headers: accept ? { accept } : {} });
    return { res, text: await res.text() };
  };
  const engine = async (filter: Parameters<typeof planFilter>[0]) => {
    const rows = [];
    for await (const row of streamCells(db().handle, planFilter(filter), PUBLIC)) rows.push(row);
    return rows;
  };

  it("serves SDMX-JSON 1.0.0 data with the published figure and the engine's values to the digit", async () => {
    const one = await get(sdmxUrl(api().url, { flow: FLOW, key: README_KEY, start: "2018", end: "2018" }), JSON1);
    expect(one.res.status).toBe(200);
    expect(one.res.headers.get("content-type")).toMatch(/^application\/vnd\.sdmx\.data\+json; version=1\.0\.0/);
    const message = JSON.parse(one.text);
    // The 1.0 layout: meta, data.dataSets, data.structure (singular), plain-string names, ids on every value.
    expect(Object.keys(message)).toEqual(["meta", "data"]);
    expect(message.meta).toMatchObject({ test: false, sender: { id: "ILO" } });
    expect(message.meta.id).toMatch(/^[A-Za-z0-9_@$-]+$/);
    expect(Object.keys(message.data).sort()).toEqual(["dataSets", "structure"]);
    expect(message.data.dataSets[0].action).toBe("Information");
    const observation = message.data.structure.dimensions.observation as {
      id: string;
      keyPosition: number;
      values: { id: string; name: string }[];
    }[];
    expect(observation.map((d) => d.id)).toEqual(["REF_AREA", "FREQ", "MEASURE", "SEX", "CDS", "TIME_PERIOD"]);
    expect(observation.map((d) => d.keyPosition)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const d of observation) for (const v of d.values) expect(typeof v.id === "string" && typeof v.name === "string").toBe(true);
    expect(observation[0]!.values).toEqual([{ id: "IDN", name: "Indonesia" }]);
    expect(one.text).toContain('"0:0:0:0:0:0":[90.664,');
    const attributes = message.data.structure.attributes.observation as { id: string; values: { name: string }[] }[];
    expect(attributes.map((a) => a.id)).toEqual(["UNIT_MEASURE", "UNIT_MULT", "SOURCE"]);
    expect(attributes[2]!.values).toEqual([{ name: "DEMO:IDN" }]);

    // The whole flow: every visible cell once, its value text as stored.
    const cells = await engine({ indicator: "MNA_OEMP_SEX_CDS_NB" });
    const all = await get(sdmxUrl(api().url, { flow: FLOW, key: "all" }), JSON1);
    const dims = JSON.parse(all.text).data.structure.dimensions.observation as { values: { id: string }[] }[];
    const served = new Map(
      [...all.text.matchAll(/"([0-9:]+)":\[([^,\]]+)/g)].map((m) => [
        m[1]!
          .split(":")
          .map((p, i) => dims[i]!.values[Number(p)]!.id)
          .join("|"),
        m[2]!,
      ]),
    );
    expect(served.size).toBe(cells.length);
    for (const c of cells)
      expect(served.get([c.ref_area, "A", "MNA_OEMP_NB", c.sex, `CDS_DES_${c.destination}`, c.time].join("|"))).toBe(c.obs_value);
    // A 1.0 error message is JSON too.
    const none = await get(`/sdmx/rest/data/${FLOW}/${README_KEY}?startPeriod=2031`, JSON1);
    expect(none.res.status).toBe(404);
    expect(JSON.parse(none.text).errors[0].code).toBe(100);
  });

  it("is read by sdmx-json-parser (SDMX-JSON 2.0 data) with the engine's values", async () => {
    const cells = await engine({ table: 15, refArea: ["IDN"], sex: ["SEX_T"] });
    expect(cells.length).toBeGreaterThan(10);
    const url = `${api().url}/sdmx/rest/data/DF_ILMS_T15/IDN.A.SEX_T.?detail=full`;
    const parser = new SDMXParser();
    await parser.getDatasets(url);
    const message = (parser as unknown as { getJSON: unknown }).getJSON;
    expect(sdmxJsonDataErrors(message)).toEqual([]);
    expect(parser.getDimensions().map((d) => d.id)).toEqual(["REF_AREA", "FREQ", "SEX", "DESTINATION", "TIME_PERIOD"]);
    const data = parser.getData();
    expect(data).toHaveLength(cells.length);
    // The parser gives each dimension's name; values are numbers parsed from our digits.
    const byKey = new Map(data.map((d) => [`${d.DESTINATION}|${d.TIME_PERIOD}`, d.value]));
    const names = new Map(
      (
        await db().handle.query<{ code: string; label: string }>(
          "select code, labels->>'en' as label from codes where codelist_id = 'AREA'",
        )
      ).map((r) => [r.code, r.label]),
    );
    for (const c of cells) expect(byKey.get(`${names.get(String(c.destination))}|${c.time}`)).toBe(Number(c.obs_value));
    expect(parser.getData({ DESTINATION: ["Malaysia"] }).length).toBe(cells.filter((c) => c.destination === "MYS").length);
  });

  it("serves SDMX-JSON 2.0.0 structure messages valid against the official schema, and 1.0.0 ones", async () => {
    const S2 = "application/vnd.sdmx.structure+json;version=2.0.0";
    const urls = [
      sdmxUrl(api().url, { resource: "dataflow", agency: "ILO", id: FLOW, references: "all" }),
      sdmxUrl(api().url, { resource: "dataflow", agency: "ILO", id: "DF_ILMS_T05", references: "descendants" }),
      sdmxUrl(api().url, { resource: "datastructure", agency: "ILO", id: "DSD_ILMS_T01", references: "parents" }),
      sdmxUrl(api().url, { resource: "codelist", agency: "ILO", id: "CL_ECO" }),
      sdmxUrl(api().url, { resource: "conceptscheme", agency: "ILO" }),
      `${api().url}/sdmx/rest/codelist/all/all/latest?detail=allstubs`,
      `${api().url}/sdmx/rest/dataflow/ILO/all/latest`,
    ];
    for (const url of urls) {
      const { res, text } = await get(url, S2);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type"), url).toMatch(/^application\/vnd\.sdmx\.structure\+json; version=2\.0\.0/);
      expect(sdmxJsonStructureErrors(JSON.parse(text)), url).toEqual([]);
    }
    // The schema is not lenient: a dimension without its concept fails.
    const full = JSON.parse((await get(urls[0]!, S2)).text);
    const broken = structuredClone(full);
    delete broken.data.dataStructures[0].dataStructureComponents.dimensionList.dimensions[0].conceptIdentity;
    expect(sdmxJsonStructureErrors(broken)).not.toEqual([]);

    const dsd = full.data.dataStructures[0];
    expect(dsd.id).toBe("DSD_MNA_OEMP_SEX_CDS_NB");
    expect(dsd.dataStructureComponents.dimensionList.dimensions.map((d: { id: string }) => d.id)).toEqual([
      "REF_AREA",
      "FREQ",
      "MEASURE",
      "SEX",
      "CDS",
    ]);
    expect(dsd.dataStructureComponents.dimensionList.dimensions[4].localRepresentation.enumeration).toBe(
      "urn:sdmx:org.sdmx.infomodel.codelist.Codelist=ILO:CL_CDS_DES(1.0)",
    );
    expect(full.data.dataflows[0].structure).toBe(
      "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=ILO:DSD_MNA_OEMP_SEX_CDS_NB(1.0)",
    );
    const cds = full.data.codelists.find((c: { id: string }) => c.id === "CL_CDS_DES");
    expect(cds.codes.find((c: { id: string }) => c.id === "CDS_DES_MYS").name).toBe("Malaysia");
    // Hierarchies as parent codes, as stored.
    const [child] = await db().handle.query<{ code: string; parent_code: string }>(
      "select code, parent_code from codes where codelist_id = 'ECO' and parent_code is not null order by code limit 1",
    );
    const eco = JSON.parse((await get(urls[3]!, S2)).text).data.codelists[0];
    expect(eco.codes.find((c: { id: string }) => c.id === child!.code).parent).toBe(child!.parent_code);
    // Plain application/json asks for the JSON structure too.
    expect((await get(urls[4]!, "application/json")).res.headers.get("content-type")).toMatch(/structure\+json; version=2\.0\.0/);

    // 1.0.0: the SDMX 2.1 model's names (primaryMeasure, timeDimensions, textFormat, isFinal).
    const one = await get(urls[0]!, "application/vnd.sdmx.structure+json;version=1.0.0");
    expect(one.res.headers.get("content-type")).toMatch(/^application\/vnd\.sdmx\.structure\+json; version=1\.0\.0/);
    const v1 = JSON.parse(one.text);
    const c1 = v1.data.dataStructures[0].dataStructureComponents;
    expect(c1.measureList.primaryMeasure.id).toBe("OBS_VALUE");
    expect(c1.dimensionList.timeDimensions[0]).toMatchObject({ id: "TIME_PERIOD", position: 6, type: "TimeDimension" });
    expect(c1.attributeList.attributes[0]).toMatchObject({
      assignmentStatus: "Conditional",
      attributeRelationship: { primaryMeasure: "OBS_VALUE" },
    });
    expect(v1.data.dataflows[0]).toMatchObject({ id: FLOW, isFinal: true, names: { en: expect.any(String) } });
    // Errors of a JSON structure query are JSON.
    const missing = await get("/sdmx/rest/dataflow/ILO/DF_NOT_A_FLOW", S2);
    expect(missing.res.status).toBe(404);
    expect(JSON.parse(missing.text).errors[0].code).toBe(100);
  });

  it("gives the README's GraphQL equivalents the same figures as their SDMX queries", async () => {
    const readme = await api().gql<{ observations: { nodes: { refArea: string; time: number; obsValue: string }[] } }>(
      `{ observations(filter: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: ["IDN"], sex: ["SEX_T"], destination: ["MYS"], timeFrom: 2018, timeTo: 2018 }) { nodes { refArea time obsValue } } }`,
    );
    expect(readme.data!.observations.nodes).toEqual([{ refArea: "IDN", time: 2018, obsValue: "90.664" }]);
    const gql = await api().gql<{ observations: { nodes: { obsValue: string }[] } }>(
      `{ observations(filter: { table: 15, refArea: ["IDN", "PHL"], sex: ["SEX_F", "SEX_M"], destination: ["MYS"], lastN: 3 }) { nodes { obsValue } } }`,
    );
    const { text } = await get("/sdmx/rest/data/DF_ILMS_T15/IDN+PHL.A.SEX_F+SEX_M.MYS?lastNObservations=3&format=csvdata");
    const sdmxValues = text
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[6]);
    expect(sdmxValues.length).toBeGreaterThan(0);
    expect(gql.data!.observations.nodes.map((n) => n.obsValue).sort()).toEqual([...sdmxValues].sort());
  });

  it("answers every format= name of the format table, and labels=both by csvfilewithlabels", async () => {
    const base = `/sdmx/rest/data/${FLOW}/${README_KEY}?startPeriod=2018&endPeriod=2018&format=`;
    const types: Record<string, RegExp> = {
      genericdata: /^application\/vnd\.sdmx\.genericdata\+xml; version=2\.1/,
      structurespecificdata: /^application\/vnd\.sdmx\.structurespecificdata\+xml; version=2\.1/,
      csvdata: /^application\/vnd\.sdmx\.data\+csv; version=1\.0\.0/,
      csvfilewithlabels: /^application\/vnd\.sdmx\.data\+csv; version=1\.0\.0; labels=both/,
      csvdata2: /^application\/vnd\.sdmx\.data\+csv; version=2\.0\.0/,
      jsondata: /^application\/vnd\.sdmx\.data\+json; version=2\.0\.0/,
      jsondata1: /^application\/vnd\.sdmx\.data\+json; version=1\.0\.0/,
      jsonstat: /^application\/json/,
    };
    expect(SDMX_FORMAT_NAMES.data.sort()).toEqual(Object.keys(types).sort());
    for (const [name, type] of Object.entries(types)) {
      const { res, text } = await get(base + name);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toMatch(type);
      expect(text, name).toContain("90.664");
    }
    const labelled = await get(base + "csvfilewithlabels");
    const [head, line] = labelled.text.split("\n");
    expect(head).toBe(
      "DATAFLOW,REF_AREA: Reference area,FREQ: Frequency,MEASURE: Measure,SEX: Sex,CDS: Country of destination,TIME_PERIOD: Time period,OBS_VALUE: Observation value,UNIT_MEASURE: Unit of measure,UNIT_MULT: Unit multiplier (power of ten),SOURCE: Data source,OBS_STATUS: Observation status,NOTE_CLASSIF: Notes on the classification,NOTE_INDICATOR: Notes on the indicator,NOTE_SOURCE: Notes on the source",
    );
    expect(line).toMatch(
      /^ILO:DF_MNA_OEMP_SEX_CDS_NB\(1\.0\),IDN: Indonesia,A: Annual,MNA_OEMP_NB: [^,]+,SEX_T: [^,]+,CDS_DES_MYS: Malaysia,2018,90\.664,/,
    );
    expect(SDMX_FORMAT_NAMES.structure.sort()).toEqual(["jsonstructure", "jsonstructure1", "structure"]);
    expect((await get(`/sdmx/rest/codelist/ILO/CL_SEX?format=jsonstructure`)).res.headers.get("content-type")).toMatch(/structure\+json/);
    expect((await get(`${base}xlsx`)).res.status).toBe(406);
  });
});
