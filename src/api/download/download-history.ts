/**
 * Which artifact version was downloaded into which folder, kept outside those folders (in VS
 * Code's `globalState`), so that Verify knows what a folder should hold without asking. Keyed
 * by the folder's real path; the most recent 200 folders are kept, the oldest forgotten first.
 */
import { realpath } from 'node:fs/promises';

/** Where the records live: VS Code's Memento fits. */
export interface HistoryMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** An artifact version as the records name it: `entity/project/collection:vN`. */
export interface VersionName {
  entity: string;
  project: string;
  collection: string;
  version: string;
}

/** globalState key: real path of a folder → `entity/project/collection:vN` downloaded into it. */
export const ARTIFACT_FOLDERS = 'wandbExplorer.artifactFolders';
/** Folders remembered at most (the oldest are forgotten first). */
export const MAX_ARTIFACT_FOLDERS = 200;

export class DownloadHistory {
  constructor(
    private readonly memento: HistoryMemento,
    private readonly onSaveError: (folder: string, e: Error) => void,
    private readonly max = MAX_ARTIFACT_FOLDERS,
  ) {}

  /**
   * Remembers that `v` was downloaded into `root`. The record is there at once for this window;
   * persisting it is not awaited (it may take a while and must not hold up a report).
   */
  async rememberArtifact(root: string, v: VersionName): Promise<void> {
    const real = await realOf(root);
    const known = { ...this.memento.get<Record<string, string>>(ARTIFACT_FOLDERS) };
    delete known[real];
    known[real] = `${v.entity}/${v.project}/${v.collection}:${v.version}`;
    const keys = Object.keys(known);
    for (const k of keys.slice(0, Math.max(0, keys.length - this.max))) delete known[k];
    void Promise.resolve(this.memento.update(ARTIFACT_FOLDERS, known)).catch((e: unknown) => this.onSaveError(real, e as Error));
  }

  /** The version last downloaded into `root`, as `entity/project/collection:vN`, if any. */
  async artifactOf(root: string): Promise<string | undefined> {
    return this.memento.get<Record<string, string>>(ARTIFACT_FOLDERS)?.[await realOf(root)];
  }
}

/** Same folder, same record, whichever link or relative path led to it. */
const realOf = (p: string) => realpath(p).catch(() => p);
