/** The compare panel's page: runs with their colours, overlaid charts, config diff, summaries vs a baseline. */
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import { diffRows, numericDelta, type DiffRow } from '../diff';
import { deltaVerdict, metricDirection, type GoalFact } from '../metric-direction';
import { alignAxes, lengthMismatch } from '../run-lengths';
import { isHostMessage, type CompareRunData, type FlatRow, type HostMessage, type RunRefData } from '../protocol';
import { ChartsView, DEFAULT_CHARTS_STATE, type ChartsState } from './charts-view';
import { button, debounce, h, iconButton } from './dom';
import { formatNumber } from './format';
import { stateBadge } from './header';
import { initData, loadState, post, saveState } from './host';
import { LazyList } from './lazy-list';
import { TablePreview } from './table-preview';
import { CompareMediaView, type CompareMediaState } from './compare-media-view';
import { Tabs } from './tabs';
import { applyMedia, renderValue, type ValueContext } from './values';
import { formatCount } from '../../format';

interface TableState {
  search: string;
  onlyDiff: boolean;
  showInternal: boolean;
}

interface ComparePageState {
  kind: 'compare';
  refs?: RunRefData[];
  tab: string;
  charts: ChartsState;
  config: TableState;
  summary: TableState;
  baseline: number;
  /**
   * The answer to the different-lengths notice: the x axis picked there, or 'steps' to keep
   * charting by step; null while not answered (the notice shows, nothing changed).
   */
  align: string | null;
  media: CompareMediaState;
}

const init = initData() as { refs?: RunRefData[] } | null;
const state = loadState<ComparePageState>({
  kind: 'compare',
  refs: init?.refs,
  tab: 'charts',
  charts: { ...DEFAULT_CHARTS_STATE },
  config: { search: '', onlyDiff: true, showInternal: false },
  summary: { search: '', onlyDiff: false, showInternal: false },
  baseline: 0,
  align: null,
  media: { step: {}, hidden: {} },
});
state.align ??= null; // state saved before the notice existed
if (init?.refs) state.refs = init.refs;
const save = () => saveState(state);
save();

let runs: CompareRunData[] = [];
/** What the runs say about metrics' direction (metric definitions, sweeps): colours the deltas. */
let goals: GoalFact[] = [];

// Media values show as in the run panel: thumbnails (fetched per run, as data: URIs), sparklines.
const media = new Map<string, string>();
const requestedMedia = new Set<string>();
const mediaKey = (run: number, path: string) => `${run}\u0000${path}`;
const tablePreview = new TablePreview(
  (path, run) => post({ type: 'table', path, run }),
  (run) => post({ type: 'command', command: 'openInBrowser', run }),
);
const valueContexts: ValueContext[] = [];
function valueContext(run: number): ValueContext {
  return (valueContexts[run] ??= {
    mediaSrc: (p) => media.get(mediaKey(run, p)),
    requestMedia: (p) => {
      if (requestedMedia.has(mediaKey(run, p))) return;
      requestedMedia.add(mediaKey(run, p));
      post({ type: 'media', path: p, run });
    },
    previewTable: (path, label) => tablePreview.open(path, `${runs[run]?.header.name ?? ''}: ${label}`, run),
    openTable: () => post({ type: 'command', command: 'openInBrowser', run }),
  });
}

const app = document.getElementById('app')!;
const runsEl = h('header', { class: 'compare-runs' }, h('div', { class: 'loading' }, 'Loading runs…'));
const banner = h('div', { class: 'banner', hidden: true });
const charts = new ChartsView([], state.charts, save);

class DiffTable {
  readonly el: HTMLElement;
  private rows: DiffRow[] = [];
  private readonly thead: HTMLTableSectionElement;
  private readonly list: LazyList<DiffRow>;
  private readonly count: HTMLElement;
  private readonly extra: HTMLElement;

