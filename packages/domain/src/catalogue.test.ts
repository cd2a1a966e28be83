import { describe, expect, it } from "vitest";
import {
  DIMENSIONS,
  INDICATORS,
  TABLES,
  cellAxes,
  cellKeyColumns,
  codedAxes,
  coherenceGroups,
  factTableName,
  getIndicator,
  mirrorGroups,
  tableList,
  tableRange,
  tablesOfKind,
} from "./catalogue";

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

describe("what the catalogue answers for each table", () => {
  it("gives each table's cell axes: the fixed axes around its dimensions, in key order", () => {
    const t16 = TABLES.find((t) => t.key === "employment_outflows_by_activity")!;
    expect(cellAxes(t16).map((a) => a.column)).toEqual(["ref_area", "time", "sex", "economic_activity", "source_code"]);
    expect(cellKeyColumns(t16)).toEqual(cellAxes(t16).map((a) => a.column));
    expect(codedAxes(t16).map((a) => [a.key, a.codelist])).toEqual([
      ["refArea", "AREA"],
      ["sex", "SEX"],
      ["economicActivity", "ECO"],
    ]);
    for (const table of TABLES) expect(cellAxes(table)).toHaveLength(table.dimensions.length + 4);
  });

  it("keeps measure kinds consistent with additivity", () => {
    for (const table of TABLES) expect(table.measure.additive, String(table.id)).toBe(table.measure.kind !== "mean");
    expect(tablesOfKind("mean").map((t) => t.id)).toEqual([8]);
    expect(tableList(tablesOfKind("employment"))).toBe("4-7");
    expect(tableList([{ id: 1 }, { id: 2 }, { id: 5 }, { id: 6 }, { id: 7 }])).toBe("1, 2, 5-7");
  });

  it("derives the coherence groups from the tables' memberships", () => {
    const groups = coherenceGroups();
    expect(groups.map((g) => [g.key, g.members.map((m) => m.table.id)])).toEqual([
      ["employed-migrants", [4, 5, 6, 7]],
      ["outflows-for-employment", [15, 16, 17]],
    ]);
    expect(groups[0]!.members.find((m) => m.table.id === 5)?.where).toEqual({ migrantStatus: ["CBR_BIR_FOREIGN", "CCT_CIT_NONCIT"] });
  });

  it("pairs mirror tables: the country of origin's view against the destination's", () => {
    expect(mirrorGroups().map((g) => [g.key, g.origin.map((t) => t.id), g.destination.map((t) => t.id)])).toEqual([
      ["migrant-stock", [13], [3]],
      ["migrant-flows", [14], [9]],
    ]);
  });

  it("expects every table's cells by sex, with alternative breakdowns where the questionnaire allows them", () => {
    for (const table of TABLES) {
      expect(table.expected.axes[0]!.key).toBe("sex");
      for (const axis of table.expected.axes.slice(1))
        expect(
          table.dimensions.map((d) => d.key),
          String(table.id),
        ).toContain(axis.key);
    }
    const t17 = TABLES.find((t) => t.key === "employment_outflows_by_occupation")!;
    expect(t17.expected.axes[1]!.breakdowns.map((b) => b.name)).toEqual(["ISCO major groups", "skill levels"]);
    expect(tableRange()).toBe("tables are numbered 1 to 17");
  });
});
