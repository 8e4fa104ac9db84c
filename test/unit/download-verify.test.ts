import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeVerify, isClean, verifyFolder } from '../../src/api/download/verify';
import { inSelection, manifestItem, usageSnippet } from '../../src/api/download/sources';
import { checkRemoteName } from '../../src/api/download/safe-path';
import { checkName } from '../../src/api/download/target-claims';
import type { ManifestEntry } from '../../src/api/model/artifacts';

const md5 = (s: string) => createHash('md5').update(s).digest('base64');
const entry = (p: string, content: string): ManifestEntry => ({ path: p, digest: md5(content), size: Buffer.byteLength(content) });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbverify-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyFolder', () => {
  it('reports ok, missing, changed, extra, references and unsafe names', async () => {
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'a.txt'), 'alpha');
    await writeFile(path.join(dir, 'sub/b.txt'), 'beta!');
    await writeFile(path.join(dir, 'sub/c.txt'), 'gamma');
    await writeFile(path.join(dir, 'extra.bin'), 'x');
    await symlink('/etc/hostname', path.join(dir, 'link'));
    const entries = [
      entry('a.txt', 'alpha'),
      entry('sub/b.txt', 'betaX'), // same size, different bytes
      entry('sub/c.txt', 'gamma and more'), // different size
      entry('missing.txt', 'm'),
      { path: 'ref.csv', digest: 'etag', size: 3, ref: 's3://bucket/ref.csv' },
      entry('../escape', 'e'),
    ];
    const r = await verifyFolder(dir, entries);
    expect(r.ok).toEqual(['a.txt']);
    expect(r.missing).toEqual(['missing.txt']);
    expect(r.changed.map((c) => c.path)).toEqual(['sub/b.txt', 'sub/c.txt']);
    expect(r.changed[0]!.reason).toMatch(/^MD5/);
    expect(r.changed[1]!.reason).toMatch(/^size/);
    expect(r.extra).toEqual(['extra.bin', 'link']);
    expect(r.references).toEqual([{ path: 'ref.csv', ref: 's3://bucket/ref.csv' }]);
    expect(r.refused.map((x) => x.path)).toEqual(['../escape']);
    expect(isClean(r)).toBe(false);
    expect(describeVerify(r)).toBe('1 ok, 1 missing, 2 changed, 2 extra, 1 references not downloaded, 1 unsafe names');
  });

  it("refuses, with the name check's own reasons, names the download memo has seen safe elsewhere", async () => {
    await mkdir(path.join(dir, 'logs'));
    await writeFile(path.join(dir, 'logs/con.txt'), 'c');
    await writeFile(path.join(dir, 'a.txt'), 'alpha');
    // Safe under Linux rules and remembered as such; Windows rules must still refuse it.
    expect(checkName('logs/con.txt', 'linux').ok).toBe(true);
    const entries = [entry('logs/con.txt', 'c'), entry('a.txt', 'alpha'), entry('../escape', 'e')];
    const expected = ['../escape', 'logs/con.txt'].map((p) => {
      const c = checkRemoteName(p, 'win32');
      return { path: p, reason: c.ok ? 'safe' : c.reason };
    });
    expect(expected.map((x) => x.reason)).toEqual(['the name contains a ".." segment', '"con.txt" is a reserved device name on Windows']);
    for (const round of [1, 2]) {
      const r = await verifyFolder(dir, entries, { platform: 'win32' });
      expect([...r.refused].sort((a, b) => (a.path < b.path ? -1 : 1)), `round ${round}`).toEqual(expected);
      expect(r.ok).toEqual(['a.txt']);
    }
    // Under Linux rules the same folder is clean but for the escaping name.
    const linux = await verifyFolder(dir, entries, { platform: 'linux' });
    expect(linux.refused.map((x) => x.path)).toEqual(['../escape']);
    expect(linux.ok).toEqual(['a.txt', 'logs/con.txt']);
  });

  it('is clean for a faithful copy', async () => {
    await writeFile(path.join(dir, 'a.txt'), 'alpha');
    const r = await verifyFolder(dir, [entry('a.txt', 'alpha')]);
    expect(isClean(r)).toBe(true);
  });
});

describe('artifact names', () => {
  it('writes the use_artifact line', () => {
    expect(usageSnippet({ entity: 'alice', project: 'mnist', collection: 'mnist-data', alias: 'latest' })).toBe('run.use_artifact("alice/mnist/mnist-data:latest")');
  });
  it('selects by folder or names', () => {
    expect(inSelection('media/images/a.png', { folder: 'media/images/' })).toBe(true);
    expect(inSelection('media/images/a.png', { folder: 'media/images' })).toBe(true);
    expect(inSelection('media/imagesX/a.png', { folder: 'media/images' })).toBe(false);
    expect(inSelection('a', { names: ['a'] })).toBe(true);
    expect(inSelection('b', {})).toBe(true);
  });
});

describe('manifestItem', () => {
  it('keeps sizes, treats a 0 size of a non-empty digest as unknown, and keeps references', () => {
    expect(manifestItem({ path: 'a', digest: md5('abc'), size: 3 }, { directUrl: 'https://s/a' })).toEqual({ name: 'a', size: 3, md5: md5('abc'), url: undefined, directUrl: 'https://s/a' });
    expect(manifestItem({ path: 'e', digest: md5(''), size: 0 }, undefined).size).toBe(0);
    expect(manifestItem({ path: 'n', digest: md5('abc'), size: 0 }, undefined).size).toBeUndefined();
    expect(manifestItem({ path: 'r', digest: 'etag', size: 5, ref: 's3://b/r' }, undefined)).toEqual({ name: 'r', size: 5, ref: 's3://b/r' });
  });
});
