/* eslint-disable @typescript-eslint/no-explicit-any -- raw GraphQL JSON answers are untyped on purpose */
/**
 * Mutations the extension's editing features use: success and W&B-style refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as N from '../server/demo-names';
import { gql, gqlData } from '../server/testing';
import { useDevServer } from './dev-server';

const srv = useDevServer();
const P = `project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}")`;

beforeAll(async () => {
});

async function runId(name: string): Promise<string> {
  return (await gqlData(srv, `{ ${P} { run(name: "${name}") { id } } }`)).project.run.id;
}

async function artifact(name: string) {
  return (await gqlData(srv, `{ ${P} { artifact(name: "${name}") { id versionIndex description metadata state aliases { alias } } } }`)).project.artifact;
}

describe('upsertBucket', () => {
  it('renames, edits notes, tags and config of a run', async () => {
    const id = await runId(N.DEMO_FAILED_RUN_ID);
    const d = await gqlData(
      srv,
      `mutation UpsertRun($input: UpsertBucketInput!) { upsertBucket(input: $input) { inserted bucket { id name displayName notes tags config } } }`,
      {
        input: {
          id,
          displayName: 'renamed <b>run</b>',
          notes: 'new notes ✓',
          tags: ['edited', 'kept'],
          config: JSON.stringify({ lr: { value: 0.5, desc: null }, plain: 3 }),
        },
      },
    );
    expect(d.upsertBucket.inserted).toBe(false);
    expect(d.upsertBucket.bucket).toMatchObject({ id, name: N.DEMO_FAILED_RUN_ID, displayName: 'renamed <b>run</b>', notes: 'new notes ✓', tags: ['edited', 'kept'] });
    expect(JSON.parse(d.upsertBucket.bucket.config)).toEqual({ lr: { value: 0.5, desc: null }, plain: { value: 3 } });
    const filtered = await gqlData(srv, `{ ${P} { runCount(filters: "{\\"tags\\": \\"edited\\"}") } }`);
    expect(filtered.project.runCount).toBe(1);
  });

  it('refuses an unknown run id and bad config JSON', async () => {
    const q = `mutation U($input: UpsertBucketInput!) { upsertBucket(input: $input) { bucket { id } } }`;
    const unknown = await gql(srv, q, { input: { id: 'UnVuOnYxOm5vcGU6bm9wZTpub3Bl', notes: 'x' } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors![0]!.message).toMatch(/run not found/);
    const bad = await gql(srv, q, { input: { id: await runId(N.DEMO_FAILED_RUN_ID), config: '{nope' } });
    expect(bad.body.errors![0]!.message).toMatch(/invalid config/);
  });

  it('rejects input fields the schema does not have', async () => {
    const r = await gql(srv, `mutation { upsertBucket(input: { id: "x", colour: "red" }) { bucket { id } } }`);
    expect(r.status).toBe(200);
    expect(r.body.errors![0]!.message).toBe('Field "colour" is not defined by type "UpsertBucketInput".');
  });
});

describe('stopRun', () => {
  it('asks a running run to stop and refuses a finished one', async () => {
    const live = await runId(N.DEMO_LIVE_RUN_ID);
    const ok = await gqlData(srv, `mutation Stop($id: ID!) { stopRun(input: { id: $id }) { success } }`, { id: live });
    expect(ok.stopRun.success).toBe(true);
    const after = await gqlData(srv, `{ ${P} { run(name: "${N.DEMO_LIVE_RUN_ID}") { shouldStop state } } }`);
    expect(after.project.run.shouldStop).toBe(true);
    const refused = await gql(srv, `mutation Stop($id: ID!) { stopRun(input: { id: $id }) { success } }`, { id: await runId(N.DEMO_RUN_ID) });
    expect(refused.status).toBe(200);
    expect(refused.body.errors![0]!.message).toMatch(/is not running/);
    expect(refused.body.data).toEqual({ stopRun: null });
  });
});

describe('aliases and artifacts', () => {
  const alias = (a: string) => ({ alias: a, artifactCollectionName: N.DEMO_MODEL_COLLECTION, entityName: N.DEMO_USER, projectName: N.DEMO_PROJECT });

  it('adds and deletes aliases; an alias moves between versions', async () => {
    const v1 = await artifact(`${N.DEMO_MODEL_COLLECTION}:v1`);
    const add = await gqlData(srv, `mutation Add($input: AddAliasesInput!) { addAliases(input: $input) { success aliases { alias } } }`, {
      input: { artifactID: v1.id, aliases: [alias('candidate'), alias('production')] },
    });
    expect(add.addAliases.success).toBe(true);
    expect((await artifact(`${N.DEMO_MODEL_COLLECTION}:production`)).versionIndex).toBe(1);
    expect((await artifact(`${N.DEMO_MODEL_COLLECTION}:v2`)).aliases.map((a: any) => a.alias)).toEqual(['v2']);
    const del = await gqlData(srv, `mutation Del($input: DeleteAliasesInput!) { deleteAliases(input: $input) { success } }`, {
      input: { artifactID: v1.id, aliases: [alias('candidate')] },
    });
    expect(del.deleteAliases.success).toBe(true);
    expect(await artifact(`${N.DEMO_MODEL_COLLECTION}:candidate`)).toBeNull();
  });

  it('refuses reserved and malformed aliases and deleting an alias the version lacks', async () => {
    const v0 = await artifact(`${N.DEMO_MODEL_COLLECTION}:v0`);
    const add = (a: string) =>
      gql(srv, `mutation Add($input: AddAliasesInput!) { addAliases(input: $input) { success } }`, { input: { artifactID: v0.id, aliases: [alias(a)] } });
    expect((await add('v7')).body.errors![0]!.message).toMatch(/reserved/);
    expect((await add('a/b')).body.errors![0]!.message).toMatch(/invalid alias/);
    const del = await gql(srv, `mutation Del($input: DeleteAliasesInput!) { deleteAliases(input: $input) { success } }`, {
      input: { artifactID: v0.id, aliases: [alias('best')] },
    });
    expect(del.body.errors![0]!.message).toMatch(/does not point at this artifact/);
  });

  it('updates description, metadata and the alias set', async () => {
    const v0 = await artifact(`${N.DEMO_MODEL_COLLECTION}:v0`);
    const d = await gqlData(
      srv,
      `mutation Upd($input: UpdateArtifactInput!) { updateArtifact(input: $input) { artifact { id description metadata aliases { alias } } } }`,
      {
        input: {
          artifactID: v0.id,
          description: 'First checkpoint <i>(edited)</i>',
          metadata: JSON.stringify({ note: 'edited', score: 1 }),
          aliases: [{ alias: 'archived', artifactCollectionName: N.DEMO_MODEL_COLLECTION }],
        },
      },
    );
    expect(d.updateArtifact.artifact.description).toBe('First checkpoint <i>(edited)</i>');
    expect(JSON.parse(d.updateArtifact.artifact.metadata)).toEqual({ note: 'edited', score: 1 });
    expect(d.updateArtifact.artifact.aliases.map((a: any) => a.alias)).toEqual(['archived', 'v0']);
    const bad = await gql(srv, `mutation Upd($input: UpdateArtifactInput!) { updateArtifact(input: $input) { artifact { id } } }`, {
      input: { artifactID: v0.id, metadata: '[1,2' },
    });
    expect(bad.body.errors![0]!.message).toMatch(/invalid metadata/);
  });

  it('refuses to delete a version with aliases unless deleteAliases is set', async () => {
    const v3 = await artifact(`${N.DEMO_MODEL_COLLECTION}:best`);
    const q = `mutation Delete($input: DeleteArtifactInput!) { deleteArtifact(input: $input) { artifact { id state } } }`;
    const refused = await gql(srv, q, { input: { artifactID: v3.id } });
    expect(refused.status).toBe(200);
    expect(refused.body.errors![0]!.message).toMatch(/has aliases \(best\)/);
    const ok = await gqlData(srv, q, { input: { artifactID: v3.id, deleteAliases: true } });
    expect(ok.deleteArtifact.artifact.state).toBe('DELETED');
    expect(await artifact(`${N.DEMO_MODEL_COLLECTION}:best`)).toBeNull();
    expect(await artifact(`${N.DEMO_MODEL_COLLECTION}:v3`)).toBeNull();
    const versions = await gqlData(srv, `{ ${P} { artifactCollection(name: "${N.DEMO_MODEL_COLLECTION}") { artifacts(filters: "{\\"state\\":\\"COMMITTED\\"}") { totalCount edges { version } } } } }`);
    expect(versions.project.artifactCollection.artifacts.edges.map((e: any) => e.version)).toEqual(['v4', 'v2', 'v1', 'v0']);
    // deleting the latest version moves `latest` to the newest remaining one
    const v4 = await artifact(`${N.DEMO_MODEL_COLLECTION}:latest`);
    await gqlData(srv, q, { input: { artifactID: v4.id, deleteAliases: true } });
    expect((await artifact(`${N.DEMO_MODEL_COLLECTION}:latest`)).versionIndex).toBe(2);
    const again = await gql(srv, q, { input: { artifactID: v4.id, deleteAliases: true } });
    expect(again.body.errors![0]!.message).toMatch(/artifact not found/);
  });
});
