import { describe, expect, it } from 'vitest';
import { watchSignal } from '../../src/api/abort-watch';

describe('watchSignal', () => {
  it('is one watch per signal, and says aborted in the same turn as the signal', () => {
    const c = new AbortController();
    const w = watchSignal(c.signal);
    expect(watchSignal(c.signal)).toBe(w);
    expect(w.aborted).toBe(false);
    let seen: boolean | undefined;
    // A listener added after the watch runs after it: it sees the watch aborted.
    c.signal.addEventListener('abort', () => (seen = w.aborted));
    c.abort();
    expect(w.aborted).toBe(true);
    expect(seen).toBe(true);
  });

  it('runs each stop once on abort, but not those forgotten', () => {
    const c = new AbortController();
    const w = watchSignal(c.signal);
    const ran: string[] = [];
    const a = () => ran.push('a');
    const b = () => ran.push('b');
    w.onAbort(a);
    w.onAbort(b);
    w.forget(b);
    c.abort();
    c.abort();
    expect(ran).toEqual(['a']);
    // After the abort nothing is kept to run.
    w.onAbort(() => ran.push('late'));
    expect(ran).toEqual(['a']);
  });

  it('a stop that adds another while the abort runs does not run it twice or loop', () => {
    const c = new AbortController();
    const w = watchSignal(c.signal);
    let n = 0;
    const again = () => {
      n++;
      w.onAbort(again);
    };
    w.onAbort(again);
    c.abort();
    expect(n).toBe(1);
  });

  it('knows a signal that was aborted before it was watched', () => {
    const w = watchSignal(AbortSignal.abort(new Error('gone')));
    expect(w.aborted).toBe(true);
    expect((w.signal.reason as Error).message).toBe('gone');
  });

  it('adds one listener to the signal however many requests watch it', () => {
    const c = new AbortController();
    let added = 0;
    const add = c.signal.addEventListener.bind(c.signal);
    c.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added++;
      add(...args);
    }) as AbortSignal['addEventListener'];
    for (let i = 0; i < 100; i++) watchSignal(c.signal).onAbort(() => undefined);
    expect(added).toBe(1);
  });
});
