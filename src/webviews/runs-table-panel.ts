/**
 * The runs table (extension side): a project's runs as rows, the columns the person picked, sorted
 * and filtered by the server, read page by page as the page scrolls. Only the shown columns' keys
 * are fetched; a column added later is fetched for the loaded rows alone.
 */
import * as vscode from 'vscode';
import { showWarning } from '../notify';
import type { RunRef } from '../api/model/run';
import { readRunKeys, type RunKey } from '../api/run-keys';
import { orderKey } from '../api/run-columns';
import { parseRunsFilter, RunsFilterError, type RunsOrder } from '../api/runs-filter';
import { readRunColumns, readRunsTablePage, type RunsTableQuery } from '../api/runs-table';
import { CMD, RUNS_TABLE_VIEW_TYPE } from '../ids';
import { sameRun, type RunChange } from '../run-changes';
import { BasePanel, errorText, type PanelDeps } from './base-panel';
import { MAX_COMPARE } from './compare-panel';
import { liveRunIds, startLiveCells, swapRows } from './runs-table-live';
import { defaultColumns, mergeFilters, pythonSnippet, toCsv, toJson } from './runs-table-model';
import { normaliseLayout } from './runs-table-columns';
import { columnFiltersClause } from './runs-table-filters';
import { orderToSort, sameSort, sortToOrder } from './runs-table-order';
import {
  parseColumnFilter,
  parseColumnId,
  parseTableMessage,
  type ColumnFilter,
  type TableHostMessage,
  type TableRow,
  type TableView,
  type TableWebviewMessage,
} from './runs-table-protocol';
import { addedReads, apiColumn, cellsOf, onDemandFields, tableRow, valueColumns } from './runs-table-rows';

export { tableRow, toCell } from './runs-table-rows';

/** Which runs a table shows: a project's, or only a sweep's or a group's. */
export interface RunsTableScope {
  entity: string;
  project: string;
  sweep?: string;
  group?: string;
}

export interface RunsTableDeps extends PanelDeps {
  /** Where each project's columns and order are kept across reloads. */
  memento: vscode.Memento;
  /** The tree's search and order of the project (the table starts with them). */
  searchOf?(p: ProjectKey): { text: string; order: RunsOrder } | undefined;
  /** Tells the tree the table's search or order changed (one state per project, shown in both). */
  searchChanged?(p: ProjectKey, change: { text?: string; order?: RunsOrder }): void;
  /** Listens for a project's search or order changing, from the tree or another table. */
  watchSearch?(listener: (p: ProjectKey) => void): vscode.Disposable;
  /**
   * Opens a run panel, and a compare panel of 2..MAX_COMPARE runs. Handed in, so this panel
   * (a lazy chunk of the production build) uses the extension's own panel classes.
   */
  openRun(ref: RunRef): void;
  compare(refs: RunRef[]): void;
  /** Seconds between reads of the running rows' cells: the tree's live refresh; 0 turns it off. */
  liveRefreshSeconds?(): number;
}

type ProjectKey = { entity: string; project: string };

const VIEWS_KEY = 'wandbExplorer.runsTableViews';
/** Everything of a view but the search, which is the tree's (runs-search.ts keeps it). */
type SavedView = Omit<TableView, 'filterText'>;
type SavedViews = Record<string, Record<string, Partial<SavedView>>>;

/** Rows of the first page (what shows at once) and of later pages. */
const FIRST_PAGE = 100;
const PAGE = 500;
const DEFAULT_SORT = { column: 'run:created', descending: true };
/** Runs whose files one Download Files from the table fetches. */
const MAX_DOWNLOADS = 20;

function scopeKey(s: RunsTableScope): string {
  return [s.entity, s.project, s.sweep ? `sweep:${s.sweep}` : '', s.group ? `group:${s.group}` : ''].filter(Boolean).join('/');
}

function asScope(v: unknown): RunsTableScope | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const ok = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length < 512;
  if (!ok(o.entity) || !ok(o.project)) return undefined;
  return {
    entity: o.entity as string,
    project: o.project as string,
    sweep: ok(o.sweep) ? (o.sweep as string) : undefined,
    group: ok(o.group) ? (o.group as string) : undefined,
  };
}

