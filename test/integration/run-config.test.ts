/**
 * A run's config over HTTP, in every shape the SDK's reader takes: `Run.config` as the service
 * stores it (`{key: {value}}` from wandb-core, `{key: {desc, value}}` from the Python sender and
 * the public API's `Run.update`) and the run's `config.yaml` in its SDK's dialect, read by our
 * client to the same entries.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WandbApi } from '../../src/api/wandb-api';
import type { RunRef } from '../../src/api/model/run';
import { decodeConfigYaml } from '../../src/local/run-files';
import * as N from '../server/demo-names';
import { gqlData } from '../server/testing';
import { apiFor, useDevServer, withDevServer } from './dev-server';

const EXAMPLE = fileURLToPath(new URL('../server/fixtures/example', import.meta.url));
const srv = useDevServer();

/** The stored config (decoded JSON string), the `config.yaml` text, and what our client reads from each. */
async function readConfig(server: { baseUrl: string; apiKey: string }, ref: RunRef) {
  const api: WandbApi = apiFor(server);
  const d = await gqlData(server, `{ project(name: "${ref.project}", entityName: "${ref.entity}") { run(name: "${ref.runId}") { config } } }`);
  const files = await api.runFiles(ref, { first: 10, names: ['config.yaml'] });
  const yaml = await (await fetch(files.items[0]!.directUrl!)).text();
  return { stored: JSON.parse(d.project.run.config), yaml, client: (await api.run(ref)).config, fromYaml: decodeConfigYaml(yaml) };
}

describe('run config', () => {
  it('a wandb-core run: {key: {value}} stored, config.yaml sorted, four-space indents, no version line', async () => {
    const c = await readConfig(srv, { entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: N.DEMO_RUN_ID });
    for (const entry of Object.values(c.stored)) expect(Object.keys(entry as object)).toEqual(['value']);
    expect(c.yaml).not.toContain('wandb_version');
    expect(c.yaml).not.toMatch(/^ {2}desc:/m);
    expect(c.yaml).toMatch(/^_wandb:\n {4}value:\n {8}\S/);
    const topKeys = [...c.yaml.matchAll(/^(\S[^:]*):/gm)].map((m) => m[1]!);
    expect(topKeys).toEqual(Object.keys(c.stored).sort());
    expect(Object.keys(c.client).sort()).toEqual(topKeys);
    expect(c.fromYaml).toEqual(c.client);
    expect(c.client._wandb!.value).toMatchObject({ cli_version: '0.19.8' });
  });

  it('an older run (Python sender): {key: {desc, value}} stored, config.yaml after `wandb_version: 1`, in the order set', async () => {
    await withDevServer({ data: EXAMPLE }, async (fx) => {
      const c = await readConfig(fx, { entity: 'fixture-user', project: 'demo', runId: 'run00001' });
      expect(c.stored).toEqual({ lr: { desc: null, value: 0.01 }, optimizer: { desc: null, value: { name: 'sgd', momentum: 0.9 } }, epochs: { value: 3, desc: 'already wrapped' } });
      expect(c.yaml.startsWith('wandb_version: 1\n\nlr:\n  desc: null\n  value: 0.01\noptimizer:\n')).toBe(true);
      expect(c.client).toEqual({ lr: { value: 0.01 }, optimizer: { value: { name: 'sgd', momentum: 0.9 } }, epochs: { value: 3, desc: 'already wrapped' } });
      expect(c.fromYaml).toEqual(c.client);
      // A fixture run given plain values is stored as wandb-core sends them.
      const plain = await readConfig(fx, { entity: 'fixture-user', project: 'demo', runId: 'run00002' });
      expect(plain.stored).toEqual({ lr: { value: 0.1 } });
      expect(plain.yaml).toBe('lr:\n    value: 0.1\n');
      expect(plain.client).toEqual({ lr: { value: 0.1 } });
      expect(plain.fromYaml).toEqual(plain.client);
    });
  });

  it('reads an entry as the SDK does (any object holding `value`), whatever else it carries', async () => {
    const ref = { entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: N.DEMO_FAILED_RUN_ID };
    const id = (await gqlData(srv, `{ project(name: "${ref.project}", entityName: "${ref.entity}") { run(name: "${ref.runId}") { id } } }`)).project.run.id;
    // The public API's Run.update sends every key as {value, desc: null} (Run.json_config).
    const config = { lr: { value: 0.5, desc: null }, extra: { value: 2, desc: null, note: 'kept by the service' }, plain: 3 };
    await gqlData(srv, `mutation U($input: UpsertBucketInput!) { upsertBucket(input: $input) { inserted } }`, { input: { id, config: JSON.stringify(config) } });
    const c = await readConfig(srv, ref);
    expect(c.stored).toEqual({ lr: { value: 0.5, desc: null }, extra: { value: 2, desc: null, note: 'kept by the service' }, plain: { value: 3 } });
    expect(c.client).toEqual({ lr: { value: 0.5 }, extra: { value: 2 }, plain: { value: 3 } });
  });
});