  constructor(
    private readonly name: string,
    private readonly st: TableState,
    private readonly withDelta: boolean,
  ) {
    const search = h('input', { class: 'search', type: 'search', placeholder: `Search ${name.toLowerCase()}`, 'aria-label': `Search ${name}`, value: st.search });
    search.addEventListener(
      'input',
      debounce(() => {
        st.search = search.value;
        save();
        this.refresh();
      }, 120),
    );
    const only = h('input', { type: 'checkbox', class: 'only-diff' });
    only.checked = st.onlyDiff;
    only.addEventListener('change', () => {
      st.onlyDiff = only.checked;
      save();
      this.refresh();
    });
    const internal = h('input', { type: 'checkbox', class: 'internal-toggle' });
    internal.checked = st.showInternal;
    internal.addEventListener('change', () => {
      st.showInternal = internal.checked;
      save();
      this.refresh();
    });
    this.count = h('span', { class: 'count' });
    this.extra = h('span', { class: 'baseline' });
    this.thead = h('thead');
    const tbody = h('tbody');
    this.list = new LazyList(tbody, (r) => this.renderRow(r));
    this.el = h(
      'section',
      { class: `diff-table table-${name.toLowerCase()}` },
      h(
        'div',
        { class: 'table-toolbar' },
        search,
        h('label', { class: 'check' }, only, 'Only differing keys'),
        h('label', { class: 'check' }, internal, 'Show internal keys'),
        this.extra,
        this.count,
      ),
      h('div', { class: 'table-scroll' }, h('table', { class: 'diff' }, this.thead, tbody)),
    );
  }

  setRows(tables: FlatRow[][]): void {
    this.rows = diffRows(tables);
    this.renderHead();
    this.refresh();
  }

  renderHead(): void {
    this.thead.replaceChildren(
      h(
        'tr',
        null,
        h('th', { class: 'key-col' }, 'Key'),
        ...runs.map((r, i) =>
          h('th', { title: `${r.header.ref.entity}/${r.header.ref.project}/${r.header.ref.runId}` }, h('span', { class: `swatch swatch-${i % 20}` }), ' ', r.header.name, this.withDelta && i === state.baseline ? ' (baseline)' : ''),
        ),
      ),
    );
    if (this.withDelta) {
      const sel = h('select', { 'aria-label': 'Baseline run' }, ...runs.map((r, i) => h('option', { value: String(i) }, r.header.name)));
      sel.value = String(state.baseline);
      sel.addEventListener('change', () => {
        state.baseline = Number(sel.value);
        save();
        this.renderHead();
        this.refresh();
      });
      this.extra.replaceChildren(h('label', null, 'Baseline ', sel));
    }
  }

  refresh(): void {
    const q = this.st.search.trim().toLowerCase();
    const shown = this.rows.filter(
      (r) =>
        (this.st.showInternal || !r.internal) &&
        (!this.st.onlyDiff || r.differs) &&
        (!q || r.path.toLowerCase().includes(q) || r.cells.some((c) => c?.text.toLowerCase().includes(q))),
    );
    const total = this.rows.filter((r) => this.st.showInternal || !r.internal).length;
    this.count.textContent = `${formatCount(shown.length)} of ${formatCount(total)} keys`;
    const scroller = this.el.closest('.tab-panel');
    const top = scroller?.scrollTop ?? 0;
    this.list.set(shown);
    if (scroller) scroller.scrollTop = top;
    if (shown.length === 0) {
      this.list.container.append(h('tr', null, h('td', { class: 'empty', colspan: String(runs.length + 1) }, this.st.onlyDiff ? 'No differing keys.' : 'No keys.')));
    }
  }

