import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BASE_URL,
  checkApiKeyShape,
  globalSettingsPath,
  netrcKeyFor,
  netrcPaths,
  normalizeBaseUrl,
  parseNetrc,
  parseWandbSettings,
  resolveApiKey,
  resolveBaseUrl,
} from '../../src/api/credentials';
import { appUrlFor, parseRunPath, runWebUrl } from '../../src/api/urls';

const KEY_A = 'a'.repeat(40);
const KEY_B = 'b'.repeat(40);

describe('base URL precedence', () => {
  const ws = '[default]\nbase_url = https://ws.example.com/\n';
  const glob = '[default]\nbase_url=https://global.example.com\nentity = team\n';

  it('setting beats everything', () => {
    expect(resolveBaseUrl({ setting: 'https://set.example.com', env: 'https://env.example.com', workspaceSettings: ws, globalSettings: glob })).toEqual({
      value: 'https://set.example.com',
      source: 'setting',
    });
  });
  it('then WANDB_BASE_URL', () => {
    expect(resolveBaseUrl({ setting: '  ', env: 'https://env.example.com/', workspaceSettings: ws, globalSettings: glob })).toEqual({
      value: 'https://env.example.com',
      source: 'env',
    });
  });
  it('then the workspace wandb/settings', () => {
    expect(resolveBaseUrl({ workspaceSettings: ws, globalSettings: glob })).toEqual({ value: 'https://ws.example.com', source: 'workspaceSettings' });
  });
  it('then the global settings file', () => {
    expect(resolveBaseUrl({ workspaceSettings: '[default]\nproject = x\n', globalSettings: glob })).toEqual({
      value: 'https://global.example.com',
      source: 'globalSettings',
    });
  });
  it('then https://api.wandb.ai', () => {
    expect(resolveBaseUrl({})).toEqual({ value: DEFAULT_BASE_URL, source: 'default' });
  });
  it('skips unusable values instead of failing', () => {
    expect(resolveBaseUrl({ setting: 'not a url', env: 'ftp://x' }).source).toBe('default');
  });
  it('maps any wandb.ai host to the API host and keeps paths and ports of self-hosted servers', () => {
    expect(normalizeBaseUrl('https://wandb.ai/')).toBe('https://api.wandb.ai');
    expect(normalizeBaseUrl('https://api.wandb.ai')).toBe('https://api.wandb.ai');
    expect(normalizeBaseUrl('http://10.0.0.5:8080/')).toBe('http://10.0.0.5:8080');
    expect(normalizeBaseUrl('https://corp.example.com/wandb/')).toBe('https://corp.example.com/wandb');
  });
  it('reads only the [default] section of a settings file', () => {
    expect(parseWandbSettings('[other]\nbase_url=x\n[default]\n# c\nentity = me\nproject: p\n')).toEqual({ entity: 'me', project: 'p' });
  });
  it('finds the global settings file like the CLI', () => {
    expect(globalSettingsPath({ WANDB_CONFIG_DIR: '/cfg/' }, '/home/u')).toBe('/cfg/settings');
    expect(globalSettingsPath({}, '/home/u')).toBe('/home/u/.config/wandb/settings');
  });
});

describe('API key precedence', () => {
  const netrc = `machine api.wandb.ai\n  login user\n  password ${KEY_B}\nmachine localhost:8080 login user password ${KEY_A}\n`;

  it('SecretStorage beats WANDB_API_KEY and netrc', () => {
    expect(resolveApiKey('https://api.wandb.ai', { stored: KEY_A, env: KEY_B, netrcTexts: [netrc] })).toEqual({ value: KEY_A, source: 'secretStorage' });
  });
  it('then WANDB_API_KEY', () => {
    expect(resolveApiKey('https://api.wandb.ai', { env: ` ${KEY_A} `, netrcTexts: [netrc] })).toEqual({ value: KEY_A, source: 'env' });
  });
  it('then the netrc entry for the host', () => {
    expect(resolveApiKey('https://api.wandb.ai', { netrcTexts: [netrc] })).toEqual({ value: KEY_B, source: 'netrc' });
  });
  it('matches host with port, as wandb login writes it', () => {
    expect(netrcKeyFor('http://localhost:8080', netrc)).toBe(KEY_A);
    expect(netrcKeyFor('http://localhost:9999', netrc)).toBeUndefined();
  });
  it('uses the first netrc file that has an entry', () => {
    expect(resolveApiKey('https://api.wandb.ai', { netrcTexts: ['machine other.host password x', netrc] })?.value).toBe(KEY_B);
  });
  it('falls back to a netrc default entry', () => {
    expect(netrcKeyFor('https://wandb.example.com', `default login x password ${KEY_A}`)).toBe(KEY_A);
  });
  it('gives nothing when no source has a key', () => {
    expect(resolveApiKey('https://api.wandb.ai', { stored: '', env: '  ', netrcTexts: [] })).toBeUndefined();
  });
  it('parses netrc with comments and macdef', () => {
    expect(parseNetrc('# comment password nope\nmachine h login l password p\nmacdef init\nmachine g password q')).toEqual([
      { machine: 'h', login: 'l', password: 'p' },
      { machine: 'g', password: 'q' },
    ]);
  });
  it('orders netrc paths like the CLI', () => {
    expect(netrcPaths({ NETRC: '/x/netrc' }, '/home/u')).toEqual(['/x/netrc', '/home/u/.netrc', '/home/u/_netrc']);
  });
  it('checks the shape of a key before any request', () => {
    expect(checkApiKeyShape(KEY_A)).toBeUndefined();
    expect(checkApiKeyShape(`local-${'0123456789abcdef'.repeat(3)}`)).toBeUndefined();
    expect(checkApiKeyShape('short')).toMatch(/does not look like/);
    expect(checkApiKeyShape('')).toMatch(/empty/);
    expect(checkApiKeyShape(`${KEY_A} x`)).toMatch(/spaces/);
  });
});

describe('web URLs', () => {
  it('derives the app URL as the SDK does', () => {
    expect(appUrlFor('https://api.wandb.ai')).toBe('https://wandb.ai');
    expect(appUrlFor('https://api.corp.example.com')).toBe('https://app.corp.example.com');
    expect(appUrlFor('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(appUrlFor('https://api.wandb.ai', 'https://ui.example.com/')).toBe('https://ui.example.com');
  });
  it('quotes every path segment', () => {
    expect(runWebUrl('https://wandb.ai', 'my team', 'p/q', 'ab?c')).toBe('https://wandb.ai/my%20team/p%2Fq/runs/ab%3Fc');
  });
  it('parses run paths and run URLs', () => {
    expect(parseRunPath('e/p/r1')).toEqual({ entity: 'e', project: 'p', runId: 'r1' });
    expect(parseRunPath('https://wandb.ai/e/p/runs/r1?workspace=user-e')).toEqual({ entity: 'e', project: 'p', runId: 'r1' });
    expect(parseRunPath('e/p/runs/r1')).toEqual({ entity: 'e', project: 'p', runId: 'r1' });
    expect(parseRunPath('e/p')).toBeUndefined();
    expect(parseRunPath('https://wandb.ai/e/p/workspace')).toBeUndefined();
  });
});
