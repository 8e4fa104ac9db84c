/**
 * Folders from path prefixes: the immediate children of `folder` among flat paths
 * (`media/images/a.png` → folder `media/` at the top, `media/images/` inside it). Pure.
 */
export interface FolderListing<T> {
  /** Sub-folder paths with a trailing slash, sorted. */
  folders: string[];
  /** Items directly in the folder, sorted by path. */
  files: T[];
}

export function listFolder<T>(items: readonly T[], pathOf: (item: T) => string, folder: string): FolderListing<T> {
  const prefix = folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
  const folders = new Set<string>();
  const files: T[] = [];
  for (const item of items) {
    const p = pathOf(item).replace(/^\/+/, '');
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash > 0) folders.add(prefix + rest.slice(0, slash + 1));
    else if (slash < 0 && rest) files.push(item);
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { folders: [...folders].sort(byPath), files: files.sort((a, b) => byPath(pathOf(a), pathOf(b))) };
}

/** How many items sit anywhere under `folder` (for a folder's description). */
export function countUnder<T>(items: readonly T[], pathOf: (item: T) => string, folder: string): number {
  let n = 0;
  for (const item of items) if (pathOf(item).replace(/^\/+/, '').startsWith(folder)) n++;
  return n;
}

/** Last segment of a path: `media/images/` → `images`, `a/b.png` → `b.png`. */
export function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
