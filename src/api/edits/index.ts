/**
 * The writing side of the W&B public API, one module per subject: run edits (`Run.update`,
 * stopping a run), uploads (`Run.upload_file`), artifact administration, and the sweep
 * configuration read. `WandbEdits` binds them to one client for the commands. No VS Code here.
 */
import type { ClientLogger, WandbClient } from '../client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
import type { RunRef } from '../model/run';
import * as artifacts from './artifact-admin';
import * as runs from './run-edits';
import * as sweeps from './sweep-config';
import * as uploads from './uploads';

export { assertEditable, checkTag, normaliseTags, type EditableRun, type RunEditState } from './run-edits';
export { checkRunFileName, parseUploadHeaders, type UploadSource, type UploadTarget } from './uploads';
export { artifactLabel, checkAlias, type ArtifactRef } from './artifact-admin';
export { sweepConfigYaml } from '../model/sweep-config';

export interface EditsOptions {
  /** Where PUT requests are logged (one line each, URL without its query string). */
  logger?: ClientLogger;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
}

const silent: ClientLogger = { info() {}, warn() {}, error() {} };

type Signal = AbortSignal | undefined;

/** Every edit, bound to one client (and, for uploads, to one way of reaching storage). */
export class WandbEdits {
  private readonly transport: uploads.UploadTransport;

  constructor(
    readonly client: WandbClient,
    options: EditsOptions = {},
  ) {
    this.transport = {
      log: options.logger ?? silent,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
  }

  // Runs
  runEditState = (ref: RunRef, signal?: Signal) => runs.runEditState(this.client, ref, signal);
  renameRun = (run: runs.EditableRun, displayName: string, signal?: Signal) => runs.renameRun(this.client, run, displayName, signal);
  setRunNotes = (run: runs.EditableRun, notes: string, signal?: Signal) => runs.setRunNotes(this.client, run, notes, signal);
  setRunTags = (run: runs.EditableRun, tags: readonly string[], signal?: Signal) => runs.setRunTags(this.client, run, tags, signal);
  projectTags = (ref: { entity: string; project: string }, signal?: Signal) => runs.projectTags(this.client, ref, signal);
  stopRun = (run: runs.EditableRun, signal?: Signal) => runs.stopRun(this.client, run, signal);

  // Uploads
  uploadTargets = (ref: RunRef, names: readonly string[], signal?: Signal) => uploads.uploadTargets(this.client, ref, names, signal);
  putFile = (target: uploads.UploadTarget, source: uploads.UploadSource, options?: { signal?: AbortSignal; onProgress?: (sent: number) => void }) =>
    uploads.putFile(this.transport, target, source, options);

  // Artifacts
  artifactState = (artifact: artifacts.ArtifactRef, signal?: Signal) => artifacts.artifactState(this.client, artifact, signal);
  addAlias = (artifact: artifacts.ArtifactRef, alias: string, signal?: Signal) => artifacts.addAlias(this.client, artifact, alias, signal);
  removeAlias = (artifact: artifacts.ArtifactRef, alias: string, signal?: Signal) => artifacts.removeAlias(this.client, artifact, alias, signal);
  setArtifactDescription = (artifact: artifacts.ArtifactRef, description: string, signal?: Signal) =>
    artifacts.setArtifactDescription(this.client, artifact, description, signal);
  deleteArtifactVersion = (artifact: artifacts.ArtifactRef, options: { deleteAliases: boolean }, signal?: Signal) =>
    artifacts.deleteArtifactVersion(this.client, artifact, options, signal);

  // Sweeps
  sweepConfig = (ref: { entity: string; project: string; sweepId: string }, signal?: Signal) => sweeps.sweepConfig(this.client, ref, signal);
}
