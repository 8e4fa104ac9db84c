import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageWatchdog } from '../../src/webviews/page-watchdog';

/** A watchdog of 1 s and two reloads that records what it did. */
function watched() {
  const events: string[] = [];
  const dog = new PageWatchdog({
    timeoutMs: 1_000,
    maxReloads: 2,
    reload: (attempt) => events.push(`reload ${attempt}`),
    gaveUp: () => events.push('gave up'),
  });
  return { dog, events };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('page watchdog', () => {
  it('a page that says ready in time is left alone', () => {
    const { dog, events } = watched();
    dog.shown();
    vi.advanceTimersByTime(999);
    dog.ready();
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual([]);
  });

  it('a page that never starts is loaded again twice, a timeout apart, then the user is told once', () => {
    const { dog, events } = watched();
    dog.shown();
    vi.advanceTimersByTime(999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['reload 1']);
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['reload 1', 'reload 2']);
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['reload 1', 'reload 2', 'gave up']);
    // Shown again after giving up: no second round of reloads and errors.
    dog.hidden();
    dog.shown();
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual(['reload 1', 'reload 2', 'gave up']);
  });

  it('a reloaded page that then starts stops the reloads, and a later show gets its full allowance again', () => {
    const { dog, events } = watched();
    dog.shown();
    vi.advanceTimersByTime(1_000);
    dog.ready();
    vi.advanceTimersByTime(5_000);
    expect(events).toEqual(['reload 1']);
    dog.hidden();
    dog.shown();
    vi.advanceTimersByTime(2_000);
    expect(events).toEqual(['reload 1', 'reload 1', 'reload 2']);
  });

  it('time hidden does not count: the page is only due while the panel shows', () => {
    const { dog, events } = watched();
    dog.shown();
    vi.advanceTimersByTime(900);
    dog.hidden();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
    // Shown again: the page loads anew, so the wait starts over.
    dog.shown();
    vi.advanceTimersByTime(900);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(events).toEqual(['reload 1']);
  });

  it('a closed panel is never reloaded', () => {
    const { dog, events } = watched();
    dog.shown();
    dog.dispose();
    dog.shown();
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual([]);
  });
});
