import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/api/download/slots';

/** A task that runs until `finish` is called for it. */
function gate() {
  let finish!: (v?: unknown) => void;
  let fail!: (e: Error) => void;
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { done, finish, fail };
}

describe('Slots', () => {
  it('runs at most `size` tasks at once, the others in the order they came, and settles each as its task does', async () => {
    const slots = new Slots(2);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const results = gates.map((g, i) =>
      slots.run(() => {
        started.push(i);
        return g.done.then(() => i);
      }),
    );
    expect(started).toEqual([0, 1]);
    gates[1]!.finish();
    await results[1];
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.fail(new Error('zero failed'));
    await expect(results[0]).rejects.toThrow('zero failed');
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates.slice(2)) g.finish();
    expect(await Promise.all(results.slice(2))).toEqual([2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot of a task that throws before returning a promise', async () => {
    const slots = new Slots(1);
    await expect(slots.run(() => { throw new Error('at once'); })).rejects.toThrow('at once');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
