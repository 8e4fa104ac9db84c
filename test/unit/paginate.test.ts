import { describe, expect, it } from 'vitest';
import { collectAll, pageFromConnection, paginate, type Page } from '../../src/api/paginate';

describe('Relay pages', () => {
  it('uses pageInfo.endCursor, skips null nodes, keeps totals', () => {
    const page = pageFromConnection(
      { edges: [{ node: { n: 1 }, cursor: 'c1' }, { node: null, cursor: 'c2' }, { node: { n: 3 }, cursor: 'c3' }], pageInfo: { endCursor: 'END', hasNextPage: true } },
      (x: { n: number }) => x.n,
      1234,
    );
    expect(page).toEqual({ items: [1, 3], endCursor: 'END', hasNextPage: true, totalCount: 1234 });
  });
  it('falls back to the last edge cursor when pageInfo has none (runs/files paginators)', () => {
    const page = pageFromConnection({ edges: [{ node: 1, cursor: 'a' }, { node: 2, cursor: 'b' }], pageInfo: { endCursor: null, hasNextPage: true } }, (x: number) => x);
    expect(page.endCursor).toBe('b');
    expect(page.hasNextPage).toBe(true);
  });
  it('a null connection is an empty last page', () => {
    expect(pageFromConnection(null, (x: number) => x)).toEqual({ items: [], endCursor: undefined, hasNextPage: false, totalCount: undefined });
  });
});

describe('paginate', () => {
  /** A fake server of `total` items in pages of `size`, cursors as opaque strings. */
  function server(total: number, size: number) {
    const calls: Array<string | undefined> = [];
    const fetchPage = async (after: string | undefined): Promise<Page<number>> => {
      calls.push(after);
      const start = after === undefined ? 0 : Number(Buffer.from(after, 'base64').toString().split(':')[1]) + 1;
      const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
      const last = items[items.length - 1];
      return {
        items,
        endCursor: last === undefined ? undefined : Buffer.from(`arrayconnection:${last}`).toString('base64'),
        hasNextPage: start + size < total,
        totalCount: total,
      };
    };
    return { calls, fetchPage };
  }

  it('walks every page once, in order, one request per page', async () => {
    const s = server(123, 50);
    const items = await collectAll(paginate(s.fetchPage));
    expect(items).toEqual(Array.from({ length: 123 }, (_, i) => i));
    expect(s.calls).toHaveLength(3);
    expect(s.calls[0]).toBeUndefined();
  });

  it('is lazy: nothing past what the consumer reads', async () => {
    const s = server(1000, 50);
    const it = paginate(s.fetchPage);
    await it.next();
    expect(s.calls).toHaveLength(1);
    await it.next();
    expect(s.calls).toHaveLength(2);
  });

  it('stops at maxPages and on a repeated cursor', async () => {
    const s = server(1000, 10);
    expect(await collectAll(paginate(s.fetchPage, { maxPages: 3 }))).toHaveLength(30);
    let n = 0;
    const looping = async (): Promise<Page<number>> => ({ items: [n++], endCursor: 'same', hasNextPage: true });
    expect(await collectAll(paginate(looping))).toEqual([0, 1]);
  });

  it('handles an empty listing', async () => {
    const s = server(0, 50);
    expect(await collectAll(paginate(s.fetchPage))).toEqual([]);
    expect(s.calls).toHaveLength(1);
  });
});
