/** One page of a Relay connection, decoded. `endCursor` feeds the next request's `after`. */
export interface Page<T> {
  items: T[];
  endCursor: string | undefined;
  hasNextPage: boolean;
  /** When the server reports it (runCount, totalCount). */
  totalCount?: number;
}

/** The Relay shape W&B returns: `{edges: [{node, cursor}], pageInfo: {endCursor, hasNextPage}}`. */
export interface RawConnection<N, E = object> {
  edges: Array<{ node: N | null; cursor?: string } & E>;
  pageInfo?: { endCursor?: string | null; hasNextPage?: boolean } | null;
  totalCount?: number | null;
}

/**
 * Decodes a connection into a page. Null nodes (deleted objects) are skipped. The next cursor is
 * `pageInfo.endCursor`, else the last edge's cursor (the runs and files paginators of W&B's SDK).
 */
export function pageFromConnection<N, T, E = object>(
  conn: RawConnection<N, E> | null | undefined,
  decode: (node: N, edge: { node: N | null; cursor?: string } & E) => T,
  totalCount?: number,
): Page<T> {
  if (!conn) return { items: [], endCursor: undefined, hasNextPage: false, totalCount };
  const items: T[] = [];
  for (const edge of conn.edges ?? []) {
    if (edge && edge.node !== null && edge.node !== undefined) items.push(decode(edge.node, edge));
  }
  const lastEdge = conn.edges?.[conn.edges.length - 1];
  const endCursor = conn.pageInfo?.endCursor ?? lastEdge?.cursor ?? undefined;
  // Without pageInfo, an empty page is the only safe signal of the end.
  const hasNextPage = conn.pageInfo?.hasNextPage ?? items.length > 0;
  return { items, endCursor, hasNextPage: hasNextPage && endCursor !== undefined, totalCount: totalCount ?? conn.totalCount ?? undefined };
}

/**
 * Walks a paged listing lazily: one request per page, only when the consumer asks for the next.
 * Stops at the last page, after `maxPages`, or when the server repeats a cursor (a loop guard).
 */
export async function* paginate<T>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  options: { after?: string; maxPages?: number } = {},
): AsyncGenerator<Page<T>, void, undefined> {
  let after = options.after;
  const seen = new Set<string>();
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage(after);
    yield page;
    if (!page.hasNextPage || page.endCursor === undefined || seen.has(page.endCursor)) return;
    seen.add(page.endCursor);
    after = page.endCursor;
  }
}

/** Collects every item of a paged listing (for small listings: teams, artifact types, files of a run). */
export async function collectAll<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.items);
  return out;
}
