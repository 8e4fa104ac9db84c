import { describe, expect, it } from 'vitest';
import { checkRunKey, closestKey, unknownKeysWarning } from '../../src/api/run-key-check';
import { parseRunsFilter, RunsFilterError } from '../../src/api/runs-filter';
import type { RunKey } from '../../src/api/run-keys';

const key = (source: RunKey['source'], k: string, count = 3): RunKey => ({ source, key: k, path: source === 'config' ? `config.${k}.value` : `summary_metrics.${k}`, count });
const KEYS = [key('summary', 'val/acc'), key('summary', 'val/loss'), key('summary', 'eval.acc'), key('summary', 'loss'), key('config', 'optimizer.lr'), key('config', 'batch_size'), key('config', 'epochs')];
const WHERE = 'alice/mnist';

describe('closestKey', () => {
  it('finds a key across separators, a prefix, a typo or a swap', () => {
    const names = KEYS.map((k) => k.key);
    expect(closestKey('val_accuracy', names)).toBe('val/acc');
    expect(closestKey('VAL-LOSS', names)).toBe('val/loss');
    expect(closestKey('batchsize', names)).toBe('batch_size');
    expect(closestKey('epcohs', names)).toBe('epochs');
    expect(closestKey('optimizer.lrr', names)).toBe('optimizer.lr');
  });

  it('suggests nothing when no key is close', () => {
    expect(closestKey('temperature', KEYS.map((k) => k.key))).toBeUndefined();
    expect(closestKey('', ['loss'])).toBeUndefined();
    expect(closestKey('loss', [])).toBeUndefined();
  });
});

describe('checkRunKey', () => {
  it('accepts a key some run has, in its own section only', () => {
    expect(checkRunKey({ source: 'summary', key: 'val/acc' }, KEYS, WHERE)).toEqual({ ok: true });
    expect(checkRunKey({ source: 'summary', key: ' val/acc ' }, KEYS, WHERE)).toEqual({ ok: true });
    expect(checkRunKey({ source: 'config', key: 'val/acc' }, KEYS, WHERE)).toEqual({
      ok: false,
      message: '"val/acc" is a summary metric in alice/mnist, not a config key.',
      suggestion: { source: 'summary', key: 'val/acc' },
    });
  });

  it('refuses a typo with the nearest key of the same section first, else of the other', () => {
    expect(checkRunKey({ source: 'summary', key: 'val_accuracy' }, KEYS, WHERE)).toEqual({
      ok: false,
      message: 'No run in alice/mnist has the summary metric "val_accuracy". Did you mean "val/acc"?',
      suggestion: { source: 'summary', key: 'val/acc' },
    });
    expect(checkRunKey({ source: 'summary', key: 'batch-size' }, KEYS, WHERE)).toMatchObject({
      ok: false,
      message: 'No run in alice/mnist has the summary metric "batch-size". Did you mean the config key "batch_size"?',
      suggestion: { source: 'config', key: 'batch_size' },
    });
    expect(checkRunKey({ source: 'config', key: 'temperature' }, KEYS, WHERE)).toEqual({ ok: false, message: 'No run in alice/mnist has the config key "temperature".', suggestion: undefined });
  });
});

describe('keys named by a search', () => {
  it('the parser reports the config and summary keys it compares, in every OR branch', () => {
    expect(parseRunsFilter('config.optimizer.lr<0.01 summary.val/acc>=0.9 tag:x OR -summary.loss>1').keys).toEqual([
      { source: 'config', key: 'optimizer.lr' },
      { source: 'summary', key: 'val/acc' },
      { source: 'summary', key: 'loss' },
    ]);
    expect(parseRunsFilter('state:running "resnet"').keys).toEqual([]);
  });

  it('warns about the first key no run has, with the fix to type', () => {
    const warn = (text: string) => unknownKeysWarning(parseRunsFilter(text).keys, KEYS, WHERE);
    expect(warn('config.optimizer.lr<0.001 summary.val/acc>0.9')).toBeUndefined();
    expect(warn('config.optimiser.lr<0.001')).toBe('No run in alice/mnist has config.optimiser.lr. Type config.optimizer.lr instead.');
    expect(warn('config.val/acc>0.9')).toBe('No run in alice/mnist has config.val/acc. Type summary.val/acc instead.');
    expect(warn('summary.temperature>1')).toBe('No run in alice/mnist has summary.temperature. The search will match no run.');
  });

  it('a key compared without config. or summary. is refused, naming the section that has it', () => {
    const message = (text: string, knownKeys = KEYS) => {
      try {
        parseRunsFilter(text, { knownKeys });
      } catch (e) {
        if (e instanceof RunsFilterError) return e.message;
        throw e;
      }
      return 'parsed';
    };
    expect(message('optimizer.lr<0.001')).toBe('"optimizer.lr<0.001": optimizer.lr is a config key of this project\'s runs; type config.optimizer.lr<0.001.');
    expect(message('val/acc>=0.9')).toBe('"val/acc>=0.9": val/acc is a summary metric of this project\'s runs; type summary.val/acc>=0.9.');
    // Unknown to the project (or keys not loaded): both spellings are offered.
    expect(message('optimizer.lr<0.001', [])).toBe('"optimizer.lr<0.001": comparisons work on config and summary values; did you mean config.optimizer.lr<0.001 or summary.optimizer.lr<0.001?');
    expect(message('state<3')).toBe('"state<3": state takes no comparison; type state:3.');
    // Names without an operator stay name searches.
    expect(message('resnet-50.v2')).toBe('parsed');
  });
});
