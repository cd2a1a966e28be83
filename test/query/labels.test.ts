/**
 * The two label fallbacks of `@ilms/query`: `labelIn` (GraphQL, exports) picks a label in the language asked,
 * else the fallback language, else any; `localisedCodes` (SDMX code lists) labels whole lists in the language
 * asked, else English, else the code itself, and says which language each label is in. Run on the real
 * database (PGlite always, PostgreSQL with TEST_DATABASE_URL).
 */
import { expect, it } from "vitest";
import { labelIn, localisedCodes } from "@ilms/query";
import { describeOnDrivers } from "../helpers/db";

it("labelIn: the language asked, else the fallback language, else any, and says when it fell back", () => {
  expect(labelIn({ en: "Thailand", fr: "Thaïlande" }, "fr")).toEqual({ text: "Thaïlande", lang: "fr", fallback: false });
  expect(labelIn({ en: "Türkiye" }, "fr")).toEqual({ text: "Türkiye", lang: "en", fallback: true });
  expect(labelIn({ en: "Türkiye", fr: "" }, "fr")).toEqual({ text: "Türkiye", lang: "en", fallback: true });
  expect(labelIn({ th: "ไทย", en: "Thailand" }, "fr", "th")).toEqual({ text: "ไทย", lang: "th", fallback: true });
  expect(labelIn({ th: "ไทย" }, "fr")).toEqual({ text: "ไทย", lang: "th", fallback: true });
  expect(labelIn({ en: "Thailand" }, "en")).toEqual({ text: "Thailand", lang: "en", fallback: false });
  expect(labelIn({}, "fr")).toEqual({ text: "", lang: "en", fallback: true });
  expect(labelIn({ th: "ไทย" }, "fr", "en", { anyLanguage: false })).toEqual({ text: "", lang: "en", fallback: true });
});

describeOnDrivers("localisedCodes", (db) => {
  it("labels a list in its stored order: the language asked, else English, else the code", async () => {
    await db().handle.query(`insert into codelists (id, kind, labels, description) values ('T_LABELS', 'test', '{"en": "Test"}', 'test')`);
    const codes: [string, number, Record<string, string>][] = [
      ["B", 1, { en: "Bee", fr: "Abeille" }],
      ["A", 2, { en: "Ant" }],
      ["C", 3, { th: "มด" }],
      ["D", 3, {}],
    ];
    for (const [code, order, labels] of codes)
      await db().handle.query(
        `insert into codes (codelist_id, code, level, sort_order, labels) values ('T_LABELS', $1, 'leaf', $2, $3::jsonb)`,
        [code, order, JSON.stringify(labels)],
      );
    const fr = await localisedCodes(db().handle, ["T_LABELS"], "fr");
    expect(fr.map((c) => [c.code, c.label, c.lang])).toEqual([
      ["B", "Abeille", "fr"],
      ["A", "Ant", "en"],
      ["C", "C", "en"],
      ["D", "D", "en"],
    ]);
    expect(fr.every((c) => c.codelistId === "T_LABELS" && c.parentCode === null)).toBe(true);
    const en = await localisedCodes(db().handle, ["T_LABELS"], "en");
    expect(en.map((c) => [c.code, c.label, c.lang])).toEqual([
      ["B", "Bee", "en"],
      ["A", "Ant", "en"],
      ["C", "C", "en"],
      ["D", "D", "en"],
    ]);
    expect(await localisedCodes(db().handle, [], "fr")).toEqual([]);
  });
});
