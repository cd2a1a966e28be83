import { expect, it } from "vitest";
import { divideDecimals, subtractDecimals, sumDecimals } from "./decimal";

it("adds, subtracts and divides published decimals exactly", () => {
  expect(sumDecimals(["1.702", "1.743"])).toBe("3.445");
  expect(sumDecimals(["0.1", "0.2", "0.3"])).toBe("0.6");
  expect(sumDecimals(["10", "-2.50", "0.005"])).toBe("7.505");
  expect(sumDecimals([])).toBe("0");
  expect(subtractDecimals("2.815", "3.445")).toBe("-0.63");
  expect(divideDecimals("1.743", "1.702", 4)).toBe("1.0241");
  expect(divideDecimals("1", "3", 2)).toBe("0.33");
  expect(divideDecimals("2", "3", 2)).toBe("0.67");
  expect(divideDecimals("1", "0")).toBeNull();
});
