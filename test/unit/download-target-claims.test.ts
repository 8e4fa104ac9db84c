import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFailure } from '../../src/api/download/failures';
import { TargetClaims, checkName, foldName } from '../../src/api/download/target-claims';
import { checkRemoteName } from '../../src/api/download/safe-path';

const root = path.resolve('/dest');

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FileFailure);
    expect((e as FileFailure).kind).toBe('unsafeName');
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('TargetClaims', () => {
  it('places a name under the destination with its segments and record key', () => {
    const t = new TargetClaims(root).claim('media/images/a.png');
    expect(t).toEqual({ path: path.join(root, 'media', 'images', 'a.png'), segments: ['media', 'images', 'a.png'], rel: 'media/images/a.png', folder: 'media/images' });
    expect(new TargetClaims(root).claim('top.txt').folder).toBe('');
  });

  it('refuses unsafe names and names that leave the destination', () => {
    const c = new TargetClaims(root);
    expect(refusal(() => c.claim('../etc/passwd'))).toMatch(/^refused: /);
    expect(refusal(() => c.claim('/abs/file'))).toMatch(/^refused: /);
  });

  it('a download again into the same folder reuses each place, and still claims each file once', () => {
    const first = new TargetClaims(root).claim('a/again.txt');
    const again = new TargetClaims(root);
    expect(again.claim('a/again.txt')).toBe(first);
    expect(refusal(() => again.claim('a//again.txt'))).toBe('refused: another file in this download has the same name');
    expect(new TargetClaims(path.resolve('/other')).claim('a/again.txt').path).toBe(path.join(path.resolve('/other'), 'a', 'again.txt'));
  });

  it('lets the first of two entries for the same file write it and refuses the second', () => {
    const c = new TargetClaims(root);
    c.claim('a/b.txt');
    expect(refusal(() => c.claim('a/b.txt'))).toBe('refused: another file in this download has the same name');
  });

  it('treats names that differ only in case as one file where the file system does', () => {
    const folding = new TargetClaims(root, undefined, true);
    folding.claim('Model.bin');
    expect(refusal(() => folding.claim('model.BIN'))).toMatch(/same name/);
    const exact = new TargetClaims(root, undefined, false);
    exact.claim('Model.bin');
    expect(exact.claim('model.BIN').rel).toBe('model.BIN');
  });

  it('checks each safe name once per platform, and every refusal each time', () => {
    const first = checkName('shards/00/a.bin', 'linux');
    expect(first).toEqual(checkRemoteName('shards/00/a.bin', 'linux'));
    expect(checkName('shards/00/a.bin', 'linux')).toBe(first);
    expect(Object.isFrozen(first.ok && first.segments)).toBe(true);
    // A name one platform allows is still refused by another's rules.
    expect(checkName('logs/con.txt', 'linux').ok).toBe(true);
    expect(checkName('logs/con.txt', 'win32')).toEqual({ ok: false, reason: '"con.txt" is a reserved device name on Windows' });
    expect(checkName('../x', 'linux')).toEqual({ ok: false, reason: 'the name contains a ".." segment' });
    expect(refusal(() => new TargetClaims(root, 'win32').claim('logs/con.txt'))).toMatch(/reserved device name/);
  });

  it('folds folder entries like the file system compares them', () => {
    expect(foldName('Caf\u0065\u0301.TXT', true)).toBe('caf\u00e9.txt');
    expect(foldName('Caf\u0065\u0301.TXT', false)).toBe('Caf\u0065\u0301.TXT');
  });
});
