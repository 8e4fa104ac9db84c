import { describe, expect, it } from 'vitest';
import { caseInsensitiveLiteral, checkRunsFilter, describeRunsOrder, parseRunsFilter, runsOrderArg, RunsFilterError } from '../../src/api/runs-filter';

const f = (s: string) => parseRunsFilter(s).filter;
const err = (s: string) => {
  try {
    parseRunsFilter(s);
  } catch (e) {
    expect(e).toBeInstanceOf(RunsFilterError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${s}`);
};

describe('parseRunsFilter: every term kind', () => {
  it('empty text is no filter', () => {
    expect(parseRunsFilter('   ')).toEqual({ filter: undefined, terms: [], keys: [] });
  });

  it('state (and its alias status), lower-cased', () => {
    expect(f('state:running')).toEqual({ state: 'running' });
    expect(f('status:FAILED')).toEqual({ state: 'failed' });
  });

  it('tag, group, job type, user, id, sweep', () => {
    expect(f('tag:baseline')).toEqual({ tags: 'baseline' });
    expect(f('tags:"two words"')).toEqual({ tags: 'two words' });
    expect(f('group:g1')).toEqual({ group: 'g1' });
    expect(f('job:train')).toEqual({ jobType: 'train' });
    expect(f('job_type:eval')).toEqual({ jobType: 'eval' });
    expect(f('user:alice')).toEqual({ username: 'alice' });
    expect(f('id:a1b2c3d4')).toEqual({ name: 'a1b2c3d4' });
    expect(f('sweep:abc123')).toEqual({ sweep: 'abc123' });
  });

  it('repeating a key ORs its values', () => {
    expect(f('state:running state:failed')).toEqual({ state: { $in: ['running', 'failed'] } });
    expect(f('tag:a tag:b tag:a')).toEqual({ tags: { $in: ['a', 'b'] } });
  });

  it('a leading minus negates key terms (keeping runs with no value, as the SDK writes it) and free text', () => {
    expect(f('-tag:debug')).toEqual({ $or: [{ tags: null }, { tags: { $ne: 'debug' } }] });
    expect(f('-state:finished')).toEqual({ $or: [{ state: null }, { state: { $ne: 'finished' } }] });
    expect(f('-group:g')).toEqual({ $or: [{ group: null }, { group: { $ne: 'g' } }] });
    expect(f('-job:train')).toEqual({ $or: [{ jobType: null }, { jobType: { $ne: 'train' } }] });
    expect(f('-user:u')).toEqual({ $or: [{ username: null }, { username: { $ne: 'u' } }] });
    expect(f('-frog')).toEqual({ $nor: [{ display_name: { $regex: '[fF][rR][oO][gG]' } }] });
  });

  it('config comparisons use config.<key>.value, with every operator', () => {
    expect(f('config.lr<0.01')).toEqual({ 'config.lr.value': { $lt: 0.01 } });
    expect(f('config.lr<=0.01')).toEqual({ 'config.lr.value': { $lte: 0.01 } });
    expect(f('config.epochs>10')).toEqual({ 'config.epochs.value': { $gt: 10 } });
    expect(f('config.epochs>=10')).toEqual({ 'config.epochs.value': { $gte: 10 } });
    expect(f('config.optimizer=adam')).toEqual({ 'config.optimizer.value': 'adam' });
    expect(f('config.optimizer:adam')).toEqual({ 'config.optimizer.value': 'adam' });
    expect(f('config.optimizer==adam')).toEqual({ 'config.optimizer.value': 'adam' });
    expect(f('config.layers!=3')).toEqual({ 'config.layers.value': { $ne: 3 } });
    expect(f('config.lr.value<1')).toEqual({ 'config.lr.value': { $lt: 1 } });
  });

  it('nested config keys put value after the top-level key; an explicit value is kept', () => {
    expect(f('config.model.depth>=50')).toEqual({ 'config.model.value.depth': { $gte: 50 } });
    expect(f('config.optimizer.lr=0.001')).toEqual({ 'config.optimizer.value.lr': 0.001 });
    expect(f('config.optimizer.lr.value<0.1')).toEqual({ 'config.optimizer.lr.value': { $lt: 0.1 } });
  });

  it('values: numbers, booleans, quoted strings stay strings', () => {
    expect(f('config.amp=true')).toEqual({ 'config.amp.value': true });
    expect(f('config.seed=-3')).toEqual({ 'config.seed.value': -3 });
    expect(f('config.lr<1e-3')).toEqual({ 'config.lr.value': { $lt: 0.001 } });
    expect(f('config.version="3"')).toEqual({ 'config.version.value': '3' });
    expect(f('config.opt = "adam w"')).toEqual({ 'config.opt.value': 'adam w' });
  });

  it('comparisons may be written with spaces', () => {
    const want = { 'config.lr.value': { $lt: 0.01 } };
    expect(f('config.lr < 0.01')).toEqual(want);
    expect(f('config.lr <0.01')).toEqual(want);
    expect(f('config.lr< 0.01')).toEqual(want);
  });

  it('summary comparisons use summary_metrics.<key> (slashes kept)', () => {
    expect(f('summary.val/acc>=0.9')).toEqual({ 'summary_metrics.val/acc': { $gte: 0.9 } });
    expect(f('summary_metrics.loss<0.2')).toEqual({ 'summary_metrics.loss': { $lt: 0.2 } });
    expect(f('-summary.loss<0.2')).toEqual({ 'summary_metrics.loss': { $gte: 0.2 } });
  });

  it('free text: bare words and quoted phrases search the display name, case-insensitively', () => {
    expect(f('frog')).toEqual({ display_name: { $regex: '[fF][rR][oO][gG]' } });
    expect(f('"free text"')).toEqual({ display_name: { $regex: '[fF][rR][eE][eE] [tT][eE][xX][tT]' } });
    // A quoted phrase with a colon is text, not a key term.
    expect(f('"state:running"')).toEqual({ display_name: { $regex: '[sS][tT][aA][tT][eE]:[rR][uU][nN][nN][iI][nN][gG]' } });
  });

  it('regex metacharacters in free text are escaped (RE2 and JS alike)', () => {
    const re = caseInsensitiveLiteral('a.b*(c)-1');
    expect(re).toBe('[aA]\\.[bB]\\*\\([cC]\\)\\-1');
    expect(new RegExp(re).test('A.B*(C)-1')).toBe(true);
    expect(new RegExp(re).test('axb*(c)-1')).toBe(false);
  });

  it('the whole example becomes one $and of every term', () => {
    const r = parseRunsFilter('state:running tag:baseline group:g job:train user:u config.lr<0.01 summary.val/acc>=0.9 "free text"');
    expect(r.filter).toEqual({
      $and: [
        { state: 'running' },
        { tags: 'baseline' },
        { group: 'g' },
        { jobType: 'train' },
        { username: 'u' },
        { 'config.lr.value': { $lt: 0.01 } },
        { 'summary_metrics.val/acc': { $gte: 0.9 } },
        { display_name: { $regex: '[fF][rR][eE][eE] [tT][eE][xX][tT]' } },
      ],
    });
    expect(r.terms).toEqual(['state:running', 'tag:baseline', 'group:g', 'job:train', 'user:u', 'config.lr<0.01', 'summary.val/acc>=0.9', '"free text"']);
    // Serialisable as the JSON string W&B takes.
    expect(JSON.parse(JSON.stringify(r.filter))).toEqual(r.filter);
  });

  it('normalised terms parse back to the same filter', () => {
    const text = 'state:running state:crashed -tag:debug config.opt = "adam w" summary.acc>0.5 "my run"';
    const once = parseRunsFilter(text);
    expect(parseRunsFilter(once.terms.join(' ')).filter).toEqual(once.filter);
  });
});

describe('parseRunsFilter: bad input gives a clear message', () => {
  it.each([
    ['state:runing', /Unknown run state "runing". States: running, finished/],
    ['tag:', /needs a value after the colon, e.g. tag:baseline/],
    ['foo:bar', /Unknown filter "foo:"\. Use state:, tag:/],
    ['config.lr', /needs a comparison: config\.lr < 0\.01/],
    ['config.lr <', /needs a value after </],
    ['config.<3', /names no key after "config\."/],
    ['summary.', /names no key after "summary\."/],
    ['config.amp>true', /use = or != for booleans/],
    ['"unclosed', /quote at column 1 is never closed/],
    ['state>1', /state takes no comparison; type state:1/],
    ['lr<3', /did you mean config\.lr<3 or summary\.lr<3/],
    ['<3', /comparisons work on config/],
    ['""', /empty quoted phrase/],
  ])('%s', (input, message) => {
    expect(err(input)).toMatch(message);
    expect(checkRunsFilter(input)).toMatch(message);
  });

  it('checkRunsFilter says nothing for good input', () => {
    expect(checkRunsFilter('state:running config.lr<0.01')).toBeUndefined();
    expect(checkRunsFilter('')).toBeUndefined();
  });
});

describe('runs order', () => {
  it('encodes created, heartbeat and summary metrics both ways', () => {
    expect(runsOrderArg({ by: 'created', descending: true })).toBe('-created_at');
    expect(runsOrderArg({ by: 'created', descending: false })).toBe('+created_at');
    expect(runsOrderArg({ by: 'heartbeat', descending: true })).toBe('-heartbeat_at');
    expect(runsOrderArg({ by: 'heartbeat', descending: false })).toBe('+heartbeat_at');
    expect(runsOrderArg({ by: 'summary', metric: 'val/acc', descending: true })).toBe('-summary_metrics.val/acc');
    expect(runsOrderArg({ by: 'summary', metric: 'loss', descending: false })).toBe('+summary_metrics.loss');
    expect(() => runsOrderArg({ by: 'summary', descending: true })).toThrow(/needs the metric name/);
    expect(describeRunsOrder({ by: 'summary', metric: 'loss', descending: false })).toBe('loss ↑');
  });
});

describe('parseRunsFilter: OR across keys, created ranges, mine', () => {
  const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
  const g = (s: string) => parseRunsFilter(s, { username: 'alice', now: NOW });

  it('OR between terms ORs whole groups, across different keys', () => {
    expect(g('state:failed OR tag:debug').filter).toEqual({ $or: [{ state: 'failed' }, { tags: 'debug' }] });
    expect(g('state:failed config.lr<0.1 OR -tag:x').filter).toEqual({
      $or: [{ $and: [{ state: 'failed' }, { 'config.lr.value': { $lt: 0.1 } }] }, { $or: [{ tags: null }, { tags: { $ne: 'x' } }] }],
    });
    expect(g('state:failed OR tag:debug').terms).toEqual(['state:failed', 'OR', 'tag:debug']);
    // Lower-case "or" and a quoted "OR" stay free text.
    expect(g('a or b').filter).toEqual({ $and: [expect.anything(), expect.anything(), expect.anything()] });
    expect(g('"OR"').filter).toEqual({ display_name: { $regex: '[oO][rR]' } });
  });

  it('created: takes a UTC date or an age (m, h, d, w), both ways, and negates', () => {
    expect(g('created:>2025-01-01').filter).toEqual({ createdAt: { $gt: '2025-01-01T00:00:00' } });
    expect(g('created:<=2025-01-01T08:30').filter).toEqual({ createdAt: { $lte: '2025-01-01T08:30:00' } });
    expect(g('created:<7d').filter).toEqual({ createdAt: { $gt: '2025-06-08T12:00:00' } });
    expect(g('created:>12h').filter).toEqual({ createdAt: { $lt: '2025-06-15T00:00:00' } });
    expect(g('created:<2w').filter).toEqual({ createdAt: { $gt: '2025-06-01T12:00:00' } });
    expect(g('created:<30m').filter).toEqual({ createdAt: { $gt: '2025-06-15T11:30:00' } });
    expect(g('-created:<7d').filter).toEqual({ createdAt: { $lte: '2025-06-08T12:00:00' } });
    expect(g('created:<7d').terms).toEqual(['created:<7d']);
  });

  it('mine is the viewer: user:<username>', () => {
    expect(g('mine state:running').filter).toEqual({ $and: [{ username: 'alice' }, { state: 'running' }] });
    expect(g('mine user:bob').filter).toEqual({ username: { $in: ['alice', 'bob'] } });
  });

  it.each([
    ['state:failed OR', /OR needs terms on both sides/],
    ['OR tag:x', /OR needs terms on both sides/],
    ['created:2025-01-01', /needs < or > and a date or an age/],
    ['created:>yesterday', /neither a date \(2025-01-01\) nor an age/],
    ['created:>2025-13-45', /is not a date/],
  ])('bad input keeps a clear message: %s', (text, message) => {
    expect(() => g(text)).toThrow(message);
  });

  it('mine without a known viewer says so', () => {
    expect(() => parseRunsFilter('mine')).toThrow(/sign in first, or type user:<name>/);
  });
});

describe('runsOrderArg: config values, as format_order_key passes config.* through', () => {
  it('config keys sort by W&B\'s stored value, nested keys after value', () => {
    expect(runsOrderArg({ by: 'config', metric: 'lr', descending: true })).toBe('-config.lr.value');
    expect(runsOrderArg({ by: 'config', metric: 'config.lr', descending: false })).toBe('+config.lr.value');
    expect(runsOrderArg({ by: 'config', metric: 'optimizer.lr', descending: false })).toBe('+config.optimizer.value.lr');
    expect(describeRunsOrder({ by: 'config', metric: 'lr', descending: true })).toBe('config.lr ↓');
    expect(() => runsOrderArg({ by: 'config', metric: ' ', descending: true })).toThrow(/needs the config key/);
  });
});
