/** Tabs: a row of buttons and one panel shown at a time. */
import { h } from './dom';

export class Tabs {
  readonly bar: HTMLElement;
  readonly panels = new Map<string, HTMLElement>();
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(
    tabs: Array<[id: string, label: string]>,
    private readonly onShow: (id: string) => void,
  ) {
    this.bar = h('nav', { class: 'tabs', role: 'tablist' });
    for (const [id, label] of tabs) {
      const b = h('button', { class: 'tab', role: 'tab', type: 'button', 'data-tab': id, 'aria-selected': 'false' }, label);
      b.addEventListener('click', () => this.show(id));
      this.buttons.set(id, b);
      this.bar.append(b);
      this.panels.set(id, h('div', { class: `tab-panel tab-${id}`, role: 'tabpanel', hidden: true }));
    }
  }

  show(id: string): void {
    if (!this.panels.has(id)) id = [...this.panels.keys()][0]!;
    for (const [k, p] of this.panels) {
      p.hidden = k !== id;
      this.buttons.get(k)!.setAttribute('aria-selected', String(k === id));
    }
    this.onShow(id);
  }
}
