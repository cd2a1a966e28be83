/**
 * The benchmarks' synthetic ILOSTAT file (packages/ingest synthetic.ts) stands in for real reported data, so the
 * checks must find in it what they would in a real file, not a flood: sex totals that add up and series without
 * breaks. Values drawn afresh every year made nearly every point a "break" (24,567 findings for 100,000 rows),
 * which measured the storing of findings rather than an import.
 */
import { expect, it } from "vitest";
import { SYNTHETIC_SOURCE, importIlostat, prepareSynthetic, syntheticIlostatCsv } from "@ilms/ingest";
import { describeOnDrivers } from "../helpers/db";

const ROWS = 30_000;

describeOnDrivers("the synthetic benchmark file", (db) => {
  it("is the same bytes for the same arguments, and imports with only the findings real data would have", async () => {
    const h = db().handle;
    await h.query("insert into collection_rounds (code, title, reference_year) values ('SYN', 'synthetic', 2024)");
    const options = await prepareSynthetic(h, ROWS);
    const text = [...syntheticIlostatCsv(options)].join("");
    expect([...syntheticIlostatCsv(options)].join("")).toBe(text);
    const report = await importIlostat(h, { text, fileName: "synthetic.csv" }, { round: "SYN", source: SYNTHETIC_SOURCE });
    expect(report.status, JSON.stringify(report.errors)).toBe("loaded");
    expect(report.rowsWritten).toBe(ROWS);
    const kinds = await h.query<{ check: string; n: number }>(
      `select "check", count(*)::int as n from check_findings group by 1 order by 1`,
    );
    // A reporting country listed as its own counterpart (destination THA for THA) is a real finding; no other.
    expect(kinds.map((k) => k.check)).toEqual(["self-counterpart"]);
    expect(kinds[0]!.n).toBeLessThan(ROWS / 200);
    // Totals add up, and a series moves by at most 2% a year.
    const [worst] = await h.query<{ step: number }>(
      `select max(greatest(obs_value / prev, prev / obs_value))::float8 as step from (
         select obs_value, lag(obs_value) over (partition by ref_area, sex, destination order by time) as prev
           from fact_t15 where sex <> 'SEX_T') s where prev > 0`,
    );
    expect(worst!.step).toBeGreaterThan(1);
    expect(worst!.step).toBeLessThan(1.021);
  });
});