  private renderRow(r: DiffRow): HTMLElement {
    const base = r.cells[state.baseline];
    return h(
      'tr',
      { class: r.differs ? 'differs' : 'same', 'data-path': r.path },
      h('td', { class: 'key-col', title: r.path }, r.path, iconButton('symbol-key', 'Copy key', () => post({ type: 'copy', text: r.path }), 'hover-only')),
      ...r.cells.map((c, i) => {
        const mark = r.odd[i] ? ' odd' : r.split ? ' split' : '';
        const td = h('td', { class: `${c ? `kind-${c.kind}` : 'missing'}${mark}`, 'data-run': String(i) }, c ? renderValue(c, valueContext(i)) : '—');
        if (r.odd[i]) td.title = 'Differs from the value the other runs share';
        else if (r.split) td.title = 'No value is shared by most runs';
        if (this.withDelta && i !== state.baseline) {
          const d = numericDelta(c, base);
          if (d !== undefined && d !== 0) {
            const rel = base?.num ? ` ${d > 0 ? '+' : ''}${((d / Math.abs(base.num)) * 100).toFixed(1)}%` : '';
            // Better or worse only where a run or its sweep said which way is better; else neutral.
            const direction = metricDirection(r.path, goals, runs.length);
            const verdict = deltaVerdict(d, direction) ?? 'unknown';
            td.append(h('span', { class: `delta ${verdict}`, title: direction.why, 'data-verdict': verdict }, ` ${d > 0 ? '+' : ''}${formatNumber(d)}${rel}`));
          }
        }
        return td;
      }),
    );
  }
}

const configTable = new DiffTable('Config', state.config, false);
const summaryTable = new DiffTable('Summary', state.summary, true);
const mediaView = new CompareMediaView(state.media, save);
const tabs = new Tabs(
  [
    ['charts', 'Charts'],
    ['config', 'Config'],
    ['summary', 'Summary'],
    ['media', 'Media'],
  ],
  (id) => {
    state.tab = id;
    save();
    // Asked for only once the data has come (the runs' names head the columns).
    if (id === 'media' && runs.length > 0) mediaView.load();
  },
  'Comparison sections',
);
const alignNotice = h('div', { class: 'align-notice', role: 'status', hidden: true });
tabs.panels.get('charts')!.append(alignNotice, charts.el);
tabs.panels.get('config')!.append(configTable.el);
tabs.panels.get('summary')!.append(summaryTable.el);
tabs.panels.get('media')!.append(mediaView.el);
app.append(runsEl, banner, tabs.bar, ...tabs.panels.values(), tablePreview.el);

/**
 * Runs of very different lengths: offer up front to chart them by epoch or relative time. Shown
 * until answered, and only while the charts are by step; nothing changes until a button is used.
 */
function renderAlignNotice(metricKeys: readonly string[]): void {
  const mismatch = lengthMismatch(runs.map((r) => r.steps));
  alignNotice.hidden = !mismatch || state.align !== null || state.charts.xKey !== '_step';
  if (alignNotice.hidden || !mismatch) return;
  const answer = (xKey: string | null) => {
    state.align = xKey ?? 'steps';
    if (xKey) charts.setXAxis(xKey);
    save();
    alignNotice.hidden = true;
  };
  alignNotice.replaceChildren(
    h('span', { class: 'codicon codicon-info', 'aria-hidden': 'true' }),
    h(
      'span',
      { class: 'align-text' },
      `These runs differ in length: ${formatCount(mismatch.longest)} steps against ${formatCount(mismatch.shortest)} (${Math.round(mismatch.ratio)}×). By step, the short ones are squeezed against the axis.`,
    ),
    ...alignAxes(metricKeys).map((a) => button(a.label, undefined, () => answer(a.xKey), `align-${a.xKey.replace(/^_/, '')}`)),
    button('Keep steps', undefined, () => answer(null), 'secondary align-keep'),
  );
}
let metricKeys: string[] = [];

function renderRuns(): void {
  runsEl.replaceChildren(
    h(
      'div',
      { class: 'title-row' },
      h('h1', null, `Comparing ${runs.length} runs`),
      h('span', { class: 'actions' }, iconButton('refresh', 'Refresh', () => post({ type: 'command', command: 'refresh' }))),
    ),
    h(
      'ul',
      { class: 'run-legend' },
      ...runs.map((r, i) =>
        h(
          'li',
          { 'data-run': String(i) },
          h('span', { class: `swatch swatch-${i % 20}` }),
          stateBadge(r.header.state),
          h('button', { class: 'link-button run-link', type: 'button', title: 'Open the run panel' }, r.header.name),
          h('code', { class: 'run-id' }, r.header.ref.runId),
          iconButton('link-external', 'Open in browser', () => post({ type: 'command', command: 'openInBrowser', run: i })),
        ),
      ),
    ),
  );
  runsEl.querySelectorAll<HTMLButtonElement>('.run-link').forEach((b, i) => b.addEventListener('click', () => post({ type: 'command', command: 'openRun', run: i })));
}

function onMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'compare': {
      const reload = runs.length > 0;
      runs = msg.runs;
      goals = Array.isArray(msg.goals) ? msg.goals : [];
      metricKeys = msg.metrics.map((m) => m.key);
      banner.hidden = true;
      if (state.baseline >= runs.length) state.baseline = 0;
      state.refs = runs.map((r) => r.header.ref);
      save();
      renderRuns();
      charts.setRuns(runs.map((r) => ({ label: r.header.name })));
      charts.setMetrics(msg.metrics);
      if (reload) charts.reload();
      configTable.setRows(runs.map((r) => r.config));
      summaryTable.setRows(runs.map((r) => r.summary));
      renderAlignNotice(metricKeys);
      mediaView.setRuns(runs.map((r) => ({ name: r.header.name })));
      tabs.show(state.tab);
      return;
    }
    case 'header': {
      // A rename, new tags or notes of one run (or a live run's new state).
      const r = msg.run !== undefined ? runs[msg.run] : undefined;
      if (!r) return;
      const renamed = r.header.name !== msg.header.name;
      const restated = r.header.state !== msg.header.state;
      r.header = msg.header;
      // Live ticks send the header every time; redraw the legend only when what it shows changed.
      if (renamed || restated) renderRuns();
      if (renamed) {
        configTable.renderHead();
        summaryTable.renderHead();
        charts.setRuns(runs.map((x) => ({ label: x.header.name })));
        mediaView.renameRuns(runs.map((x) => ({ name: x.header.name })));
      }
      return;
    }
    case 'history':
      charts.onHistory(msg);
      return;
    case 'append': {
      charts.onAppend(msg.run, msg.columns);
      const r = runs[msg.run];
      if (r) r.steps = Math.max(r.steps, msg.lastStep + 1);
      if (alignNotice.hidden) renderAlignNotice(metricKeys); // a live run may now be long enough to ask
      return;
    }
    case 'summary': {
      // A live run's latest values; the table keeps its filters and scroll position.
      const r = msg.run !== undefined ? runs[msg.run] : undefined;
      if (!r) return;
      r.summary = msg.summary;
      summaryTable.setRows(runs.map((x) => x.summary));
      return;
    }
    case 'table':
      tablePreview.onMessage(msg);
      return;
    case 'compareMediaIndex':
      mediaView.onIndex(msg.runs);
      return;
    case 'mediaStep':
      if (msg.run !== undefined) mediaView.onStep(msg.run, msg);
      return;
    case 'media':
      if (msg.run === undefined || !msg.src.startsWith('data:image/')) return;
      media.set(mediaKey(msg.run, msg.path), msg.src);
      for (const td of document.querySelectorAll(`td[data-run="${msg.run}"]`)) applyMedia(td, msg.path, msg.src);
      return;
    case 'error':
      if (msg.scope === 'history') charts.onError(msg.requestId, msg.message);
      else {
        banner.hidden = false;
        banner.replaceChildren(h('span', { class: 'codicon codicon-error' }), ' ', msg.message, button('Retry', 'refresh', () => post({ type: 'command', command: 'refresh' })));
        // Not loaded yet: the Media tab has no runs to ask about and would say "Loading" for ever.
        if (runs.length === 0) mediaView.failed(msg.message);
      }
      return;
    default:
      return;
  }
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (isHostMessage(ev.data)) onMessage(ev.data);
});

new MutationObserver(() => charts.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

tabs.show(state.tab);
post({ type: 'ready' });
