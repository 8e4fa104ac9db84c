import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countOf, formatBytes, formatCount, formatDuration } from '../../src/format';

describe('formatBytes: three significant digits, binary units', () => {
  it('reads the same in the tree, notifications and panels', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KB');
    expect(formatBytes(1_290_000)).toBe('1.23 MB');
    expect(formatBytes(52_428_800)).toBe('50.0 MB');
    expect(formatBytes(129_000_000)).toBe('123 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072 TB');
  });

  it('is empty for what is not a size', () => {
    expect(formatBytes(-1)).toBe('');
    expect(formatBytes(Number.NaN)).toBe('');
    expect(formatBytes(Infinity)).toBe('');
  });
});

describe('formatCount', () => {
  it('separates thousands the same way whatever the locale of the machine', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('countOf', () => {
  it('says "1 file", never "1 files"', () => {
    expect(countOf(1, 'file')).toBe('1 file');
    expect(countOf(0, 'file')).toBe('0 files');
    expect(countOf(1200, 'run')).toBe('1,200 runs');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('formatDuration: the two largest units that matter', () => {
  it('from milliseconds to days', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(350.4)).toBe('350 ms');
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(1_340)).toBe('1.3 s');
    expect(formatDuration(9_949)).toBe('9.9 s');
    expect(formatDuration(9_950)).toBe('10 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
    expect(formatDuration(50 * 3_600_000)).toBe('2 d 2 h');
  });

  it('is empty for what is not a span', () => {
    expect(formatDuration(-1)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});

describe('src/format.ts', () => {
  it('imports nothing, so every layer and the browser bundle can use it', () => {
    const text = readFileSync(new URL('../../src/format.ts', import.meta.url), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
    expect(text).not.toMatch(/\brequire\(/);
  });
});
