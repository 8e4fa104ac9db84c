import { describe, expect, it, vi } from 'vitest';
import { refreshRunningStates } from '../../src/tree/live-states';
import type { RunNode } from '../../src/tree/nodes';
import type { RunLiveState, RunSummary } from '../../src/api/model/run';

function node(project: string, runId: string, over: Partial<RunSummary> = {}, id = `${project}/${runId}`): RunNode {
  return { kind: 'run', id, run: { id: runId, entity: 'alice', project, runId, displayName: runId, state: 'running', tags: [], ...over } };
}

describe('live run-state refresh', () => {
  it('asks once per project, each run once, and reports only the nodes whose state changed', async () => {
    const answers: Record<string, Array<[string, RunLiveState]>> = {
      mnist: [
        ['a', { state: 'finished' }],
        ['b', { state: 'running', heartbeatAt: new Date('2026-02-01T10:00:00Z') }],
      ],
      cifar: [['c', { state: 'crashed' }]],
    };
    const runStates = vi.fn(async (q: { project: string }) => new Map(answers[q.project]));
    // Run `a` shows twice (under Runs and under Pinned): both rows change, one id is asked.
    const a1 = node('mnist', 'a');
    const a2 = node('mnist', 'a', {}, 'pinned/a');
    const b = node('mnist', 'b');
    const c = node('cifar', 'c');
    const gone = node('cifar', 'zz');
    const changed = await refreshRunningStates([a1, b, a2, c, gone], runStates);
    expect(runStates.mock.calls).toEqual([
      [{ entity: 'alice', project: 'mnist' }, ['a', 'b'], undefined],
      [{ entity: 'alice', project: 'cifar' }, ['c', 'zz'], undefined],
    ]);
    expect(changed).toEqual([a1, a2, c]);
    expect(a1.run.state).toBe('finished');
    // A newer heartbeat is kept in place but needs no redraw; a run the server did not return stays as it was.
    expect(b.run).toMatchObject({ state: 'running', heartbeatAt: new Date('2026-02-01T10:00:00Z') });
    expect(gone.run.state).toBe('running');
  });

  it('asks for at most `max` runs of a project and passes the abort signal', async () => {
    const runStates = vi.fn(async () => new Map<string, RunLiveState>());
    const signal = new AbortController().signal;
    await refreshRunningStates(['r1', 'r2', 'r3'].map((r) => node('mnist', r)), runStates, signal, 2);
    expect(runStates).toHaveBeenCalledWith({ entity: 'alice', project: 'mnist' }, ['r1', 'r2'], signal);
  });

  it('asks nothing when no run is running', async () => {
    const runStates = vi.fn(async () => new Map<string, RunLiveState>());
    expect(await refreshRunningStates([], runStates)).toEqual([]);
    expect(runStates).not.toHaveBeenCalled();
  });
});
