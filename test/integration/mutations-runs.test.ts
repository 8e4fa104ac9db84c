/**
 * Run edits (`Run.update`: display name, notes, tags), stopping a run, the project's tags and a
 * sweep's configuration, through WandbEdits against the dev server over real HTTP: each edit is
 * read back, and each refusal arrives as an error a person can act on.
 */
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbEdits, type EditableRun } from '../../src/api/edits';
import * as N from '../server/demo-names';
import { failure } from './expect-failure';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
let edits: WandbEdits;

const ref = (runId: string) => ({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId });

async function editable(runId: string): Promise<EditableRun> {
  const s = await edits.runEditState(ref(runId));
  return { ...ref(runId), id: s.id };
}


beforeAll(async () => {
  const client = clientFor(srv, { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 } });
  api = new WandbApi(client);
  edits = new WandbEdits(client, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});

describe('rename (upsertBucket displayName)', () => {
  it('renames the run; the runs list and the run show the new name, and nothing else changed', async () => {
    const before = await api.run(ref(N.DEMO_CRASHED_RUN_ID));
    const run = await editable(N.DEMO_CRASHED_RUN_ID);
    const after = await edits.renameRun(run, 'crashed but renamed ✓');
    expect(after).toMatchObject({ runId: N.DEMO_CRASHED_RUN_ID, displayName: 'crashed but renamed ✓' });
    const again = await api.run(ref(N.DEMO_CRASHED_RUN_ID));
    expect(again.displayName).toBe('crashed but renamed ✓');
    expect(again.tags).toEqual(before.tags);
    expect(again.notes).toBe(before.notes);
    expect(again.config).toEqual(before.config);
    const page = await api.runs({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, filters: { name: N.DEMO_CRASHED_RUN_ID } }, { first: 5 });
    expect(page.items.map((r) => r.displayName)).toEqual(['crashed but renamed ✓']);
    // Exactly one mutation, naming only the field it changes.
    const sent = srv.requests.filter((r) => r.operationName === 'RenameRun');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.variables).toEqual({ id: run.id, displayName: 'crashed but renamed ✓' });
  });

  it('refuses an unknown run with the server’s reason', async () => {
    const e = await failure(edits.renameRun({ ...ref('nope0000'), id: 'UnVuOnYxOm5vcGUwMDAwOng6eQ==' }, 'x'));
    expect(e.kind).toBe('graphql');
    expect(e.message).toMatch(/run not found/);
  });

  it('a permission refusal (HTTP 403) is a forbidden error, not retried', async () => {
    const run = await editable(N.DEMO_KILLED_RUN_ID);
    srv.faults.add({ operationName: 'RenameRun', kind: 'status', status: 403, body: JSON.stringify({ errors: [{ message: 'permission denied' }] }) });
    const e = await failure(edits.renameRun(run, 'not allowed'));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toContain('permission denied');
    expect(srv.requests.filter((r) => r.operationName === 'RenameRun')).toHaveLength(1);
    expect((await api.run(ref(N.DEMO_KILLED_RUN_ID))).displayName).not.toBe('not allowed');
  });
});

describe('notes (upsertBucket notes)', () => {
  it('stores multi-line notes as written, and clears them with an empty string', async () => {
    const run = await editable(N.DEMO_PENDING_RUN_ID);
    const text = 'First line\n\n- a <b>list</b>\n- 日本語 🚀\n';
    expect((await edits.setRunNotes(run, text)).notes).toBe(text);
    expect((await edits.runEditState(ref(N.DEMO_PENDING_RUN_ID))).notes).toBe(text);
    expect((await api.run(ref(N.DEMO_PENDING_RUN_ID))).notes).toBe(text);
    expect((await edits.setRunNotes(run, '')).notes).toBeUndefined();
  });

  it('refuses an unknown run', async () => {
    const e = await failure(edits.setRunNotes({ ...ref('nope0000'), id: 'UnVuOnYxOm5vcGUwMDAwOng6eQ==' }, 'x'));
    expect(e.kind).toBe('graphql');
  });
});

describe('tags (upsertBucket tags) and the project’s tags', () => {
  it('offers the project’s existing tags', async () => {
    const tags = await edits.projectTags({ entity: N.DEMO_USER, project: N.DEMO_PROJECT });
    for (const t of N.DEMO_RUN_TAGS) expect(tags).toContain(t);
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('adds and removes tags; a new tag then shows among the project’s tags and in filters', async () => {
    const run = await editable(N.DEMO_PREEMPTED_RUN_ID);
    const start = (await edits.runEditState(ref(N.DEMO_PREEMPTED_RUN_ID))).tags;
    const added = await edits.setRunTags(run, [...start, 'edited-from-vscode', 'baseline']);
    expect(added.tags).toEqual([...new Set([...start, 'edited-from-vscode', 'baseline'])]);
    expect(await edits.projectTags({ entity: N.DEMO_USER, project: N.DEMO_PROJECT })).toContain('edited-from-vscode');
    const tagged = await api.runs({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, filters: { tags: 'edited-from-vscode' } }, { first: 5 });
    expect(tagged.items.map((r) => r.runId)).toEqual([N.DEMO_PREEMPTED_RUN_ID]);
    const removed = await edits.setRunTags(run, added.tags.filter((t) => t !== 'edited-from-vscode'));
    expect(removed.tags).not.toContain('edited-from-vscode');
    expect((await api.run(ref(N.DEMO_PREEMPTED_RUN_ID))).tags).toEqual(removed.tags);
  });

  it('refuses an unknown run and a project that does not exist', async () => {
    expect((await failure(edits.setRunTags({ ...ref('nope0000'), id: 'UnVuOnYxOm5vcGUwMDAwOng6eQ==' }, ['a']))).kind).toBe('graphql');
    expect((await failure(edits.projectTags({ entity: N.DEMO_USER, project: 'no-such-project' }))).kind).toBe('notFound');
  });
});

describe('stopRun', () => {
  it('asks the running run to stop (the SDK sees shouldStop)', async () => {
    const run = await editable(N.DEMO_LIVE_RUN_ID);
    await edits.stopRun(run);
    const sent = srv.requests.filter((r) => r.operationName === 'StopRun');
    expect(sent.map((r) => r.variables)).toEqual([{ id: run.id }]);
    expect(srv.store.runsById.get(run.id)?.stopRequested).toBe(true);
  });

  it('refuses a run that is not running, with the reason', async () => {
    const run = await editable(N.DEMO_RUN_ID);
    const e = await failure(edits.stopRun(run));
    expect(e.kind).toBe('graphql');
    expect(e.message).toMatch(/not running/);
  });
});

describe('sweep configuration', () => {
  it('reads the configuration and shows it as YAML', async () => {
    const s = await edits.sweepConfig({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, sweepId: N.DEMO_SWEEP_ID });
    const parsed = parseYaml(s.yaml);
    expect(parsed.method).toBe('bayes');
    expect(parsed.metric).toEqual({ name: 'val/loss', goal: 'minimize' });
    expect(Object.keys(parsed.parameters)).toContain('batch_size');
  });

  it('an unknown sweep is notFound', async () => {
    expect((await failure(edits.sweepConfig({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, sweepId: 'nosweep1' }))).kind).toBe('notFound');
  });
});
