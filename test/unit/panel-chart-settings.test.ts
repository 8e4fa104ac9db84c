import { describe, expect, it } from 'vitest';
import { applyToAll, choiceNote, choose, forget, hasOwnChoice, sanitizeChoices, settingsFor, type ChartDefaults } from '../../src/webviews/chart-settings';

const defaults = (): ChartDefaults => ({ xKey: '_step', smoothing: 0.6, logY: false, logYFlipped: [], perChart: {} });

describe('per-chart settings', () => {
  it('a chart follows the defaults until it chooses for itself, and only that chart changes', () => {
    const s = defaults();
    choose(s, 'train/loss', { xKey: '_runtime' });
    choose(s, 'train/loss', { smoothing: 0 });
    expect(settingsFor(s, 'train/loss')).toEqual({ xKey: '_runtime', smoothing: 0, logY: false });
    expect(settingsFor(s, 'val/acc')).toEqual({ xKey: '_step', smoothing: 0.6, logY: false });
    expect(hasOwnChoice(s, 'train/loss')).toBe(true);
    expect(hasOwnChoice(s, 'val/acc')).toBe(false);
  });

  it('choosing what the defaults say drops the override', () => {
    const s = defaults();
    choose(s, 'loss', { xKey: 'lr', smoothing: 0.2 });
    choose(s, 'loss', { xKey: '_step' });
    expect(s.perChart).toEqual({ loss: { smoothing: 0.2 } });
    choose(s, 'loss', { smoothing: 0.6 });
    expect(s.perChart).toEqual({});
  });

  it('the toolbar applies to all: it drops that setting from every chart and keeps the others', () => {
    const s = defaults();
    choose(s, 'a', { xKey: '_runtime', smoothing: 0.1 });
    choose(s, 'b', { smoothing: 0.9 });
    applyToAll(s, { smoothing: 0.3 });
    expect(s.smoothing).toBe(0.3);
    expect(s.perChart).toEqual({ a: { xKey: '_runtime' } });
    expect(settingsFor(s, 'b').smoothing).toBe(0.3);
    applyToAll(s, { xKey: '_timestamp' });
    expect(s.perChart).toEqual({});
    expect(settingsFor(s, 'a').xKey).toBe('_timestamp');
  });

  it('log-y from the toolbar resets the per-chart flips; a flip inverts the default', () => {
    const s = defaults();
    s.logYFlipped = ['a'];
    expect(settingsFor(s, 'a').logY).toBe(true);
    applyToAll(s, { logY: true });
    expect(s.logYFlipped).toEqual([]);
    expect(settingsFor(s, 'a').logY).toBe(true);
    expect(settingsFor(s, 'b').logY).toBe(true);
  });

  it('forget returns a chart to the defaults', () => {
    const s = defaults();
    choose(s, 'a', { xKey: '_runtime' });
    forget(s, 'a');
    expect(settingsFor(s, 'a').xKey).toBe('_step');
  });

  it('survives a round trip through the saved webview state, and older states without it', () => {
    const s = defaults();
    choose(s, 'a', { xKey: 'lr', smoothing: 0 });
    const restored = JSON.parse(JSON.stringify(s)) as ChartDefaults;
    restored.perChart = sanitizeChoices(restored.perChart);
    expect(settingsFor(restored, 'a')).toEqual({ xKey: 'lr', smoothing: 0, logY: false });
    const old = { xKey: '_step', smoothing: 0.6, logY: false, logYFlipped: [] } as ChartDefaults;
    old.perChart = sanitizeChoices(old.perChart);
    expect(settingsFor(old, 'a')).toEqual({ xKey: '_step', smoothing: 0.6, logY: false });
  });

  it('sanitizes hand-edited or corrupt saved choices', () => {
    expect(sanitizeChoices({ a: { xKey: 3, smoothing: 2 }, b: null, c: { smoothing: 0.5, extra: 1 }, d: { xKey: '_runtime' } })).toEqual({ c: { smoothing: 0.5 }, d: { xKey: '_runtime' } });
    expect(sanitizeChoices('nope')).toEqual({});
  });

  it('notes a chart’s own choices for its header', () => {
    const s = defaults();
    choose(s, 'a', { xKey: '_runtime', smoothing: 0.3 });
    choose(s, 'b', { smoothing: 0 });
    const label = (x: string) => (x === '_runtime' ? 'Relative time' : x);
    expect(choiceNote(s, 'a', label)).toBe('Relative time · smoothing 0.30');
    expect(choiceNote(s, 'b', label)).toBe('no smoothing');
    expect(choiceNote(s, 'c', label)).toBe('');
  });
});
