/**
 * The Logs tab: `output.log` with its ANSI colours as classed spans, a search that narrows to
 * matching lines, and follow-tail while the run is running. Shows the last lines first and
 * earlier ones on demand, so a 100,000-line log opens at once.
 */
import { lineText, parseAnsi, type AnsiLine } from '../ansi';
import { debounce, h } from './dom';
import { formatCount } from '../../format';

export interface LogsState {
  search: string;
  follow: boolean;
}

const WINDOW = 3_000;

export class LogsView {
  readonly el: HTMLElement;
  private raw = '';
  private lines: AnsiLine[] = [];
  private lower: string[] = [];
  private shown = WINDOW;
  private readonly body: HTMLElement;
  private readonly info: HTMLElement;
  private readonly more: HTMLButtonElement;
  private loaded = false;

  constructor(
    private readonly state: LogsState,
    private readonly onStateChange: () => void,
  ) {
    const search = h('input', { class: 'search', type: 'search', placeholder: 'Search log', 'aria-label': 'Search log', value: state.search });
    search.addEventListener(
      'input',
      debounce(() => {
        state.search = search.value;
        onStateChange();
        this.render();
      }, 150),
    );
    const follow = h('input', { type: 'checkbox', class: 'follow' });
    follow.checked = state.follow;
    follow.addEventListener('change', () => {
      state.follow = follow.checked;
      onStateChange();
      if (state.follow) this.scrollToEnd();
    });
    this.info = h('span', { class: 'count' });
    this.more = h('button', { class: 'link-button', type: 'button', hidden: true }, 'Show earlier lines');
    this.more.addEventListener('click', () => {
      this.shown += WINDOW * 3;
      this.render(false);
    });
    this.body = h('div', { class: 'log-body', role: 'log', 'aria-label': 'Run output' }, h('div', { class: 'empty' }, 'Loading output.log…'));
    this.body.addEventListener('scroll', () => {
      const atEnd = this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 8;
      if (!atEnd && state.follow) {
        state.follow = false;
        follow.checked = false;
        onStateChange();
      }
    });
    this.el = h(
      'div',
      { class: 'logs-view' },
      h('div', { class: 'table-toolbar' }, search, h('label', { class: 'check' }, follow, 'Follow tail'), this.info),
      this.more,
      this.body,
    );
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  setText(text: string, append: boolean, truncated: boolean, live: boolean): void {
    this.loaded = true;
    if (append) {
      // Re-parse from the start of the last, possibly unfinished, line.
      const cut = this.raw.lastIndexOf('\n') + 1;
      const tail = this.raw.slice(cut) + text;
      this.raw += text;
      const before = this.lines.length - (cut < this.raw.length - text.length ? 1 : 0);
      const fresh = parseAnsi(tail);
      this.lines.splice(Math.max(0, before), this.lines.length, ...fresh);
      this.lower.splice(Math.max(0, before), this.lower.length, ...fresh.map((l) => lineText(l).toLowerCase()));
    } else {
      this.raw = text;
      this.lines = parseAnsi(text);
      this.lower = this.lines.map((l) => lineText(l).toLowerCase());
    }
    this.info.textContent = `${formatCount(this.lines.length)} lines${truncated ? ' (the start of the file is left out: it is large)' : ''}${live ? ' · live' : ''}`;
    this.render(!append || this.state.follow);
  }

  private render(toEnd = this.state.follow): void {
    const q = this.state.search.trim().toLowerCase();
    const idx: number[] = [];
    for (let i = 0; i < this.lines.length; i++) if (!q || this.lower[i]!.includes(q)) idx.push(i);
    const start = Math.max(0, idx.length - this.shown);
    this.more.hidden = start === 0;
    const prevHeight = this.body.scrollHeight;
    const prevTop = this.body.scrollTop;
    const frag = document.createDocumentFragment();
    for (let k = start; k < idx.length; k++) frag.appendChild(this.renderLine(this.lines[idx[k]!]!, idx[k]!));
    if (idx.length === 0) frag.appendChild(h('div', { class: 'empty' }, this.lines.length ? 'No line matches.' : 'This run has no output.log, or it is empty.'));
    this.body.replaceChildren(frag);
    if (toEnd) this.scrollToEnd();
    else this.body.scrollTop = prevTop + (this.body.scrollHeight - prevHeight) * (q ? 0 : 1);
  }

  private renderLine(line: AnsiLine, n: number): HTMLElement {
    const el = h('div', { class: 'log-line' }, h('span', { class: 'ln' }, String(n + 1)));
    for (const seg of line) el.appendChild(seg.cls ? h('span', { class: seg.cls }, seg.text) : document.createTextNode(seg.text));
    return el;
  }

  private scrollToEnd(): void {
    this.body.scrollTop = this.body.scrollHeight;
  }
}
