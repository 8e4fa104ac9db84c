/**
 * Artifact administration through WandbEdits against the dev server: aliases (add, move,
 * remove), description, and deleting a version (refused while it has aliases, as W&B does).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbEdits } from '../../src/api/edits';
import { WandbError } from '../../src/api/errors';
import type { ArtifactVersion } from '../../src/api/model/artifacts';
import * as N from '../server/demo-names';
import { failure } from './expect-failure';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
let edits: WandbEdits;

const version = (collection: string, alias: string): Promise<ArtifactVersion> =>
  api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: collection, alias });

/** A deleted version is either not found any more or says DELETED (servers differ). */
async function gone(v: ArtifactVersion): Promise<boolean> {
  try {
    return (await edits.artifactState(v)).state === 'DELETED';
  } catch (e) {
    return e instanceof WandbError && e.kind === 'notFound';
  }
}


beforeAll(async () => {
  const client = clientFor(srv, { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 } });
  api = new WandbApi(client);
  edits = new WandbEdits(client);
});

describe('aliases (addAliases / deleteAliases)', () => {
  it('adds an alias: the version lists it, and name:alias resolves to it', async () => {
    const v1 = await version(N.DEMO_MODEL_COLLECTION, 'v1');
    const now = await edits.addAlias(v1, 'candidate');
    expect(now).toContain('candidate');
    expect(now.some((a) => /^v\d+$/.test(a))).toBe(false);
    expect((await version(N.DEMO_MODEL_COLLECTION, 'candidate')).versionIndex).toBe(1);
    expect((await edits.artifactState(v1)).aliases).toContain('candidate');
  });

  it('moving an alias takes it off the version that had it', async () => {
    const v1 = await version(N.DEMO_MODEL_COLLECTION, 'v1');
    const prodBefore = await version(N.DEMO_MODEL_COLLECTION, 'production');
    expect(prodBefore.versionIndex).toBe(2);
    await edits.addAlias(v1, 'production');
    expect((await edits.artifactState(prodBefore)).aliases).not.toContain('production');
    expect((await version(N.DEMO_MODEL_COLLECTION, 'production')).versionIndex).toBe(1);
  });

  it('removes an alias', async () => {
    const v1 = await version(N.DEMO_MODEL_COLLECTION, 'v1');
    await edits.removeAlias(v1, 'candidate');
    expect((await edits.artifactState(v1)).aliases).not.toContain('candidate');
    await expect(version(N.DEMO_MODEL_COLLECTION, 'candidate')).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('refuses removing an alias the version does not have, with the reason', async () => {
    const v0 = await version(N.DEMO_MODEL_COLLECTION, 'v0');
    const e = await failure(edits.removeAlias(v0, 'best'));
    expect(e.kind).toBe('graphql');
    expect(e.message).toMatch(/does not point at this artifact/);
  });

  it('refuses a reserved vN alias before asking the server', async () => {
    const v0 = await version(N.DEMO_MODEL_COLLECTION, 'v0');
    expect((await failure(edits.addAlias(v0, 'v9'))).kind).toBe('badRequest');
    expect(srv.requests.filter((r) => r.operationName === 'AddArtifactAlias')).toHaveLength(0);
  });

  it('a permission refusal (HTTP 403) is a forbidden error', async () => {
    const v0 = await version(N.DEMO_MODEL_COLLECTION, 'v0');
    srv.faults.add({ operationName: 'AddArtifactAlias', kind: 'status', status: 403, body: JSON.stringify({ errors: [{ message: 'permission denied' }] }) });
    const e = await failure(edits.addAlias(v0, 'nope'));
    expect(e.kind).toBe('forbidden');
    expect((await edits.artifactState(v0)).aliases).not.toContain('nope');
  });
});

describe('description (updateArtifact)', () => {
  it('sets and clears the description', async () => {
    const v = await version(N.DEMO_DATASET_COLLECTION, 'v0');
    expect(await edits.setArtifactDescription(v, 'Raw MNIST, <b>first</b> cut ✓')).toBe('Raw MNIST, <b>first</b> cut ✓');
    expect((await version(N.DEMO_DATASET_COLLECTION, 'v0')).description).toBe('Raw MNIST, <b>first</b> cut ✓');
    const sent = srv.requests.filter((r) => r.operationName === 'SetArtifactDescription');
    expect(sent[0]!.variables).toEqual({ artifactId: v.id, description: 'Raw MNIST, <b>first</b> cut ✓' });
    expect(await edits.setArtifactDescription(v, '')).toBeUndefined();
  });

  it('refuses an unknown artifact', async () => {
    const v = await version(N.DEMO_DATASET_COLLECTION, 'v0');
    const e = await failure(edits.setArtifactDescription({ ...v, id: 'QXJ0aWZhY3Q6OTk5OTk5OQ==' }, 'x'));
    expect(e.kind).toBe('graphql');
  });
});

describe('delete (deleteArtifact)', () => {
  it('refuses while the version has aliases, and deletes it with them when asked', async () => {
    const best = await version(N.DEMO_MODEL_COLLECTION, 'best');
    const e = await failure(edits.deleteArtifactVersion(best, { deleteAliases: false }));
    expect(e.kind).toBe('graphql');
    expect(e.message).toMatch(/has aliases/);
    expect((await edits.artifactState(best)).state).toBe('COMMITTED');
    await edits.deleteArtifactVersion(best, { deleteAliases: true });
    expect(await gone(best)).toBe(true);
    const listed = await api.artifactVersions({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, type: N.DEMO_MODEL_TYPE, collection: N.DEMO_MODEL_COLLECTION }, { first: 50 });
    expect(listed.items.map((x) => x.version)).not.toContain(best.version);
  });

  it('deletes a version without aliases', async () => {
    const v0 = await version(N.DEMO_MODEL_COLLECTION, 'v0');
    expect((await edits.artifactState(v0)).aliases).toEqual([]);
    await edits.deleteArtifactVersion(v0, { deleteAliases: false });
    expect(await gone(v0)).toBe(true);
    // Deleting it again is refused (it no longer exists).
    expect((await failure(edits.deleteArtifactVersion(v0, { deleteAliases: false }))).kind).toBe('graphql');
  });
});
