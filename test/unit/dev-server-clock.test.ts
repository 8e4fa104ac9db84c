import { describe, expect, it } from 'vitest';
import { ManualClock, realClock } from '../../test/server/clock';

describe('ManualClock', () => {
  it('stands still until advanced', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
    expect(() => clock.advance(-1)).toThrow(/forward/);
  });

  it('wakes a sleep when its time comes, not before, earliest first', async () => {
    const clock = new ManualClock(0);
    const woke: string[] = [];
    const late = clock.sleep(300).then(() => woke.push('late'));
    const early = clock.sleep(100).then(() => woke.push('early'));
    expect(clock.waiting).toBe(2);
    clock.advance(99);
    await Promise.resolve();
    expect(woke).toEqual([]);
    expect(clock.waiting).toBe(2);
    clock.advance(1);
    await early;
    expect(woke).toEqual(['early']);
    expect(clock.waiting).toBe(1);
    clock.advance(1_000);
    await late;
    expect(woke).toEqual(['early', 'late']);
    expect(clock.waiting).toBe(0);
  });

  it('counts a sleep from the time it starts; none for zero or less', async () => {
    const clock = new ManualClock(0);
    clock.advance(500);
    let done = false;
    const s = clock.sleep(100).then(() => (done = true));
    clock.advance(99);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await s;
    expect(done).toBe(true);
    await clock.sleep(0);
    await clock.sleep(-5);
    expect(clock.waiting).toBe(0);
  });
});

describe('realClock', () => {
  it('reads the time of day', () => {
    const before = Date.now();
    const t = realClock.now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
