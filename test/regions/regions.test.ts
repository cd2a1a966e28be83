/**
 * Issue 16: regions by configuration. The shipped files `regions/asean.yaml` and `regions/ecowas.yaml`
 * applied side by side through governance (audited, idempotent), refused files naming line and field, dated
 * membership in group filters and corridors (ECOWAS 2026 without BFA, MLI, NER; 2020 with them), and labels
 * in French through GraphQL and an export, with every fallback reported.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { applyRegion, RegionFileError } from "@ilms/governance/regions";
import { importIlostat } from "@ilms/ingest";
import { ensureRegion } from "../../apps/api/src/bootstrap";
import { createTestDb, describeOnDrivers } from "../helpers/db";
import { useTestApi } from "../helpers/api";
import { createRound, createSource, csv } from "../ingest/helpers";

const ROOT = new URL("../../", import.meta.url);
const ASEAN = readFileSync(new URL("regions/asean.yaml", ROOT), "utf8");
const ECOWAS = readFileSync(new URL("regions/ecowas.yaml", ROOT), "utf8");
/** The iso-codes translations the product ships (packages/codelists/data), read here as the expected names. */
const TRANSLATIONS = new Map(
  (
    parse(readFileSync(new URL("packages/codelists/data/iso3166-translations.csv", ROOT), "utf8"), { columns: true }) as Record<
      string,
      string
    >[]
  ).map((r) => [r.alpha3!, r]),
);

const GROUP_STATE = `select g.code, g.ilostat_code, g.labels, g.description,
    (select json_agg(json_build_array(m.country, m.valid_from::text, m.valid_to::text) order by m.country, m.valid_from)
       from country_group_members m where m.group_code = g.code) as members
   from country_groups g order by g.code`;

const CORRIDORS = `query($year: Int) {
  corridors(measure: EMPLOYMENT_FLOW, side: ORIGIN, year: $year, origins: ["GHA"], destinations: ["ECOWAS"]) { cells { origin destination time value } }
}`;

/** Outflows for employment reported by Ghana (table 15) to ECOWAS members, and a report of Burkina Faso's own. */
function ecowasFile(): string {
  const rows: string[][] = [];
  for (const year of ["2000", "2020", "2026"])
    for (const [dest, value] of [
      ["NGA", "10.500"],
      ["BFA", "2.250"],
      ["MLI", "1.125"],
      ["NER", "0.750"],
      ["MRT", "0.300"],
      ["CPV", "0.125"],
    ] as const)
      rows.push(["GHA", "T:GHA", "MNA_OEMP_SEX_CDS_NB", "SEX_T", `CDS_DES_${dest}`, "", year, value, "", "", "", ""]);
  for (const year of ["2020", "2026"])
    rows.push(["BFA", "T:BFA", "MNA_OEMP_SEX_CDS_NB", "SEX_T", "CDS_DES_CIV", "", year, "4.000", "", "", "", ""]);
  return csv(rows);
}

