import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../src/api/download/memory-budget';

/** Resolves once every promise callback queued so far has run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('MemoryBudget', () => {
  it('lets files in while the budget is not used up, one past the limit included', async () => {
    const b = new MemoryBudget(100);
    await b.reserve(60);
    await b.reserve(60);
    expect(b.bytes).toBe(120);
  });

  it('holds the next file until bytes are released, then lets it in', async () => {
    const b = new MemoryBudget(100);
    await b.reserve(100);
    let inside = false;
    const waiting = b.reserve(30).then(() => (inside = true));
    await settle();
    expect(inside).toBe(false);
    b.release(50);
    await waiting;
    expect(inside).toBe(true);
    expect(b.bytes).toBe(80);
  });

  it('keeps waiters waiting when a release leaves the budget used up', async () => {
    const b = new MemoryBudget(100);
    await b.reserve(150);
    let inside = false;
    void b.reserve(10).then(() => (inside = true));
    b.release(20);
    await settle();
    expect(inside).toBe(false);
    b.release(130);
    await settle();
    expect(inside).toBe(true);
  });
});
