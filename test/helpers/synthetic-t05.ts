/**
 * A large published table 5 for the SDMX memory test and `npm run bench:sdmx`: `cells` synthetic observations
 * (countries x 35 years x 3 sexes x ISIC codes x 3 migrant statuses of `MST_TEMP_SEX_ECO_CBR_NB`, in that
 * order), COPYed straight into `fact_t05` of a published round, with one source per country. Real codes from
 * the seeded code lists; deterministic values with three decimals.
 */
import type { DbHandle } from "@ilms/db";

export const SYNTHETIC_COUNTRIES = [
  ..."BRN KHM IDN LAO MYS MMR PHL SGP THA VNM CHN IND JPN KOR AUS USA GBR FRA DEU BGD PAK NPL LKA TWN HKG SAU ARE QAT KWT NZL".split(" "),
];
export const SYNTHETIC_YEARS = Array.from({ length: 35 }, (_, i) => 1990 + i);
const SEXES = ["SEX_T", "SEX_M", "SEX_F"];
const MIGRANT = ["CBR_BIR_TOTAL", "CBR_BIR_NATIVE", "CBR_BIR_FOREIGN"];
const ACTIVITIES_SQL = `select code from codes where codelist_id = 'ECO' and family in ('ECO_ISIC4', 'EC2_ISIC4') and code <> 'EC2_ISIC4_TOTAL' order by sort_order, code`;

/** Loads the cells; resolves with the number of rows written. */
export async function loadSyntheticT05(db: DbHandle, cells: number): Promise<number> {
  const activities = (await db.query<{ code: string }>(ACTIVITIES_SQL)).map((r) => r.code);
  const max = SYNTHETIC_COUNTRIES.length * SYNTHETIC_YEARS.length * SEXES.length * activities.length * MIGRANT.length;
  if (cells > max) throw new RangeError(`at most ${max} synthetic cells`);
  return db.transaction(async (tx) => {
    const [round] = await tx.query<{ id: number }>(
      `insert into collection_rounds (code, title, reference_year, status, published_at) values ('SYN-1', 'Synthetic', 2024, 'published', now() - interval '1 day') returning id`,
    );
    for (const area of SYNTHETIC_COUNTRIES)
      await tx.query(`insert into data_sources (code, ref_area, name) values ($1, $2, 'Synthetic source') on conflict (code) do nothing`, [
        `BA:${area}`,
        area,
      ]);
    const columns = [
      "ref_area",
      "time",
      "sex",
      "economic_activity",
      "migrant_status",
      "basis",
      "indicator",
      "source_code",
      "round_id",
      "obs_value",
    ];
    async function* lines() {
      let n = 0;
      let chunk = "";
      for (const area of SYNTHETIC_COUNTRIES)
        for (const year of SYNTHETIC_YEARS)
          for (const sex of SEXES)
            for (const eco of activities)
              for (const mig of MIGRANT) {
                if (n++ >= cells) {
                  if (chunk) yield chunk;
                  return;
                }
                chunk += `${area},${year},${sex},${eco},${mig},CBR,MST_TEMP_SEX_ECO_CBR_NB,BA:${area},${round!.id},${(((n * 7919) % 100000) / 1000).toFixed(3)}\n`;
                if (chunk.length > 1 << 20) {
                  yield chunk;
                  chunk = "";
                }
              }
      if (chunk) yield chunk;
    }
    // The codes are the seeded lists' own: skip the per-row foreign-key triggers (superuser only; the test
    // database's role is), which would take minutes for half a million rows on a shared machine.
    await tx.query("set local session_replication_role = replica");
    const written = await tx.copyFrom("fact_t05", columns, lines());
    await tx.query("analyze fact_t05");
    return written;
  });
}
