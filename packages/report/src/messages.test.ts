import { describe, expect, it } from "vitest";
import { sumDecimalTexts } from "./build";
import { formatDecimal, formatPercent, messages } from "./messages";

describe("report words and numbers", () => {
  it("writes decimals exactly with each language's marks", () => {
    expect(formatDecimal("1234567.891", "en")).toBe("1,234,567.891");
    expect(formatDecimal("1234567.891", "fr")).toBe("1 234 567,891");
    expect(formatDecimal("680", "en")).toBe("680");
    expect(formatDecimal("-0.250", "en")).toBe("-0.25");
    expect(formatPercent(0.354, "en")).toBe("35.4%");
    expect(formatPercent(0.354, "fr")).toBe("35,4 %");
  });

  it("sums decimal texts exactly (no float drift)", () => {
    expect(sumDecimalTexts(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimalTexts(["167.241", "87.082"])).toBe("254.323");
    expect(sumDecimalTexts(["5", "-7.5"])).toBe("-2.5");
  });

  it("falls back to English for a language without a catalogue, and says so", () => {
    const th = messages("th");
    expect(th.lang).toBe("en");
    expect(th.fallback).toBe(true);
    expect(th.t("languageFallback", { lang: "th" })).toContain("'th'");
    const fr = messages("fr");
    expect(fr.fallback).toBe(false);
    expect(fr.t("title", { round: "R8" })).toBe("Rapport analytique du cycle R8");
  });
});
