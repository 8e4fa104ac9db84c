import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRemoteName, displayName, resolveInside, stripPrefix } from '../../src/api/download/safe-path';
import { TEMP_SUFFIX, tempPathFor } from '../../src/api/download/safe-fs';

describe('checkRemoteName', () => {
  it.each([
    ['config.yaml', ['config.yaml']],
    ['media/images/x_1.png', ['media', 'images', 'x_1.png']],
    ['a//b/./c.txt', ['a', 'b', 'c.txt']],
    ['dir\\file.txt', ['dir', 'file.txt']],
    ['..data/x..y', ['..data', 'x..y']],
    ['ünïcödé/файл.txt', ['ünïcödé', 'файл.txt']],
  ])('accepts %j', (name, segments) => {
    expect(checkRemoteName(name, 'linux')).toEqual({ ok: true, segments, rel: segments.join('/') });
  });

  it.each([
    ['', 'empty'],
    ['../../x', '".."'],
    ['a/../../x', '".."'],
    ['a/..', '".."'],
    ['..\\x', '".."'],
    ['/etc/x', 'absolute'],
    ['\\\\server\\share\\x', 'absolute'],
    ['C:\\x', 'drive letter'],
    ['c:x', 'drive letter'],
    ['a\u0000b', 'control'],
    ['line\nbreak', 'control'],
    ['tab\there', 'control'],
    ['del\u007f', 'control'],
    ['./.', 'no file part'],
    ['x'.repeat(256), 'longer than 255'],
  ])('refuses %j', (name, why) => {
    const r = checkRemoteName(name, 'linux');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  it('refuses non-strings', () => {
    expect(checkRemoteName(undefined).ok).toBe(false);
    expect(checkRemoteName(42).ok).toBe(false);
  });

  it.each(['CON', 'nul.txt', 'dir/com1', 'x/a:b', 'what?', 'trailing.', 'trailing '])('refuses %j on Windows only', (name) => {
    expect(checkRemoteName(name, 'win32').ok).toBe(false);
    expect(checkRemoteName(name, 'linux').ok).toBe(true);
  });
});

describe('resolveInside', () => {
  it('joins inside the root', () => {
    expect(resolveInside('/dest', ['a', 'b.txt'], path.posix)).toBe('/dest/a/b.txt');
  });
  it('refuses anything that lands outside or on the root', () => {
    expect(resolveInside('/dest', ['..', 'x'], path.posix)).toBeUndefined();
    expect(resolveInside('/dest', ['/etc/x'], path.posix)).toBeUndefined();
    expect(resolveInside('/dest', ['.'], path.posix)).toBeUndefined();
    expect(resolveInside('C:\\dest', ['C:\\x'], path.win32)).toBeUndefined();
    expect(resolveInside('C:\\dest', ['D:x'], path.win32)).toBeUndefined();
    expect(resolveInside('C:\\dest', ['a', 'b'], path.win32)).toBe('C:\\dest\\a\\b');

    // A sibling whose name starts with the root's is outside it; the file-system root holds names.
    expect(resolveInside('/dest', ['..', 'dest2', 'x'], path.posix)).toBeUndefined();
    expect(resolveInside('/dest/', ['..', 'dest-x'], path.posix)).toBeUndefined();
    expect(resolveInside('/', ['a'], path.posix)).toBe('/a');
    expect(resolveInside('C:\\', ['a'], path.win32)).toBe('C:\\a');
  });
  it('gives what path.resolve gives for any segments, joined quickly or resolved', () => {
    const cases: Array<[path.PlatformPath, string, string[]]> = [
      [path.posix, '/dest/sub/', ['a', 'b c', 'x\\y', 'e:f']],
      [path.posix, '/dest', ['a', '', 'b']],
      [path.posix, '/dest', ['a', '..', 'b']],
      [path.win32, 'C:\\dest', ['a', 'b.txt']],
      [path.win32, 'C:\\dest', ['a', 'b/c']],
      [path.win32, 'C:\\dest', ['a', 'x:y']],
    ];
    for (const [p, root, segments] of cases) {
      const resolved = p.resolve(root, ...segments);
      const inside = resolved.startsWith(p.resolve(root) + p.sep);
      expect(resolveInside(root, segments, p), `${root} ${segments.join('|')}`).toBe(inside ? resolved : undefined);
    }
  });
  it('takes names that only start with two dots as the ordinary names they are', () => {
    expect(resolveInside('/dest', ['..foo'], path.posix)).toBe('/dest/..foo');
    expect(resolveInside('/dest', ['...'], path.posix)).toBe('/dest/...');
    expect(resolveInside('/dest', ['..data', 'x'], path.posix)).toBe('/dest/..data/x');
    expect(resolveInside('C:\\dest', ['..foo'], path.win32)).toBe('C:\\dest\\..foo');
    expect(resolveInside('/dest', ['a', '..', '..', 'x'], path.posix)).toBeUndefined();
  });
});

describe('stripPrefix and displayName', () => {
  it('strips a folder prefix', () => {
    expect(stripPrefix('media/images/a.png', 'media/images')).toBe('a.png');
    expect(stripPrefix('media/images/a.png', 'media/')).toBe('images/a.png');
    expect(stripPrefix('mediaX/a.png', 'media')).toBeUndefined();
    expect(stripPrefix('a.png', '')).toBe('a.png');
  });
  it('makes control characters visible', () => {
    expect(displayName('a\nb')).toBe('a\\x0ab');
    expect(displayName('a\u0085b')).toBe('a\\x85b');
  });
  it('escapes bidi overrides and isolates, so a name reads as it is', () => {
    expect(displayName('report\u202Etxt.exe')).toBe('report\\u202etxt.exe');
    expect(displayName('\u2066a\u2069\u200f')).toBe('\\u2066a\\u2069\\u200f');
    expect(displayName('naïve 数据.txt')).toBe('naïve 数据.txt');
  });
});

describe('tempPathFor', () => {
  it('names a hidden temp file beside the target, a short stand-in for a long name', () => {
    const a = tempPathFor(path.join('/dest', 'sub', 'c.bin'));
    expect(path.dirname(a)).toBe(path.join('/dest', 'sub'));
    expect(path.basename(a)).toMatch(new RegExp(`^\\.c\\.bin\\.[0-9a-f]{12}[0-9a-z]+${TEMP_SUFFIX.replace('.', '\\.')}$`));
    expect(tempPathFor(path.join('/dest', 'sub', 'c.bin'))).not.toBe(a);
    const long = tempPathFor(path.join('/dest', 'é'.repeat(100)));
    expect(path.dirname(long)).toBe(path.join('/dest'));
    expect(path.basename(long)).toMatch(/^\.[0-9a-f]{20}\./);
    expect(path.dirname(tempPathFor(path.join('/', 'top.bin')))).toBe(path.join('/'));
    expect(path.dirname(tempPathFor('bare.bin'))).toBe('.');
  });
});
