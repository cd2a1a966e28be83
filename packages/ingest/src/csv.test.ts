import { describe, expect, it } from "vitest";
import { CsvSplitter } from "./csv";
import type { CsvItem } from "./csv";

function read(chunks: string[]): CsvItem[] {
  const s = new CsvSplitter();
  return [...chunks.flatMap((c) => s.push(c)), ...s.end()];
}

describe("CsvSplitter", () => {
  it("splits plain lines, strips the BOM and CR, skips blank lines but counts them", () => {
    expect(read(["\uFEFFa,b\r\n1,2\r\n\r\n3,", "4"])).toEqual([
      { line: 1, record: ["a", "b"] },
      { line: 2, record: ["1", "2"] },
      { line: 4, record: ["3", "4"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks across chunks", () => {
    expect(read(['x,"a, ""b""",y\n"multi', '\nline",z\n'])).toEqual([
      { line: 1, record: ["x", 'a, "b"', "y"] },
      { line: 2, record: ["multi\nline", "z"] },
    ]);
  });

  it("reports a stray quote at its line and goes on; an unclosed quote at the end names its first line", () => {
    expect(read(['a,b"c\n1,2\n"open,3\n'])).toEqual([
      { line: 1, error: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 2, record: ["1", "2"] },
      { line: 3, error: expect.stringMatching(/not closed/) },
    ]);
  });
});
