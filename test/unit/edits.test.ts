import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { WandbClient } from '../../src/api/client';
import {
  WandbEdits,
  assertEditable,
  checkAlias,
  checkRunFileName,
  checkTag,
  normaliseTags,
  parseUploadHeaders,
  sweepConfigYaml,
  type UploadSource,
  type UploadTarget,
} from '../../src/api/edits';
import { WandbError } from '../../src/api/errors';

const KEY = 'local-0123456789abcdef0123456789abcdef01234567';

/** A GraphQL endpoint that records what it was sent and answers `answer(body)`. */
function graphqlFetch(answer: (body: { query: string; variables: Record<string, unknown> }) => unknown) {
  const sent: Array<{ url: string; headers: Headers; body: { query: string; variables: Record<string, unknown>; operationName?: string } }> = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    sent.push({ url: String(input), headers: new Headers(init?.headers), body });
    return new Response(JSON.stringify(answer(body)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { f, sent };
}

function editsWith(answer: (body: { query: string; variables: Record<string, unknown> }) => unknown) {
  const g = graphqlFetch(answer);
  const client = new WandbClient({ baseUrl: 'https://api.example.test', apiKey: KEY, userAgent: 't', fetch: g.f, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  return { edits: new WandbEdits(client, { retry: { baseDelayMs: 1, maxDelayMs: 2 } }), sent: g.sent };
}

const RUN = { entity: 'e', project: 'p', runId: 'abc123', id: 'UnVuOnYxOmFiYzEyMzpwOmU=' };

describe('run edits send only the field they change', () => {
  it('rename: RenameRun with id and trimmed displayName, decoded answer', async () => {
    const { edits, sent } = editsWith(() => ({ data: { upsertBucket: { bucket: { id: RUN.id, name: 'abc123', displayName: 'new name', notes: null, tags: ['a'], state: 'finished' } } } }));
    const s = await edits.renameRun(RUN, '  new name ');
    expect(sent[0]!.body.query).toContain('mutation RenameRun');
    expect(sent[0]!.body.variables).toEqual({ id: RUN.id, displayName: 'new name' });
    expect(s).toEqual({ id: RUN.id, runId: 'abc123', displayName: 'new name', notes: undefined, tags: ['a'], state: 'finished' });
  });

  it('rename refuses an empty name without asking the server', async () => {
    const { edits, sent } = editsWith(() => ({}));
    await expect(edits.renameRun(RUN, '   ')).rejects.toMatchObject({ kind: 'badRequest' });
    expect(sent).toHaveLength(0);
  });

  it('tags: the whole list, normalised; a bad tag is refused locally', async () => {
    const { edits, sent } = editsWith((b) => ({ data: { upsertBucket: { bucket: { id: RUN.id, name: 'abc123', displayName: 'x', notes: null, tags: b.variables.tags } } } }));
    const s = await edits.setRunTags(RUN, [' a', 'b', 'a', '']);
    expect(sent[0]!.body.variables).toEqual({ id: RUN.id, tags: ['a', 'b'] });
    expect(s.tags).toEqual(['a', 'b']);
    await expect(edits.setRunTags(RUN, ['x'.repeat(65)])).rejects.toMatchObject({ kind: 'badRequest' });
    expect(sent).toHaveLength(1);
  });

  it('a GraphQL refusal becomes a graphql error carrying the server message', async () => {
    const { edits } = editsWith(() => ({ data: { upsertBucket: null }, errors: [{ message: 'run is read only' }] }));
    const e = await edits.setRunNotes(RUN, 'x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WandbError);
    expect((e as WandbError).kind).toBe('graphql');
    expect((e as WandbError).message).toContain('run is read only');
  });

  it('stopRun fails loudly when the server says success: false', async () => {
    const { edits } = editsWith(() => ({ data: { stopRun: { success: false } } }));
    await expect(edits.stopRun(RUN)).rejects.toBeInstanceOf(WandbError);
  });

  it('projectTags: unique names, sorted case-insensitively', async () => {
    const { edits } = editsWith(() => ({ data: { project: { tags: [{ name: 'b' }, { name: 'A' }, { name: 'b' }, { name: 'c' }] } } }));
    expect(await edits.projectTags({ entity: 'e', project: 'p' })).toEqual(['A', 'b', 'c']);
  });
});

describe('artifact edits', () => {
  const V = { id: 'QXJ0aWZhY3Q6MQ==', entity: 'e', project: 'p', collection: 'model', versionIndex: 3 };

  it('addAlias scopes the alias to the collection and returns only this collection’s aliases', async () => {
    const { edits, sent } = editsWith(() => ({
      data: {
        addAliases: {
          success: true,
          artifact: {
            id: V.id,
            aliases: [
              { alias: 'v3', artifactCollection: { name: 'model', project: { name: 'p', entityName: 'e' } } },
              { alias: 'best', artifactCollection: { name: 'model', project: { name: 'p', entityName: 'e' } } },
              { alias: 'prod', artifactCollection: { name: 'registry-model', project: { name: 'p', entityName: 'e' } } },
              // A collection of the same name in another project (a registry) is another collection.
              { alias: 'staging', artifactCollection: { name: 'model', project: { name: 'model-registry', entityName: 'e' } } },
            ],
          },
        },
      },
    }));
    expect(await edits.addAlias(V, ' best ')).toEqual(['best']);
    expect(sent[0]!.body.variables).toEqual({ artifactId: V.id, alias: 'best', entity: 'e', project: 'p', collection: 'model' });
  });

  it('refuses reserved and malformed aliases before sending', async () => {
    const { edits, sent } = editsWith(() => ({}));
    await expect(edits.addAlias(V, 'v7')).rejects.toMatchObject({ kind: 'badRequest' });
    await expect(edits.addAlias(V, 'a/b')).rejects.toMatchObject({ kind: 'badRequest' });
    await expect(edits.removeAlias(V, 'v3')).rejects.toMatchObject({ kind: 'badRequest' });
    expect(sent).toHaveLength(0);
  });

  it('delete passes deleteAliases through', async () => {
    const { edits, sent } = editsWith(() => ({ data: { deleteArtifact: { artifact: { id: V.id, state: 'DELETED' } } } }));
    await edits.deleteArtifactVersion(V, { deleteAliases: true });
    expect(sent[0]!.body.variables).toEqual({ artifactId: V.id, deleteAliases: true });
  });
});

describe('uploads', () => {
  function source(chunks: string[]): UploadSource & { opened: number } {
    const s = {
      opened: 0,
      size: chunks.reduce((n, c) => n + Buffer.byteLength(c), 0),
      open: async function* () {
        s.opened++;
        for (const c of chunks) yield Buffer.from(c);
      },
    };
    return s;
  }

  const TARGET: UploadTarget = {
    name: 'out/result.txt',
    url: 'https://storage.example.test/bucket/run/out/result.txt?X-Sig=secret',
    headers: { 'Content-Type': 'text/plain', 'x-amz-meta-run': 'abc' },
    exists: false,
  };

  function storage(statuses: number[]) {
    const seen: Array<{ url: string; method: string; headers: Headers; body: string }> = [];
    const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
      let body = '';
      const b = init?.body as ReadableStream<Uint8Array>;
      for await (const chunk of b as unknown as AsyncIterable<Uint8Array>) body += Buffer.from(chunk).toString();
      seen.push({ url: String(input), method: String(init?.method), headers: new Headers(init?.headers), body });
      const status = statuses.shift() ?? 200;
      return new Response(status === 200 ? '' : '<Error><Code>X</Code><Message>nope from storage</Message></Error>', { status });
    }) as typeof fetch;
    return { f, seen };
  }

  function editsFor(f: typeof fetch, logged: string[] = []) {
    const client = new WandbClient({ baseUrl: 'https://api.example.test', apiKey: KEY, userAgent: 't' });
    return new WandbEdits(client, { fetch: f, retry: { baseDelayMs: 1, maxDelayMs: 2 }, logger: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) } });
  }

  it('PUTs the bytes with the server’s headers and a Content-Length, never the API key, and logs no signature', async () => {
    const s = storage([]);
    const logged: string[] = [];
    const progress: number[] = [];
    await editsFor(s.f, logged).putFile(TARGET, source(['hello ', 'world']), { onProgress: (n) => progress.push(n) });
    expect(s.seen).toHaveLength(1);
    const req = s.seen[0]!;
    expect(req.method).toBe('PUT');
    expect(req.body).toBe('hello world');
    expect(req.headers.get('content-length')).toBe('11');
    expect(req.headers.get('content-type')).toBe('text/plain');
    expect(req.headers.get('x-amz-meta-run')).toBe('abc');
    expect(req.headers.get('authorization')).toBeNull();
    expect(progress.at(-1)).toBe(11);
    expect(logged.join('\n')).not.toContain('secret');
    expect(logged.join('\n')).toContain('https://storage.example.test/bucket/run/out/result.txt?…');
  });

  it('retries a 503 from the start, reading the file again', async () => {
    const s = storage([503]);
    const src = source(['abc']);
    await editsFor(s.f).putFile(TARGET, src);
    expect(s.seen.map((r) => r.body)).toEqual(['abc', 'abc']);
    expect(src.opened).toBe(2);
  });

  it('does not retry a 403 and says what storage said', async () => {
    const s = storage([403, 200]);
    const e = await editsFor(s.f).putFile(TARGET, source(['abc'])).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'forbidden' });
    expect((e as Error).message).toContain('nope from storage');
    expect(s.seen).toHaveLength(1);
  });

  it('asks for upload URLs of all names at once and keeps only the returned headers', async () => {
    const { edits, sent } = editsWith(() => ({
      data: {
        project: {
          run: {
            id: 'r',
            files: {
              edges: [
                { node: { name: 'a.txt', url: 'https://s/a?sig', uploadHeaders: ['Content-Type:text/plain', 'Authorization: Basic leak'], exists: true } },
                { node: { name: 'b/c.bin', url: 'https://s/b?sig', uploadHeaders: [], exists: false } },
              ],
            },
          },
        },
      },
    }));
    const t = await edits.uploadTargets({ entity: 'e', project: 'p', runId: 'r1' }, ['a.txt', 'b/c.bin']);
    expect(sent[0]!.body.variables).toEqual({ entity: 'e', project: 'p', runId: 'r1', names: ['a.txt', 'b/c.bin'] });
    expect(t).toEqual([
      { name: 'a.txt', url: 'https://s/a?sig', headers: { 'Content-Type': 'text/plain' }, exists: true },
      { name: 'b/c.bin', url: 'https://s/b?sig', headers: {}, exists: false },
    ]);
    await expect(edits.uploadTargets({ entity: 'e', project: 'p', runId: 'r1' }, ['../x'])).rejects.toMatchObject({ kind: 'badRequest' });
  });
});

