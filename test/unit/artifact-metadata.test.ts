// View Metadata asks the server for one version's metadata (tree rows are listed without it).
import { describe, expect, it } from 'vitest';
import type { WandbClient } from '../../src/api/client';
import { WandbError } from '../../src/api/errors';
import { ARTIFACT_METADATA } from '../../src/api/queries';
import { WandbApi } from '../../src/api/wandb-api';

function apiAnswering(artifact: unknown): { api: WandbApi; asked: Array<{ operation: string; vars: unknown }> } {
  const asked: Array<{ operation: string; vars: unknown }> = [];
  const client = {
    host: 'wandb.test',
    request: async (doc: { operationName: string }, vars: unknown) => {
      asked.push({ operation: doc.operationName, vars });
      return { artifact };
    },
  } as unknown as WandbClient;
  return { api: new WandbApi(client), asked };
}

describe('WandbApi.artifactMetadata', () => {
  it('asks for the version by id and parses its metadata JSON', async () => {
    const { api, asked } = apiAnswering({ id: 'QXJ0aWZhY3Q6NQ==', metadata: '{"epoch": 20, "framework": "pytorch", "val/loss": 0.05}' });
    expect(await api.artifactMetadata('QXJ0aWZhY3Q6NQ==')).toEqual({ epoch: 20, framework: 'pytorch', 'val/loss': 0.05 });
    expect(asked).toEqual([{ operation: ARTIFACT_METADATA.operationName, vars: { id: 'QXJ0aWZhY3Q6NQ==' } }]);
  });

  it('gives an empty object for a version without metadata', async () => {
    expect(await apiAnswering({ id: 'a', metadata: null }).api.artifactMetadata('a')).toEqual({});
  });

  it('says the version is gone when the server does not know it', async () => {
    await expect(apiAnswering(null).api.artifactMetadata('gone')).rejects.toBeInstanceOf(WandbError);
  });
});
