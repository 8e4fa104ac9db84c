// A media value's asks for its files (both panels' Media tabs): values without files show at
// once, others are asked for only on screen and one at a time, and only the awaited answer shows.
import { describe, expect, it } from 'vitest';
import type { MediaItem, MediaSeries, MediaStepData } from '../../src/webviews/media-protocol';
import { MediaFileAsks, needsFiles } from '../../src/webviews/ui/media-file-asks';

const image = (path: string): MediaItem => ({ kind: 'image', path, boxes: {}, masks: {} });
const table: MediaItem = { kind: 'table', path: 'media/table/t.table.json' };
const series: MediaSeries = { key: 'samples', kind: 'image', steps: [0, 5, 10], items: [image('media/images/a.png'), image('media/images/b.png'), image('media/images/c.png')] };
const answer = (step: number): MediaStepData => ({ key: 'samples', step, urls: {}, boxes: {}, classes: {}, texts: {}, errors: [] });

/** Stand-ins for the card's element and its value view that record what they were told. */
function setup() {
  const classes = new Set<string>();
  const el = { dataset: {} as Record<string, string | undefined>, classList: { add: (c: string) => classes.add(c), remove: (c: string) => classes.delete(c) } };
  const shown: Array<{ item: MediaItem; data: MediaStepData | undefined }> = [];
  const value = { show: (item: MediaItem, data: MediaStepData | undefined) => void shown.push({ item, data }) };
  const requested: number[] = [];
  const asks = new MediaFileAsks(el, (step) => requested.push(step));
  return { asks, el, classes, shown, value, requested };
}

describe('media file asks', () => {
  it('images, sound, video and sources need files; histograms and tables do not', () => {
    expect(needsFiles(image('media/images/a.png'))).toBe(true);
    expect(needsFiles({ kind: 'audio', items: [] })).toBe(true);
    expect(needsFiles({ kind: 'histogram', values: [1], bins: [0, 1] })).toBe(false);
    expect(needsFiles(table)).toBe(false);
  });

  it('asks for the files of a step on screen once, marks it loading, and shows the answer', () => {
    const { asks, el, classes, shown, value, requested } = setup();
    asks.showOrAsk(value, series.items[1]!, 5, false);
    expect(requested).toEqual([]); // off screen: nothing asked
    asks.showOrAsk(value, series.items[1]!, 5, true);
    asks.showOrAsk(value, series.items[1]!, 5, true);
    expect(requested).toEqual([5]);
    expect(classes.has('loading')).toBe(true);
    expect(asks.answer(value, series, answer(5))).toBe(true);
    expect(classes.has('loading')).toBe(false);
    expect(shown).toEqual([{ item: series.items[1], data: answer(5) }]);
    expect(el.dataset.step).toBe('5');
    asks.showOrAsk(value, series.items[1]!, 5, true);
    expect(requested).toEqual([5]); // on screen already
  });

  it('one ask in flight: a newer step waits, and a stale answer is ignored', () => {
    const { asks, el, shown, value, requested } = setup();
    asks.showOrAsk(value, series.items[0]!, 0, true);
    asks.showOrAsk(value, series.items[2]!, 10, true);
    expect(requested).toEqual([0]);
    expect(asks.answer(value, series, answer(10))).toBe(false);
    expect(shown).toEqual([]);
    expect(el.dataset.step).toBeUndefined();
    expect(asks.answer(value, series, answer(0))).toBe(true);
    asks.showOrAsk(value, series.items[2]!, 10, true);
    expect(requested).toEqual([0, 10]);
  });

  it('a value without files shows at once, only on screen, and is not asked for', () => {
    const { asks, el, shown, value, requested } = setup();
    asks.showOrAsk(value, table, 3, false);
    expect(shown).toEqual([]);
    asks.showOrAsk(value, table, 3, true);
    asks.showOrAsk(value, table, 3, true);
    expect(shown).toEqual([{ item: table, data: undefined }]);
    expect(el.dataset.step).toBe('3');
    expect(requested).toEqual([]);
  });
});
