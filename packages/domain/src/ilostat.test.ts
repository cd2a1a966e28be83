import { describe, expect, it } from "vitest";
import { loadSeedData } from "@ilms/codelists";
import { DIMENSIONS, INDICATORS, getIndicator } from "./catalogue";
import type { CodelistId } from "./codelists";
import { decodeIlostatCodes, encodeIlostatCodes } from "./ilostat";
import type { CodeIndex } from "./ilostat";

// The real shipped code lists, not a stub.
const { codes } = loadSeedData();
const families = new Map(codes.map((c) => [`${c.codelistId}:${c.code}`, c.family]));
const index: CodeIndex = {
  family: (list: CodelistId, code: string) => families.get(`${list}:${code}`),
  listsOf: (code: string) => codes.filter((c) => c.code === code).map((c) => c.codelistId),
};

describe("ILOSTAT codes <-> dimension values", () => {
  it("decodes a counterpart country and re-encodes it with the indicator's prefix", () => {
    const indicator = getIndicator("MNA_OEMP_SEX_CDS_NB")!;
    const decoded = decodeIlostatCodes(indicator, { sex: "SEX_F", classif1: "CDS_DES_KOR" }, index);
    expect(decoded).toEqual({ ok: true, sex: "SEX_F", values: { destination: "KOR" } });
    expect(encodeIlostatCodes(indicator, { destination: "KOR" })).toEqual({ classif1: "CDS_DES_KOR", classif2: "" });
  });

  it("round-trips a code of every accepted family for every indicator", () => {
    for (const indicator of INDICATORS) {
      const sample = (slot: typeof indicator.classif1) => {
        if (!slot) return undefined;
        if (slot.prefix) return `${slot.prefix}_THA`;
        const accepted = slot.families ?? [];
        const code = codes.find(
          (c) =>
            c.family !== null &&
            (accepted.length === 0 ? true : accepted.includes(c.family)) &&
            c.codelistId === DIMENSIONS[slot.dimension].codelist,
        );
        return code!.code;
      };
      const input = { sex: "SEX_T", classif1: sample(indicator.classif1), classif2: sample(indicator.classif2) };
      const decoded = decodeIlostatCodes(indicator, input, index);
      expect(decoded.ok, indicator.id).toBe(true);
      if (decoded.ok) {
        expect(encodeIlostatCodes(indicator, decoded.values)).toEqual({ classif1: input.classif1 ?? "", classif2: input.classif2 ?? "" });
      }
    }
  });

  it("refuses a code of another list, naming the list it belongs to", () => {
    const decoded = decodeIlostatCodes(
      getIndicator("MST_TEMP_SEX_ECO_CBR_NB")!,
      { sex: "SEX_T", classif1: "OCU_ISCO08_1", classif2: "CBR_BIR_TOTAL" },
      index,
    );
    expect(decoded).toEqual({
      ok: false,
      problems: [expect.objectContaining({ column: "classif1", code: "WRONG_CODELIST", reason: expect.stringContaining("OCU") })],
    });
  });

  it("refuses a migrant status of the other basis", () => {
    const decoded = decodeIlostatCodes(
      getIndicator("MST_TEMP_SEX_ECO_CBR_NB")!,
      { sex: "SEX_T", classif1: "ECO_ISIC4_A", classif2: "CCT_CIT_NONCIT" },
      index,
    );
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problems[0]).toMatchObject({ column: "classif2", code: "WRONG_FAMILY" });
  });

  it("lists every problem of a row: unknown sex, unknown area, unexpected classif2", () => {
    const decoded = decodeIlostatCodes(
      getIndicator("MNA_OEMP_SEX_CDS_NB")!,
      { sex: "SEX_Q", classif1: "CDS_DES_QQQ", classif2: "X" },
      index,
    );
    expect(decoded.ok).toBe(false);
    if (!decoded.ok)
      expect(decoded.problems.map((p) => [p.column, p.code])).toEqual([
        ["sex", "UNKNOWN_CODE"],
        ["classif1", "UNKNOWN_CODE"],
        ["classif2", "UNEXPECTED_VALUE"],
      ]);
  });
});
