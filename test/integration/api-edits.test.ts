/**
 * The real edit client (src/api/edits.ts) over real HTTP against the dev server: run edits,
 * stopping, uploads by presigned PUT, artifact aliases, description and delete, sweep config.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbEdits } from '../../src/api/edits';
import * as N from '../server/demo-names';
import { failure } from './expect-failure';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
let edits: WandbEdits;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };

beforeAll(async () => {
  const client = clientFor(srv, { retry: { baseDelayMs: 10 } });
  api = new WandbApi(client);
  edits = new WandbEdits(client, { retry: { baseDelayMs: 10 } });
});


function source(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  return {
    size: bytes.length,
    async *open() {
      yield bytes.subarray(0, 3);
      yield bytes.subarray(3);
    },
  };
}

describe('runs', () => {
  it('renames, sets notes and tags; the project’s tags follow', async () => {
    const ref = { ...P, runId: N.DEMO_KILLED_RUN_ID };
    const run = await edits.runEditState(ref);
    expect(run.runId).toBe(N.DEMO_KILLED_RUN_ID);
    const renamed = await edits.renameRun({ ...ref, id: run.id }, '  renamed <b>run</b> ✓ ');
    expect(renamed.displayName).toBe('renamed <b>run</b> ✓');
    const noted = await edits.setRunNotes({ ...ref, id: run.id }, 'line 1\nline 2');
    expect(noted.notes).toBe('line 1\nline 2');
    const tagged = await edits.setRunTags({ ...ref, id: run.id }, ['new-tag', ' new-tag ', 'x']);
    expect(tagged.tags).toEqual(['new-tag', 'x']);
    expect((await api.run(ref)).displayName).toBe('renamed <b>run</b> ✓');
    expect(await edits.projectTags(P)).toContain('new-tag');
    expect((await failure(edits.renameRun({ ...ref, id: run.id }, '   '))).kind).toBe('badRequest');
  });

  it('stops a running run; a finished one is refused with the server’s reason', async () => {
    const live = await edits.runEditState({ ...P, runId: N.DEMO_LIVE_RUN_ID });
    await edits.stopRun({ ...P, runId: N.DEMO_LIVE_RUN_ID, id: live.id });
    const done = await edits.runEditState({ ...P, runId: N.DEMO_RUN_ID });
    const e = await failure(edits.stopRun({ ...P, runId: N.DEMO_RUN_ID, id: done.id }));
    expect(e.kind).toBe('graphql');
    expect(e.message).toContain('is not running');
  });

  it('unknown runs are notFound', async () => {
    expect((await failure(edits.runEditState({ ...P, runId: 'zzzzzzzz' }))).kind).toBe('notFound');
    expect((await failure(edits.uploadTargets({ ...P, runId: 'zzzzzzzz' }, ['a.txt']))).kind).toBe('notFound');
  });
});

describe('uploads', () => {
  it('gets presigned targets, PUTs without credentials, and the files appear', async () => {
    const ref = { ...P, runId: N.DEMO_FAILED_RUN_ID };
    const targets = await edits.uploadTargets(ref, ['notes/analysis.md', 'output.log']);
    expect(targets.map((t) => [t.name, t.exists])).toEqual([
      ['notes/analysis.md', false],
      ['output.log', true],
    ]);
    for (const t of targets) expect(new URL(t.url).origin).toBe(srv.storageUrl);
    srv.clearRequests();
    const progress: number[] = [];
    await edits.putFile(targets[0]!, source('# Analysis\n\n<script>alert(1)</script>\n'), { onProgress: (n) => progress.push(n) });
    await edits.putFile(targets[1]!, source('replaced log\n'));
    expect(progress.at(-1)).toBe(Buffer.byteLength('# Analysis\n\n<script>alert(1)</script>\n'));
    const puts = srv.requests.filter((r) => r.origin === 'storage' && r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([200, 200]);
    expect(puts.every((r) => r.headers.authorization === undefined)).toBe(true);
    const files = await api.runFiles(ref, { first: 10, names: ['notes/analysis.md', 'output.log'] });
    const md = files.items.find((f) => f.name === 'notes/analysis.md')!;
    expect(md.md5).toBe(createHash('md5').update('# Analysis\n\n<script>alert(1)</script>\n').digest('base64'));
    expect(await (await api.client.get(files.items.find((f) => f.name === 'output.log')!.directUrl!)).text()).toBe('replaced log\n');
  });

  it('retries a PUT after a 503 and refuses names with ..', async () => {
    const ref = { ...P, runId: N.DEMO_FAILED_RUN_ID };
    const [t] = await edits.uploadTargets(ref, ['retry.txt']);
    srv.clearRequests();
    srv.faults.add({ origin: 'storage', method: 'PUT', kind: 'status', status: 503 });
    await edits.putFile(t!, source('after retry\n'));
    expect(srv.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([503, 200]);
    expect((await failure(edits.uploadTargets(ref, ['../escape.txt']))).kind).toBe('badRequest');
  });

  it('an expired upload URL is refused as forbidden', async () => {
    const ref = { ...P, runId: N.DEMO_FAILED_RUN_ID };
    const [t] = await edits.uploadTargets(ref, ['late.txt']);
    srv.faults.add({ origin: 'storage', method: 'PUT', kind: 'expired' });
    expect((await failure(edits.putFile(t!, source('x')))).kind).toBe('forbidden');
  });
});

describe('artifacts', () => {
  const ref = async (alias: string) => api.artifactByName({ ...P, name: N.DEMO_MODEL_COLLECTION, alias });

  it('adds, moves and removes aliases', async () => {
    const v1 = await ref('v1');
    expect(await edits.addAlias(v1, 'candidate')).toEqual(['candidate']);
    expect((await edits.addAlias(v1, 'production')).sort()).toEqual(['candidate', 'production']);
    expect((await ref('v2')).aliases).toEqual([]);
    await edits.removeAlias(v1, 'candidate');
    expect((await edits.artifactState(v1)).aliases).toEqual(['production']);
    expect((await failure(edits.addAlias(v1, 'v9'))).kind).toBe('badRequest');
    const e = await failure(edits.removeAlias(v1, 'best'));
    expect(e.kind).toBe('graphql');
    expect(e.message).toContain('does not point at this artifact');
  });

  it('adds and removes aliases of a linked version in the portfolio, not in the collection it was logged to', async () => {
    const REG = { entity: N.DEMO_USER, project: N.DEMO_REGISTRY_PROJECT, type: N.DEMO_MODEL_TYPE, collection: N.DEMO_PORTFOLIO };
    const member = async () => (await api.artifactVersionRows(REG, { first: 10 })).items.find((v) => v.version === 'v0')!;
    const m = await member();
    expect(m.aliases).toEqual([N.DEMO_PORTFOLIO_ALIAS]);
    expect(await edits.addAlias(m, 'serving')).toEqual([N.DEMO_PORTFOLIO_ALIAS, 'serving']);
    await edits.removeAlias(m, N.DEMO_PORTFOLIO_ALIAS);
    expect((await member()).aliases).toEqual(['serving']);
    // The version in its own collection never had either alias.
    const own = await ref('v1');
    expect(own.aliases).not.toContain('serving');
    expect((await edits.artifactState(own)).aliases).toEqual(own.aliases);
    const e = await failure(edits.removeAlias(own, 'serving'));
    expect(e.message).toContain('does not point at this artifact');
  });

  it('sets the description', async () => {
    const v0 = await ref('v0');
    expect(await edits.setArtifactDescription(v0, 'first <i>checkpoint</i>')).toBe('first <i>checkpoint</i>');
    expect((await ref('v0')).description).toBe('first <i>checkpoint</i>');
  });

  it('deletes a version: refused while it has aliases, done with deleteAliases', async () => {
    const best = await ref('best');
    const e = await failure(edits.deleteArtifactVersion(best, { deleteAliases: false }));
    expect(e.kind).toBe('graphql');
    expect(e.message).toContain('has aliases');
    await edits.deleteArtifactVersion(best, { deleteAliases: true });
    expect((await failure(ref('best'))).kind).toBe('notFound');
    const page = await api.artifactVersions({ ...P, type: 'model', collection: N.DEMO_MODEL_COLLECTION }, { first: 10 });
    expect(page.items.map((v) => v.version)).not.toContain('v3');
  });
});

describe('sweeps', () => {
  it('reads the sweep configuration as YAML', async () => {
    const s = await edits.sweepConfig({ ...P, sweepId: N.DEMO_SWEEP_ID });
    expect(s.displayName).toBe('lr-and-dropout-search');
    expect(s.yaml).toContain('metric');
    expect(s.config).toContain('val/loss');
    expect((await failure(edits.sweepConfig({ ...P, sweepId: 'nope' }))).kind).toBe('notFound');
  });
});

describe('a public project of another entity: readable, every write refused by the server', () => {
  const RO = { entity: N.DEMO_READONLY_ENTITY, project: N.DEMO_READONLY_PROJECT };
  const forbidden = async (p: Promise<unknown>) => {
    const e = await failure(p);
    expect(e.kind).toBe('forbidden');
    expect(e.message).toContain('permission denied');
  };

  it('reads work, and the runs say they are read-only (own runs do not)', async () => {
    const page = await api.runs(RO, { first: 50 });
    expect(page.totalCount).toBe(N.DEMO_READONLY_RUN_COUNT);
    expect((await api.run({ ...RO, runId: N.DEMO_READONLY_RUN_ID })).displayName).toBe(N.DEMO_READONLY_RUN_DISPLAY_NAME);
    expect((await edits.runEditState({ ...RO, runId: N.DEMO_READONLY_RUN_ID })).readOnly).toBe(true);
    expect((await edits.runEditState({ ...P, runId: N.DEMO_RUN_ID })).readOnly).toBe(false);
  });

  it('run edits, stopRun and upload URLs are refused with 403 and change nothing', async () => {
    const run = { ...RO, runId: N.DEMO_READONLY_RUN_ID, id: (await edits.runEditState({ ...RO, runId: N.DEMO_READONLY_RUN_ID })).id };
    const before = srv.requests.length;
    await forbidden(edits.renameRun(run, 'hijacked'));
    await forbidden(edits.setRunNotes(run, 'hijacked'));
    await forbidden(edits.setRunTags(run, ['hijacked']));
    const running = { ...RO, runId: N.DEMO_READONLY_RUNNING_RUN_ID, id: (await edits.runEditState({ ...RO, runId: N.DEMO_READONLY_RUNNING_RUN_ID })).id };
    await forbidden(edits.stopRun(running));
    await forbidden(edits.uploadTargets({ ...RO, runId: N.DEMO_READONLY_RUN_ID }, ['planted.txt']));
    // Refusals are answered, not retried: one request per call (plus the runEditState read).
    const refused = srv.requests.slice(before).filter((r) => r.status === 403);
    expect(refused).toHaveLength(5);
    const after = await edits.runEditState({ ...RO, runId: N.DEMO_READONLY_RUN_ID });
    expect(after.displayName).toBe(N.DEMO_READONLY_RUN_DISPLAY_NAME);
    expect(after.notes).toBeUndefined();
    expect(after.tags).toEqual(['leaderboard']);
    expect((await api.run({ ...RO, runId: N.DEMO_READONLY_RUNNING_RUN_ID })).state).toBe('running');
  });

  it('alias, description and delete of an artifact version are refused and change nothing', async () => {
    const v0 = await api.artifactByName({ ...RO, name: N.DEMO_READONLY_COLLECTION, alias: 'v0' });
    await forbidden(edits.addAlias(v0, 'mine'));
    await forbidden(edits.removeAlias(v0, 'stable'));
    await forbidden(edits.setArtifactDescription(v0, 'hijacked'));
    await forbidden(edits.deleteArtifactVersion(v0, { deleteAliases: true }));
    const again = await api.artifactByName({ ...RO, name: N.DEMO_READONLY_COLLECTION, alias: 'stable' });
    expect(again.id).toBe(v0.id);
    expect(again.aliases).toContain('stable');
    expect(again.aliases).not.toContain('mine');
    expect(again.description).toBe('Evaluation split, frozen.');
  });
});
