/**
 * The active region's extra indicator ids: a region file's `indicators` (checked by `@ilms/domain/region` when
 * it is applied, stored with the region) name ids a region's files use, each `sameAs` a catalogue indicator.
 * The importer takes such an id as its catalogue indicator (its table, its codec) and keeps the id as the file
 * gave it (`file_indicator`), which the ILOSTAT CSV export writes back. Only the active region's ids count:
 * one that another applied region maps is refused, and the message says which region is active.
 */
import type { DbHandle } from "@ilms/db";

export interface RegionIndicators {
  /** Id of the active region. */
  region: string;
  /** The active region's extra ids: id -> catalogue indicator. */
  sameAs: ReadonlyMap<string, string>;
  /** Extra ids of the other applied regions: id -> `ecowas (sameAs MST_TEMP_SEX_ECO_CBR_NB)`, one per region. */
  elsewhere: ReadonlyMap<string, readonly string[]>;
}

/** Reads the extra indicator ids of every applied region; the active one's map, the others' for messages. */
export async function loadRegionIndicators(db: Pick<DbHandle, "query">, region: string): Promise<RegionIndicators> {
  const rows = await db.query<{ id: string; indicators: { id: string; sameAs: string }[] | null }>(
    "select id, definition->'indicators' as indicators from regions order by id",
  );
  const sameAs = new Map<string, string>();
  const elsewhere = new Map<string, string[]>();
  for (const row of rows)
    for (const x of row.indicators ?? []) {
      if (row.id === region) sameAs.set(x.id, x.sameAs);
      else elsewhere.set(x.id, [...(elsewhere.get(x.id) ?? []), `${row.id} (sameAs ${x.sameAs})`]);
    }
  return { region, sameAs, elsewhere };
}
