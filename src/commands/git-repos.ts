/**
 * The workspace's git repositories through VS Code's built-in git extension (`vscode.git`, API
 * version 1): only the parts the run-code commands use, typed here as the extension documents
 * them, and finding the repository whose remote is a run's remote.
 */
import * as vscode from 'vscode';
import { remoteKey } from '../api/model/git-remote';

/** `Status` of the git extension's API: the values this module reads. */
export const GIT_STATUS = { INDEX_ADDED: 1, DELETED: 6, UNTRACKED: 7, IGNORED: 8 } as const;

export interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly status: number;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD?: { readonly name?: string; readonly commit?: string };
    readonly remotes: ReadonlyArray<{ readonly name: string; readonly fetchUrl?: string; readonly pushUrl?: string }>;
    readonly workingTreeChanges: readonly GitChange[];
    readonly indexChanges: readonly GitChange[];
    readonly mergeChanges: readonly GitChange[];
  };
  status(): Promise<void>;
  checkout(treeish: string): Promise<void>;
  getCommit(ref: string): Promise<{ readonly hash: string }>;
  diffWith(ref: string): Promise<GitChange[]>;
  show(ref: string, path: string): Promise<string>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Why no repository can be used, in words a person can act on. */
export class GitUnavailable extends Error {}

/** The git extension's API once it has looked at the workspace. */
export async function gitApi(): Promise<GitApi> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) throw new GitUnavailable('The built-in Git extension is not available in this window.');
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports?.enabled) throw new GitUnavailable('Git is turned off in this window (setting git.enabled).');
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), 15_000);
      const sub = api.onDidChangeState((s) => s === 'initialized' && done());
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
    });
  }
  return api;
}

/** The open repository one of whose remotes names the same repository as `remote`. */
export function repositoryForRemote(api: GitApi, remote: string): GitRepository | undefined {
  const want = remoteKey(remote);
  if (!want) return undefined;
  return api.repositories.find((r) => r.state.remotes.some((m) => [m.fetchUrl, m.pushUrl].some((u) => u !== undefined && remoteKey(u) === want)));
}

/** Changes that a checkout could lose or refuse over: untracked and ignored files do not count. */
export function uncommittedChanges(repo: GitRepository): GitChange[] {
  const s = repo.state;
  return [...s.indexChanges, ...s.mergeChanges, ...s.workingTreeChanges].filter((c) => c.status !== GIT_STATUS.UNTRACKED && c.status !== GIT_STATUS.IGNORED);
}