export class RunsTablePanel extends BasePanel<TableWebviewMessage, TableHostMessage> {
  static show(deps: RunsTableDeps, scope: RunsTableScope): void {
    const panel = vscode.window.createWebviewPanel(RUNS_TABLE_VIEW_TYPE, titleOf(scope), vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true });
    new RunsTablePanel(deps, panel, scope);
  }

  static revive(deps: RunsTableDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const scope = asScope((state as { scope?: unknown } | undefined)?.scope);
    if (!scope) {
      panel.dispose();
      return;
    }
    new RunsTablePanel(deps, panel, scope);
  }

  private keys: RunKey[] = [];
  private view?: TableView;
  private query?: RunsTableQuery;
  /** The column the page groups its rows by ('' for none): grouping by group or job type reads that field. */
  private groupBy = '';
  private generation = 0;
  private rows: TableRow[] = [];
  private cursor?: string;
  private hasNext = true;
  private total = 0;
  /** Reads happen one after another, so rows arrive in order and a column fetch sees the rows it covers. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly tableDeps: RunsTableDeps,
    panel: vscode.WebviewPanel,
    readonly scope: RunsTableScope,
  ) {
    super(tableDeps, panel, 'runs-table', { scope }, parseTableMessage);
    const watching = tableDeps.watchSearch?.((p) => {
      if (p.entity === scope.entity && p.project === scope.project) void this.enqueue(() => this.followTree());
    });
    if (watching) this.disposables.push(watching);
    this.disposables.push(tableDeps.runChanges.onDidChange((c) => this.runChanged(c)));
    this.startLive();
  }

  /** A run was renamed or its notes or tags edited (here, in the tree or a panel): its row shows it. */
  private runChanged(c: RunChange): void {
    const i = this.rows.findIndex((r) => sameRun(c.ref, { ...this.scope, runId: r.runId }));
    if (i < 0) return;
    const r = this.rows[i]!;
    const row: TableRow = { ...r, name: c.patch.displayName ?? r.name, notes: c.patch.notes ?? r.notes, tags: c.patch.tags ?? r.tags };
    this.rows[i] = row;
    this.post({ type: 'update', generation: this.generation, rows: [row] });
  }

  /** Reads the running rows again on the tree's live interval, while the table is visible. */
  private startLive(): void {
    const live = startLiveCells(
      this.tableDeps.liveRefreshSeconds?.() ?? 0,
      () => this.panel.visible && liveRunIds(this.rows).length > 0,
      () => this.enqueue(() => this.refreshLive()),
    );
    if (live) this.disposables.push(live);
  }

  /**
   * The running rows' fields and shown columns, read by run id (one request, only those rows and
   * columns); the page swaps them in place, so the scroll position and the selection stay.
   */
  private async refreshLive(): Promise<void> {
    const q = this.query;
    const view = this.view;
    const ids = liveRunIds(this.rows);
    if (!q || !view || ids.length === 0) return;
    const gen = this.generation;
    const page = await readRunsTablePage(this.api(), { ...q, filters: { name: { $in: ids } } }, { first: ids.length, signal: this.abort.signal });
    if (gen !== this.generation) return;
    const columns = valueColumns(view.columns);
    const rows = page.items.map((r) => tableRow(r, columns));
    this.rows = swapRows(this.rows, rows);
    this.post({ type: 'update', generation: gen, rows });
  }

  /**
   * The tree (or another table of the project) changed the project's search or order: show and
   * apply it here. A change this table made itself comes back equal and does nothing.
   */
  private async followTree(): Promise<void> {
    const view = this.view;
    const shared = this.tableDeps.searchOf?.(this.scope);
    if (!view || !shared) return;
    const sort = orderToSort(shared.order) ?? view.sort;
    if (shared.text === view.filterText && sameSort(sort, view.sort)) return;
    const next = { ...view, filterText: shared.text, sort };
    this.post({ type: 'search', filterText: next.filterText, sort: next.sort });
    await this.applyView(next, false);
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(work).catch((e: unknown) => {
      if (this.abort.signal.aborted) return;
      this.post({ type: 'status', message: errorText(e), error: true });
      this.deps.log.error(`runs table ${scopeKey(this.scope)}: ${errorText(e)}`);
    });
    return this.chain;
  }

  private scopeFilter(): Record<string, unknown> | undefined {
    if (this.scope.sweep) return { sweep: this.scope.sweep };
    if (this.scope.group) return { group: this.scope.group };
    return undefined;
  }

  private get host(): string {
    const s = this.deps.session.state;
    return s.kind === 'signedIn' ? new URL(s.baseUrl).host : '';
  }

  private savedView(): Partial<SavedView> | undefined {
    return this.tableDeps.memento.get<SavedViews>(VIEWS_KEY)?.[this.host]?.[scopeKey(this.scope)];
  }

  private saveView(v: TableView): void {
    const all: SavedViews = { ...(this.tableDeps.memento.get<SavedViews>(VIEWS_KEY) ?? {}) };
    const { filterText: _search, ...saved } = v;
    all[this.host] = { ...(all[this.host] ?? {}), [scopeKey(this.scope)]: saved };
    void Promise.resolve(this.tableDeps.memento.update(VIEWS_KEY, all)).catch(() => undefined);
  }

  private async start(): Promise<void> {
    const api = await this.readyApi();
    this.post({ type: 'status', message: 'Reading the project’s keys…', error: false });
    const { keys } = await readRunKeys(api, { ...this.scope, filters: this.scopeFilter() }, this.abort.signal);
    this.keys = keys;
    const tableKeys = keys.map((k) => ({ source: k.source, key: k.key, count: k.count }));
    const shared = this.tableDeps.searchOf?.(this.scope);
    const saved = this.savedView();
    // The tree's order is the project's; a table keeps its own only for what the tree cannot show here.
    const sharedSort = shared && orderToSort(shared.order);
    const view = restoredView(sharedSort ? { ...saved, sort: sharedSort } : saved, shared?.text ?? '', () => defaultColumns(tableKeys));
    this.post({ type: 'init', title: titleOf(this.scope), keys: tableKeys, view, scope: scopeNote(this.scope) });
    await this.applyView(view, false);
  }

  protected async handle(msg: TableWebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // A page (re)loaded: start over, so it gets the keys and its rows again.
        this.view = undefined;
        this.query = undefined;
        this.groupBy = '';
        this.generation++;
        await this.enqueue(() => this.start());
        return;
      case 'view':
        await this.enqueue(() => this.applyView(msg.view, true));
        return;
      case 'more':
        await this.enqueue(() => this.loadUntil(msg.until));
        return;
      case 'groupBy':
        await this.enqueue(() => this.groupRowsBy(msg.column));
        return;
      case 'open':
        for (const ref of this.refs(msg.runIds).slice(0, 10)) this.tableDeps.openRun(ref);
        return;
      case 'compare': {
        const refs = this.refs(msg.runIds);
        if (refs.length < 2) return;
        if (refs.length > MAX_COMPARE) void showWarning(`Compare shows up to ${MAX_COMPARE} runs; comparing the first ${MAX_COMPARE} of ${refs.length}.`);
        this.tableDeps.compare(refs.slice(0, MAX_COMPARE));
        return;
      }
      case 'copyPaths':
        await vscode.env.clipboard.writeText(this.refs(msg.runIds).map((r) => `${r.entity}/${r.project}/${r.runId}`).join('\n'));
        return;
      case 'export':
        await this.enqueue(() => this.export(msg.format));
        return;
      case 'addTags':
      case 'removeTags': {
        // The tree's commands, with their checks (read-only runs are refused before asking) and
        // their RunChanges, which come back here as updated rows.
        const refs = this.refs(msg.runIds);
        await vscode.commands.executeCommand(msg.type === 'addTags' ? CMD.addRunTags : CMD.removeRunTags, refs[0], refs);
        return;
      }
      case 'download': {
        const refs = this.refs(msg.runIds);
        if (refs.length > MAX_DOWNLOADS) void showWarning(`Downloading the files of the first ${MAX_DOWNLOADS} of ${refs.length} selected runs.`);
        // The tree's command on a selection: one notification and one Cancel for all of them.
        const chosen = refs.slice(0, MAX_DOWNLOADS);
        if (chosen.length) await vscode.commands.executeCommand(CMD.downloadRunFiles, chosen[0], chosen);
        return;
      }
    }
  }

  /** Tells the tree what the person changed here: the search text, the order, or both. */
  private shareSearch(prev: TableView, view: TableView): void {
    const change: { text?: string; order?: RunsOrder } = {};
    if (prev.filterText !== view.filterText) change.text = view.filterText;
    if (!sameSort(prev.sort, view.sort)) change.order = sortToOrder(view.sort);
    if (change.text !== undefined || change.order) this.tableDeps.searchChanged?.(this.scope, change);
  }

  /** A key's path as `pathCounts` reported it (a top-level config key may contain dots). */
  private storagePath(columnId: string): string | undefined {
    return this.keys.find((k) => `${k.source}:${k.key}` === columnId)?.path;
  }

  private refs(runIds: string[]): RunRef[] {
    return runIds.map((runId) => ({ entity: this.scope.entity, project: this.scope.project, runId }));
  }

  /**
   * A new view: a new filter or order reads from the first row again; added columns only fetch
   * themselves. Runs inside the read chain (never enqueues, which would wait for itself).
   */
  private async applyView(view: TableView, fromPage: boolean): Promise<void> {
    let search: Record<string, unknown> | undefined;
    try {
      search = parseRunsFilter(view.filterText).filter;
    } catch (e) {
      if (e instanceof RunsFilterError) return void this.post({ type: 'filterError', message: e.message });
      throw e;
    }
    const sortColumn = apiColumn(view.sort.column);
    const order = sortColumn && orderKey(sortColumn, view.sort.descending, this.storagePath(view.sort.column));
    if (!order) return void this.post({ type: 'status', message: 'The server cannot sort by that column.', error: true });
    const prev = this.view;
    this.view = view;
    this.saveView(view);
    if (fromPage && prev) this.shareSearch(prev, view);
    const columns = valueColumns(view.columns).map((c) => c.column);
    const fields = onDemandFields(view.columns, this.groupBy);
    const filters = mergeFilters(this.scopeFilter(), search, columnFiltersClause(view.filters, (id) => this.storagePath(id)));
    const sameRows = prev && this.query && JSON.stringify(this.query.filters) === JSON.stringify(filters) && this.query.order === order;
    if (sameRows && this.query) {
      const q = this.query;
      const reads = addedReads(prev.columns, view.columns, q.fields ?? [], fields);
      // Later pages read what is shown now (a removed column is no longer fetched).
      this.query = { ...q, columns, fields };
      if (reads.columns.length > 0 || reads.fields.length > 0) await this.fetchColumns(q, reads);
      return;
    }
    this.generation++;
    this.query = { entity: this.scope.entity, project: this.scope.project, filters, order, columns, fields };
    this.rows = [];
    this.cursor = undefined;
    this.hasNext = true;
    this.total = 0;
    await this.loadUntil(0);
  }

  /** Reads pages until row `index` is loaded (or the runs end). */
  private async loadUntil(index: number): Promise<void> {
    const gen = this.generation;
    const q = this.query;
    if (!q) return;
    while (gen === this.generation && this.hasNext && this.rows.length <= index) {
      const first = this.rows.length === 0 ? FIRST_PAGE : PAGE;
      const page = await readRunsTablePage(this.api(), q, { first, after: this.cursor, signal: this.abort.signal });
      if (gen !== this.generation) return;
      const offset = this.rows.length;
      const rows = page.items.map((r) => tableRow(r, valueColumns(this.view?.columns ?? [])));
      this.rows.push(...rows);
      this.cursor = page.endCursor;
      this.hasNext = page.hasNextPage;
      if (page.totalCount !== undefined) this.total = page.totalCount;
      this.post({ type: 'rows', generation: gen, offset, rows, total: Math.max(this.total, this.rows.length), complete: !this.hasNext });
    }
  }

  /**
   * The page groups its rows by a column (or no longer does): grouping by group or job type needs
   * that field, read for the rows already loaded and with every page from now on.
   */
  private async groupRowsBy(column: string): Promise<void> {
    this.groupBy = column;
    const q = this.query;
    const view = this.view;
    if (!q || !view) return;
    const fields = onDemandFields(view.columns, column);
    const reads = addedReads(view.columns, view.columns, q.fields ?? [], fields);
    this.query = { ...q, fields };
    try {
      if (reads.fields.length > 0) await this.fetchColumns(q, reads);
    } finally {
      // Also after a failure (said by the queue): the page stops waiting and groups what it has.
      this.post({ type: 'groupReady', column });
    }
  }

  /**
   * Values of added columns (and the on-demand fields newly needed, such as notes when their
   * column is added) for the rows already loaded: the same filter and order as `q`, the new keys only.
   */
  private async fetchColumns(q: RunsTableQuery, reads: ReturnType<typeof addedReads>): Promise<void> {
    const gen = this.generation;
    const { columns: want, fields } = reads;
    const colQuery = { ...q, columns: want.map((c) => c.column), fields };
    const byId = new Map(this.rows.map((r) => [r.runId, r]));
    let after: string | undefined;
    for (let seen = 0; seen < this.rows.length; ) {
      const page = await readRunColumns(this.api(), colQuery, { first: PAGE, after, signal: this.abort.signal });
      if (gen !== this.generation) return;
      if (want.length > 0) {
        const cells = page.items.map((v) => ({ runId: v.runId, cells: cellsOf(v, want) }));
        for (const c of cells) Object.assign(byId.get(c.runId)?.cells ?? {}, c.cells);
        this.post({ type: 'cells', generation: gen, cells });
      }
      if (fields.length > 0) {
        const rows = page.items.flatMap((v) => {
          const row = byId.get(v.runId);
          return row ? [Object.assign(row, Object.fromEntries(fields.map((f) => [f, v[f]])))] : [];
        });
        this.post({ type: 'update', generation: gen, rows });
      }
      seen += page.items.length;
      if (!page.hasNextPage || page.items.length === 0) break;
      after = page.endCursor;
    }
  }

  /** Every row of the view (read to the end first) with the shown columns, in a new editor. */
  private async export(format: 'csv' | 'json' | 'python'): Promise<void> {
    const view = this.view;
    const q = this.query;
    if (!view || !q) return;
    let content: string;
    if (format === 'python') {
      content = pythonSnippet(`${this.scope.entity}/${this.scope.project}`, q.filters, q.order, view.columns);
    } else {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading every row of the table…' }, () =>
        this.loadUntil(Number.MAX_SAFE_INTEGER),
      );
      content = format === 'csv' ? toCsv(this.rows, view.columns) : toJson(this.rows, view.columns);
    }
    const doc = await vscode.workspace.openTextDocument({ content, language: format === 'csv' ? 'csv' : format });
    // Beside the table, which stays visible (a hidden webview loses its page).
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }
}

