/**
 * Tabs: a row of buttons and one panel shown at a time, as the WAI-ARIA tabs pattern has them:
 * the strip is one Tab stop (roving tabindex on the selected tab), Left/Right/Home/End move to
 * another tab and show it, and each tab names the panel it controls.
 */
import { h } from './dom';
import { tabAfterKey } from './tab-keys';

export class Tabs {
  readonly bar: HTMLElement;
  readonly panels = new Map<string, HTMLElement>();
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(
    tabs: Array<[id: string, label: string]>,
    private readonly onShow: (id: string) => void,
    /** What the strip is, for screen readers ("Run sections"). */
    label = 'Sections',
  ) {
    this.bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label });
    for (const [id, text] of tabs) {
      const b = h('button', { class: 'tab', role: 'tab', type: 'button', id: `tab-${id}`, 'data-tab': id, 'aria-selected': 'false', 'aria-controls': `tabpanel-${id}`, tabindex: '-1' }, text);
      b.addEventListener('click', () => this.show(id));
      this.buttons.set(id, b);
      this.bar.append(b);
      // tabindex 0: a panel whose first content is not focusable can still be reached by Tab.
      this.panels.set(id, h('div', { class: `tab-panel tab-${id}`, role: 'tabpanel', id: `tabpanel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: '0', hidden: true }));
    }
    this.bar.addEventListener('keydown', (e) => this.onKey(e));
  }

  show(id: string): void {
    if (!this.panels.has(id)) id = [...this.panels.keys()][0]!;
    for (const [k, p] of this.panels) {
      p.hidden = k !== id;
      const b = this.buttons.get(k)!;
      b.setAttribute('aria-selected', String(k === id));
      b.tabIndex = k === id ? 0 : -1;
    }
    this.onShow(id);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const ids = [...this.buttons.keys()];
    const current = ids.findIndex((k) => this.buttons.get(k) === document.activeElement);
    const next = tabAfterKey(e.key, Math.max(0, current), ids.length);
    if (next === undefined) return;
    e.preventDefault();
    const id = ids[next]!;
    this.show(id);
    this.buttons.get(id)!.focus();
  }
}
