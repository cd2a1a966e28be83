/** The example operations shipped for analysts (loaded into GraphiQL) run without errors on the real sample. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

const folder = fileURLToPath(new URL("../../apps/api/src/examples/", import.meta.url));
const examples = readdirSync(folder).filter((f) => f.endsWith(".graphql"));

describeOnDrivers("example operations", (db) => {
  beforeAll(async () => {
    await loadDemoData(db().handle);
  });
  const api = useTestApi(db);

  it("ships examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)("%s runs and returns data", async (file) => {
    const res = await api().gql(readFileSync(`${folder}${file}`, "utf8"));
    expect(res.errors).toBeUndefined();
    const values = Object.values(res.data ?? {});
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v === null || (Array.isArray(v) && v.length === 0)).toBe(false);
  });
});
