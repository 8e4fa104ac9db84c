// The pure parts of "from a run to its code": command lines per shell, remotes matched across
// spellings, diff.patch applied to the commit's text, and the Overview's environment facts.
import { describe, expect, it } from 'vitest';
import { commandLine, quoteWord, shellKindOf } from '../../src/text/shell-words';
import { remoteKey } from '../../src/api/model/git-remote';
import { applyFilePatch, parseUnifiedDiff } from '../../src/text/unified-diff';
import { environmentRows } from '../../src/webviews/environment';
import { decodeMetadata } from '../../src/api/model/metadata';
import type { RunDetail } from '../../src/api/model/run';

describe('command lines for the user shell', () => {
  it('knows the shell by its executable', () => {
    expect(shellKindOf('/bin/zsh')).toBe('posix');
    expect(shellKindOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe')).toBe('powershell');
    expect(shellKindOf('C:\\Windows\\System32\\cmd.exe')).toBe('cmd');
    expect(shellKindOf(undefined)).toBe('posix');
  });

  it('quotes only what needs it, each shell its own way', () => {
    const words = ['python', 'train.py', '--name', "it's a b", '--lr', '1e-3'];
    expect(commandLine(words, 'posix')).toBe(`python train.py --name 'it'\\''s a b' --lr 1e-3`);
    expect(commandLine(words, 'powershell')).toBe(`python train.py --name 'it''s a b' --lr 1e-3`);
    expect(commandLine(words, 'cmd')).toBe(`python train.py --name "it's a b" --lr 1e-3`);
    expect(quoteWord('a,b', 'powershell')).toBe(`'a,b'`);
    expect(quoteWord('a"b', 'cmd')).toBe('"a""b"');
    expect(quoteWord('', 'posix')).toBe(`''`);
  });

  it('puts the call operator before a quoted program in PowerShell', () => {
    expect(commandLine(['C:\\my env\\python.exe', 'x.py'], 'powershell')).toBe(`& 'C:\\my env\\python.exe' x.py`);
  });
});

describe('git remotes', () => {
  it('one key for the same repository in every spelling', () => {
    const key = remoteKey('https://github.com/Org/Repo.git');
    expect(key).toBe('github.com/org/repo');
    for (const r of ['git@github.com:org/repo.git', 'ssh://git@github.com/org/repo', 'https://user:token@github.com/org/repo/', 'http://github.com/org/repo']) expect(remoteKey(r)).toBe(key);
    expect(remoteKey('https://gitlab.com/org/repo.git')).not.toBe(key);
    expect(remoteKey('/srv/git/repo.git')).toBe('/srv/git/repo');
    expect(remoteKey('not a remote')).toBeUndefined();
  });
});

describe('diff.patch', () => {
  const original = 'import torch\n\nlr = 0.001\nepochs = 10\nprint(lr)\n';
  const patch = [
    'diff --git a/train.py b/train.py',
    'index 1111111..2222222 100644',
    '--- a/train.py',
    '+++ b/train.py',
    '@@ -2,3 +2,4 @@ import torch',
    ' ',
    '-lr = 0.001',
    '+lr = 0.01',
    '+momentum = 0.9',
    ' epochs = 10',
    'diff --git a/notes.md b/notes.md',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/notes.md',
    '@@ -0,0 +1 @@',
    '+hello',
    '\\ No newline at end of file',
    '',
  ].join('\n');

  it('parses each file with its hunks', () => {
    const files = parseUnifiedDiff(patch);
    expect(files.map((f) => [f.oldPath, f.newPath, f.hunks.length])).toEqual([
      ['train.py', 'train.py', 1],
      [undefined, 'notes.md', 1],
    ]);
  });

  it('applies to the text it was made against, and a new file from nothing', () => {
    const [train, notes] = parseUnifiedDiff(patch);
    expect(applyFilePatch(original, train!)).toBe('import torch\n\nlr = 0.01\nmomentum = 0.9\nepochs = 10\nprint(lr)\n');
    expect(applyFilePatch('', notes!)).toBe('hello');
  });

  it('finds a hunk that moved, and refuses text the patch was not made against', () => {
    const [train] = parseUnifiedDiff(patch);
    expect(applyFilePatch('# header\n# more\n' + original, train!)).toContain('momentum = 0.9\nepochs = 10');
    expect(applyFilePatch(original.replace('lr = 0.001', 'lr = 0.5'), train!)).toBeUndefined();
  });
});

describe('environment rows', () => {
  it('lists what the metadata, the run and its _wandb config know, in order', () => {
    const meta = decodeMetadata(
      JSON.stringify({ os: 'Linux-6.1', python: 'CPython 3.11.9', startedAt: '2025-01-06T10:00:00Z', executable: '/usr/bin/python3', cpu_count: 16, cpu_count_logical: 32, gpu: 'NVIDIA A100', gpu_count: 2 }),
    );
    const detail = { host: 'gpu-7', exitCode: 1, config: { _wandb: { value: { cli_version: '0.19.8' } } } } as unknown as RunDetail;
    expect(environmentRows(detail, meta)).toEqual([
      { label: 'OS', value: 'Linux-6.1' },
      { label: 'Python', value: 'CPython 3.11.9' },
      { label: 'W&B CLI', value: '0.19.8' },
      { label: 'Host', value: 'gpu-7' },
      { label: 'GPU', value: '2 × NVIDIA A100' },
      { label: 'CPUs', value: '16 (32 logical)' },
      { label: 'Started', value: '2025-01-06T10:00:00Z', kind: 'date' },
      { label: 'Exit code', value: '1' },
      { label: 'Executable', value: '/usr/bin/python3', kind: 'code' },
    ]);
    expect(environmentRows({ config: {} } as unknown as RunDetail, undefined)).toEqual([]);
  });
});
