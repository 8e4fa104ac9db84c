/**
 * Addresses of remote W&B files on the `wandb-explorer:` scheme, readable by a person and
 * stable across reloads (no ids, no URLs):
 *   wandb-explorer:/run/<entity>/<project>/<runId>/<file path>
 *   wandb-explorer:/artifact/<entity>/<project>/<collection>:<version>/<file path>
 * The last segments are the file's own path, so the editor picks language and preview by name.
 * Pure: no `vscode` import (the provider converts to and from vscode.Uri).
 */
import type { RemoteFileRef } from '../api/download/remote-file';

export const SCHEME = 'wandb-explorer';

export type RemoteFile = RemoteFileRef;

/**
 * The (decoded) URI path of a remote file, starting with `/`. `vscode.Uri.from` does the
 * percent-encoding. Entity, project, run id and `collection:version` never contain `/`.
 */
export function remotePath(f: RemoteFile): string {
  const file = f.path.replace(/^\/+/, '');
  if (f.kind === 'run') return `/run/${f.entity}/${f.project}/${f.runId}/${file}`;
  return `/artifact/${f.entity}/${f.project}/${f.collection}:${f.version}/${file}`;
}

/** Parses a decoded URI path back; undefined when it is not one of ours. */
export function parseRemotePath(uriPath: string): RemoteFile | undefined {
  const segs = uriPath.split('/').slice(1);
  const [kind, entity, project, third, ...rest] = segs;
  if (!entity || !project || !third || rest.length === 0 || rest.some((s) => s === '')) return undefined;
  const path = rest.join('/');
  if (kind === 'run') return { kind: 'run', entity, project, runId: third, path };
  if (kind === 'artifact') {
    const name = third;
    const colon = name.lastIndexOf(':');
    if (colon <= 0 || colon === name.length - 1) return undefined;
    return { kind: 'artifact', entity, project, collection: name.slice(0, colon), version: name.slice(colon + 1), path };
  }
  return undefined;
}

/** Tab title detail: `alice/mnist/a1b2c3d4` or `alice/mnist/mnist-raw:v2`. */
export function ownerLabel(f: RemoteFile): string {
  return f.kind === 'run' ? `${f.entity}/${f.project}/${f.runId}` : `${f.entity}/${f.project}/${f.collection}:${f.version}`;
}
