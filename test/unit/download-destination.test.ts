import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDestination, safeSegment } from '../../src/commands/download-destination';

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
