import type { RunRef } from '../api/model/run';

/**
 * A local run as a `RunRef`, so the panels, the registry of open panels and the commands that
 * take run references handle local runs like remote ones. The entity is a name W&B never gives
 * (entity names are lower-case letters, digits, `-` and `_`), the project is the run folder's
 * absolute path (unique, and what every reader needs), the run id is the run's own.
 */
export const LOCAL_ENTITY = '~local';

export function localRef(folder: string, runId: string): RunRef {
  return { entity: LOCAL_ENTITY, project: folder, runId };
}

export function isLocalRef(ref: RunRef): boolean {
  return ref.entity === LOCAL_ENTITY;
}

/** The run folder a local ref points at; undefined for a remote ref. */
export function localFolderOf(ref: RunRef): string | undefined {
  return isLocalRef(ref) ? ref.project : undefined;
}
