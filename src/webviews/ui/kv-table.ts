/**
 * The config / summary table of the run panel: dot paths and typed values, search, collapsible
 * objects, internal keys behind a toggle, copy buttons, rendered lazily for 10,000+ keys.
 */
import type { FlatRow } from '../protocol';
import { debounce, h, iconButton } from './dom';
import { LazyList } from './lazy-list';
import { renderValue, type ValueContext } from './values';
import { formatCount } from '../../format';

export interface KvTableState {
  search: string;
  showInternal: boolean;
  collapsed: string[];
}

export interface KvTableOptions extends ValueContext {
  name: string;
  state: KvTableState;
  onStateChange(): void;
  copy(text: string): void;
}

export class KvTable {
  readonly el: HTMLElement;
  private rows: FlatRow[] = [];
  private lower: string[] = [];
  private readonly list: LazyList<FlatRow>;
  private readonly count: HTMLElement;
  private readonly collapsed: Set<string>;

  constructor(private readonly opts: KvTableOptions) {
    this.collapsed = new Set(opts.state.collapsed);
    const search = h('input', { class: 'search', type: 'search', placeholder: `Search ${opts.name}`, 'aria-label': `Search ${opts.name}`, value: opts.state.search });
    search.addEventListener(
      'input',
      debounce(() => {
        opts.state.search = search.value;
        opts.onStateChange();
        this.refresh();
      }, 120),
    );
    const internal = h('input', { type: 'checkbox', class: 'internal-toggle' });
    internal.checked = opts.state.showInternal;
    internal.addEventListener('change', () => {
      opts.state.showInternal = internal.checked;
      opts.onStateChange();
      this.refresh();
    });
    this.count = h('span', { class: 'count' });
    const body = h('div', { class: 'kv-body', role: 'table', 'aria-label': opts.name });
    this.list = new LazyList(body, (r) => this.renderRow(r));
    this.el = h(
      'section',
      { class: `kv-table table-${opts.name.toLowerCase()}` },
      h('div', { class: 'table-toolbar' }, h('h2', null, opts.name), search, h('label', { class: 'check' }, internal, 'Show internal keys'), this.count),
      h('div', { class: 'kv-head', role: 'row' }, h('span', { role: 'columnheader' }, 'Key'), h('span', { role: 'columnheader' }, 'Value')),
      body,
    );
  }

  setRows(rows: FlatRow[]): void {
    this.rows = rows;
    this.lower = rows.map((r) => `${r.path}\u0000${r.kind === 'media' || r.kind === 'object' ? '' : r.text}`.toLowerCase());
    this.refresh();
  }

  private visible(): FlatRow[] {
    const q = this.opts.state.search.trim().toLowerCase();
    const showInternal = this.opts.state.showInternal;
    const out: FlatRow[] = [];
    let skip: string | undefined;
    for (let i = 0; i < this.rows.length; i++) {
      const r = this.rows[i]!;
      if (!showInternal && r.internal) continue;
      if (q) {
        if (this.lower[i]!.includes(q)) out.push(r);
        continue;
      }
      if (skip !== undefined && r.path.startsWith(skip)) continue;
      skip = undefined;
      out.push(r);
      if (r.kind === 'object' && this.collapsed.has(r.path)) skip = `${r.path}.`;
    }
    return out;
  }

  refresh(): void {
    const shown = this.visible();
    const total = this.opts.state.showInternal ? this.rows.length : this.rows.filter((r) => !r.internal).length;
    this.count.textContent = shown.length === total ? `${formatCount(total)} keys` : `${formatCount(shown.length)} of ${formatCount(total)} keys`;
    const scroller = this.el.closest('.tab-panel');
    const top = scroller?.scrollTop ?? 0;
    this.list.set(shown);
    if (scroller) scroller.scrollTop = top;
  }

  private renderRow(r: FlatRow): HTMLElement {
    const searching = this.opts.state.search.trim() !== '';
    const depth = searching ? 0 : Math.min(r.depth, 12);
    const key = h('span', { class: `kv-key depth-${depth}`, role: 'cell' });
    if (r.kind === 'object' && (r.children ?? 0) > 0 && !searching) {
      const open = !this.collapsed.has(r.path);
      const t = h('button', { class: 'icon-button twisty', type: 'button', 'aria-expanded': String(open), title: open ? 'Collapse' : 'Expand' }, h('span', { class: `codicon codicon-chevron-${open ? 'down' : 'right'}` }));
      t.addEventListener('click', () => {
        if (this.collapsed.has(r.path)) this.collapsed.delete(r.path);
        else this.collapsed.add(r.path);
        this.opts.state.collapsed = [...this.collapsed];
        this.opts.onStateChange();
        this.refresh();
      });
      key.append(t);
    } else key.append(h('span', { class: 'twisty-space' }));
    key.append(h('span', { class: 'path', title: r.desc ? `${r.path}\n${r.desc}` : r.path }, r.path));
    if (r.desc) key.append(h('span', { class: 'codicon codicon-info desc', title: r.desc }));
    const value = h('span', { class: `kv-value kind-${r.kind}`, role: 'cell' }, renderValue(r, this.opts));
    const actions = h(
      'span',
      { class: 'kv-actions' },
      iconButton('symbol-key', 'Copy key', () => this.opts.copy(r.path)),
      r.kind === 'object' || r.kind === 'media' ? null : iconButton('copy', 'Copy value', () => this.opts.copy(r.text)),
    );
    return h('div', { class: `kv-row${r.internal ? ' internal' : ''}`, role: 'row', 'data-path': r.path }, key, value, actions);
  }
}
