/**
 * The run panel's Media tab: a card per media key with a step slider (and play). A card asks
 * the extension for its files only while it is on screen, one step at a time: while an ask is
 * in flight, slider moves only change which step to ask for next, so dragging across a
 * thousand steps fetches the steps actually shown, not every step passed over.
 */
import './media.css';
import type { ImageMedia, MediaItem, MediaSeries, MediaStepData } from '../media-protocol';
import { button, h, iconButton } from './dom';
import { post } from './host';
import { classColor, drawBars, drawHeatmap, drawOverlay, loadImage } from './media-draw';

export interface MediaState {
  /** Slider position (index into the key's steps) per key. */
  at: Record<string, number>;
  /** Class ids hidden per key. */
  hidden: Record<string, number[]>;
}

/** Time between steps while playing (the next step also waits for the current to show). */
const PLAY_MS = 700;

const KIND_LABEL: Record<string, string> = {
  image: 'image',
  images: 'images',
  histogram: 'histogram',
  audio: 'audio',
  video: 'video',
  table: 'table',
  html: 'HTML',
  plotly: 'Plotly',
  object3D: '3D object',
  other: 'media',
};

export class MediaView {
  readonly el = h('div', { class: 'media-view' });
  private readonly grid = h('div', { class: 'media-grid' });
  private readonly note = h('div', { class: 'empty' }, 'Loading media…');
  private readonly cards = new Map<string, MediaCard>();
  private requested = false;
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly state: MediaState,
    private readonly onStateChange: () => void,
  ) {
    this.el.append(this.note, this.grid);
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) this.cards.get((e.target as HTMLElement).dataset.key ?? '')?.setVisible(e.isIntersecting);
      },
      { rootMargin: '100px' },
    );
  }

  /** Asks for the index once (when the tab is first shown). */
  load(): void {
    if (this.requested) return;
    this.requested = true;
    post({ type: 'mediaIndex' });
  }

  /** After Refresh: the next showing asks again. */
  reset(): void {
    this.requested = false;
    for (const c of this.cards.values()) c.dispose();
    this.cards.clear();
    this.grid.replaceChildren();
    this.note.hidden = false;
    this.note.textContent = 'Loading media…';
  }

  onIndex(series: MediaSeries[], truncated: boolean, error?: string): void {
    for (const c of this.cards.values()) c.dispose();
    this.cards.clear();
    this.grid.replaceChildren();
    this.note.hidden = !error && series.length > 0 && !truncated;
    this.note.className = error ? 'empty error' : 'empty';
    this.note.textContent = error ?? (series.length === 0 ? 'This run logged no media.' : `Some keys were logged at more steps than the slider holds; it steps through an even sample of them.`);
    for (const s of series) {
      const card = new MediaCard(s, this.state, this.onStateChange);
      this.cards.set(s.key, card);
      this.grid.append(card.el);
      this.observer.observe(card.el);
    }
  }

  onStep(data: MediaStepData): void {
    this.cards.get(data.key)?.onData(data);
  }
}

class MediaCard {
  readonly el: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly stepLabel = h('span', { class: 'media-step' });
  private readonly body = h('div', { class: 'media-body' });
  private readonly legend = h('div', { class: 'class-legend' });
  private readonly playButton: HTMLButtonElement;
  private visible = false;
  /** Step whose files are on screen; step asked for and not answered yet. */
  private shown?: number;
  private pending?: number;
  private playing?: ReturnType<typeof setInterval>;
  private last?: MediaStepData;
  private readonly hidden: Set<number>;
  /** Class ids seen in this card so far, with their names. */
  private readonly classes = new Map<number, string>();
  private heatmap?: HTMLCanvasElement;

  constructor(
    private readonly series: MediaSeries,
    private readonly state: MediaState,
    private readonly onStateChange: () => void,
  ) {
    const n = series.steps.length;
    const at = Math.min(n - 1, Math.max(0, state.at[series.key] ?? n - 1));
    this.hidden = new Set(state.hidden[series.key] ?? []);
    this.slider = h('input', { type: 'range', class: 'media-slider', min: 0, max: n - 1, step: 1, value: at, 'aria-label': `Step of ${series.key}` });
    this.slider.disabled = n < 2;
    this.slider.addEventListener('input', () => this.moved());
    this.playButton = iconButton('play', 'Play through the steps', () => this.togglePlay());
    this.playButton.disabled = n < 2;
    this.el = h(
      'section',
      { class: `media-card media-${series.kind}`, 'data-key': series.key, 'data-kind': series.kind },
      h(
        'header',
        { class: 'media-card-head' },
        h('span', { class: 'media-key', title: series.key }, series.key),
        h('span', { class: 'media-kind' }, series.summaryOnly ? `${KIND_LABEL[series.kind]} (summary)` : KIND_LABEL[series.kind]),
        this.stepLabel,
      ),
      h('div', { class: 'media-controls' }, this.playButton, this.slider),
      this.legend,
      this.body,
    );
    this.legend.hidden = true;
    this.updateLabel();
    if (series.kind === 'histogram') this.drawHistogram();
  }

