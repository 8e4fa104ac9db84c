import { describe, expect, it } from 'vitest';
import { isNarrowed, orderLabel, RunsSearches, sortMetric } from '../../src/tree/runs-search';
import { DEFAULT_RUNS_ORDER } from '../../src/api/runs-filter';

function memento(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial));
  const writes: unknown[] = [];
  return { data, writes, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void (writes.push(v), data.set(k, v)) };
}

const P = { entity: 'alice', project: 'mnist' };

describe('runs search state', () => {
  it('starts at all runs, newest first, and narrows by text and order independently', () => {
    const s = new RunsSearches('h');
    expect(s.get(P)).toEqual({ text: '', filter: undefined, order: DEFAULT_RUNS_ORDER });
    expect(isNarrowed(s.get(P))).toBe(false);
    s.setText(P, 'state:running  config.lr < 0.01');
    s.setOrder(P, { by: 'summary', metric: 'val/acc', descending: false });
    expect(s.get(P)).toMatchObject({ text: 'state:running config.lr<0.01', order: { by: 'summary', metric: 'val/acc' } });
    expect(s.get(P).filter).toEqual({ $and: [{ state: 'running' }, { 'config.lr.value': { $lt: 0.01 } }] });
    expect(sortMetric(s.get(P))).toBe('val/acc');
    expect(orderLabel(s.get(P).order)).toBe('val/acc ↑');
    // Another project is untouched.
    expect(s.get({ entity: 'alice', project: 'cifar' }).text).toBe('');
    s.clearText(P);
    expect(s.get(P)).toMatchObject({ text: '', filter: undefined, order: { by: 'summary', metric: 'val/acc' } });
    s.clearOrder(P);
    expect(isNarrowed(s.get(P))).toBe(false);
  });

  it('rejects bad text and orders without changing the search', () => {
    const s = new RunsSearches('h');
    s.setText(P, 'tag:keep');
    expect(() => s.setText(P, 'state:nope')).toThrow(/Unknown run state/);
    expect(() => s.setOrder(P, { by: 'summary', descending: true })).toThrow();
    expect(s.get(P)).toMatchObject({ text: 'tag:keep', order: DEFAULT_RUNS_ORDER });
  });

  it('saves narrowed searches per host and forgets them when cleared', () => {
    const m = memento();
    const a = new RunsSearches('host-a', m);
    a.setText(P, 'tag:x');
    a.setOrder(P, { by: 'heartbeat', descending: false });
    expect(m.data.get('wandbExplorer.runSearches')).toEqual({ 'host-a': { 'alice/mnist': { text: 'tag:x', order: { by: 'heartbeat', descending: false } } } });
    // A later session on the same host reads it back (parsed again); another host does not.
    expect(new RunsSearches('host-a', m).get(P)).toMatchObject({ text: 'tag:x', filter: { tags: 'x' }, order: { by: 'heartbeat' } });
    expect(new RunsSearches('host-b', m).get(P).text).toBe('');
    a.clearText(P);
    a.clearOrder(P);
    expect(m.data.get('wandbExplorer.runSearches')).toEqual({ 'host-a': {} });
  });

  it('ignores a saved search that no longer parses', () => {
    const m = memento({ 'wandbExplorer.runSearches': { h: { 'alice/mnist': { text: 'state:bogus', order: DEFAULT_RUNS_ORDER }, 'alice/cifar': { text: 'x', order: { by: 'summary', descending: true } } } } });
    const s = new RunsSearches('h', m);
    expect(s.get(P)).toEqual({ text: '', filter: undefined, order: DEFAULT_RUNS_ORDER });
    expect(s.get({ entity: 'alice', project: 'cifar' }).text).toBe('');
    expect(m.writes).toEqual([]);
  });
});
