/**
 * No silent wrong answers: a filter code that its code list does not have is an UNKNOWN_CODE error naming the
 * argument, the code and close matches of the right list, in every read that takes codes (observations, slice,
 * derived, availability, qualityMap, revisions, and the export library); a country group without members says in
 * `extensions.warnings` that it selects nothing. Known codes with no data still answer an empty list.
 */
import { beforeAll, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { exportObservations } from "@ilms/formats";
import { QueryError } from "@ilms/query";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

interface Case {
  name: string;
  query: string;
  argument: string;
  value: string;
  codelist: string;
  suggests?: string;
}

const CASES: Case[] = [
  {
    name: "observations: unknown destination",
    query: `{ observations(filter: { table: 15, destination: ["ZZZ"] }) { nodes { time } } }`,
    argument: "filter.dimensions.destination",
    value: "ZZZ",
    codelist: "AREA",
  },
  {
    name: "observations: migrant status without its family",
    query: `{ observations(filter: { table: 5, migrantStatus: ["FOREIGN"] }) { nodes { time } } }`,
    argument: "filter.dimensions.migrantStatus",
    value: "FOREIGN",
    codelist: "MIG",
    suggests: "CBR_BIR_FOREIGN",
  },
  {
    name: "observations: a typo in a country",
    query: `{ observations(filter: { table: 15, refArea: ["THAA"] }) { nodes { time } } }`,
    argument: "filter.refArea",
    value: "THAA",
    codelist: "AREA",
    suggests: "THA",
  },
  {
    name: "slice: a typo in an ILOSTAT classif1 code",
    query: `{ slice(filter: { table: 15, classif1: ["CDS_DES_KORR"] }) { size } }`,
    argument: "filter.classif1",
    value: "CDS_DES_KORR",
    codelist: "AREA",
    suggests: "CDS_DES_KOR",
  },
  {
    name: "derived: an unknown activity",
    query: `{ derived(kind: MIGRANT_SHARE, filter: { table: 5, economicActivity: ["ECO_ISIC4_Z"] }) { size } }`,
    argument: "filter.dimensions.economicActivity",
    value: "ECO_ISIC4_Z",
    codelist: "ECO",
  },
  {
    name: "availability: an unknown sex",
    query: `{ availability(table: 15, filter: { sex: ["SEX_X"] }) { refArea } }`,
    argument: "filter.sex",
    value: "SEX_X",
    codelist: "SEX",
  },
  {
    name: "qualityMap: a typo in a group",
    query: `{ qualityMap(countries: ["ASEANN"]) { refArea } }`,
    argument: "countries",
    value: "ASEANN",
    codelist: "AREA",
    suggests: "ASEAN",
  },
  {
    name: "revisions: an unknown country",
    query: `{ revisions(cell: { indicator: "MNA_OEMP_SEX_CDS_NB", refArea: "XYZ", sex: "SEX_T", classif1: "CDS_DES_KOR", time: 2023 }) { obsValue } }`,
    argument: "cell.refArea",
    value: "XYZ",
    codelist: "AREA",
  },
];

describeOnDrivers("unknown filter codes are errors, never empty answers", (db) => {
  const api = useTestApi(db);

  beforeAll(async () => {
    await db().handle.query(`insert into country_groups (code, labels) values ('NOMEMBERS', '{"en": "A group without members"}')`);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const res = await api().gql(c.query);
      expect(res.data ?? null, JSON.stringify(res)).toBeNull();
      const error = res.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: "UNKNOWN_CODE", argument: c.argument, value: c.value, codelist: c.codelist });
      expect(error?.message).toMatch(new RegExp(`^${c.argument.replaceAll(".", "\\.")}: '${c.value}' is not a code of list ${c.codelist}`));
      const suggestions = error?.extensions?.suggestions as string[];
      expect(suggestions.length).toBeLessThanOrEqual(3);
      if (c.suggests) {
        expect(suggestions, JSON.stringify(suggestions)).toContain(c.suggests);
        expect(error?.message).toContain(`did you mean ${suggestions.join(", ")}?`);
      }
    });
  }

  it("answers known codes without data with an empty list, and no warning", async () => {
    const res = await api().gql(`{ observations(filter: { table: 15, refArea: ["LAO"], destination: ["KOR"] }) { nodes { time } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.observations.nodes).toEqual([]);
    expect((res as { extensions?: unknown }).extensions).toBeUndefined();
  });

  it("warns when a country group has no members to select", async () => {
    const res = (await api().gql(`{ observations(filter: { table: 15, refArea: ["NOMEMBERS"] }) { nodes { time } } }`)) as {
      data?: any;
      errors?: unknown;
      extensions?: { warnings?: string[] };
    };
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.warnings).toEqual(["filter.refArea: group 'NOMEMBERS' has no members, so it selects nothing below it"]);
    const map = (await api().gql(`{ qualityMap(countries: ["NOMEMBERS"]) { refArea } }`)) as { extensions?: { warnings?: string[] } };
    expect(map.extensions?.warnings).toEqual(["countries: group 'NOMEMBERS' has no members, so it selects nothing below it"]);
  });

  it("accepts a code or a group member added a moment ago", async () => {
    const h = db().handle;
    const before = await api().gql(`{ observations(filter: { table: 15, destination: ["ZZN"] }) { nodes { time } } }`);
    expect(before.errors?.[0]?.extensions?.code).toBe("UNKNOWN_CODE");
    await h.query(`insert into codes (codelist_id, code, level, labels) values ('AREA', 'ZZN', 'country', '{"en": "Newland"}')`);
    const after = await api().gql(`{ observations(filter: { table: 15, destination: ["ZZN"] }) { nodes { time } } }`);
    expect(after.errors).toBeUndefined();
    expect(after.data!.observations.nodes).toEqual([]);

    await h.query(`insert into country_groups (code, labels) values ('SOONFULL', '{"en": "Soon full"}')`);
    const query = `{ observations(filter: { table: 15, refArea: ["SOONFULL"] }) { nodes { time } } }`;
    const empty = (await api().gql(query)) as { extensions?: { warnings?: string[] } };
    expect(empty.extensions?.warnings).toHaveLength(1);
    await h.query(`insert into country_group_members (group_code, country, valid_from) values ('SOONFULL', 'THA', '2000-01-01')`);
    // Another document than the one above, which the response cache holds (the insert bypassed the API).
    const full = (await api().gql(query.replace("nodes { time }", "nodes { refArea }"))) as {
      errors?: unknown;
      extensions?: { warnings?: string[] };
    };
    expect(full.errors).toBeUndefined();
    expect(full.extensions?.warnings).toBeUndefined();
  });

  it("answers a huge unknown code without looking for matches, echoing only a short prefix", async () => {
    const res = await api().gql(`query($d: [String!]) { observations(filter: { table: 15, destination: $d }) { nodes { time } } }`, {
      d: ["Z".repeat(200_000)],
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNKNOWN_CODE", suggestions: [] });
    expect(res.errors![0]!.message.length).toBeLessThan(200);
  });

  it("refuses unknown codes in exports too", async () => {
    const attempt = exportObservations(
      db().handle,
      { format: "csv", filter: { table: 15, dimensions: { destination: ["ZZZ"] } } },
      new PassThrough(),
    );
    await expect(attempt).rejects.toThrow(QueryError);
    await expect(attempt).rejects.toMatchObject({ code: "UNKNOWN_CODE", details: { argument: "filter.dimensions.destination" } });
  });
});
