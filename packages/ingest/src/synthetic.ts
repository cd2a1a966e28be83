/**
 * A deterministic synthetic ILOSTAT bulk CSV of any size, for the benchmark and the kill test: real
 * indicators and codes, per-country sources `SYN:<country>`, sex totals that add up (T = M + F) and series that
 * move by at most 2% a year, so the checks run over realistic data without a flood of findings (values drawn
 * afresh every year made a "break" of nearly every point: 24,567 findings for 100,000 rows). Same arguments,
 * same bytes.
 */
export const SYNTHETIC_SOURCE = "SYN:{ref_area}";

/** Small fast PRNG (mulberry32): deterministic across runs and platforms. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  rows: number;
  /** Reporting countries (ISO alpha-3). */
  countries: readonly string[];
  /** Area codes usable after a counterpart prefix (the AREA list's countries). */
  areas: readonly string[];
  /** Economic activity and occupation codes (ILOSTAT), totals excluded. */
  activities: readonly string[];
  occupations: readonly string[];
  seed?: number;
}

/**
 * Yields the CSV (header first) in chunks: cells are enumerated indicator by indicator, country by country,
 * year by year, breakdown by breakdown, three sexes each, until `rows` rows are out.
 */
export function* syntheticIlostatCsv(options: SyntheticOptions): Generator<string> {
  const random = prng(options.seed ?? 42);
  const countries = options.countries;
  const breakdowns: { indicator: string; codes: string[] }[] = [
    { indicator: "MNA_OEMP_SEX_CDS_NB", codes: options.areas.map((a) => `CDS_DES_${a}`) },
    { indicator: "MST_FORP_SEX_CBR_NB", codes: options.areas.map((a) => `CBR_BRT_${a}`) },
    { indicator: "MNA_TPOP_SEX_CRS_NB", codes: options.areas.map((a) => `CRS_RES_${a}`) },
    { indicator: "MST_FORE_SEX_CBR_NB", codes: options.areas.map((a) => `CBR_BRT_${a}`) },
    { indicator: "MNA_OEMP_SEX_ECO_NB", codes: [...options.activities] },
    { indicator: "MNA_OEMP_SEX_OCU_NB", codes: [...options.occupations] },
  ];
  let chunk = "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source\n";
  let written = 0;
  // Each series starts anywhere in 1-100 (thousands) and then moves by at most 2% a year.
  const start = () => 1 + random() * 99;
  const step = (level: number) => level * (0.98 + random() * 0.04);
  const thousandths = (level: number) => Math.round(level * 1000) / 1000;
  for (const { indicator, codes } of breakdowns) {
    for (const area of countries) {
      const males = codes.map(start);
      const females = codes.map(start);
      for (let year = 1980; year <= 2024; year++) {
        for (const [i, code] of codes.entries()) {
          if (year > 1980) {
            males[i] = step(males[i]!);
            females[i] = step(females[i]!);
          }
          const m = thousandths(males[i]!);
          const f = thousandths(females[i]!);
          const t = (Math.round(m * 1000) + Math.round(f * 1000)) / 1000;
          for (const [sex, v] of [
            ["SEX_T", t],
            ["SEX_M", m],
            ["SEX_F", f],
          ] as const) {
            if (written >= options.rows) {
              if (chunk) yield chunk;
              return;
            }
            chunk += `${area},SYN:${area},${indicator},${sex},${code},,${year},${v.toFixed(3)},,,,\n`;
            written++;
            if (chunk.length >= 1 << 16) {
              yield chunk;
              chunk = "";
            }
          }
        }
      }
    }
  }
  if (chunk) yield chunk;
  if (written < options.rows) throw new RangeError(`the synthetic generator has ${written} distinct cells; asked for ${options.rows}`);
}

/** Reads the codes the generator needs from the database and registers the `SYN:<country>` sources. */
export async function prepareSynthetic(
  db: { query: <T>(text: string, params?: unknown[]) => Promise<T[]> },
  rows: number,
  seed = 42,
): Promise<SyntheticOptions> {
  const areas = await db.query<{ code: string }>("select code from codes where codelist_id = 'AREA' and level = 'country' order by code");
  const eco = await db.query<{ code: string }>(
    "select code from codes where codelist_id = 'ECO' and level <> 'total' and parent_code is not null order by code",
  );
  const ocu = await db.query<{ code: string }>(
    "select code from codes where codelist_id = 'OCU' and level <> 'total' and parent_code is not null order by code",
  );
  const members = await db.query<{ country: string }>(
    "select distinct country from country_group_members where group_code = 'ASEAN' and valid_to is null and country <> 'TLS' order by country",
  );
  const countries = members.map((m) => m.country);
  for (const area of countries) {
    await db.query(
      "insert into data_sources (code, ref_area, name) values ($1, $2, 'Synthetic benchmark source') on conflict (code) do nothing",
      [`SYN:${area}`, area],
    );
  }
  return {
    rows,
    seed,
    countries,
    areas: areas.map((r) => r.code),
    activities: eco.map((r) => r.code),
    occupations: ocu.map((r) => r.code),
  };
}
