import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_FOLDERS, DownloadHistory, type HistoryMemento } from '../../src/api/download/download-history';

/** A Memento in memory whose writes can be made to fail. */
function memento(failWrites = false) {
  const values = new Map<string, unknown>();
  const m: HistoryMemento & { values: typeof values } = {
    values,
    get: <T>(k: string) => values.get(k) as T | undefined,
    update: async (k, v) => {
      values.set(k, v);
      if (failWrites) throw new Error('disk full');
    },
  };
  return m;
}

const version = (n: number) => ({ entity: 'team', project: 'mnist', collection: 'data', version: `v${n}` });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbhist-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DownloadHistory', () => {
  it('remembers the version downloaded into a folder, found again through a link to it', async () => {
    const h = new DownloadHistory(memento(), () => undefined);
    await h.rememberArtifact(dir, version(3));
    await symlink(dir, path.join(dir, '..', `${path.basename(dir)}-link`));
    try {
      expect(await h.artifactOf(path.join(dir, '..', `${path.basename(dir)}-link`))).toBe('team/mnist/data:v3');
    } finally {
      await rm(path.join(dir, '..', `${path.basename(dir)}-link`));
    }
    expect(await h.artifactOf(path.join(dir, 'other'))).toBeUndefined();
  });

  it('keeps the most recent folders, forgetting the oldest first; a folder used again is recent', async () => {
    const m = memento();
    const h = new DownloadHistory(m, () => undefined, 2);
    await h.rememberArtifact('/nowhere/a', version(1));
    await h.rememberArtifact('/nowhere/b', version(2));
    await h.rememberArtifact('/nowhere/a', version(4));
    await h.rememberArtifact('/nowhere/c', version(5));
    expect(m.values.get(ARTIFACT_FOLDERS)).toEqual({ '/nowhere/a': 'team/mnist/data:v4', '/nowhere/c': 'team/mnist/data:v5' });
  });

  it('reports a record that could not be saved, without failing the download', async () => {
    const errors: string[] = [];
    const failed = new Promise<void>((resolve) => {
      const h = new DownloadHistory(memento(true), (folder, e) => {
        errors.push(`${folder}: ${e.message}`);
        resolve();
      });
      void h.rememberArtifact('/nowhere/a', version(1));
    });
    await failed;
    expect(errors).toEqual(['/nowhere/a: disk full']);
  });
});
