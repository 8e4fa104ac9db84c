/**
 * Which rows of the tree the user left expanded, per W&B host, kept in a Memento (VS Code's
 * `workspaceState`): VS Code restores the panels after a window reload but not a tree view's
 * expansion, so the provider hands these rows back as expanded. Pure apart from the Memento.
 */
import type { MementoLike } from './pins';
import type { NodeKind } from './nodes';

const KEY = 'wandbExplorer.expandedRows';

/**
 * The levels worth reopening: containers whose children are one page from the server, and Local
 * Runs and its projects (folders on disk, listed anyway to show Local Runs). Runs, versions and
 * folders are left out: reopening them would fetch files and manifests at start.
 */
export const REMEMBERED_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['pinned', 'entity', 'project', 'runs', 'openedRuns', 'artifacts', 'artifactType', 'sweeps', 'reports', 'localRuns', 'localProject']);

/**
 * Where Local Runs rows are remembered instead of under a W&B host: they show signed out too,
 * and the Memento is the workspace's, whose folders their ids name. Not a host name (no dots).
 */
export const LOCAL_ROWS = '(local runs)';

/** At most this many rows per host (the most recently expanded are kept)... */
export const MAX_ROWS_PER_HOST = 100;
/** ...and this many hosts (the most recently used). */
export const MAX_HOSTS = 8;

type Stored = Record<string, string[]>;

export class ExpansionMemory {
  /** host → ids, oldest first; loaded once from the Memento. */
  private rows: Map<string, string[]> | undefined;

  constructor(private readonly memento: MementoLike) {}

  isExpanded(host: string, id: string): boolean {
    return this.load().get(host)?.includes(id) ?? false;
  }

  /** Remembers an expanded row of a remembered kind (others are ignored). */
  expanded(host: string, id: string, kind: NodeKind): void {
    if (!REMEMBERED_KINDS.has(kind)) return;
    const rows = this.load();
    const ids = (rows.get(host) ?? []).filter((x) => x !== id);
    ids.push(id);
    rows.delete(host); // re-inserted last: the most recently used host
    rows.set(host, ids.slice(-MAX_ROWS_PER_HOST));
    while (rows.size > MAX_HOSTS) rows.delete(rows.keys().next().value!);
    this.save();
  }

  /** Forgets a collapsed row. */
  collapsed(host: string, id: string): void {
    const rows = this.load();
    const ids = rows.get(host);
    if (!ids?.includes(id)) return;
    rows.set(
      host,
      ids.filter((x) => x !== id),
    );
    this.save();
  }

  private load(): Map<string, string[]> {
    if (this.rows) return this.rows;
    const stored = this.memento.get<Stored>(KEY);
    this.rows = new Map();
    if (stored && typeof stored === 'object') {
      for (const [host, ids] of Object.entries(stored)) {
        if (Array.isArray(ids)) this.rows.set(host, ids.filter((x): x is string => typeof x === 'string').slice(-MAX_ROWS_PER_HOST));
      }
    }
    return this.rows;
  }

  private save(): void {
    void this.memento.update(KEY, Object.fromEntries(this.rows ?? []));
  }
}
