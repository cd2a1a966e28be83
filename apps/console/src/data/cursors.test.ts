/** The one cursor walker: pages reached by walking forward, and forgotten cursors after a write. */
import { describe, expect, it } from "vitest";
import { invalidateCursors, walkToPage } from "./cursors";
import type { Connection } from "./cursors";

/** A server-side list of `rows` paged by opaque cursors (the row's position), counting the requests it answers. */
function pagedList(rows: string[]) {
  const calls: (string | null)[] = [];
  const fetchPage = async (after: string | null, first: number): Promise<Connection<string>> => {
    calls.push(after);
    const start = after === null ? 0 : rows.indexOf(after) + 1;
    const nodes = rows.slice(start, start + first);
    return { nodes, pageInfo: { endCursor: nodes.at(-1) ?? null, hasNextPage: start + first < rows.length } };
  };
  return { calls, fetchPage };
}

describe("cursor walker", () => {
  it("walks forward to page n once, then starts from the remembered cursor", async () => {
    const list = pagedList(["a", "b", "c", "d", "e"]);
    expect((await walkToPage("q1", 3, 2, list.fetchPage)).nodes).toEqual(["e"]);
    expect(list.calls).toEqual([null, "b", "d"]);
    expect((await walkToPage("q1", 2, 2, list.fetchPage)).nodes).toEqual(["c", "d"]);
    expect(list.calls.at(-1)).toBe("b");
  });

  it("forgets every cursor after a write, so a page never starts from a row since removed", async () => {
    const rows = ["a", "b", "c", "d", "e"];
    const list = pagedList(rows);
    await walkToPage("q2", 2, 2, list.fetchPage);
    rows.splice(1, 1); // "b" is deleted: its cursor now points one row too far
    invalidateCursors();
    expect((await walkToPage("q2", 2, 2, list.fetchPage)).nodes).toEqual(["d", "e"]);
  });
});
