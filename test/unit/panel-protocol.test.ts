import { describe, expect, it } from 'vitest';
import { isHostMessage, isWebUrl, parseWebviewMessage } from '../../src/webviews/protocol';

describe('parseWebviewMessage', () => {
  it('accepts well-formed messages and copies only known fields', () => {
    expect(parseWebviewMessage({ type: 'ready', extra: 1 })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'command', command: 'refresh' })).toEqual({ type: 'command', command: 'refresh' });
    expect(parseWebviewMessage({ type: 'command', command: 'openRun', run: 3 })).toEqual({ type: 'command', command: 'openRun', run: 3 });
    expect(parseWebviewMessage({ type: 'history', requestId: 7, key: 'train/loss', xKey: '_step' })).toEqual({ type: 'history', requestId: 7, key: 'train/loss', xKey: '_step' });
    // A metric logged under the empty name is asked for like any other (it used to wait forever).
    expect(parseWebviewMessage({ type: 'history', requestId: 9, key: '', xKey: '_step' })).toEqual({ type: 'history', requestId: 9, key: '', xKey: '_step' });
    expect(parseWebviewMessage({ type: 'history', requestId: 8, key: 'loss', xKey: '_step', range: [10, 20] })).toEqual({
      type: 'history',
      requestId: 8,
      key: 'loss',
      xKey: '_step',
      range: [10, 20],
    });
    // The chart's pixel columns: the host may send the rows on screen first.
    expect(parseWebviewMessage({ type: 'history', requestId: 5, key: 'loss', xKey: '_step', columns: 1800 })).toEqual({ type: 'history', requestId: 5, key: 'loss', xKey: '_step', columns: 1800 });
    expect(parseWebviewMessage({ type: 'history', requestId: 5, key: 'loss', xKey: '_step', columns: 1800, drawX: '_timestamp' })).toEqual({
      type: 'history',
      requestId: 5,
      key: 'loss',
      xKey: '_step',
      columns: 1800,
      drawX: '_timestamp',
    });
    expect(parseWebviewMessage({ type: 'copy', text: 'lr' })).toEqual({ type: 'copy', text: 'lr' });
    expect(parseWebviewMessage({ type: 'logsEarlier', before: 'cursor' })).toEqual({ type: 'logsEarlier' });
    expect(parseWebviewMessage({ type: 'media', path: 'media/images/a.png' })).toEqual({ type: 'media', path: 'media/images/a.png' });
    expect(parseWebviewMessage({ type: 'media', path: 'media/images/a.png', run: 3 })).toEqual({ type: 'media', path: 'media/images/a.png', run: 3 });
    expect(parseWebviewMessage({ type: 'openExternal', url: 'https://github.com/o/r/commit/abc1234' })).toBeTruthy();
  });

  it('rejects malformed and unknown messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'command', command: 'rm -rf' },
      { type: 'command', command: 'refresh', run: -1 },
      { type: 'command', command: 'refresh', run: 1.5 },
      { type: 'copy', text: 42 },
      { type: 'copy', text: 'x'.repeat(1_000_001) },
      { type: 'history', requestId: '1', key: 'loss', xKey: '_step' },
      { type: 'history', requestId: 1, key: 'loss' },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', range: [5] },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', range: [20, 10] },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', range: [0, Number.NaN] },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', columns: 0 },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', columns: 12.5 },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', columns: '900' },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', columns: 1e9 },
      { type: 'history', requestId: 1, key: 'loss', xKey: '_step', columns: 900, drawX: 'acc' },
      { type: 'history', requestId: 1, key: 'loss', xKey: 'acc', columns: 900, drawX: '_runtime' },
      { type: 'media', path: '' },
      { type: 'media', path: 'media/images/a.png', run: -1 },
      { type: 'media', path: 'media/images/a.png', run: '1' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 'not a url' },
    ];
    for (const m of bad) expect(parseWebviewMessage(m), JSON.stringify(m)).toBeUndefined();
  });

  it('isWebUrl allows only http(s)', () => {
    expect(isWebUrl('https://wandb.ai/a/b/runs/c')).toBe(true);
    expect(isWebUrl('http://127.0.0.1:8080/x')).toBe(true);
    expect(isWebUrl('vscode://foo')).toBe(false);
  });
});

describe('isHostMessage', () => {
  const runs = [{ run: 0, columns: { _step: new Float64Array([0, 1]), loss: new Float64Array([1, 0.5]) } }];

  it('takes history, a first screen included, only as Float64Array columns of one length', () => {
    expect(isHostMessage({ type: 'history', requestId: 1, key: 'loss', xKey: '_step', runs })).toBe(true);
    expect(isHostMessage({ type: 'history', requestId: 1, key: 'loss', xKey: '_step', partial: true, runs })).toBe(true);
    expect(isHostMessage({ type: 'history', requestId: 1, key: 'loss', xKey: '_step', partial: 'yes', runs })).toBe(false);
    expect(isHostMessage({ type: 'history', requestId: 1, key: 'loss', xKey: '_step', runs: [{ run: 0, columns: { _step: [0, 1] } }] })).toBe(false);
    expect(isHostMessage({ type: 'history', requestId: 1, key: 'loss', xKey: '_step', runs: [{ run: 0, columns: { _step: new Float64Array(2), loss: new Float64Array(3) } }] })).toBe(false);
  });
});