describeOnDrivers("Regions by configuration", (db, driver) => {
  const api = useTestApi(db, { region: "ecowas" });

  it("applies regions/asean.yaml to the seeded warehouse without changing today's ASEAN group, and a re-apply changes nothing", async () => {
    const h = db().handle;
    const before = await h.query(GROUP_STATE);
    const first = await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "regions/asean.yaml" }));
    expect(first.changes).toEqual(["added region asean"]);
    expect(await h.query(GROUP_STATE)).toEqual(before);
    expect(first.region.definition.reportingCountries).toHaveLength(11); // the ten of the questionnaire and Timor-Leste
    const [audits] = await h.query<{ n: number }>("select count(*)::int as n from audit_log");
    const again = await h.transaction((tx) => applyRegion(tx, null, ASEAN, { file: "regions/asean.yaml" }));
    expect(again.changes).toEqual([]);
    expect(await h.query<{ n: number }>("select count(*)::int as n from audit_log")).toEqual([audits]);
  });

  it("applies ECOWAS beside ASEAN: its own group with the dated memberships of the file, audited; re-applying is a no-op", async () => {
    const h = db().handle;
    const result = await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    expect(result.changes[0]).toBe("created group ECOWAS");
    expect(result.changes.at(-1)).toBe("added region ecowas");
    const members = await h.query<{ country: string; from: string; to: string | null }>(
      "select country, valid_from::text as from, valid_to::text as to from country_group_members where group_code = 'ECOWAS' order by country",
    );
    expect(members).toHaveLength(16);
    const byCountry = Object.fromEntries(members.map((m) => [m.country, [m.from, m.to]]));
    expect(byCountry).toMatchObject({
      BEN: ["1975-05-28", null],
      CPV: ["1977-01-01", null],
      MRT: ["1975-05-28", "2000-12-31"],
      BFA: ["1975-05-28", "2025-01-29"],
      MLI: ["1975-05-28", "2025-01-29"],
      NER: ["1975-05-28", "2025-01-29"],
    });
    const cpv = result.region.definition.members.find((m) => m.country === "CPV")!;
    expect(cpv).toMatchObject({ fromPrecision: "year", note: expect.stringContaining("1977") });
    expect((await h.query<{ code: string }>("select code from country_groups order by code")).map((g) => g.code)).toEqual([
      "ASEAN",
      "ECOWAS",
    ]);
    const audit = await h.query<{ action: string }>("select action from audit_log where entity in ('country_group', 'region') order by id");
    expect(audit.filter((a) => a.action === "addGroupMember")).toHaveLength(16);
    expect(audit.at(-1)).toEqual({ action: "applyRegion" });
    const again = await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    expect(again.changes).toEqual([]);
  });

  it("brings a region to an edited file: a membership ended, another removed, in one audited step each", async () => {
    const h = db().handle;
    const edited = ECOWAS.replace("{ country: SEN, from: 1975-05-28 }", "{ country: SEN, from: 1975-05-28, to: 2030-06-30 }").replace(
      "  - { country: BFA, from: 1975-05-28, to: 2025-01-29 }\n",
      "",
    );
    const result = await h.transaction((tx) => applyRegion(tx, null, edited, { file: "ecowas-edited.yaml" }));
    expect(result.changes).toEqual([
      "removed BFA's membership from 1975-05-28",
      "SEN's membership from 1975-05-28 now ends 2030-06-30",
      "updated the definition of region ecowas",
    ]);
    // And back to the shipped file.
    const back = await h.transaction((tx) => applyRegion(tx, null, ECOWAS, { file: "regions/ecowas.yaml" }));
    expect(back.changes).toHaveLength(3);
    expect(
      await h.query("select 1 from country_group_members where group_code = 'ECOWAS' and country = 'SEN' and valid_to is null"),
    ).toHaveLength(1);
  });

  it("refuses a file with a wrong country code or overlapping dates, naming line, column and field, and writes nothing", async () => {
    const h = db().handle;
    const before = await h.query(GROUP_STATE);
    const bad = ECOWAS.replace("{ country: GHA, from: 1975-05-28 }", "{ country: GHQ, from: 1975-05-28 }").replace(
      "  - { country: SLE, from: 1975-05-28 }\n",
      "  - { country: SLE, from: 1975-05-28 }\n  - { country: SLE, from: 1999-01-01, to: 2003-12-31 }\n",
    );
    const lines = bad.split("\n");
    const ghq = lines.findIndex((l) => l.includes("GHQ")) + 1;
    const overlap = lines.findIndex((l) => l.includes("1999-01-01")) + 1;
    const reporting = lines.findIndex((l) => l.startsWith("reportingCountries:")) + 1;
    const error = await h.transaction((tx) => applyRegion(tx, null, bad, { file: "bad.yaml" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegionFileError);
    const issues = (error as RegionFileError).issues;
    expect(issues).toEqual([
      { line: ghq, column: 7, field: "members[4].country", message: "'GHQ' is not an ISO 3166-1 alpha-3 country code" },
      { line: overlap, column: 21, field: "members[14].from", message: "SLE is already a member during part of this period (members[13])" },
      { line: reporting, column: 37, field: "reportingCountries[3]", message: "GHA is not among the region's members" },
    ]);
    expect((error as RegionFileError).message).toContain(`line ${ghq}, column 7, members[4].country`);
    expect(await h.query(GROUP_STATE)).toEqual(before);
    // A year with no note, an unknown table, an unknown field: each named.
    const more = ECOWAS.replace("    note: Cabo Verde joined in 1977; the day is not given here.\n", "").replace(
      "tables: all",
      "tables: [1, 5, 18]\nlogo: x.svg",
    );
    const e2 = await h.transaction((tx) => applyRegion(tx, null, more, { file: "more.yaml" })).catch((e: unknown) => e as RegionFileError);
    expect((e2 as RegionFileError).issues).toEqual([expect.objectContaining({ field: "logo", message: "unknown field logo" })]);
    const e3 = await h
      .transaction((tx) => applyRegion(tx, null, more.replace("\nlogo: x.svg", ""), { file: "more.yaml" }))
      .catch((e: unknown) => e as RegionFileError);
    expect((e3 as RegionFileError).issues.map((i) => [i.field, i.message])).toEqual([
      ["members[15].from", "only a year is given: add a note saying what is known of the date"],
      ["tables[2]", "table 18 is not in the catalogue (tables 1-17)"],
    ]);
  });

  it("counts ECOWAS members in the years they were members: corridors for 2026 leave out BFA, MLI and NER, 2020 keeps them", async () => {
    const h = db().handle;
    await createRound(h, "T-ECOWAS", "published");
    await createSource(h, "T:GHA", "GHA", "Test register of Ghana");
    await createSource(h, "T:BFA", "BFA", "Test register of Burkina Faso");
    expect((await importIlostat(h, { text: ecowasFile() }, { round: "T-ECOWAS", allowPublishedRound: true })).status).toBe("loaded");
    const destinations = async (year: number) => {
      const res = await api().gql(CORRIDORS, { year });
      expect(res.errors).toBeUndefined();
      return (res.data!.corridors.cells as { destination: string }[]).map((c) => c.destination).sort();
    };
    expect(await destinations(2020)).toEqual(["BFA", "CPV", "MLI", "NER", "NGA"]);
    expect(await destinations(2026)).toEqual(["CPV", "NGA"]);
    // Mauritania left in 2000 (year known only): still a member that year.
    expect(await destinations(2000)).toEqual(["BFA", "CPV", "MLI", "MRT", "NER", "NGA"]);
  });

  it("filters observations by group with the membership of each year", async () => {
    const res = await api().gql(
      `{ observations(filter: { table: 15, refArea: ["ECOWAS"], timeFrom: 2020, timeTo: 2026 }, first: 100) { nodes { refArea time classif1 } } }`,
    );
    expect(res.errors).toBeUndefined();
    const seen = (res.data!.observations.nodes as { refArea: string; time: number }[]).map((n) => `${n.refArea} ${n.time}`);
    expect([...new Set(seen)].sort()).toEqual(["BFA 2020", "GHA 2020", "GHA 2026"]);
  });

  it("gives country names in French from iso-codes through GraphQL, and reports the ones that fall back", async () => {
    const res = await api().gql(`{ countries(group: "ECOWAS", at: "2026-01-01") { code name(lang: "fr") } }`);
    expect(res.errors).toBeUndefined();
    const names = res.data!.countries as { code: string; name: string }[];
    // 15 founders, less MRT (2000) and BFA, MLI, NER (2025), plus CPV.
    expect(names.length).toBe(12);
    for (const c of names) expect(c.name).toBe(TRANSLATIONS.get(c.code)!.fr);
    expect(names.find((c) => c.code === "CIV")!.name).toBe("Côte d'Ivoire");
    expect((res as any).extensions?.langFallback).toBeUndefined();

    const tur = await api().gql(`{ countries { code name(lang: "fr") } }`);
    const turkey = (tur.data!.countries as { code: string; name: string }[]).find((c) => c.code === "TUR")!;
    expect(TRANSLATIONS.get("TUR")!.fr).toBe("");
    expect(turkey.name).toBe("Türkiye");
    expect((tur as any).extensions.langFallback).toEqual([{ requested: "fr", used: "en", count: 1, examples: ["country TUR"] }]);

    const region = await api().gql(
      `{ region { id group languages name(lang: "pt") members { country validTo toPrecision note } } table(id: 5) { title(lang: "fr") } }`,
    );
    expect(region.errors).toBeUndefined();
    expect(region.data!.region).toMatchObject({ id: "ecowas", group: "ECOWAS", languages: ["en", "fr", "pt"] });
    expect(region.data!.region.name).toBe("Comunidade Económica dos Estados da África Ocidental");
    expect(region.data!.region.members.find((m: any) => m.country === "MRT")).toMatchObject({ validTo: "2000-12-31", toPrecision: "year" });
    // The catalogue's table titles are English only: the answer says so.
    expect((region as any).extensions.langFallback).toEqual([{ requested: "fr", used: "en", count: 1, examples: ["table 5"] }]);
  });

  it("exports a labelled CSV in French (lang= or Accept-Language), saying which labels fell back", async () => {
    for (const [query, headers] of [
      ["&lang=fr", {}],
      ["", { "accept-language": "fr-SN, fr;q=0.9, en;q=0.5" }],
    ] as const) {
      const res = await fetch(`${api().url}/export?table=15&format=csv${query}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-language")).toBe("fr");
      expect(res.headers.get("x-ilms-lang-fallback")).toMatch(/^en; AREA \d+\/\d+, .*without a fr label$/);
      const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
      const gha = rows.find((r) => r.ref_area === "GHA")!;
      expect(gha.ref_area_label).toBe(TRANSLATIONS.get("GHA")!.fr);
      const bfa = rows.find((r) => r.ref_area === "BFA")!;
      expect([bfa.ref_area_label, bfa.destination, bfa.destination_label]).toEqual(["Burkina Faso", "CIV", "Côte d'Ivoire"]);
      expect(rows.find((r) => r.destination === "NGA")!.destination_label).toBe(TRANSLATIONS.get("NGA")!.fr);
    }
    const english = await fetch(`${api().url}/export?table=15&format=csv`);
    expect(english.headers.get("content-language")).toBe("en");
    expect(english.headers.get("x-ilms-lang-fallback")).toBeNull();
    expect(await english.text()).toContain("Cabo Verde");
  });

  it("ILMS_REGION at start: a shipped region missing from the warehouse is applied, an applied one used, an unknown one refused", async () => {
    const fresh = await createTestDb(driver);
    try {
      expect(await ensureRegion(fresh.handle, "ecowas")).toEqual([
        "Applied regions/ecowas.yaml: 18 changes",
        "Active region: ecowas (group ECOWAS; languages en, fr, pt; 12 reporting countries)",
      ]);
      expect(await ensureRegion(fresh.handle, "ecowas")).toEqual([
        "Active region: ecowas (group ECOWAS; languages en, fr, pt; 12 reporting countries)",
      ]);
      await expect(ensureRegion(fresh.handle, "sadc")).rejects.toThrow(
        "ILMS_REGION=sadc: no such region in the warehouse (ecowas) and no file regions/sadc.yaml; apply one with: ilms region apply FILE",
      );
    } finally {
      await fresh.dispose();
    }
  });
});
