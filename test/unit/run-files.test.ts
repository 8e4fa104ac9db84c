import { describe, expect, it } from 'vitest';
import { completeUtf8Length, MAX_LOG_BYTES, readRunLog, readRunMetadata } from '../../src/api/run-files';
import { decodeMetadata } from '../../src/api/model/metadata';
import type { WandbApi } from '../../src/api/wandb-api';

const LOG_URL = 'https://storage.example/output.log';

/** A run whose files are `files` (name → body); storage honours Range unless told not to. */
function fakeApi(files: Record<string, Uint8Array>, options: { ranges?: boolean } = {}) {
  const gets: Array<{ url: string; range?: string }> = [];
  const api = {
    async runFiles(_ref: unknown, page: { names?: string[] }) {
      const name = page.names?.[0] ?? '';
      const body = files[name];
      return { items: body ? [{ name, sizeBytes: body.length, url: `https://storage.example/${name}` }] : [], hasNextPage: false };
    },
    client: {
      async get(url: string, init: { headers?: Record<string, string> }) {
        const range = init.headers?.Range;
        gets.push({ url, range });
        const body = files[url.slice('https://storage.example/'.length)]!;
        const m = range && options.ranges !== false ? /^bytes=(\d+)-$/.exec(range) : null;
        return m ? new Response(Buffer.from(body.subarray(Number(m[1]))), { status: 206 }) : new Response(Buffer.from(body), { status: 200 });
      },
    },
  };
  return { api: api as unknown as WandbApi, gets };
}

const ref = { entity: 'e', project: 'p', runId: 'r' };
const enc = (s: string) => new TextEncoder().encode(s);

describe('readRunLog', () => {
  it('reads the whole log first, then only what follows the offset, by a Range request', async () => {
    const { api, gets } = fakeApi({ 'output.log': enc('line 1\nline 2\n') });
    const first = await readRunLog(api, ref, 0);
    expect(first).toEqual({ text: 'line 1\nline 2\n', offset: 14, truncated: false, append: false });
    expect(gets[0]).toEqual({ url: LOG_URL, range: undefined });

    const { api: grown, gets: later } = fakeApi({ 'output.log': enc('line 1\nline 2\nline 3\n') });
    expect(await readRunLog(grown, ref, 14)).toEqual({ text: 'line 3\n', offset: 21, truncated: false, append: true });
    expect(later[0]!.range).toBe('bytes=14-');
  });

  it('slices the whole body when storage ignores the Range header', async () => {
    const { api } = fakeApi({ 'output.log': enc('abc\ndef\n') }, { ranges: false });
    expect(await readRunLog(api, ref, 4)).toEqual({ text: 'def\n', offset: 8, truncated: false, append: true });
  });

  it('asks nothing when the file has not grown past the offset', async () => {
    const { api, gets } = fakeApi({ 'output.log': enc('abc\n') });
    expect(await readRunLog(api, ref, 4)).toEqual({ text: '', offset: 4, truncated: false, append: true });
    expect(gets).toEqual([]);
  });

  it('keeps a split UTF-8 character for the next read', async () => {
    const full = enc('a€');
    const { api } = fakeApi({ 'output.log': full.subarray(0, 3) });
    const chunk = await readRunLog(api, ref, 0);
    expect(chunk).toMatchObject({ text: 'a', offset: 1 });
  });

  it('shows only the tail of a very large log', async () => {
    const { api } = fakeApi({ 'output.log': new Uint8Array(MAX_LOG_BYTES + 10).fill(0x61) });
    const chunk = await readRunLog(api, ref, 0);
    expect(chunk).toMatchObject({ truncated: true, append: false, offset: MAX_LOG_BYTES + 10 });
    expect(chunk!.text.length).toBe(MAX_LOG_BYTES);
  });

  it('is undefined when the run has no log', async () => {
    const { api } = fakeApi({});
    expect(await readRunLog(api, ref, 0)).toBeUndefined();
  });
});

describe('readRunMetadata', () => {
  it('fetches and decodes wandb-metadata.json', async () => {
    const { api } = fakeApi({ 'wandb-metadata.json': enc(JSON.stringify({ program: 'train.py', host: 'gpu-1' })) });
    expect(await readRunMetadata(api, ref)).toEqual({ command: 'python train.py', program: 'train.py', args: [], host: 'gpu-1' });
  });

  it('is undefined without the file', async () => {
    const { api } = fakeApi({});
    expect(await readRunMetadata(api, ref)).toBeUndefined();
  });
});

describe('decodeMetadata', () => {
  it('quotes arguments for a shell and reads git, python and host', () => {
    const meta = decodeMetadata(
      JSON.stringify({ program: 'train.py', args: ['--lr', '0.1', '--name', 'a b', "it's"], git: { remote: 'git@github.com:o/r.git', commit: 'abc1234' }, python: '3.11.4', host: 'gpu-1' }),
    );
    expect(meta).toEqual({
      command: `python train.py --lr 0.1 --name 'a b' 'it'\\''s'`,
      program: 'train.py',
      args: ['--lr', '0.1', '--name', 'a b', "it's"],
      remote: 'git@github.com:o/r.git',
      commit: 'abc1234',
      python: '3.11.4',
      host: 'gpu-1',
    });
  });

  it('reads the machine: OS, interpreter, GPUs, CPUs, start (field names as the SDK writes them)', () => {
    // Field names from a real run's wandb-metadata.json (test/fixtures/real-runs).
    const meta = decodeMetadata(
      JSON.stringify({
        os: 'Linux-3.10.0-x86_64-with-glibc2.17',
        python: '3.11.5',
        startedAt: '2023-10-04T14:58:05.621893',
        program: '/home/u/dev/nlp/train.py',
        codePath: 'nlp/train.py',
        executable: '/home/u/envs/a/bin/python',
        cpu_count: 64,
        cpu_count_logical: 128,
        gpu: 'NVIDIA GeForce RTX 3090',
        gpu_count: 4,
        exitcode: 'not a number',
      }),
    );
    expect(meta).toMatchObject({ os: 'Linux-3.10.0-x86_64-with-glibc2.17', python: '3.11.5', startedAt: '2023-10-04T14:58:05.621893', codePath: 'nlp/train.py' });
    expect(meta).toMatchObject({ executable: '/home/u/envs/a/bin/python', cpuCount: 64, cpuCountLogical: 128, gpu: 'NVIDIA GeForce RTX 3090', gpuCount: 4 });
    expect(meta.exitCode).toBeUndefined();
  });

  it('runs a module as `python -m pkg.mod`, not as a quoted script name', () => {
    expect(decodeMetadata(JSON.stringify({ program: '-m kws.train', args: ['--lr', '1e-3'] })).command).toBe('python -m kws.train --lr 1e-3');
  });

  it('falls back to codePath and ignores broken metadata', () => {
    expect(decodeMetadata(JSON.stringify({ codePath: 'src/main.py' })).command).toBe('python src/main.py');
    expect(decodeMetadata('{not json')).toEqual({});
    expect(decodeMetadata('[1]')).toEqual({});
  });
});

describe('completeUtf8Length', () => {
  it('stops before a split multi-byte character', () => {
    const bytes = new TextEncoder().encode('aé€😀');
    expect(completeUtf8Length(bytes)).toBe(bytes.length);
    expect(completeUtf8Length(bytes.subarray(0, bytes.length - 1))).toBe(bytes.length - 4);
    expect(completeUtf8Length(bytes.subarray(0, 2))).toBe(1);
    expect(completeUtf8Length(new Uint8Array())).toBe(0);
  });
});
