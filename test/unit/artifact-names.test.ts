import { describe, expect, it } from 'vitest';
import { artifactNameDefaults, orgEntityFor, parseArtifactName, type EntityOrgs } from '../../src/api/artifact-names';

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

  // W&B Registry names (`Api._artifact`, `ArtifactPath.is_registry_path`): the first of three
  // parts is the organization, else the settings' organization; no entity is filled in.
  const registry: Array<[string, string | undefined, string, string, string]> = [
    ['acme/wandb-registry-model/classifier:champion', 'acme', 'wandb-registry-model', 'classifier', 'champion'],
    ['acme-org-entity/wandb-registry-dataset/mnist', 'acme-org-entity', 'wandb-registry-dataset', 'mnist', 'latest'],
    ['wandb-registry-model/classifier:v2', undefined, 'wandb-registry-model', 'classifier', 'v2'],
    ['wandb-artifact:///acme/wandb-registry-model/classifier:v0', 'acme', 'wandb-registry-model', 'classifier', 'v0'],
  ];
  it.each(registry)('registry name %s → org %s, %s/%s:%s', (input, organization, project, name, alias) => {
    expect(parseArtifactName(input, D)).toEqual({ ok: true, registry: { ...(organization ? { organization } : {}), project, name, alias } });
  });

  it('a two-part registry name takes the settings organization; a bare name in a registry project too', () => {
    expect(parseArtifactName('wandb-registry-model/classifier:v2', { ...D, organization: 'acme' })).toEqual({ ok: true, registry: { organization: 'acme', project: 'wandb-registry-model', name: 'classifier', alias: 'v2' } });
    expect(parseArtifactName('classifier', { entity: 'alice', project: 'wandb-registry-model' })).toEqual({ ok: true, registry: { project: 'wandb-registry-model', name: 'classifier', alias: 'latest' } });
    // Only the prefix makes a registry: a project merely containing the word is an ordinary one.
    expect(parseArtifactName('team/my-wandb-registry-model/x:v1', D)).toEqual({ ok: true, artifact: { entity: 'team', project: 'my-wandb-registry-model', name: 'x', alias: 'v1' } });
  });

  it('needs an entity when nothing gives one', () => {
    expect(parseArtifactName('mnist-data:v1', { project: 'uncategorized' })).toMatchObject({ ok: false, reason: expect.stringContaining('No entity') });
    expect(parseArtifactName('e/p/mnist-data:v1', { project: 'uncategorized' })).toMatchObject({ ok: true });
  });
});

describe("a registry's entity: the organization's own, picked as the SDK's _resolve_org_info does", () => {
  const acme = { name: 'Acme', entityName: 'acme-org' };
  const beta = { name: 'Beta', entityName: 'beta-org' };
  const cases: Array<[string, EntityOrgs, string | undefined, string]> = [
    ["a team's organization, unnamed", { teamOrg: acme, userOrgs: [] }, undefined, 'acme-org'],
    ["a team's organization by name", { teamOrg: acme, userOrgs: [] }, 'Acme', 'acme-org'],
    ["a team's organization by its entity's name", { teamOrg: acme, userOrgs: [] }, 'acme-org', 'acme-org'],
    ["a user's only organization, unnamed", { userOrgs: [acme] }, undefined, 'acme-org'],
    ["a user's organization among several, by name", { userOrgs: [acme, beta] }, 'Beta', 'beta-org'],
    ["a user's organization among several, by entity name", { userOrgs: [acme, beta] }, 'beta-org', 'beta-org'],
  ];
  it.each(cases)('%s', (_name, orgs, org, want) => {
    expect(orgEntityFor(orgs, 'alice', org)).toEqual({ ok: true, entity: want });
  });

  const refused: Array<[string, EntityOrgs, string | undefined, string]> = [
    ['a user of several organizations names none', { userOrgs: [acme, beta] }, undefined, 'several organizations (Acme, Beta)'],
    ["the name is not the user's only organization", { userOrgs: [acme] }, 'Gamma', 'is not alice\'s organization, "Acme"'],
    ['the name matches none of several', { userOrgs: [acme, beta] }, 'Gamma', 'matches none'],
    ['no organization at all', { userOrgs: [] }, undefined, 'No organization'],
    ["the team's organization is another one", { teamOrg: acme, userOrgs: [] }, 'Beta', 'No organization'],
  ];
  it.each(refused)('refuses: %s', (_name, orgs, org, reason) => {
    const r = orgEntityFor(orgs, 'alice', org);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('default entity and project, in the SDK order', () => {
  const ws = '[default]\nentity = ws-team\nproject = ws-proj\n';
  const global = '[default]\nentity = g-team\nproject = g-proj\nbase_url = https://api.wandb.ai\n';
  const cases: Array<[string, Parameters<typeof artifactNameDefaults>[0], { entity?: string; project: string; organization?: string }]> = [
    ['environment first', { env: { WANDB_ENTITY: 'env-e', WANDB_PROJECT: 'env-p' }, workspaceSettings: ws, globalSettings: global, viewerEntity: 'me' }, { entity: 'env-e', project: 'env-p' }],
    ['then the workspace wandb/settings', { env: {}, workspaceSettings: ws, globalSettings: global, defaultProject: 'dp-e/dp-p', viewerEntity: 'me' }, { entity: 'ws-team', project: 'ws-proj' }],
    ['then the global settings', { workspaceSettings: '[default]\n', globalSettings: global, viewerEntity: 'me' }, { entity: 'g-team', project: 'g-proj' }],
    ['then the defaultProject setting', { defaultProject: 'dp-e/dp-p', viewerEntity: 'me' }, { entity: 'dp-e', project: 'dp-p' }],
    ['then the viewer and uncategorized', { viewerEntity: 'me' }, { entity: 'me', project: 'uncategorized' }],
    ['parts from different places', { workspaceSettings: '[default]\nproject = ws-proj\n', viewerEntity: 'me' }, { entity: 'me', project: 'ws-proj' }],
    ['nothing known', {}, { entity: undefined, project: 'uncategorized' }],
    ['the organization: environment, then the settings files', { env: { WANDB_ORGANIZATION: 'env-org' }, workspaceSettings: '[default]\norganization = ws-org\n', viewerEntity: 'me' }, { entity: 'me', project: 'uncategorized', organization: 'env-org' }],
    ['the organization from the global settings', { globalSettings: '[default]\norganization = g-org\n', viewerEntity: 'me' }, { entity: 'me', project: 'uncategorized', organization: 'g-org' }],
  ];
  it.each(cases)('%s', (_name, src, want) => {
    expect(artifactNameDefaults(src)).toEqual(want);
  });
});
