/** The admin grammar: react-admin verbs → GraphQL operations and back, without a network. */
import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { buildQuery } from "./buildQuery";
import { pageOf } from "./listing";

const build = buildQuery();

describe("admin grammar", () => {
  it("maps GET_LIST of codes to the code list's codes, with hierarchy filters sent to the server and null arguments left out", () => {
    const q = build("GET_LIST", "codes", {
      filter: { codelistId: "ISIC4", roots: true },
      pagination: { page: 1, perPage: 50 },
      sort: { field: "sortOrder", order: "ASC" },
    });
    expect(print(q.query)).toMatch(/codelist\(id: \$list\)/);
    expect(q.variables).toEqual({ list: "ISIC4", roots: true });
    const result = q.parseResponse({
      data: {
        codelist: {
          codes: [
            { codelistId: "ISIC4", code: "B", sortOrder: 2, childCount: [] },
            { codelistId: "ISIC4", code: "A", sortOrder: 1, childCount: [{ code: "01" }] },
          ],
        },
      },
    });
    expect(result).toEqual({
      data: [
        { codelistId: "ISIC4", code: "A", sortOrder: 1, childCount: 1, id: "ISIC4/A" },
        { codelistId: "ISIC4", code: "B", sortOrder: 2, childCount: 0, id: "ISIC4/B" },
      ],
      total: 2,
    });
  });

  it("sends only the changed quality fields of a source on UPDATE", () => {
    const q = build("UPDATE", "sources", {
      id: "BA:544",
      data: { code: "BA:544", agency: "NSO", comparability: "partial", ageFloor: 15, knownGaps: "" },
      previousData: { code: "BA:544", agency: "NSO", comparability: "full", ageFloor: 15, knownGaps: "camps" },
    });
    expect(q.variables).toEqual({ code: "BA:544", input: { comparability: "partial", knownGaps: null } });
    expect(print(q.query)).toMatch(/updateSource\(code: \$code, input: \$input\)/);
  });

  it("refuses verbs a resource does not have instead of sending a wrong operation", () => {
    expect(() => build("DELETE", "sources", { id: "BA:544" })).toThrow(/cannot DELETE sources/);
    expect(() => build("GET_LIST", "nothing", {})).toThrow(/cannot GET_LIST nothing/);
  });

  it("filters, sorts and paginates client-side lists the way a server would", () => {
    const rows = [
      { id: "a", refArea: "THA", name: "LFS", comparability: "full" },
      { id: "b", refArea: "IDN", name: "Census", comparability: "partial" },
      { id: "c", refArea: "THA", name: "Admin records", comparability: "partial" },
    ];
    expect(
      pageOf(rows, { filter: { refArea: "THA" }, sort: { field: "name", order: "ASC" }, pagination: { page: 1, perPage: 1 } }),
    ).toEqual({ data: [rows[2]], total: 2 });
    expect(pageOf(rows, { filter: { q: "cens" } }).data.map((r) => r.id)).toEqual(["b"]);
    expect(pageOf(rows, { filter: { ids: ["a", "c"] }, sort: { field: "refArea", order: "DESC" } }).data.map((r) => r.id)).toEqual([
      "a",
      "c",
    ]);
  });
});
