import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SETTINGS } from '../ids';
import {
  type ApiKeySource,
  type BaseUrlSource,
  globalSettingsPath,
  netrcPaths,
  resolveApiKey,
  resolveBaseUrl,
  secretKeyFor,
} from '../api/credentials';

/** Reads a file if it exists; any error (missing, unreadable) means "no such source". */
async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function findBaseUrl(): Promise<{ value: string; source: BaseUrlSource }> {
  const setting = vscode.workspace.getConfiguration(SETTINGS).get<string>('baseUrl') ?? '';
  const folder = vscode.workspace.workspaceFolders?.[0];
  const workspaceSettings = folder && folder.uri.scheme === 'file' ? await readIfExists(path.join(folder.uri.fsPath, 'wandb', 'settings')) : undefined;
  const globalSettings = await readIfExists(globalSettingsPath(process.env, os.homedir()));
  return resolveBaseUrl({ setting, env: process.env.WANDB_BASE_URL, workspaceSettings, globalSettings });
}

export interface FoundKey {
  value: string;
  source: ApiKeySource;
}

/**
 * The API key for `baseUrl`: SecretStorage first, then (unless the user signed out of them)
 * `WANDB_API_KEY` and netrc.
 */
export async function findApiKey(secrets: vscode.SecretStorage, baseUrl: string, ambientAllowed: boolean): Promise<FoundKey | undefined> {
  const stored = await secrets.get(secretKeyFor(baseUrl));
  if (!ambientAllowed) return resolveApiKey(baseUrl, { stored });
  const netrcTexts: string[] = [];
  for (const p of netrcPaths(process.env, os.homedir())) {
    const t = await readIfExists(p);
    if (t !== undefined) netrcTexts.push(t);
  }
  return resolveApiKey(baseUrl, { stored, env: process.env.WANDB_API_KEY, netrcTexts });
}
