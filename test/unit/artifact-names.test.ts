import { describe, expect, it } from 'vitest';
import { artifactNameDefaults, parseArtifactName } from '../../src/api/artifact-names';

const D = { entity: 'alice', project: 'mnist' };

describe('artifact names as Api.artifact takes them', () => {
  // [input, entity, project, name, alias] or [input, reason fragment]
  const accepted: Array<[string, string, string, string, string]> = [
    ['mnist-data:v3', 'alice', 'mnist', 'mnist-data', 'v3'],
    ['mnist-data', 'alice', 'mnist', 'mnist-data', 'latest'],
    ['  mnist-data:best  ', 'alice', 'mnist', 'mnist-data', 'best'],
    ['cifar/resnet18:latest', 'alice', 'cifar', 'resnet18', 'latest'],
    ['team/cifar/resnet18:v0', 'team', 'cifar', 'resnet18', 'v0'],
    ['team/cifar/resnet18', 'team', 'cifar', 'resnet18', 'latest'],
    // The alias is everything after the first ":" (ArtifactPath.from_str).
    ['team/cifar/resnet18:a:b', 'team', 'cifar', 'resnet18', 'a:b'],
    ['wandb-artifact:///team/cifar/resnet18:best', 'team', 'cifar', 'resnet18', 'best'],
    ['https://wandb.ai/team/cifar/artifacts/model/resnet18/v1', 'team', 'cifar', 'resnet18', 'v1'],
    ['https://wandb.ai/team/cifar/artifacts/model/resnet18/v1/files?tab=x', 'team', 'cifar', 'resnet18', 'v1'],
    ['https://wandb.ai/team/cifar/artifacts/model/res%20net/latest/metadata', 'team', 'cifar', 'res net', 'latest'],
    ['http://localhost:8080/prefix/team/cifar/artifacts/dataset/raw/v0', 'team', 'cifar', 'raw', 'v0'],
  ];
  it.each(accepted)('%s → %s/%s/%s:%s', (input, entity, project, name, alias) => {
    expect(parseArtifactName(input, D)).toEqual({ ok: true, artifact: { entity, project, name, alias } });
  });

  const refused: Array<[string, string]> = [
    ['', 'Type an artifact name'],
    ['a/b/c/d:v1', 'too many'],
    ['a//c:v1', 'empty part'],
    ['mnist data:v1', 'space'],
    ['mnist-data:', 'no alias'],
    ['https://wandb.ai/team/cifar/runs/abc', 'not an artifact version page'],
    ['https://wandb.ai/team/cifar/artifacts/model/resnet18', 'not an artifact version page'],
  ];
  it.each(refused)('refuses %j (%s)', (input, reason) => {
    const p = parseArtifactName(input, D);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toContain(reason);
  });

  it('needs an entity when nothing gives one', () => {
    expect(parseArtifactName('mnist-data:v1', { project: 'uncategorized' })).toMatchObject({ ok: false, reason: expect.stringContaining('No entity') });
    expect(parseArtifactName('e/p/mnist-data:v1', { project: 'uncategorized' })).toMatchObject({ ok: true });
  });
});

describe('default entity and project, in the SDK order', () => {
  const ws = '[default]\nentity = ws-team\nproject = ws-proj\n';
  const global = '[default]\nentity = g-team\nproject = g-proj\nbase_url = https://api.wandb.ai\n';
  const cases: Array<[string, Parameters<typeof artifactNameDefaults>[0], { entity?: string; project: string }]> = [
    ['environment first', { env: { WANDB_ENTITY: 'env-e', WANDB_PROJECT: 'env-p' }, workspaceSettings: ws, globalSettings: global, viewerEntity: 'me' }, { entity: 'env-e', project: 'env-p' }],
    ['then the workspace wandb/settings', { env: {}, workspaceSettings: ws, globalSettings: global, defaultProject: 'dp-e/dp-p', viewerEntity: 'me' }, { entity: 'ws-team', project: 'ws-proj' }],
    ['then the global settings', { workspaceSettings: '[default]\n', globalSettings: global, viewerEntity: 'me' }, { entity: 'g-team', project: 'g-proj' }],
    ['then the defaultProject setting', { defaultProject: 'dp-e/dp-p', viewerEntity: 'me' }, { entity: 'dp-e', project: 'dp-p' }],
    ['then the viewer and uncategorized', { viewerEntity: 'me' }, { entity: 'me', project: 'uncategorized' }],
    ['parts from different places', { workspaceSettings: '[default]\nproject = ws-proj\n', viewerEntity: 'me' }, { entity: 'me', project: 'ws-proj' }],
    ['nothing known', {}, { entity: undefined, project: 'uncategorized' }],
  ];
  it.each(cases)('%s', (_name, src, want) => {
    expect(artifactNameDefaults(src)).toEqual(want);
  });
});
