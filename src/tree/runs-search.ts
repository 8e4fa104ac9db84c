/**
 * The search and order of each project's Runs level, kept per W&B host in a Memento (VS Code's
 * workspaceState) so they survive restarts. No `vscode` import.
 */
import { DEFAULT_RUNS_ORDER, describeRunsOrder, parseRunsFilter, runsOrderArg, type RunsFilterContext, type RunsOrder } from '../api/runs-filter';
import type { MementoLike } from './pins';
import { projectKey, type ProjectRef } from './nodes';

/** The search of one project's Runs level. */
export interface RunsSearch {
  text: string;
  filter: Record<string, unknown> | undefined;
  order: RunsOrder;
}

const SEARCHES_KEY = 'wandbExplorer.runSearches';
type SavedSearches = Record<string, Record<string, { text: string; order: RunsOrder }>>;

const ALL_RUNS: RunsSearch = { text: '', filter: undefined, order: DEFAULT_RUNS_ORDER };

export class RunsSearches {
  private readonly searches = new Map<string, RunsSearch>();

  constructor(
    private readonly host: string,
    private readonly memento?: MementoLike,
    /** Who "mine" is, and the clock `created:<7d` counts from. */
    private readonly filterContext: () => RunsFilterContext = () => ({}),
    /** Told after a project's search or order changed (the runs table shows the same state). */
    private readonly changed?: (p: ProjectRef) => void,
  ) {}

  /** The current search of a project: set in this session, else saved by an earlier one, else all runs. */
  get(p: ProjectRef): RunsSearch {
    const key = projectKey(p);
    let s = this.searches.get(key);
    if (!s) {
      s = this.saved(key) ?? ALL_RUNS;
      this.searches.set(key, s);
    }
    return s;
  }

  /** Sets the search text (throws RunsFilterError on bad text); the order stays. */
  setText(p: ProjectRef, text: string): void {
    const parsed = parseRunsFilter(text, this.filterContext());
    this.put(p, { ...this.get(p), text: parsed.terms.join(' '), filter: parsed.filter });
  }

  /** Sets the order (throws on an order the server cannot take); the text stays. */
  setOrder(p: ProjectRef, order: RunsOrder): void {
    runsOrderArg(order); // validates
    this.put(p, { ...this.get(p), order });
  }

  /** No search text; the order stays. */
  clearText(p: ProjectRef): void {
    this.put(p, { ...this.get(p), text: '', filter: undefined });
  }

  /** Newest first again; the search text stays. */
  clearOrder(p: ProjectRef): void {
    this.put(p, { ...this.get(p), order: DEFAULT_RUNS_ORDER });
  }

  private put(p: ProjectRef, s: RunsSearch): void {
    this.searches.set(projectKey(p), s);
    this.save(p, s);
    this.changed?.(p);
  }

  /** A search saved by an earlier session, if it still parses. */
  private saved(key: string): RunsSearch | undefined {
    const saved = this.memento?.get<SavedSearches>(SEARCHES_KEY)?.[this.host]?.[key];
    if (!saved || typeof saved.text !== 'string' || !saved.order) return undefined;
    try {
      runsOrderArg(saved.order);
      const parsed = parseRunsFilter(saved.text, this.filterContext());
      return { text: parsed.terms.join(' '), filter: parsed.filter, order: saved.order };
    } catch {
      return undefined;
    }
  }

  private save(p: ProjectRef, s: RunsSearch): void {
    if (!this.memento) return;
    const all: SavedSearches = { ...(this.memento.get<SavedSearches>(SEARCHES_KEY) ?? {}) };
    const host = { ...(all[this.host] ?? {}) };
    if (isNarrowed(s)) host[projectKey(p)] = { text: s.text, order: s.order };
    else delete host[projectKey(p)];
    all[this.host] = host;
    // Losing a saved search is harmless; the search itself is already in effect.
    void Promise.resolve(this.memento.update(SEARCHES_KEY, all)).catch(() => undefined);
  }
}

/** The search shows something else than all runs, newest first. */
export function isNarrowed(s: RunsSearch): boolean {
  return !!s.text || !sameOrder(s.order, DEFAULT_RUNS_ORDER);
}

export function sameOrder(a: RunsOrder, b: RunsOrder): boolean {
  return a.by === b.by && a.descending === b.descending && (a.metric ?? '') === (b.metric ?? '');
}

/** The short order label of the filter row (`val/acc ↓`), none for the default order. */
export function orderLabel(o: RunsOrder): string | undefined {
  if (sameOrder(o, DEFAULT_RUNS_ORDER)) return undefined;
  return describeRunsOrder(o);
}

/** The summary metric the runs are sorted by, shown beside each run. */
export function sortMetric(s: RunsSearch): string | undefined {
  return s.order.by === 'summary' ? s.order.metric : undefined;
}
