/**
 * What publishing a round sets off beyond the status change: response caches hold answers computed without the
 * round's data (or with the values it revises), so they are dropped — in every process when they live in Redis.
 */
import { invalidateResponseCache } from "../../http/response-cache";
import type { Context } from "../../context";

export async function invalidateAfterPublish(_ctx: Context, _roundCode: string): Promise<void> {
  await invalidateResponseCache();
}
