/**
 * `Run.update` (display name, notes, tags) and stopping a run, with the reads they need (the
 * run's editable fields now, the project's tags) and the checks made before anything is sent.
 */
import type { WandbClient } from '../client';
import { WandbError, projectNotFound, runNotFound } from '../errors';
import * as Q from '../queries';
import type { RunRef } from '../model/run';
import { decodeEditedRun, type RunEditState } from '../model/run-edits';

export type { RunEditState } from '../model/run-edits';

/** A run as an edit sees it: its storage id is what `upsertBucket` and `stopRun` take. */
export interface EditableRun extends RunRef {
  /** Storage id (`Run.id`), opaque. */
  id: string;
}

/** The editable fields of a run (with its storage id) as the server has them now. */
export async function runEditState(client: WandbClient, ref: RunRef, signal?: AbortSignal): Promise<RunEditState> {
  const data = await client.request(Q.RUN_EDITABLE, { entity: ref.entity, project: ref.project, runId: ref.runId }, signal);
  if (!data.project) throw projectNotFound(ref, client.host);
  if (!data.project.run) throw runNotFound(ref, client.host);
  return { ...decodeEditedRun(data.project.run), readOnly: data.project.run.readOnly === true };
}

export async function renameRun(client: WandbClient, run: EditableRun, displayName: string, signal?: AbortSignal): Promise<RunEditState> {
  const name = displayName.trim();
  if (!name) throw new WandbError('badRequest', 'A run name cannot be empty.');
  const data = await client.request(Q.RENAME_RUN, { id: run.id, displayName: name }, signal);
  return edited(client, run, data.upsertBucket?.bucket, 'RenameRun');
}

export async function setRunNotes(client: WandbClient, run: EditableRun, notes: string, signal?: AbortSignal): Promise<RunEditState> {
  const data = await client.request(Q.SET_RUN_NOTES, { id: run.id, notes }, signal);
  return edited(client, run, data.upsertBucket?.bucket, 'SetRunNotes');
}

/** Replaces the run's tags with `tags` (trimmed, duplicates dropped, order kept). */
export async function setRunTags(client: WandbClient, run: EditableRun, tags: readonly string[], signal?: AbortSignal): Promise<RunEditState> {
  const clean = normaliseTags(tags);
  for (const t of clean) {
    const why = checkTag(t);
    if (why) throw new WandbError('badRequest', why);
  }
  const data = await client.request(Q.SET_RUN_TAGS, { id: run.id, tags: clean }, signal);
  return edited(client, run, data.upsertBucket?.bucket, 'SetRunTags');
}

/** Every tag some run of the project carries, sorted case-insensitively. */
export async function projectTags(client: WandbClient, ref: { entity: string; project: string }, signal?: AbortSignal): Promise<string[]> {
  const data = await client.request(Q.PROJECT_TAGS, { entity: ref.entity, project: ref.project }, signal);
  if (!data.project) throw projectNotFound(ref, client.host);
  const names = new Set<string>();
  for (const t of data.project.tags ?? []) if (t && typeof t.name === 'string' && t.name) names.add(t.name);
  return [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** Asks a running run to stop (the SDK stops at its next heartbeat). */
export async function stopRun(client: WandbClient, run: EditableRun, signal?: AbortSignal): Promise<void> {
  const data = await client.request(Q.STOP_RUN, { id: run.id }, signal);
  if (!data.stopRun?.success) {
    throw new WandbError('graphql', `${client.host} did not stop run ${run.entity}/${run.project}/${run.runId}.`, { operation: 'StopRun' });
  }
}

function edited(client: WandbClient, run: EditableRun, bucket: Q.RawEditedRun | null | undefined, op: string): RunEditState {
  if (!bucket) {
    throw new WandbError('invalidResponse', `${client.host} answered ${op} for ${run.entity}/${run.project}/${run.runId} without the run.`, { operation: op });
  }
  return decodeEditedRun(bucket);
}

/**
 * Refuses, before anything is sent, an edit of a run W&B marks read-only (the server would
 * refuse it too; this says why in plain words).
 */
export function assertEditable(run: Pick<RunEditState, 'readOnly' | 'runId' | 'displayName'>): void {
  if (run.readOnly) {
    throw new WandbError('forbidden', `Run ${run.displayName !== run.runId ? `“${run.displayName}” (${run.runId})` : run.runId} is read-only: W&B does not allow editing it.`);
  }
}

/** Trims, drops empties and duplicates, keeps the first spelling's order. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Why a tag would be refused, or undefined. W&B caps tags at 64 characters. */
export function checkTag(tag: string): string | undefined {
  const t = tag.trim();
  if (!t) return 'A tag cannot be empty.';
  if (t.length > 64) return `Tags are at most 64 characters (this one has ${t.length}).`;
  if (/[\u0000-\u001f]/.test(t)) return 'A tag cannot contain control characters.';
  return undefined;
}
