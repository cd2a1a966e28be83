/**
 * The one cursor walker: the API pages by opaque cursor, react-admin and the tables ask for page n. The cursor
 * ending each page is remembered per query and the walk goes forward from the last one known. Any mutation
 * clears what is remembered (`invalidateCursors`), so a page never starts from a cursor of rows since changed.
 */

export interface Connection<N> {
  nodes: N[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount?: number;
}

const remembered = new Map<string, (string | null)[]>();

/** Forgets every remembered cursor (called on each create, update, delete, import and workflow step). */
export function invalidateCursors(): void {
  remembered.clear();
}

/**
 * Page `page` (from 1) of `perPage` rows of the query identified by `key`, fetched with `fetchPage(after,
 * first)`; pages before it are fetched only when their end cursor is not known yet.
 */
export async function walkToPage<N>(
  key: unknown,
  page: number,
  perPage: number,
  fetchPage: (after: string | null, first: number) => Promise<Connection<N>>,
): Promise<Connection<N>> {
  const cacheKey = JSON.stringify([key, perPage]);
  const cursors = remembered.get(cacheKey) ?? [null];
  remembered.set(cacheKey, cursors);
  const fetchOne = async (p: number) => {
    const conn = await fetchPage(cursors[p - 1] ?? null, perPage);
    cursors[p] = conn.pageInfo.endCursor;
    return conn;
  };
  for (let p = cursors.length; p < page; p++) if (!(await fetchOne(p)).pageInfo.hasNextPage) break;
  return fetchOne(page);
}

/** Every row of a query, in pages of `pageSize`, up to `max` rows. */
export async function walkAll<N>(
  fetchPage: (after: string | null, first: number) => Promise<Connection<N>>,
  pageSize: number,
  max: number,
): Promise<N[]> {
  const out: N[] = [];
  let after: string | null = null;
  for (;;) {
    const conn = await fetchPage(after, pageSize);
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage || out.length >= max) return out;
    after = conn.pageInfo.endCursor;
  }
}
