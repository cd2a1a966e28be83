import { describe, expect, it } from "vitest";
import { DIMENSIONS, INDICATORS, TABLES, factTableName, getIndicator } from "./catalogue";

describe("the table catalogue", () => {
  it("holds the 17 ILMS tables in three modules", () => {
    expect(TABLES.map((t) => t.id)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(TABLES.filter((t) => t.module === "A").map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(TABLES.filter((t) => t.module === "B").map((t) => t.id)).toEqual([9, 10, 11, 12]);
    expect(TABLES.filter((t) => t.module === "C").map((t) => t.id)).toEqual([13, 14, 15, 16, 17]);
    expect(new Set(TABLES.map((t) => t.key)).size).toBe(17);
    expect(factTableName({ id: 5 })).toBe("fact_t05");
  });

  it("marks only the wage table as non-additive", () => {
    expect(TABLES.filter((t) => !t.measure.additive).map((t) => t.id)).toEqual([8]);
  });

  it("gives every indicator a value for each dimension of its table, and nothing else", () => {
    for (const indicator of INDICATORS) {
      const table = TABLES.find((t) => t.id === indicator.table)!;
      const filled = [...Object.keys(indicator.fixed), indicator.classif1?.dimension, indicator.classif2?.dimension].filter(Boolean).sort();
      expect(filled, indicator.id).toEqual(table.dimensions.map((d) => d.key).sort());
    }
  });

  it("keeps the migrant basis of the indicator suffix", () => {
    for (const indicator of INDICATORS) {
      const suffix = /_(CBR|CCT)_NB$/.exec(indicator.id)?.[1];
      if (suffix) expect(indicator.fixed.basis, indicator.id).toBe(suffix);
    }
    expect(getIndicator("MFL_NWAP_SEX_EDU_NB")?.fixed.basis).toBe("CCT");
  });

  it("reads table 1's labour market status from the indicator's measure part", () => {
    const t1 = INDICATORS.filter((i) => i.table === 1);
    expect(t1).toHaveLength(10);
    expect(getIndicator("MST_TUNE_SEX_AGE_CCT_NB")?.fixed).toEqual({ lms: "TUNE", basis: "CCT" });
  });

  it("names each dimension once, with its code list", () => {
    expect(DIMENSIONS.economicActivity.codelist).toBe("ECO");
    expect(DIMENSIONS.destination.counterpart).toBe(true);
  });
});