  private get index(): number {
    return Number(this.slider.value);
  }

  private get wanted(): number {
    return this.series.steps[this.index]!;
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.ask();
    else this.stopPlay();
  }

  private moved(): void {
    this.state.at[this.series.key] = this.index;
    this.onStateChange();
    this.updateLabel();
    if (this.series.kind === 'histogram') this.drawHistogram();
    else this.ask();
  }

  private updateLabel(): void {
    this.stepLabel.textContent = `step ${this.wanted} (${this.index + 1} of ${this.series.steps.length})`;
  }

  /** Asks for the wanted step's files unless they are shown, asked for already, or off screen. */
  private ask(): void {
    if (!this.visible || this.pending !== undefined || this.series.kind === 'histogram') return;
    if (this.shown === this.wanted) return;
    const item = this.series.items[this.index]!;
    if (!needsFiles(item)) {
      this.shown = this.wanted;
      this.render(item, undefined);
      return;
    }
    this.pending = this.wanted;
    this.el.classList.add('loading');
    post({ type: 'mediaStep', key: this.series.key, step: this.wanted });
  }

  onData(data: MediaStepData): void {
    if (data.step !== this.pending) return;
    this.pending = undefined;
    this.el.classList.remove('loading');
    const at = this.series.steps.indexOf(data.step);
    if (at >= 0) {
      this.shown = data.step;
      this.last = data;
      this.render(this.series.items[at]!, data);
    }
    this.ask();
  }

  private render(item: MediaItem, data: MediaStepData | undefined): void {
    const errors = data?.errors.length ? h('div', { class: 'empty error' }, data.errors.join('\n')) : null;
    const parts: Array<HTMLElement | null> = [errors];
    switch (item.kind) {
      case 'image':
        parts.push(this.image(item, data!));
        break;
      case 'images':
        parts.push(h('div', { class: 'image-grid' }, ...item.items.map((i) => this.image(i, data!))));
        break;
      case 'audio':
        parts.push(...item.items.map((a) => h('figure', { class: 'media-audio' }, data?.urls[a.path] ? h('audio', { controls: true, src: data.urls[a.path]!, preload: 'metadata' }) : null, a.caption ? h('figcaption', null, a.caption) : null)));
        break;
      case 'video': {
        const src = data?.urls[item.path];
        const player = src?.startsWith('data:image/') ? h('img', { src, alt: item.caption ?? item.path }) : src ? h('video', { controls: true, src, preload: 'metadata' }) : null;
        parts.push(h('figure', { class: 'media-video' }, player, item.caption ? h('figcaption', null, item.caption) : null));
        break;
      }
      case 'html':
      case 'plotly':
        // Never run: the source as text, and the run's page for the real thing.
        parts.push(
          h('p', { class: 'media-note' }, `${item.kind === 'html' ? 'HTML' : 'A Plotly figure'} is not run inside the panel; its source is below.`, ' ', button('Open Run in Browser', 'link-external', () => post({ type: 'command', command: 'openInBrowser' }), 'secondary small')),
          h('pre', { class: 'media-source' }, data?.texts[item.path] ?? ''),
        );
        break;
      case 'table':
        parts.push(h('p', { class: 'media-note' }, `Table ${item.rows !== undefined ? `of ${item.rows} rows ` : ''}(${item.path})`, ' ', button('Open Run in Browser', 'link-external', () => post({ type: 'command', command: 'openInBrowser' }), 'secondary small')));
        break;
      case 'object3D':
        parts.push(h('p', { class: 'media-note' }, `3D object ${item.path}: shown in the browser only.`, ' ', button('Open Run in Browser', 'link-external', () => post({ type: 'command', command: 'openInBrowser' }), 'secondary small')));
        break;
      default:
        parts.push(h('p', { class: 'media-note' }, `A ${item.kind === 'other' ? item.type : item.kind} value: the panel cannot show this kind yet.`));
    }
    this.body.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    this.el.dataset.step = String(this.shown);
  }

