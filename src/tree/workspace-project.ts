/**
 * The project this workspace works on: `entity` and `project` from the workspace's
 * `wandb/settings` (what `wandb init` writes), else the `wandbExplorer.defaultProject` setting
 * (`entity/project`). The tree reveals and expands it first.
 */
import { parseWandbSettings } from '../api/credentials';
import type { ProjectRef } from './nodes';

/** Pure: picks the project from settings-file text and the setting's value. */
export function workspaceProjectFrom(settingsFileText: string | undefined, defaultProject: string | undefined): (ProjectRef & { source: 'wandb/settings' | 'setting' }) | undefined {
  if (settingsFileText) {
    const s = parseWandbSettings(settingsFileText);
    if (s.entity && s.project) return { entity: s.entity, project: s.project, source: 'wandb/settings' };
  }
  const m = /^\s*([^/\s]+)\/([^/\s]+)\s*$/.exec(defaultProject ?? '');
  if (m) return { entity: m[1]!, project: m[2]!, source: 'setting' };
  return undefined;
}
