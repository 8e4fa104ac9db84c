import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactFolderNames, artifactsBase, chooseDestination, pickArtifactFolder, runFoldersUnder, safeSegment } from '../../src/commands/download-destination';

const home = path.resolve('/home/me');
const ws = path.resolve('/work/project');

describe('chooseDestination', () => {
  it('puts downloads under the one workspace folder, in the default folder when the setting is empty', () => {
    expect(chooseDestination('', 'artifacts', ['data-v3'], [ws], home)).toEqual({ kind: 'path', path: path.join(ws, 'artifacts', 'data-v3') });
    expect(chooseDestination('  out/runs ', 'wandb-downloads', ['e', 'p', 'r'], [ws], home)).toEqual({ kind: 'path', path: path.join(ws, 'out/runs', 'e', 'p', 'r') });
  });

  it('takes an absolute setting or one under the home folder as it is, whatever the workspace', () => {
    expect(chooseDestination('~/wandb', 'artifacts', ['x'], [], home)).toEqual({ kind: 'path', path: path.join(home, 'wandb', 'x') });
    expect(chooseDestination(path.resolve('/data'), 'artifacts', ['x'], [ws, ws], home)).toEqual({ kind: 'path', path: path.join(path.resolve('/data'), 'x') });
  });

  it('asks which folder in a multi-root window, and for any folder without one', () => {
    expect(chooseDestination(undefined, 'artifacts', ['x'], [ws, '/other'], home)).toEqual({ kind: 'pickWorkspaceFolder', relative: path.join('artifacts', 'x') });
    expect(chooseDestination(undefined, 'artifacts', ['x'], [], home)).toEqual({ kind: 'askFolder' });
  });
});

describe('safeSegment', () => {
  it('takes a plain name and refuses a path or an unsafe name', () => {
    expect(safeSegment('mnist-v3')).toBe('mnist-v3');
    expect(() => safeSegment('a/b')).toThrow(/contains a slash/);
    expect(() => safeSegment('..')).toThrow(/cannot be used as a folder name/);
  });
});

describe('artifact folders where artifact.download() puts them', () => {
  it('names the folder <name>:<version>, with a dash on Windows', () => {
    expect(artifactFolderNames('mnist', 'v3', 'linux')).toEqual(['mnist:v3', 'mnist-v3']);
    expect(artifactFolderNames('mnist', 'v3', 'darwin')).toEqual(['mnist:v3', 'mnist-v3']);
    expect(artifactFolderNames('mnist', 'v3', 'win32')).toEqual(['mnist-v3']);
    expect(safeSegment('mnist:v3')).toBe('mnist:v3');
  });

  it('finds a folder downloaded under the older dashed name before making a new one', () => {
    const base = path.resolve('/ws/artifacts');
    const names = artifactFolderNames('mnist', 'v3', 'linux');
    expect(pickArtifactFolder(base, names, () => false)).toBe(path.join(base, 'mnist:v3'));
    expect(pickArtifactFolder(base, names, (p) => p.endsWith('mnist-v3'))).toBe(path.join(base, 'mnist-v3'));
    expect(pickArtifactFolder(base, names, () => true)).toBe(path.join(base, 'mnist:v3'));
  });

  it('takes the setting when the user set it, else $WANDB_ARTIFACT_DIR, else artifacts', () => {
    expect(artifactsBase('mine', { WANDB_ARTIFACT_DIR: '/env/dir' })).toBe('mine');
    expect(artifactsBase(undefined, { WANDB_ARTIFACT_DIR: '/env/dir' })).toBe('/env/dir');
    expect(artifactsBase('  ', {})).toBe('artifacts');
  });
});

describe('runFoldersUnder (one folder chosen for several runs)', () => {
  const base = path.resolve('/data/out');
  it('gives runs of one project a folder each, by run id', () => {
    const runs = [{ entity: 'e', project: 'p', runId: 'a1' }, { entity: 'e', project: 'p', runId: 'b2' }];
    expect(runFoldersUnder(base, runs)).toEqual([path.join(base, 'a1'), path.join(base, 'b2')]);
  });

  it('keeps entity and project when the runs are of several projects, where run ids may repeat', () => {
    const runs = [{ entity: 'e', project: 'p', runId: 'a1' }, { entity: 'e', project: 'q', runId: 'a1' }];
    expect(runFoldersUnder(base, runs)).toEqual([path.join(base, 'e', 'p', 'a1'), path.join(base, 'e', 'q', 'a1')]);
  });

  it('refuses a run id that is not a safe folder name', () => {
    expect(() => runFoldersUnder(base, [{ entity: 'e', project: 'p', runId: '..' }, { entity: 'e', project: 'p', runId: 'ok' }])).toThrow(/cannot be used as a folder name/);
  });
});