describe('validation helpers', () => {
  it('normaliseTags trims, drops empties and duplicates', () => {
    expect(normaliseTags([' a ', 'b', 'a', '', '  '])).toEqual(['a', 'b']);
  });

  it('checkTag', () => {
    expect(checkTag('baseline')).toBeUndefined();
    expect(checkTag(' ')).toMatch(/empty/);
    expect(checkTag('x'.repeat(64))).toBeUndefined();
    expect(checkTag('x'.repeat(65))).toMatch(/64/);
  });

  it('checkAlias', () => {
    expect(checkAlias('best')).toBeUndefined();
    expect(checkAlias('latest')).toBeUndefined();
    expect(checkAlias('v12')).toMatch(/reserved/);
    expect(checkAlias('a:b')).toMatch(/":"/);
    expect(checkAlias('a b')).toMatch(/spaces/);
    expect(checkAlias('')).toMatch(/empty/);
  });

  it('checkRunFileName', () => {
    expect(checkRunFileName('media/x.png')).toBeUndefined();
    for (const bad of ['', '/abs', 'a/../b', './a', 'a//b', 'a\\b', 'C:/x', 'a/\u0001']) expect(checkRunFileName(bad), bad).toBeDefined();
  });

  it('parseUploadHeaders keeps name:value pairs and drops credentials and framing headers', () => {
    expect(parseUploadHeaders(['Content-Type:application/octet-stream', 'x-goog-meta-a: b:c', 'Authorization:x', 'Host:h', 'bad', ':v'])).toEqual({
      'Content-Type': 'application/octet-stream',
      'x-goog-meta-a': 'b:c',
    });
  });
});

