/**
 * The Logs tab: the run's console output (streamed lines, or `output.log` once the run ended)
 * with its ANSI colours as classed spans, a search that narrows to matching lines, and
 * follow-tail while the run is running. Shows the last lines first and earlier ones on demand
 * (from what it holds, then from the server), so a 100,000-line log opens at once.
 */
import { lineText, parseAnsi, type AnsiLine } from '../ansi';
import { debounce, h } from './dom';
import { formatCount } from '../../format';
import type { HostMessage } from '../protocol';

type LogsMessage = Extract<HostMessage, { type: 'logs' }>;

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
  /** Number of the first line held (streamed lines start wherever the tail began). */
  private firstLine = 0;
  /** The server has lines before the first one held. */
  private hasEarlier = false;
  private earlierAsked = false;
  private source: LogsMessage['source'] = 'none';
  private live = false;
  private truncated = false;

  constructor(
    private readonly state: LogsState,
    private readonly onStateChange: () => void,
    /** Asks the host for the lines before the first one held (answered by a `prepend`). */
    private readonly askEarlier: () => void,
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
    this.more.addEventListener('click', () => this.showEarlier());
    this.body = h('div', { class: 'log-body', role: 'log', 'aria-label': 'Run output' }, h('div', { class: 'empty' }, 'Loading the console output…'));
    this.body.addEventListener('scroll', () => {
      // Scrolled up to the first line: page back, as the web app does.
      if (this.body.scrollTop === 0 && this.lines.length > 0 && !this.more.hidden) this.showEarlier();
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

  /** Shows text the host sent: the whole log, lines written since, or lines from before. */
  show(msg: LogsMessage): void {
    this.loaded = true;
    this.source = msg.source;
    this.live = msg.live;
    this.hasEarlier = msg.hasEarlier;
    if (msg.mode === 'append') this.append(msg.text);
    else if (msg.mode === 'prepend') {
      this.earlierAsked = false;
      const fresh = parseAnsi(msg.text);
      this.raw = msg.text + this.raw;
      this.lines.unshift(...fresh);
      this.lower.unshift(...fresh.map((l) => lineText(l).toLowerCase()));
      this.firstLine = msg.firstLine;
      this.shown += fresh.length;
    } else {
      this.earlierAsked = false;
      this.truncated = msg.truncated;
      this.firstLine = msg.firstLine;
      this.raw = msg.text;
      this.lines = parseAnsi(msg.text);
      this.lower = this.lines.map((l) => lineText(l).toLowerCase());
    }
    this.info.textContent = `${formatCount(this.lines.length)} lines${this.truncated ? ' (the start of the file is left out: it is large)' : ''}${this.hasEarlier ? ' (earlier lines on scrolling up)' : ''}${this.live ? ' · live' : ''}`;
    this.render(msg.mode === 'replace' || (msg.mode === 'append' && this.state.follow));
  }

  private append(text: string): void {
    // Re-parse from the start of the last, possibly unfinished, line.
    const cut = this.raw.lastIndexOf('\n') + 1;
    const tail = this.raw.slice(cut) + text;
    this.raw += text;
    const before = this.lines.length - (cut < this.raw.length - text.length ? 1 : 0);
    const fresh = parseAnsi(tail);
    this.lines.splice(Math.max(0, before), this.lines.length, ...fresh);
    this.lower.splice(Math.max(0, before), this.lower.length, ...fresh.map((l) => lineText(l).toLowerCase()));
  }

  /** Earlier lines: those held but not drawn first, then a page from the host. */
  private showEarlier(): void {
    if (this.firstShown() > 0) {
      this.shown += WINDOW * 3;
      this.render(false);
    } else if (this.hasEarlier && !this.earlierAsked) {
      this.earlierAsked = true;
      this.more.disabled = true;
      this.askEarlier();
    }
  }

  /** Index (among the matching lines) of the first line drawn. */
  private firstShown(): number {
    return Math.max(0, this.matching().length - this.shown);
  }

  private matching(): number[] {
    const q = this.state.search.trim().toLowerCase();
    const idx: number[] = [];
    for (let i = 0; i < this.lines.length; i++) if (!q || this.lower[i]!.includes(q)) idx.push(i);
    return idx;
  }

  private render(toEnd = this.state.follow): void {
    const q = this.state.search.trim().toLowerCase();
    const idx = this.matching();
    const start = Math.max(0, idx.length - this.shown);
    this.more.hidden = start === 0 && !this.hasEarlier;
    this.more.disabled = this.earlierAsked;
    const prevHeight = this.body.scrollHeight;
    const prevTop = this.body.scrollTop;
    const frag = document.createDocumentFragment();
    for (let k = start; k < idx.length; k++) frag.appendChild(this.renderLine(this.lines[idx[k]!]!, idx[k]!));
    if (idx.length === 0) frag.appendChild(h('div', { class: 'empty' }, this.lines.length ? 'No line matches.' : this.emptyText()));
    this.body.replaceChildren(frag);
    if (toEnd) this.scrollToEnd();
    else this.body.scrollTop = prevTop + (this.body.scrollHeight - prevHeight) * (q ? 0 : 1);
  }

  private emptyText(): string {
    if (this.source !== 'none') return 'The console output is empty.';
    return this.live ? 'No console output yet: new lines show here as the run writes them.' : 'This run has no console output (no streamed lines, no output.log).';
  }

  private renderLine(line: AnsiLine, n: number): HTMLElement {
    const el = h('div', { class: 'log-line' }, h('span', { class: 'ln' }, String(this.firstLine + n + 1)));
    for (const seg of line) el.appendChild(seg.cls ? h('span', { class: seg.cls }, seg.text) : document.createTextNode(seg.text));
    return el;
  }

  private scrollToEnd(): void {
    this.body.scrollTop = this.body.scrollHeight;
  }
}