  /** An image with a canvas over it for its masks and boxes (drawn once both are decoded). */
  private image(item: ImageMedia, data: MediaStepData): HTMLElement {
    const src = data.urls[item.path];
    const img = h('img', { class: 'media-img', alt: item.caption ?? item.path, 'data-path': item.path });
    const overlay = h('canvas', { class: 'overlay' });
    const fig = h('figure', { class: 'media-figure' }, h('div', { class: 'media-image' }, img, overlay), item.caption ? h('figcaption', null, item.caption) : null);
    if (!src) return fig;
    const boxSets = Object.values(item.boxes)
      .map((p) => data.boxes[p])
      .filter((b) => !!b);
    for (const set of boxSets) {
      for (const b of set.boxes) if (!this.classes.has(b.classId)) this.classes.set(b.classId, set.classLabels[b.classId] ?? data.classes[b.classId] ?? `class ${b.classId}`);
    }
    const maskUrls = Object.values(item.masks)
      .map((p) => data.urls[p])
      .filter((u): u is string => !!u);
    const draw = async () => {
      const masks = (await Promise.all(maskUrls.map(loadImage))).filter((m): m is HTMLImageElement => !!m);
      // Boxes and masks share class ids here; the first name seen for an id stays.
      for (const m of masks) for (const id of maskClasses(m)) if (!this.classes.has(id)) this.classes.set(id, data.classes[id] ?? `class ${id}`);
      this.renderLegend();
      const n = drawOverlay(overlay, img.naturalWidth, img.naturalHeight, masks, boxSets, data.classes, this.hidden);
      overlay.dataset.boxes = String(n);
    };
    fig.dataset.overlay = boxSets.length || maskUrls.length ? 'pending' : 'none';
    if (boxSets.length || maskUrls.length) img.addEventListener('load', () => void draw().then(() => (fig.dataset.overlay = 'drawn')), { once: true });
    img.src = src;
    return fig;
  }

  private renderLegend(): void {
    if (this.classes.size === 0) {
      this.legend.hidden = true;
      return;
    }
    this.legend.hidden = false;
    const ids = [...this.classes.keys()].sort((a, b) => a - b);
    this.legend.replaceChildren(
      ...ids.map((id) => {
        const box = h('input', { type: 'checkbox' });
        box.checked = !this.hidden.has(id);
        box.addEventListener('change', () => this.toggleClass(id, box.checked));
        const swatch = h('span', { class: 'swatch' });
        swatch.style.background = classColor(id);
        return h('label', { class: 'class-toggle', 'data-class': String(id) }, box, swatch, this.classes.get(id)!);
      }),
    );
  }

  private toggleClass(id: number, shown: boolean): void {
    if (shown) this.hidden.delete(id);
    else this.hidden.add(id);
    this.state.hidden[this.series.key] = [...this.hidden];
    this.onStateChange();
    // Draw the shown step again with the new choice.
    if (this.last && this.shown !== undefined) this.render(this.series.items[this.series.steps.indexOf(this.shown)]!, this.last);
  }

  private drawHistogram(): void {
    const hists = this.series.items.map((i) => (i.kind === 'histogram' ? i : { values: [0], bins: [0, 1] }));
    const color = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
    if (!this.heatmap) {
      this.heatmap = h('canvas', { class: 'heatmap' });
      const bars = h('canvas', { class: 'bars' });
      this.body.replaceChildren(h('div', { class: 'media-note' }, 'All steps (darker: more values there)'), this.heatmap, h('div', { class: 'media-note' }, 'This step'), bars);
    }
    requestAnimationFrame(() => {
      if (this.series.steps.length > 1) drawHeatmap(this.heatmap!, hists, this.index, color);
      else this.heatmap!.hidden = true;
      drawBars(this.body.querySelector<HTMLCanvasElement>('canvas.bars')!, hists[this.index]!, color);
      this.shown = this.wanted;
      this.el.dataset.step = String(this.shown);
    });
  }

  private togglePlay(): void {
    if (this.playing) return this.stopPlay();
    if (this.index >= this.series.steps.length - 1) this.slider.value = '0';
    this.playButton.replaceChildren(h('span', { class: 'codicon codicon-debug-pause', 'aria-hidden': 'true' }));
    this.playing = setInterval(() => {
      // Wait for the shown step before moving on, so playing never queues asks.
      if (this.pending !== undefined) return;
      if (this.index >= this.series.steps.length - 1) return this.stopPlay();
      this.slider.value = String(this.index + 1);
      this.moved();
    }, PLAY_MS);
  }

  private stopPlay(): void {
    if (this.playing) clearInterval(this.playing);
    this.playing = undefined;
    this.playButton.replaceChildren(h('span', { class: 'codicon codicon-play', 'aria-hidden': 'true' }));
  }

  dispose(): void {
    this.stopPlay();
  }
}

function needsFiles(item: MediaItem): boolean {
  return item.kind === 'image' || item.kind === 'images' || item.kind === 'audio' || item.kind === 'video' || item.kind === 'html' || item.kind === 'plotly';
}

/** Class ids present in a mask (its pixel values, 0 being background). */
function maskClasses(m: HTMLImageElement): number[] {
  const c = document.createElement('canvas');
  c.width = m.naturalWidth;
  c.height = m.naturalHeight;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) return [];
  ctx.drawImage(m, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const ids = new Set<number>();
  for (let i = 0; i < d.length; i += 4) if (d[i]! !== 0) ids.add(d[i]!);
  return [...ids];
}
