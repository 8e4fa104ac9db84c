/** The Overview's Environment block: OS, Python, CLI, host, GPUs, CPUs, start, exit code, interpreter. */
import type { EnvironmentRow } from '../protocol';
import { h } from './dom';
import { formatDate } from './format';

export class EnvironmentView {
  readonly el = h('section', { class: 'environment', hidden: true });

  set(rows: EnvironmentRow[] | undefined): void {
    this.el.hidden = !rows?.length;
    if (!rows?.length) return;
    const value = (r: EnvironmentRow) => (r.kind === 'code' ? h('code', null, r.value) : r.kind === 'date' ? h('span', { title: r.value }, formatDate(r.value)) : r.value);
    this.el.replaceChildren(
      h('h2', null, 'Environment'),
      h('dl', { class: 'meta env-list' }, ...rows.map((r) => h('div', { class: 'field', 'data-label': r.label }, h('dt', null, r.label), h('dd', null, value(r))))),
    );
  }
}
