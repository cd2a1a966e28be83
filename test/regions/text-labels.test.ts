/**
 * Issue 16, labels per language beyond code lists: a French title for table 5, a dimension, a note and a
 * source's free text are loaded (`importTextLabels`, the code of `ilms catalogue labels import`) into the one
 * store of free-text labels, and read back through GraphQL (`lang`) and SDMX (`Accept-Language`, `xml:lang`);
 * the ones not loaded fall back to English and the answer says so. A bad file is refused line by line, with
 * nothing written. The titles here are the office's own wording for the test, not official translations.
 */
import { beforeAll, expect, it } from "vitest";
import { getTable } from "@ilms/domain";
import { TextLabelFileError, importTextLabels } from "@ilms/governance/labels";
import { describeOnDrivers } from "../helpers/db";
import { asAdmin, useSecureApi } from "../helpers/auth";
import { createSource } from "../ingest/helpers";

const T05_FR = "Personnes occupées par sexe, activité économique et statut migratoire";
const ECO_FR = "Activité économique";
const NOTE_FR = "Estimation provisoire";
const GAPS_FR = "Les travailleurs domestiques ne sont pas couverts";

describeOnDrivers("labels per language of tables, dimensions, notes and sources", (db) => {
  const api = useSecureApi(db);
  let report: Awaited<ReturnType<typeof importTextLabels>>;

  beforeAll(async () => {
    const h = db().handle;
    await createSource(h, "BA:9001", "GHA", "Ghana Labour Force Survey");
    await h.query(
      "update data_sources set known_gaps = 'Domestic workers are not covered', agency = 'Ghana Statistical Service' where code = 'BA:9001'",
    );
    await h.query(`insert into notes (note_type, note_id, labels) values ('R1', '9001', '{"en": "Provisional estimate"}')`);
    report = await h.transaction((tx) =>
      importTextLabels(tx, null, "fr", [
        { line: 2, kind: "table", subject: "5", label: T05_FR },
        { line: 3, kind: "dimension", subject: "economicActivity", field: "title", label: ECO_FR },
        { line: 4, kind: "note", subject: "R1:9001", label: NOTE_FR },
        { line: 5, kind: "source", subject: "ba:9001", field: "knownGaps", label: GAPS_FR },
      ]),
    );
  });

  it("stores them and reports what is still without a French label, per kind", async () => {
    expect(report).toMatchObject({ lang: "fr", set: 4, unchanged: 0 });
    const byKind = Object.fromEntries(report.missing.map((m) => [m.kind, m]));
    // 17 tables x (title, description), one title loaded.
    expect(byKind.table).toMatchObject({ total: 34, untranslated: 33 });
    expect(byKind.table!.examples.slice(0, 2)).toEqual(["1", "1 description"]);
    expect(byKind.dimension!.untranslated).toBe(byKind.dimension!.total - 1);
    expect(byKind.note).toMatchObject({ untranslated: byKind.note!.total - 1 });
    // BA:9001 has name, agency and known gaps: the last one is loaded.
    expect(byKind.source).toMatchObject({ total: 3, untranslated: 2, examples: ["BA:9001 name", "BA:9001 agency"] });
    const rows = await db().handle.query<{ kind: string; subject: string; field: string; labels: unknown }>(
      "select kind, subject, field, labels from text_labels order by kind, subject, field",
    );
    expect(rows).toEqual([
      { kind: "dimension", subject: "economicActivity", field: "title", labels: { fr: ECO_FR } },
      { kind: "source", subject: "BA:9001", field: "knownGaps", labels: { fr: GAPS_FR } },
      { kind: "table", subject: "5", field: "title", labels: { fr: T05_FR } },
    ]);
    const [note] = await db().handle.query<{ labels: unknown }>("select labels from notes where note_type = 'R1' and note_id = '9001'");
    expect(note!.labels).toEqual({ en: "Provisional estimate", fr: NOTE_FR });
    // Loading the same file again changes nothing.
    const again = await db().handle.transaction((tx) =>
      importTextLabels(tx, null, "fr", [{ line: 2, kind: "table", subject: "5", field: "title", label: T05_FR }]),
    );
    expect(again).toMatchObject({ set: 0, unchanged: 1 });
  });

  it("refuses a file with bad rows, each with its line and field, and writes nothing", async () => {
    const before = await db().handle.query("select * from text_labels order by kind, subject, field");
    const error = await db()
      .handle.transaction((tx) =>
        importTextLabels(tx, null, "fr", [
          { line: 2, kind: "table", subject: "18", label: "Tableau 18" },
          { line: 3, kind: "table", subject: "6", field: "unit", label: "Milliers" },
          { line: 4, kind: "chart", subject: "1", label: "Graphique" },
          { line: 5, kind: "source", subject: "BA:9001", field: "notes", label: "Notes" },
          { line: 6, kind: "source", subject: "BA:9001", label: "Enquête" },
          { line: 7, kind: "dimension", subject: "sex", label: "Sexe" },
          { line: 8, kind: "table", subject: "7", label: " " },
          { line: 9, kind: "table", subject: "8", label: "Un" },
          { line: 10, kind: "table", subject: "8", label: "Deux" },
        ]),
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TextLabelFileError);
    expect((error as TextLabelFileError).problems).toEqual([
      { line: 2, field: "subject", message: "'18' is not a table number" },
      { line: 3, field: "field", message: "'unit' is not a field of a table to label (title, description)" },
      { line: 4, field: "kind", message: "'chart' is not one of table, dimension, indicator, note, source" },
      { line: 5, field: "field", message: "source BA:9001 has no notes to translate" },
      {
        line: 6,
        field: "field",
        message:
          "give the field of a source to label (name, agency, geographicCoverage, populationCoverage, referencePeriod, periodicity, comparabilityNote, knownGaps, seriesBreaks, notes)",
      },
      { line: 7, field: "subject", message: "'sex' is not a dimension key" },
      { line: 8, field: "label", message: "the label of table 7 is empty" },
      { line: 10, field: "subject", message: "table 8 title is given twice (first on line 9)" },
    ]);
    expect(await db().handle.query("select * from text_labels order by kind, subject, field")).toEqual(before);
  });

  it("gives them through GraphQL with lang, and reports the ones that fall back", async () => {
    const res = await api().gql(`{
      t5: table(id: 5) { title(lang: "fr") dimensions { key title(lang: "fr") } }
      t6: table(id: 6) { title(lang: "fr") }
      en: table(id: 5) { title }
      note(noteType: "R1", noteId: "9001") { text(lang: "fr") }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.t5.title).toBe(T05_FR);
    expect(res.data!.t5.dimensions.find((d: { key: string }) => d.key === "economicActivity").title).toBe(ECO_FR);
    expect(res.data!.t6.title).toBe(getTable(6)!.title);
    expect(res.data!.en.title).toBe("Employed persons by sex, economic activity and migrant status");
    expect(res.data!.note.text).toBe(NOTE_FR);
    const fallback = (res as { extensions?: { langFallback?: { requested: string; used: string; examples: string[] }[] } }).extensions!
      .langFallback!;
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({ requested: "fr", used: "en" });
    expect(fallback[0]!.examples).toContain("table 6");
    expect(fallback[0]!.examples).toContain("dimension migrantStatus");
    expect(fallback[0]!.examples).not.toContain("table 5");
    expect(fallback[0]!.examples).not.toContain("dimension economicActivity");

    const source = await api().gql(
      `{ source(code: "BA:9001") { name(lang: "fr") knownGaps(lang: "fr") agency geographicCoverage(lang: "fr") } }`,
      {},
      await asAdmin(api(), db().handle),
    );
    expect(source.errors).toBeUndefined();
    expect(source.data!.source).toEqual({
      name: "Ghana Labour Force Survey",
      knownGaps: GAPS_FR,
      agency: "Ghana Statistical Service",
      geographicCoverage: null,
    });
    expect((source as { extensions?: { langFallback?: unknown } }).extensions!.langFallback).toEqual([
      { requested: "fr", used: "en", count: 1, examples: ["source BA:9001 name"] },
    ]);
  });

  it("names table flows and dimension concepts in SDMX in the language asked, with xml:lang, English where missing", async () => {
    const get = async (path: string, lang: string) => {
      const res = await fetch(`${api().url}${path}`, { headers: { "accept-language": lang } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const flows = await get("/sdmx/rest/dataflow/ILO/all/latest", "fr");
    expect(flows).toContain(`<com:Name xml:lang="fr">ILMS T05: ${T05_FR}</com:Name>`);
    expect(flows).toMatch(/<str:Dataflow id="DF_ILMS_T06"[^>]*><com:Name xml:lang="en">ILMS table 6: /);
    const english = await get("/sdmx/rest/dataflow/ILO/all/latest", "en");
    expect(english).not.toContain(T05_FR);
    expect(english).toContain(
      `<com:Name xml:lang="en">ILMS table 5: Employed persons by sex, economic activity and migrant status</com:Name>`,
    );
    const concepts = await get("/sdmx/rest/conceptscheme/ILO/all/latest", "fr");
    expect(concepts).toContain(`<str:Concept id="ECONOMIC_ACTIVITY"><com:Name xml:lang="fr">${ECO_FR}</com:Name></str:Concept>`);
    expect(concepts).toMatch(/<str:Concept id="MIGRANT_STATUS"><com:Name xml:lang="en">/);
  });
});
