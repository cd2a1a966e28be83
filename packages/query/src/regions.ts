/**
 * Regions as applied (`regions` table, written by `@ilms/governance/regions`): what the active region's
 * languages, reporting countries and branding are, for every face.
 */
import type { ReadHandle } from "@ilms/db";
import type { RegionDefinition } from "@ilms/domain/region";
import { QueryError } from "./errors";

export interface RegionRecord {
  id: string;
  groupCode: string;
  definition: RegionDefinition;
  updatedAt: string;
}

const COLUMNS = `id, group_code as "groupCode", definition, updated_at::text as "updatedAt"`;

export function listRegions(h: Pick<ReadHandle, "query">): Promise<RegionRecord[]> {
  return h.query<RegionRecord>(`select ${COLUMNS} from regions order by id`);
}

export async function findRegion(h: Pick<ReadHandle, "query">, id: string): Promise<RegionRecord | undefined> {
  const [row] = await h.query<RegionRecord>(`select ${COLUMNS} from regions where id = $1`, [id]);
  return row;
}

/** The region `id` (the active one, `ILMS_REGION`); an unknown id is an error naming the regions there are. */
export async function requireRegion(h: Pick<ReadHandle, "query">, id: string): Promise<RegionRecord> {
  const found = await findRegion(h, id);
  if (found) return found;
  const known = (await listRegions(h)).map((r) => r.id);
  throw new QueryError(
    "NOT_FOUND",
    `Region ${id} is not applied (${known.length ? `applied: ${known.join(", ")}` : "none applied"}; ilms region apply regions/${id}.yaml)`,
    {
      field: "region",
    },
  );
}
