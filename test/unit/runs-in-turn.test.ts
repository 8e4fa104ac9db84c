import { describe, expect, it } from 'vitest';
import { WandbError } from '../../src/api/errors';
import type { DownloadResult } from '../../src/api/download/types';
import type { RunRef } from '../../src/api/model/run';
import { downloadInTurn, stopsTheRest } from '../../src/commands/runs-in-turn';

const runs: RunRef[] = ['a', 'b', 'c'].map((runId) => ({ entity: 'e', project: 'p', runId }));
const label = (r: RunRef) => `files of run e/p/${r.runId}`;
const done = (runId: string): DownloadResult => ({ root: `/d/${runId}`, filesTotal: 1, downloaded: [], skipped: [], failed: [], notDone: 0, cancelled: false, bytes: 0, ms: 1 });

/** Downloads in turn where run `id` fails with `errors[id]`; records which runs were tried. */
async function inTurn(errors: Record<string, Error>, cancelAfter?: string) {
  const tried: string[] = [];
  let cancelled = false;
  const out = await downloadInTurn(
    runs,
    label,
    async (run) => {
      tried.push(run.runId);
      if (run.runId === cancelAfter) cancelled = true;
      const e = errors[run.runId];
      if (e) throw e;
      return done(run.runId);
    },
    () => cancelled,
  );
  return { ...out, tried };
}

describe('several runs in turn', () => {
  it('a run that cannot be listed is noted and the next one starts', async () => {
    const r = await inTurn({ b: new WandbError('notFound', 'Run e/p/b was not found.') });
    expect(r.tried).toEqual(['a', 'b', 'c']);
    expect(r.outcomes.map((o) => o.error ?? 'ok')).toEqual(['ok', 'Run e/p/b was not found.', 'ok']);
    expect(r.stopped).toBe(false);
  });

  it('a refused key or a server that does not answer ends the whole: later runs are not tried', async () => {
    for (const kind of ['auth', 'network'] as const) {
      const r = await inTurn({ b: new WandbError(kind, `${kind} failed.`) });
      expect(r.tried).toEqual(['a', 'b']);
      expect(r.outcomes.map((o) => o.error ?? 'ok')).toEqual(['ok', `${kind} failed.`]);
      expect(r).toMatchObject({ stopped: true, cancelled: false });
    }
  });

  it('met on the first run, that failure is thrown as is (nothing was downloaded; its report offers Sign In)', async () => {
    const refused = new WandbError('auth', 'W&B refused the API key.');
    await expect(inTurn({ a: refused })).rejects.toBe(refused);
  });

  it('a cancel during a run leaves the later runs unstarted', async () => {
    const r = await inTurn({}, 'b');
    expect(r.tried).toEqual(['a', 'b']);
    expect(r).toMatchObject({ cancelled: true, stopped: false });
  });

  it('only account- or server-wide failures stop the rest', () => {
    expect(['auth', 'network', 'forbidden', 'notFound', 'server', 'rateLimited', 'graphql'].map((k) => stopsTheRest(new WandbError(k as never, 'x')))).toEqual([true, true, false, false, false, false, false]);
    expect(stopsTheRest(new Error('disk full'))).toBe(false);
  });
});
