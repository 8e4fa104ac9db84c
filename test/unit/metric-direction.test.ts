import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../src/api/model/values';
import { metricDefinitions } from '../../src/api/model/metric-definitions';
import { deltaVerdict, goalFacts, metricDirection } from '../../src/webviews/metric-direction';

/** A config as W&B stores it, with `m` the run's metric records (field numbers as keys). */
const configWith = (m: unknown) => decodeConfig(JSON.stringify({ lr: { value: 0.1 }, _wandb: { value: { cli_version: '0.19.8', m } } }));

describe('metricDefinitions (config _wandb.m)', () => {
  it('decodes names, globs, goals and summary aggregates by their proto field numbers', () => {
    const defs = metricDefinitions(
      configWith([
        { '1': 'val/loss', '6': [3], '8': 1 },
        { '1': 'val/acc', '5': 3, '6': [1, 3], '7': [2], '8': 2 },
        { '1': 'epoch' },
        { '2': 'train/*', '6': [3], '7': [1] },
        { '1': 'odd', '8': 7 },
      ]),
    );
    expect(defs).toEqual([
      { name: 'val/loss', glob: false, goal: 'minimize', summary: [] },
      { name: 'val/acc', glob: false, goal: 'maximize', summary: ['max'] },
      { name: 'epoch', glob: false, summary: [] },
      { name: 'train/*', glob: true, summary: ['min'] },
      { name: 'odd', glob: false, summary: [] },
    ]);
  });

  it('is empty when the config holds no definitions or something else there', () => {
    expect(metricDefinitions(decodeConfig(JSON.stringify({ lr: { value: 1 } })))).toEqual([]);
    expect(metricDefinitions(configWith('nope'))).toEqual([]);
    expect(metricDefinitions(configWith([null, 3, { '6': [3] }, { '1': '' }]))).toEqual([]);
  });
});

describe('metricDirection', () => {
  const defs = (m: unknown) => metricDefinitions(configWith(m));

  it('takes the goal a definition states, and says so', () => {
    const facts = goalFacts([defs([{ '1': 'val/loss', '8': 1 }]), defs([{ '1': 'val/loss', '8': 1 }])]);
    expect(metricDirection('val/loss', facts, 2)).toEqual({ goal: 'minimize', why: 'lower is better: defined by define_metric goal=minimize' });
  });

  it('never guesses from the name: a loss nobody defined is unknown', () => {
    const d = metricDirection('train/loss', goalFacts([defs([{ '1': 'val/acc', '8': 2 }])]), 1);
    expect(d.goal).toBeUndefined();
    expect(d.why).toMatch(/^direction unknown/);
  });

  it('reads a lone summary=min or summary=max, but not both', () => {
    const facts = goalFacts([defs([{ '1': 'a', '7': [1] }, { '1': 'b', '7': [2, 5] }, { '1': 'c', '7': [1, 2] }])]);
    expect(metricDirection('a', facts, 1)).toEqual({ goal: 'minimize', why: 'lower is better: defined by define_metric summary=min' });
    expect(metricDirection('b', facts, 1).goal).toBe('maximize');
    expect(metricDirection('c', facts, 1).goal).toBeUndefined();
  });

  it('takes a sweep metric, says how many runs stated it, and gives up when runs disagree', () => {
    const sweep = { run: 1, sweepId: 'sw1', metric: { name: 'val/acc', goal: 'maximize' as const } };
    const facts = goalFacts([[], []], [sweep]);
    expect(metricDirection('val/acc', facts, 2)).toEqual({ goal: 'maximize', why: 'higher is better: defined by sweep sw1 metric goal=maximize (1 of 2 runs)' });
    const clash = goalFacts([defs([{ '1': 'val/acc', '8': 1 }]), []], [sweep]);
    const d = metricDirection('val/acc', clash, 2);
    expect(d.goal).toBeUndefined();
    expect(d.why).toBe('direction unknown: the runs disagree (define_metric goal=minimize; sweep sw1 metric goal=maximize)');
  });

  it('matches globs (a prefix), exact definitions first, and aggregates of a metric (val/loss.min)', () => {
    const facts = goalFacts([defs([{ '2': 'val/*', '8': 2 }, { '1': 'val/loss', '8': 1 }])]);
    expect(metricDirection('val/acc', facts, 1).goal).toBe('maximize');
    expect(metricDirection('val/loss', facts, 1).goal).toBe('minimize');
    expect(metricDirection('val/loss.min', facts, 1).goal).toBe('minimize');
    expect(metricDirection('train/acc', facts, 1).goal).toBeUndefined();
  });
});

describe('deltaVerdict', () => {
  const lower = { goal: 'minimize' as const, why: '' };
  const higher = { goal: 'maximize' as const, why: '' };
  it('colours by better or worse, not by sign', () => {
    expect(deltaVerdict(-0.1, lower)).toBe('better');
    expect(deltaVerdict(0.1, lower)).toBe('worse');
    expect(deltaVerdict(0.1, higher)).toBe('better');
    expect(deltaVerdict(-0.1, higher)).toBe('worse');
    expect(deltaVerdict(0.1, { why: 'direction unknown' })).toBeUndefined();
    expect(deltaVerdict(0, lower)).toBeUndefined();
  });
});
