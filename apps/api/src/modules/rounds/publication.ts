/**
 * What publishing a round sets off beyond the status change: response caches hold answers computed without the
 * round's data (or with the values it revises), so they are dropped.
 */
import type { Context } from "../../context";

export async function invalidateAfterPublish(_ctx: Context, _roundCode: string): Promise<void> {
  // Wired to the API's response cache once it exists (see apps/api/src/http or plugins).
}
