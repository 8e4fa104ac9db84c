/**
 * The runs table's column picker: a search box over the fixed columns and the project's config
 * and summary keys, grouped by prefix, each with how many runs have it; a checkbox shows or hides
 * a column (new columns go last).
 */
import { pickerGroups } from '../runs-table-model';
import type { TableKey } from '../runs-table-protocol';
import { clear, h } from './dom';
import { formatCount } from '../../format';

const MAX_ITEMS = 400;

export class ColumnPicker {
  readonly element: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private keys: TableKey[] = [];
  private columns: string[] = [];

  constructor(private readonly onChange: (columns: string[]) => void) {
    this.search = h('input', { type: 'search', class: 'picker-search', placeholder: 'Search keys, e.g. optimizer.lr', 'aria-label': 'Search columns' });
    this.list = h('div', { class: 'picker-list', role: 'group', 'aria-label': 'Columns' });
    this.element = h('div', { class: 'column-picker', role: 'dialog', 'aria-label': 'Columns', hidden: true }, this.search, this.list);
    this.search.addEventListener('input', () => this.render());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hide();
    });
  }

  toggle(anchor: HTMLElement, keys: TableKey[], columns: string[]): void {
    if (!this.element.hidden) return this.hide();
    this.keys = keys;
    this.columns = [...columns];
    this.element.hidden = false;
    anchor.setAttribute('aria-expanded', 'true');
    this.render();
    this.search.focus();
  }

  hide(): void {
    this.element.hidden = true;
  }

  private render(): void {
    clear(this.list);
    let shown = 0;
    for (const g of pickerGroups(this.keys, this.search.value)) {
      if (shown >= MAX_ITEMS) break;
      const items = g.items.slice(0, MAX_ITEMS - shown);
      shown += items.length;
      this.list.append(
        h('div', { class: 'picker-group' }, g.label),
        ...items.map((it) => {
          const box = h('input', { type: 'checkbox', 'data-column': it.id });
          box.checked = this.columns.includes(it.id);
          box.addEventListener('change', () => {
            this.columns = box.checked ? [...this.columns, it.id] : this.columns.filter((c) => c !== it.id);
            this.onChange(this.columns);
          });
          return h('label', { class: 'picker-item' }, box, h('span', { class: 'picker-key' }, it.label), it.count !== undefined ? h('span', { class: 'picker-count', title: `${it.count} runs have it` }, formatCount(it.count)) : null);
        }),
      );
    }
    if (shown === 0) this.list.append(h('div', { class: 'hint' }, 'No key matches.'));
  }
}
