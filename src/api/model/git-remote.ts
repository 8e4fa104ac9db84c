/**
 * Git remotes in the spellings `wandb-metadata.json` and `git remote -v` use
 * (`git@host:org/repo.git`, `ssh://git@host/org/repo`, `https://user:token@host/org/repo.git`),
 * read into host and path, so a run's remote can be matched to a local clone and linked to
 * its forge whatever protocol either side used.
 */
export interface RemoteParts {
  /** Lower-case host name (no user, no port); empty for a local path. */
  host: string;
  /** `org/repo` (no leading slash, no `.git`, no trailing slash). */
  path: string;
}

export function parseRemote(remote: string): RemoteParts | undefined {
  const r = remote.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(r);
  let host: string;
  let path: string;
  if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else if (r.startsWith('/')) {
    host = '';
    path = r;
  } else {
    try {
      const u = new URL(r);
      if (!['https:', 'http:', 'ssh:', 'git:', 'file:'].includes(u.protocol)) return undefined;
      host = u.protocol === 'file:' ? '' : u.hostname;
      path = decodeURIComponent(u.pathname);
    } catch {
      return undefined;
    }
  }
  path = path.replace(/\/+$/, '').replace(/\.git$/, '');
  if (host) path = path.replace(/^\/+/, '');
  if (!path) return undefined;
  return { host: host.toLowerCase(), path };
}

/** One spelling per repository: two remotes name the same repository when their keys are equal. */
export function remoteKey(remote: string): string | undefined {
  const p = parseRemote(remote);
  if (!p) return undefined;
  // Forges treat the path case-insensitively; a local path keeps its case.
  return p.host ? `${p.host}/${p.path.toLowerCase()}` : p.path;
}
