/**
 * `estimate`: the planner's guess of the cells a filter selects, against the exact count, on the real sample.
 * It must be within a sane factor (2x either way) so that a client can decide before reading.
 */
import { beforeAll, expect, it } from "vitest";
import { loadDemoData } from "@ilms/ingest";
import { useTestApi } from "../helpers/api";
import { describeOnDrivers } from "../helpers/db";

const FILTERS = [
  "{ table: 15 }",
  '{ table: 15, refArea: ["LAO", "KHM"] }',
  '{ table: 15, sex: ["SEX_T"] }',
  "{ table: 5 }",
  '{ table: 5, refArea: ["BRN"], timeFrom: 2019 }',
  "{ table: 16, timeFrom: 2020, timeTo: 2022 }",
  "{ table: 3 }",
  '{ table: 6, refArea: ["IDN"] }',
  '{ table: 15, refArea: ["ASEAN"], destination: ["KOR", "JPN"] }',
  '{ table: 5, refArea: ["BRN"], economicActivity: ["ECO_SECTOR_SER"] }',
];

describeOnDrivers("cost estimates on the real sample", (db) => {
  beforeAll(async () => {
    await loadDemoData(db().handle);
  });
  const api = useTestApi(db);

  it.each(FILTERS)("estimates %s within 2x of the exact count", async (filter) => {
    const res = await api().gql(`{ estimate(filter: ${filter}) { estimatedCells cells withinLimit } }`);
    expect(res.errors).toBeUndefined();
    const { estimatedCells, cells } = res.data!.estimate as { estimatedCells: number; cells: number };
    expect(cells).toBeGreaterThan(0);
    expect(estimatedCells).toBeGreaterThanOrEqual(cells / 2);
    expect(estimatedCells).toBeLessThanOrEqual(cells * 2);
  });
});