describe('sweepConfigYaml', () => {
  it('shows stored YAML as written', () => {
    const y = 'method: bayes\nmetric:\n  name: val/acc\n  goal: maximize\n';
    expect(sweepConfigYaml(y)).toBe(y);
  });

  it('converts JSON (with W&B’s NaN) to YAML that reads back to the same value', () => {
    const json = '{"method":"grid","metric":{"name":"val/loss","goal":"minimize"},"parameters":{"lr":{"values":[0.1,0.01]},"opt":{"value":"adam"},"flag":{"value":"yes"},"n":{"value":"1.0"},"weird key":{"value":NaN},"empty":{}},"command":["${env}","python","train.py",""]}';
    const y = sweepConfigYaml(json);
    expect(y).toContain('method: grid');
    const back = parseYaml(y);
    expect(back.parameters.lr.values).toEqual([0.1, 0.01]);
    expect(back.parameters.flag.value).toBe('yes');
    expect(back.parameters.n.value).toBe('1.0');
    expect(back.parameters['weird key'].value).toBeNaN();
    expect(back.parameters.empty).toEqual({});
    expect(back.command).toEqual(['${env}', 'python', 'train.py', '']);
    expect(back.metric).toEqual({ name: 'val/loss', goal: 'minimize' });
  });

  it('says so when the configuration is empty', () => {
    expect(sweepConfigYaml('  ')).toMatch(/^# /);
  });
});

describe('read-only runs', () => {
  it('runEditState reads readOnly, and assertEditable refuses such a run in plain words', async () => {
    const { edits, sent } = editsWith(() => ({
      data: { project: { run: { id: RUN.id, name: 'abc123', displayName: 'shared run', notes: null, tags: [], state: 'finished', readOnly: true } } },
    }));
    const s = await edits.runEditState({ entity: 'e', project: 'p', runId: 'abc123' });
    expect(s.readOnly).toBe(true);
    expect(sent[0]!.body.query).toContain('readOnly');
    expect(() => assertEditable(s)).toThrow(/“shared run” \(abc123\) is read-only/);
    expect(() => assertEditable({ ...s, readOnly: false })).not.toThrow();
  });
});
