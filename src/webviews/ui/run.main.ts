/** The run panel's page: header, Overview (config, summary), Charts, System and Logs tabs. */
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import { isHostMessage, type HostMessage, type RunRefData } from '../protocol';
import { ChartsView, DEFAULT_CHARTS_STATE, type ChartsState } from './charts-view';
import { button, h } from './dom';
import { renderHeader } from './header';
import { initData, loadState, post, saveState } from './host';
import { KvTable, type KvTableState } from './kv-table';
import { LogsView, type LogsState } from './logs-view';
import { SystemView } from './system-view';
import { TablePreview } from './table-preview';
import { Tabs } from './tabs';
import { applyMedia } from './values';
import { EnvironmentView } from './environment-view';
import { MediaView, type MediaState } from './media-view';

interface RunPageState {
  kind: 'run';
  ref?: RunRefData;
  tab: string;
  headerCollapsed: boolean;
  config: KvTableState;
  summary: KvTableState;
  charts: ChartsState;
  logs: LogsState;
  media: MediaState;
}

const init = initData() as { ref?: RunRefData } | null;
const state = loadState<RunPageState>({
  kind: 'run',
  ref: init?.ref,
  tab: 'overview',
  headerCollapsed: false,
  config: { search: '', showInternal: false, collapsed: [] },
  summary: { search: '', showInternal: false, collapsed: [] },
  charts: { ...DEFAULT_CHARTS_STATE },
  logs: { search: '', follow: true },
  media: { at: {}, hidden: {} },
});
if (init?.ref) state.ref = init.ref;
const save = () => saveState(state);
save();
const headerFold = {
  get value() {
    return state.headerCollapsed;
  },
  set value(v: boolean) {
    state.headerCollapsed = v;
  },
  onChange: save,
};

const tablePreview = new TablePreview(
  (path) => post({ type: 'table', path }),
  () => post({ type: 'command', command: 'openInBrowser' }),
);
const media = new Map<string, string>();
const requestedMedia = new Set<string>();
const valueContext = {
  mediaSrc: (p: string) => media.get(p),
  requestMedia: (p: string) => {
    if (requestedMedia.has(p)) return;
    requestedMedia.add(p);
    post({ type: 'media', path: p });
  },
  previewTable: (path: string, label: string) => tablePreview.open(path, label),
  openTable: () => post({ type: 'command', command: 'openInBrowser' }),
  copy: (text: string) => post({ type: 'copy', text }),
  onStateChange: save,
};

const app = document.getElementById('app')!;
const headerEl = h('header', { class: 'run-header' }, h('div', { class: 'loading' }, 'Loading run…'));
const banner = h('div', { class: 'banner', hidden: true });
const config = new KvTable({ ...valueContext, name: 'Config', state: state.config });
const summary = new KvTable({ ...valueContext, name: 'Summary', state: state.summary });
const charts = new ChartsView([], state.charts, save);
const system = new SystemView(
  () => state.charts.smoothing,
  (w) => {
    charts.setDefaultSmoothing(w);
    system.smoothingChanged();
  },
);
charts.onDefaultsChange(() => system.smoothingChanged());
const logs = new LogsView(state.logs, save, () => post({ type: 'logsEarlier' }));
const environment = new EnvironmentView();
const mediaView = new MediaView(state.media, save);

const tabs = new Tabs(
  [
    ['overview', 'Overview'],
    ['charts', 'Charts'],
    ['system', 'System'],
    ['logs', 'Logs'],
    ['media', 'Media'],
  ],
  (id) => {
    state.tab = id;
    save();
    if (!loaded) return;
    if (id === 'system' && !system.isLoaded && !systemRequested) {
      systemRequested = true;
      post({ type: 'system' });
    }
    if (id === 'media') mediaView.load();
    if (id === 'logs' && !logs.isLoaded && !logsRequested) {
      logsRequested = true;
      post({ type: 'logs' });
    }
  },
  'Run sections',
);
tabs.panels.get('overview')!.append(environment.el, h('div', { class: 'overview' }, config.el, summary.el));
tabs.panels.get('charts')!.append(charts.el);
tabs.panels.get('system')!.append(system.el);
tabs.panels.get('logs')!.append(logs.el);
tabs.panels.get('media')!.append(mediaView.el);
app.append(headerEl, banner, tabs.bar, ...tabs.panels.values(), tablePreview.el);

let loaded = false;
let systemRequested = false;
let logsRequested = false;

function showError(message: string, retry: boolean): void {
  banner.hidden = false;
  banner.replaceChildren(h('span', { class: 'codicon codicon-error' }), ' ', message, retry ? button('Retry', 'refresh', () => post({ type: 'command', command: 'refresh' })) : '');
}

function onMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'run': {
      const first = !loaded;
      loaded = true;
      banner.hidden = true;
      state.ref = msg.header.ref;
      save();
      renderHeader(headerEl, msg.header, msg.live, headerFold);
      environment.set(msg.header.environment);
      document.title = msg.header.name;
      config.setRows(msg.config);
      summary.setRows(msg.summary);
      charts.setRuns([{ label: msg.header.name }]);
      charts.setMetrics(msg.metrics);
      if (!first) {
        charts.reload();
        systemRequested = false;
        logsRequested = false;
        mediaView.reset();
      }
      tabs.show(state.tab);
      return;
    }
    case 'header':
      renderHeader(headerEl, msg.header, msg.live, headerFold);
      // A rename: the charts' legend names the run too.
      if (msg.header.name !== document.title) charts.setRuns([{ label: msg.header.name }]);
      document.title = msg.header.name;
      return;
    case 'summary':
      summary.setRows(msg.summary);
      charts.setMetrics(msg.metrics);
      return;
    case 'history':
      charts.onHistory(msg);
      return;
    case 'append':
      charts.onAppend(msg.run, msg.columns);
      return;
    case 'system':
      system.setColumns(msg.columns);
      return;
    case 'logs':
      logs.show(msg);
      return;
    case 'table':
      tablePreview.onMessage(msg);
      return;
    case 'mediaIndex':
      mediaView.onIndex(msg.series, msg.truncated, msg.error);
      return;
    case 'mediaStep':
      mediaView.onStep(msg);
      return;
    case 'media':
      if (!msg.src.startsWith('data:image/')) return;
      media.set(msg.path, msg.src);
      applyMedia(document, msg.path, msg.src);
      return;
    case 'error':
      if (msg.scope === 'history') charts.onError(msg.requestId, msg.message);
      else if (msg.scope === 'run') showError(msg.message, true);
      else if (msg.scope === 'system') system.showMessage(h('div', { class: 'empty error' }, msg.message));
      else if (msg.scope === 'logs') logs.el.querySelector('.log-body')?.replaceChildren(h('div', { class: 'empty error' }, msg.message));
      return;
    default:
      return;
  }
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (isHostMessage(ev.data)) onMessage(ev.data);
});

// VS Code swaps the body's theme classes when the colour theme changes: redraw with the new colours.
new MutationObserver(() => {
  charts.retheme();
  system.retheme();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

tabs.show(state.tab);
post({ type: 'ready' });