/**
 * The view a table opens with: what was saved for the project (whatever of it still parses), the
 * tree's search, and the default columns when none were saved.
 */
export function restoredView(saved: Partial<SavedView> | undefined, filterText: string, defaults: () => string[]): TableView {
  const columns = Array.isArray(saved?.columns) ? saved.columns.filter((c) => typeof c === 'string' && !!parseColumnId(c)) : defaults();
  const layout = normaliseLayout({
    columns,
    widths: saved?.widths && typeof saved.widths === 'object' ? saved.widths : {},
    pinned: Array.isArray(saved?.pinned) ? saved.pinned : [],
  });
  return {
    filterText,
    sort: saved?.sort && typeof saved.sort.column === 'string' && parseColumnId(saved.sort.column) ? saved.sort : DEFAULT_SORT,
    ...layout,
    filters: Array.isArray(saved?.filters) ? saved.filters.map(parseColumnFilter).filter((f): f is ColumnFilter => !!f) : [],
    onlyDiffering: saved?.onlyDiffering === true,
  };
}

function titleOf(s: RunsTableScope): string {
  return `Runs: ${s.project}${s.sweep ? ` (sweep ${s.sweep})` : s.group ? ` (group ${s.group})` : ''}`;
}

function scopeNote(s: RunsTableScope): string | undefined {
  if (s.sweep) return `Only the runs of sweep ${s.sweep}.`;
  if (s.group) return `Only the runs of group ${s.group}.`;
  return undefined;
}
