/**
 * Asking for an artifact by name (Download Artifact by Name, Verify): the forms `Api.artifact`
 * takes, a pasted artifact page URL, and the default entity and project filled in as the SDK
 * does, from the workspace's `wandb/settings` first.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { artifactNameDefaults, parseArtifactName, type ArtifactName } from '../api/artifact-names';
import { globalSettingsPath } from '../api/credentials';
import { WandbError } from '../api/errors';
import type { WandbApi } from '../api/wandb-api';
import { SETTINGS } from '../ids';

const readText = (file: string) => fs.readFile(file, 'utf8').catch(() => undefined);

/** The entity and project a bare `name:alias` means here, read when asked (files may change). */
async function namingDefaults(session: Session): Promise<{ entity?: string; project: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const state = session.state;
  return artifactNameDefaults({
    env: process.env,
    workspaceSettings: folder?.uri.scheme === 'file' ? await readText(path.join(folder.uri.fsPath, 'wandb', 'settings')) : undefined,
    globalSettings: await readText(globalSettingsPath(process.env, os.homedir())),
    defaultProject: vscode.workspace.getConfiguration(SETTINGS).get<string>('defaultProject'),
    viewerEntity: state.kind === 'signedIn' ? state.viewer.defaultEntity : undefined,
  });
}

/**
 * The artifact `text` names, or (without text) the one the person types; undefined when they
 * cancel. A text that names no artifact is a `badRequest` error saying why.
 */
export async function askArtifactName(session: Session, api: WandbApi, ask: { title: string; prompt: string; text?: string }): Promise<ArtifactName | undefined> {
  const defaults = await namingDefaults(session);
  const where = `${defaults.entity ?? '<entity>'}/${defaults.project}`;
  const input =
    ask.text ??
    (await vscode.window.showInputBox({
      title: ask.title,
      prompt: `${ask.prompt}: name:alias (in ${where}), project/name:alias, entity/project/name:alias, org/wandb-registry-<registry>/name:alias, or the artifact's web page URL`,
      placeHolder: 'mnist-data:latest',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const p = parseArtifactName(v, defaults);
        return p.ok ? undefined : p.reason;
      },
    }));
  if (!input) return undefined;
  const parsed = parseArtifactName(input, defaults);
  if (!parsed.ok) throw new WandbError('badRequest', parsed.reason);
  if ('artifact' in parsed) return parsed.artifact;
  // A registry lives under its organization's entity, found from ours (`Api._artifact`).
  const r = parsed.registry;
  if (!defaults.entity) throw new WandbError('badRequest', 'No entity is known to find the organization of this registry: sign in, or set the entity in wandb/settings.');
  const entity = await api.registryEntity(defaults.entity, r.organization);
  return { entity, project: r.project, name: r.name, alias: r.alias };
}
