import { describe, expect, it } from 'vitest';
import { parseSweepPath, parseWandbPath, type PathDefaults } from '../../src/api/wandb-paths';

const run = (entity: string, project: string, runId: string) => ({ kind: 'run', entity, project, runId });
const sweep = (entity: string, project: string, sweepId: string) => ({ kind: 'sweep', entity, project, sweepId });
const DEFAULTS: PathDefaults = { entity: 'me', project: 'mnist' };

describe('parseWandbPath: every form Api._parse_path accepts', () => {
  const cases: Array<[string, string, PathDefaults, unknown]> = [
    ['entity/project/runs/id', 'e/p/runs/r1', {}, run('e', 'p', 'r1')],
    ['entity/project/id', 'e/p/r1', {}, run('e', 'p', 'r1')],
    ['entity/project:id (Docker style)', 'e/p:r1', {}, run('e', 'p', 'r1')],
    ['project/id, default entity', 'p/r1', DEFAULTS, run('me', 'p', 'r1')],
    ['project:id, default entity', 'p:r1', DEFAULTS, run('me', 'p', 'r1')],
    ['id, default entity and project', 'r1', DEFAULTS, run('me', 'mnist', 'r1')],
    ['leading /runs/', '/runs/r1', DEFAULTS, run('me', 'mnist', 'r1')],
    ['leading /sweeps/ names a sweep', '/sweeps/s1', DEFAULTS, sweep('me', 'mnist', 's1')],
    ['entity/project/sweeps/id', 'e/p/sweeps/s1', {}, sweep('e', 'p', 's1')],
    ['surrounding slashes and spaces', '  /e/p/r1/ ', {}, run('e', 'p', 'r1')],
    ['spaces around parts', 'e / p / r1', {}, run('e', 'p', 'r1')],
    ['only the first colon splits', 'e/p:r1:x', {}, run('e', 'p', 'r1:x')],
    ['a given entity wins over the default', 'other/p/r1', DEFAULTS, run('other', 'p', 'r1')],
  ];
  it.each(cases)('%s: %s', (_label, input, defaults, expected) => {
    expect(parseWandbPath(input, defaults)).toEqual(expected);
  });
});

describe('parseWandbPath: every run URL a browser shows', () => {
  const cases: Array<[string, string, unknown]> = [
    ['run page', 'https://wandb.ai/e/p/runs/r1', run('e', 'p', 'r1')],
    ['overview tab', 'https://wandb.ai/e/p/runs/r1/overview', run('e', 'p', 'r1')],
    ['logs tab', 'https://wandb.ai/e/p/runs/r1/logs', run('e', 'p', 'r1')],
    ['files tab', 'https://wandb.ai/e/p/runs/r1/files', run('e', 'p', 'r1')],
    ['a file under the files tab', 'https://wandb.ai/e/p/runs/r1/files/media/images/a.png', run('e', 'p', 'r1')],
    ['system tab', 'https://wandb.ai/e/p/runs/r1/system', run('e', 'p', 'r1')],
    ['artifacts tab', 'https://wandb.ai/e/p/runs/r1/artifacts', run('e', 'p', 'r1')],
    ['code tab', 'https://wandb.ai/e/p/runs/r1/code', run('e', 'p', 'r1')],
    ['?nw= query', 'https://wandb.ai/e/p/runs/r1?nw=nwuserme', run('e', 'p', 'r1')],
    ['?workspace= query and a fragment', 'https://wandb.ai/e/p/runs/r1/overview?workspace=user-me#section', run('e', 'p', 'r1')],
    ['trailing slash', 'https://wandb.ai/e/p/runs/r1/', run('e', 'p', 'r1')],
    ['escaped segments', 'https://wandb.ai/my%20team/p%2Fq/runs/r1', run('my team', 'p/q', 'r1')],
    ['workspace with one selected run', 'https://wandb.ai/e/p/workspace?nw=x&runs=r1', run('e', 'p', 'r1')],
    ['self-hosted base path', 'https://wandb.corp.example/wandb/e/p/runs/r1/logs', run('e', 'p', 'r1')],
    ['self-hosted with a port and http', 'http://localhost:8080/e/p/runs/r1', run('e', 'p', 'r1')],
    ['a project named runs', 'https://wandb.ai/e/runs/runs/r1', run('e', 'runs', 'r1')],
    ['sweep page', 'https://wandb.ai/e/p/sweeps/s1', sweep('e', 'p', 's1')],
    ['sweep page with a tab and query', 'https://wandb.ai/e/p/sweeps/s1/table?workspace=user-me', sweep('e', 'p', 's1')],
  ];
  it.each(cases)('%s: %s', (_label, input, expected) => {
    expect(parseWandbPath(input, DEFAULTS)).toEqual(expected);
  });
});

describe('parseWandbPath: what it refuses, and why', () => {
  const cases: Array<[string, string, PathDefaults, RegExp]> = [
    ['empty', '  ', DEFAULTS, /Type a run path or URL/],
    ['no default entity', 'p/r1', {}, /names no entity/],
    ['no default project', 'r1', { entity: 'me' }, /names no project/],
    ['too many parts', 'a/b/c/d/e', DEFAULTS, /too many parts/],
    ['a project page URL', 'https://wandb.ai/e/p/workspace?nw=x', DEFAULTS, /project page of e\/p, not a run/],
    ['a workspace URL with two runs', 'https://wandb.ai/e/p/workspace?runs=r1,r2', DEFAULTS, /names 2 runs/],
    ['a report URL', 'https://wandb.ai/e/p/reports/Title--abc', DEFAULTS, /not a run or sweep page URL/],
    ['runs without an ID', 'https://wandb.ai/e/p/runs/', DEFAULTS, /not a run or sweep page URL/],
    ['a broken URL', 'https://', DEFAULTS, /not a valid URL/],
  ];
  it.each(cases)('%s: %s', (_label, input, defaults, message) => {
    const p = parseWandbPath(input, defaults);
    expect(p.kind).toBe('invalid');
    expect(p.kind === 'invalid' && p.message).toMatch(message);
  });
});

describe('parseSweepPath (Go to Sweep…: what Api.sweep(path) takes, and sweep page URLs)', () => {
  const d = { entity: 'team', project: 'mnist' };
  const table: Array<[string, string]> = [
    ['team/mnist/abc123', 'team/mnist/abc123'],
    ['mnist/abc123', 'team/mnist/abc123'],
    ['abc123', 'team/mnist/abc123'],
    ['other/proj/sweeps/s9', 'other/proj/s9'],
    ['https://wandb.ai/other/proj/sweeps/s9', 'other/proj/s9'],
    ['https://wandb.ai/other/proj/sweeps/s9/overview?workspace=x', 'other/proj/s9'],
  ];
  for (const [input, want] of table) {
    it(`${input} → ${want}`, () => {
      const p = parseSweepPath(input, d);
      expect(p.kind === 'sweep' ? `${p.entity}/${p.project}/${p.sweepId}` : p.message).toBe(want);
    });
  }

  it('refuses a run page URL and empty input with a message that says what to paste', () => {
    const run = parseSweepPath('https://wandb.ai/team/mnist/runs/a1b2c3d4/overview', d);
    expect(run.kind === 'invalid' && run.message).toMatch(/run team\/mnist\/a1b2c3d4, not a sweep/);
    const empty = parseSweepPath('  ', d);
    expect(empty.kind === 'invalid' && empty.message).toMatch(/sweep path or URL/);
  });
});
