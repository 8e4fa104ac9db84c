import { describe, expect, it } from 'vitest';
import { DownloadUrls } from '../../src/api/download/url-refresh';
import type { FileUrls, RefreshUrls } from '../../src/api/download/types';

const quiet = { info() {}, warn() {}, error() {} };

/** A refresher that answers each call with URLs stamped with the call's number. */
function refresher() {
  const calls: string[][] = [];
  const refresh: RefreshUrls = async (names) => {
    calls.push([...names]);
    return new Map(names.map((n): [string, FileUrls] => [n, { directUrl: `https://store/${n}?v=${calls.length}` }]));
  };
  return { calls, refresh };
}

describe('DownloadUrls', () => {
  it("starts from the plan's URLs, or the reference itself", () => {
    const u = new DownloadUrls(undefined, new AbortController().signal, quiet);
    expect(u.current({ name: 'a', url: 'https://api/a', directUrl: 'https://store/a' })).toEqual({ urls: { url: 'https://api/a', directUrl: 'https://store/a' }, generation: 0 });
    expect(u.current({ name: 'r', ref: 'https://elsewhere/r' }).urls).toEqual({ url: 'https://elsewhere/r' });
  });

  it('refreshes every remaining file in one request when several find their URLs expired at once', async () => {
    const { calls, refresh } = refresher();
    const u = new DownloadUrls(refresh, new AbortController().signal, quiet);
    u.track(['a', 'b', 'c']);
    u.done('c');
    const [a, b] = await Promise.all([u.refresh('a', 0), u.refresh('b', 0)]);
    expect(calls).toEqual([['a', 'b']]);
    expect(a).toEqual({ urls: { directUrl: 'https://store/a?v=1' }, generation: 1 });
    expect(b.urls?.directUrl).toBe('https://store/b?v=1');
    // Later attempts start from the fresh URLs.
    expect(u.current({ name: 'b', url: 'https://api/b' })).toEqual({ urls: { directUrl: 'https://store/b?v=1' }, generation: 1 });
  });

  it('asks again only for a file whose fresh URLs failed too', async () => {
    const { calls, refresh } = refresher();
    const u = new DownloadUrls(refresh, new AbortController().signal, quiet);
    u.track(['a', 'b']);
    await u.refresh('a', 0);
    // b's old URLs (generation 0) failed after the refresh: it takes what that refresh brought.
    expect((await u.refresh('b', 0)).urls?.directUrl).toBe('https://store/b?v=1');
    expect(calls).toHaveLength(1);
    expect((await u.refresh('b', 1)).urls?.directUrl).toBe('https://store/b?v=2');
    expect(calls).toHaveLength(2);
  });

  it('lets each file go as soon as the page with its URL arrived', async () => {
    let secondPage!: () => void;
    const pages: RefreshUrls = async (_names, _signal, onPage) => {
      onPage?.(new Map([['a', { url: 'https://api/a' }]]));
      await new Promise<void>((r) => (secondPage = r));
      const last = new Map([['b', { url: 'https://api/b' }]]);
      onPage?.(last);
      return last;
    };
    const u = new DownloadUrls(pages, new AbortController().signal, quiet);
    u.listMissing(['a', 'b']);
    await u.listed({ name: 'a' });
    expect(u.current({ name: 'a' }).urls).toEqual({ url: 'https://api/a' });
    let bListed = false;
    const b = u.listed({ name: 'b' }).then(() => (bListed = true));
    await new Promise((r) => setImmediate(r));
    expect(bListed).toBe(false);
    secondPage();
    await b;
    expect(u.current({ name: 'b' }).urls).toEqual({ url: 'https://api/b' });
    await u.settled();
  });

  it('releases every waiting file when the listing fails, and says so in the log', async () => {
    const warnings: string[] = [];
    const u = new DownloadUrls(async () => Promise.reject(new Error('boom')), new AbortController().signal, { ...quiet, warn: (m) => warnings.push(m) });
    u.listMissing(['a']);
    await u.listed({ name: 'a' });
    await u.settled();
    expect(u.current({ name: 'a' }).urls).toEqual({ url: undefined, directUrl: undefined });
    expect(warnings).toEqual(['download: listing download URLs failed: boom']);
  });
});
