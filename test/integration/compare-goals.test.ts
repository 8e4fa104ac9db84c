/**
 * What the compare panel reads to colour deltas and to offer aligning runs, over real HTTP
 * against the dev server's demo: the metric definitions in a run's config (`_wandb.m`), the
 * metric of a run's sweep, and the runs' history lengths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { metricDefinitions } from '../../src/api/model/metric-definitions';
import { deltaVerdict, goalFacts, metricDirection } from '../../src/webviews/metric-direction';
import { lengthMismatch, stepCount } from '../../src/webviews/run-lengths';
import * as N from '../server/demo-names';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };

beforeAll(() => {
  api = new WandbApi(clientFor(srv, { retry: { baseDelayMs: 10 } }));
});

describe('metric directions for the compare panel', () => {
  it("reads the goals a run defined (define_metric) from its config's _wandb.m", async () => {
    const detail = await api.run({ ...P, runId: N.DEMO_RUN_ID });
    const defs = metricDefinitions(detail.config);
    expect(defs.map((d) => [d.name, d.goal])).toEqual(N.DEMO_METRIC_GOALS.map(([name, goal]) => [name, goal]));
    const facts = goalFacts([defs]);
    expect(metricDirection('val/loss', facts, 1)).toEqual({ goal: 'minimize', why: 'lower is better: defined by define_metric goal=minimize' });
    expect(metricDirection('val/acc', facts, 1).goal).toBe('maximize');
    // A metric the run gave no goal: unknown, whatever its name suggests.
    expect(metricDirection('train/acc', facts, 1).goal).toBeUndefined();
  });

  it("reads the metric of a run's sweep, and the sweep and the definitions agree", async () => {
    const page = await api.sweepRuns({ ...P, sweepId: N.DEMO_SWEEP_ID }, { first: 2 });
    expect(page.items).toHaveLength(2);
    const details = await Promise.all(page.items.map((r) => api.run(r)));
    expect(details.map((d) => d.sweepName)).toEqual([N.DEMO_SWEEP_ID, N.DEMO_SWEEP_ID]);
    const metric = await api.sweepMetric({ ...P, sweepId: N.DEMO_SWEEP_ID });
    expect(metric).toEqual({ name: 'val/loss', goal: 'minimize' });
    const facts = goalFacts(
      details.map((d) => metricDefinitions(d.config)),
      details.map((_, run) => ({ run, sweepId: N.DEMO_SWEEP_ID, metric: metric! })),
    );
    const loss = metricDirection('val/loss', facts, 2);
    expect(loss.goal).toBe('minimize');
    expect(loss.why).toContain(`sweep ${N.DEMO_SWEEP_ID} metric goal=minimize`);
    expect(deltaVerdict(-0.01, loss)).toBe('better');
  });

  it('finds runs of different lengths: the 100k-step baseline beside a short run', async () => {
    const [long, short] = await Promise.all([api.run({ ...P, runId: N.DEMO_RUN_ID }), api.run({ ...P, runId: N.DEMO_XSS_RUN_ID })]);
    const steps = [long, short].map((d) => stepCount({ historyLineCount: d.historyLineCount, lastStep: d.historyKeys.lastStep }));
    expect(steps[0]).toBe(N.DEMO_RUN_HISTORY_STEPS);
    expect(lengthMismatch(steps)?.longest).toBe(N.DEMO_RUN_HISTORY_STEPS);
    expect(short.historyKeys.keys.map((k) => k.key)).toContain('epoch');
  });
});
