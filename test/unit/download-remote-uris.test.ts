import { describe, expect, it } from 'vitest';
import { ownerLabel, parseRemotePath, remotePath, type RemoteFile } from '../../src/remote-fs/uris';

describe('wandb-explorer: paths', () => {
  const cases: RemoteFile[] = [
    { kind: 'run', entity: 'alice', project: 'mnist', runId: 'a1b2c3d4', path: 'media/images/x 1.png' },
    { kind: 'run', entity: 'alice', project: 'mnist', runId: 'a1b2c3d4', path: 'config.yaml' },
    { kind: 'artifact', entity: 'team', project: 'p', collection: 'mnist-raw', version: 'v2', path: 'train/images/0.png' },
  ];
  it.each(cases)('round-trips %j', (f) => {
    expect(parseRemotePath(remotePath(f))).toEqual(f);
  });
  it('ends with the file name so the editor picks the right language or preview', () => {
    expect(remotePath(cases[0]!)).toBe('/run/alice/mnist/a1b2c3d4/media/images/x 1.png');
    expect(remotePath(cases[2]!)).toBe('/artifact/team/p/mnist-raw:v2/train/images/0.png');
  });
  it('rejects paths that are not ours', () => {
    expect(parseRemotePath('/run/alice/mnist')).toBeUndefined();
    expect(parseRemotePath('/other/a/b/c/d')).toBeUndefined();
    expect(parseRemotePath('/artifact/a/b/nocolon/x')).toBeUndefined();
    expect(parseRemotePath('/run/a/b/c/x//y')).toBeUndefined();
  });
  it('labels the owner', () => {
    expect(ownerLabel(cases[2]!)).toBe('team/p/mnist-raw:v2');
  });
});
