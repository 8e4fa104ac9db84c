// The compare panel's Media tab: each run's value at the nearest step it logged at or before the
// chosen one, the shared slider's stops, the keys any run logged, and the one-ask-in-flight rule
// both panels' cards follow.
import { describe, expect, it } from 'vitest';
import { compareMediaKeys, indexAtOrBefore, StepAsks, unionSteps } from '../../src/webviews/media-steps';
import type { MediaSeries } from '../../src/webviews/media-protocol';
import { parseWebviewMessage } from '../../src/webviews/protocol';

const series = (key: string, steps: number[], kind: MediaSeries['kind'] = 'image'): MediaSeries => ({
  key,
  kind,
  steps,
  items: steps.map((s) => ({ kind: 'image', path: `media/images/${key}_${s}.png`, boxes: {}, masks: {} })),
});

describe('nearest logged step at or before the chosen one', () => {
  it('finds the step itself, the one before it, or none when every step is later', () => {
    const steps = [0, 25, 50, 75];
    expect(indexAtOrBefore(steps, 50)).toBe(2);
    expect(indexAtOrBefore(steps, 49)).toBe(1);
    expect(indexAtOrBefore(steps, 1_000)).toBe(3);
    expect(indexAtOrBefore([10, 20], 9)).toBe(-1);
    expect(indexAtOrBefore([], 5)).toBe(-1);
  });

  it('two runs logged at other steps: at step 30 one shows 30, the other 25', () => {
    const a = Array.from({ length: 30 }, (_, i) => i * 10);
    const b = Array.from({ length: 8 }, (_, i) => i * 25);
    expect([a[indexAtOrBefore(a, 30)], b[indexAtOrBefore(b, 30)]]).toEqual([30, 25]);
  });
});

describe('the shared slider', () => {
  it('stops at every step any run logged, once each, in order', () => {
    expect(unionSteps([[0, 10, 20, 30], [0, 25], []])).toEqual([0, 10, 20, 25, 30]);
  });

  it('samples evenly beyond its limit, keeping the first and last steps', () => {
    const many = Array.from({ length: 5_001 }, (_, i) => i);
    const stops = unionSteps([many], 101);
    expect(stops).toHaveLength(101);
    expect(stops[0]).toBe(0);
    expect(stops.at(-1)).toBe(5_000);
    expect(stops[50]).toBe(2_500);
  });
});

describe('media keys of compared runs', () => {
  it('lists each key once, first run first, with the runs that did not log it left empty', () => {
    const keys = compareMediaKeys([[series('examples', [0]), series('weights', [0], 'histogram')], [series('examples', [5]), series('audio', [5], 'audio')]]);
    expect(keys.map((k) => [k.key, k.kind, k.runs.map((s) => s?.steps[0] ?? null)])).toEqual([
      ['examples', 'image', [0, 5]],
      ['weights', 'histogram', [0, null]],
      ['audio', 'audio', [null, 5]],
    ]);
  });
});

describe('one ask in flight per card', () => {
  it('moves while an ask is in flight only change what is asked next; the shown step is not asked again', () => {
    const asks = new StepAsks();
    expect(asks.next(10, false)).toBeUndefined(); // off screen: nothing asked
    expect(asks.next(10, true)).toBe(10);
    // The slider passes 20, 30, 40 while 10 is in flight: none of them is asked.
    expect([20, 30, 40].map((s) => asks.next(s, true))).toEqual([undefined, undefined, undefined]);
    expect(asks.answered(30)).toBe(false); // not the ask in flight
    expect(asks.answered(10)).toBe(true);
    expect(asks.shown).toBe(10);
    expect(asks.next(40, true)).toBe(40); // where the slider is now
    expect(asks.answered(40)).toBe(true);
    expect(asks.next(40, true)).toBeUndefined();
    asks.clear();
    expect(asks.next(40, true)).toBe(40);
  });

  it("the compare panel's step asks name their run; a bad run number is refused", () => {
    expect(parseWebviewMessage({ type: 'mediaStep', key: 'examples', step: 30, run: 1 })).toEqual({ type: 'mediaStep', key: 'examples', step: 30, run: 1 });
    expect(parseWebviewMessage({ type: 'mediaStep', key: 'examples', step: 30 })).toEqual({ type: 'mediaStep', key: 'examples', step: 30 });
    expect(parseWebviewMessage({ type: 'mediaStep', key: 'examples', step: 30, run: -1 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'mediaStep', key: 'examples', step: 30, run: '1' })).toBeUndefined();
  });
});
