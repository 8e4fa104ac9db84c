/**
 * The table preview: a table value's first rows in an overlay of the panel, asked of the
 * extension by path (and run, in the compare panel). Every cell goes in as text. When the file
 * cannot be read, it says why and offers the browser instead.
 */
import type { HostMessage } from '../protocol';
import { button, h, iconButton } from './dom';
import { formatCount } from '../../format';

type TableMessage = Extract<HostMessage, { type: 'table' }>;

export class TablePreview {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private pending?: { path: string; run: number | undefined };

  constructor(
    private readonly request: (path: string, run: number | undefined) => void,
    private readonly openInBrowser: (run: number | undefined) => void,
  ) {
    this.title = h('h2', { class: 'table-preview-title' });
    this.body = h('div', { class: 'table-preview-body' });
    const box = h(
      'div',
      { class: 'table-preview', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Table preview' },
      h('div', { class: 'table-preview-head' }, this.title, iconButton('close', 'Close (Escape)', () => this.close(), 'table-preview-close')),
      this.body,
    );
    this.el = h('div', { class: 'table-preview-backdrop', hidden: true }, box);
    this.el.addEventListener('click', (ev) => ev.target === this.el && this.close());
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !this.el.hidden) this.close();
    });
  }

  open(path: string, label: string, run?: number): void {
    this.pending = { path, run };
    this.title.replaceChildren(label, ' ', h('code', null, path));
    this.body.replaceChildren(h('div', { class: 'loading' }, 'Reading the table…'));
    this.el.hidden = false;
    this.el.querySelector<HTMLButtonElement>('.table-preview-close')?.focus();
    this.request(path, run);
  }

  close(): void {
    this.el.hidden = true;
    this.pending = undefined;
  }

  /** The extension's answer; ignored unless it is for the table shown. */
  onMessage(msg: TableMessage): void {
    const p = this.pending;
    if (!p || p.path !== msg.path || p.run !== msg.run) return;
    const t = msg.table;
    if (!t) {
      this.body.replaceChildren(
        h('div', { class: 'empty error' }, h('span', { class: 'codicon codicon-error' }), ' ', `Could not read the table: ${msg.error ?? 'unknown error'}`),
        button('Open in Browser', 'link-external', () => this.openInBrowser(p.run)),
      );
      return;
    }
    const shown = t.rows.length;
    const count = shown < t.total ? `First ${formatCount(shown)} of ${formatCount(t.total)} rows` : `${formatCount(t.total)} rows`;
    this.body.replaceChildren(
      h('div', { class: 'table-preview-count' }, count, ' · ', `${formatCount(t.columns.length)} columns`),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'preview-table' },
          h('thead', null, h('tr', null, ...t.columns.map((c) => h('th', null, c)))),
          h('tbody', null, ...t.rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))),
        ),
      ),
    );
  }
}
