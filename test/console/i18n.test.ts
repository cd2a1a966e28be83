/**
 * The console's two languages carry the same keys: every message in `en.ts` has its French counterpart in
 * `fr.ts` and neither has a key the other lacks (react-admin's own keys included, from ra-language-english and
 * ra-language-french). Placeholders (`%{name}`) and plural forms (`||||`) must match too, or a French screen would
 * show a raw token or drop a number.
 */
import { describe, expect, it } from "vitest";
import { en } from "../../apps/console/src/i18n/en";
import { fr } from "../../apps/console/src/i18n/fr";

/** Flattens nested messages to `a.b.c → text`. */
function flatten(messages: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object") for (const [k, v] of flatten(value as object, path)) out.set(k, v);
    else out.set(path, String(value));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("console translations", () => {
  const enFlat = flatten(en);
  const frFlat = flatten(fr);

  it("has the same key set in English and French", () => {
    const missingInFr = [...enFlat.keys()].filter((k) => !frFlat.has(k));
    const extraInFr = [...frFlat.keys()].filter((k) => !enFlat.has(k));
    expect({ missingInFr, extraInFr }).toEqual({ missingInFr: [], extraInFr: [] });
    expect(enFlat.size).toBeGreaterThan(300);
  });

  it("keeps every placeholder and plural form of our own messages", () => {
    const wrong = [...enFlat]
      .filter(([key]) => key.startsWith("ilms.") || key.startsWith("resources."))
      .filter(([key, text]) => {
        const other = frFlat.get(key) ?? "";
        return placeholders(text).join() !== placeholders(other).join() || text.includes("||||") !== other.includes("||||");
      })
      .map(([key]) => key);
    expect(wrong).toEqual([]);
  });

  it("translates our own messages rather than copying the English", () => {
    // Words identical in both languages (Code, Source, Observations, Corridors, Total…) are fine; whole
    // sentences are not.
    const copied = [...enFlat]
      .filter(([key]) => key.startsWith("ilms.") || key.startsWith("resources."))
      .filter(([key, text]) => frFlat.get(key) === text && text.replace("||||", " ").split(/\s+/).filter(Boolean).length > 2)
      .map(([key]) => key);
    expect(copied).toEqual([]);
  });
});
