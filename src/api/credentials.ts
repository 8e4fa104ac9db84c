/**
 * Where the API key and base URL come from, as pure functions of what the caller read
 * (environment, settings files, netrc). Same order as W&B's own CLI, so `wandb login` just works.
 */
export const DEFAULT_BASE_URL = 'https://api.wandb.ai';

/** Inputs for base URL resolution, highest precedence first. */
export interface BaseUrlSources {
  /** `wandbExplorer.baseUrl` setting. */
  setting?: string;
  /** `WANDB_BASE_URL`. */
  env?: string;
  /** Text of `<workspace>/wandb/settings`. */
  workspaceSettings?: string;
  /** Text of `$WANDB_CONFIG_DIR/settings` or `~/.config/wandb/settings`. */
  globalSettings?: string;
}

export type BaseUrlSource = 'setting' | 'env' | 'workspaceSettings' | 'globalSettings' | 'default';

export interface Resolved<T, S> {
  value: T;
  source: S;
}

/** Picks the base URL: setting, `WANDB_BASE_URL`, workspace settings, global settings, default. */
export function resolveBaseUrl(src: BaseUrlSources): Resolved<string, BaseUrlSource> {
  const candidates: Array<[string | undefined, BaseUrlSource]> = [
    [src.setting, 'setting'],
    [src.env, 'env'],
    [src.workspaceSettings !== undefined ? parseWandbSettings(src.workspaceSettings).base_url : undefined, 'workspaceSettings'],
    [src.globalSettings !== undefined ? parseWandbSettings(src.globalSettings).base_url : undefined, 'globalSettings'],
  ];
  for (const [v, source] of candidates) {
    const n = v === undefined ? undefined : normalizeBaseUrl(v);
    if (n) return { value: n, source };
  }
  return { value: DEFAULT_BASE_URL, source: 'default' };
}

/**
 * Trims, drops trailing slashes, and maps any `*.wandb.ai` host to the API host (as the SDK
 * does). Returns undefined for empty or unusable values (not http(s)).
 */
export function normalizeBaseUrl(value: string): string | undefined {
  const v = value.trim().replace(/\/+$/, '');
  if (!v) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.hostname === 'wandb.ai' || u.hostname.endsWith('.wandb.ai')) return DEFAULT_BASE_URL;
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

/** Reads the `[default]` section of a W&B settings file (INI). Later keys win. */
export function parseWandbSettings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = (sec[1] ?? '').trim();
      continue;
    }
    if (section !== 'default') continue;
    const kv = /^([^=:]+)[=:](.*)$/.exec(line);
    if (kv && kv[1] !== undefined && kv[2] !== undefined) out[kv[1].trim()] = kv[2].trim();
  }
  return out;
}

export interface NetrcEntry {
  machine: string;
  login?: string;
  password?: string;
}

/** Parses netrc text (`machine h login l password p`, on one line or many; `default` too). */
export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = text
    .split(/\r?\n/)
    .map((l) => (l.trimStart().startsWith('#') ? '' : l))
    .join('\n')
    .split(/\s+/)
    .filter(Boolean);
  const entries: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'machine') {
      cur = { machine: tokens[++i] ?? '' };
      entries.push(cur);
    } else if (t === 'default') {
      cur = { machine: '' };
      entries.push(cur);
    } else if (t === 'macdef') {
      cur = undefined; // macro bodies are not credentials; skip to the next machine
    } else if (cur && t === 'login') {
      cur.login = tokens[++i];
    } else if (cur && t === 'password') {
      cur.password = tokens[++i];
    } else if (cur && t === 'account') {
      i++;
    }
  }
  return entries;
}

/** The netrc password for the base URL's host (with port when it has one), as `wandb login` writes it. */
export function netrcKeyFor(baseUrl: string, netrcText: string): string | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).host; // includes :port when not default
  } catch {
    return undefined;
  }
  const entries = parseNetrc(netrcText);
  const hit = entries.find((e) => e.machine === host) ?? entries.find((e) => e.machine === '');
  return hit?.password || undefined;
}

/** Candidate netrc paths in order: `$NETRC`, `~/.netrc`, `~/_netrc`. */
export function netrcPaths(env: { NETRC?: string }, home: string): string[] {
  const paths: string[] = [];
  if (env.NETRC) paths.push(env.NETRC);
  paths.push(`${home}/.netrc`, `${home}/_netrc`);
  return paths;
}

/** Global settings path: `$WANDB_CONFIG_DIR/settings`, else `~/.config/wandb/settings`. */
export function globalSettingsPath(env: { WANDB_CONFIG_DIR?: string }, home: string): string {
  return env.WANDB_CONFIG_DIR ? `${env.WANDB_CONFIG_DIR.replace(/\/+$/, '')}/settings` : `${home}/.config/wandb/settings`;
}

export type ApiKeySource = 'secretStorage' | 'env' | 'netrc';

export interface ApiKeySources {
  /** Stored by "W&B: Sign In" for this base URL. */
  stored?: string;
  /** `WANDB_API_KEY`. */
  env?: string;
  /** Texts of the netrc files that exist, in `netrcPaths` order. */
  netrcTexts?: string[];
}

/** Picks the API key: SecretStorage, `WANDB_API_KEY`, then the first netrc with an entry. */
export function resolveApiKey(baseUrl: string, src: ApiKeySources): Resolved<string, ApiKeySource> | undefined {
  const stored = src.stored?.trim();
  if (stored) return { value: stored, source: 'secretStorage' };
  const env = src.env?.trim();
  if (env) return { value: env, source: 'env' };
  for (const text of src.netrcTexts ?? []) {
    const key = netrcKeyFor(baseUrl, text);
    if (key) return { value: key, source: 'netrc' };
  }
  return undefined;
}

/**
 * A cheap shape check before any request, as the SDK does: optional `<prefix>-`, then at least
 * 40 word characters; JWTs (three dot-separated parts) pass too. Returns a problem or undefined.
 */
export function checkApiKeyShape(key: string): string | undefined {
  const k = key.trim();
  if (!k) return 'The API key is empty.';
  if (/\s/.test(k)) return 'The API key must not contain spaces.';
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(k)) return undefined;
  const body = k.includes('-') ? k.slice(k.lastIndexOf('-') + 1) : k;
  if (!/^[\w-]+$/.test(k) || body.length < 40) {
    return 'That does not look like a W&B API key (40 or more letters and digits). Copy it from your W&B user settings ("API keys").';
  }
  return undefined;
}

/** The key SecretStorage keeps a base URL's API key under. */
export function secretKeyFor(baseUrl: string): string {
  return `wandbExplorer.apiKey:${baseUrl}`;
}
