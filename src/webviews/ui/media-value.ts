/**
 * One run's value of a media key at one step, as a card shows it: images (with their boxes and
 * masks, and a legend toggling classes), image lists, sound, video, sources shown as text,
 * histograms as a heat map over steps and bars for the step. The run panel's cards hold one;
 * the compare panel's cards one per run.
 */
import type { ImageMedia, MediaItem, MediaSeries, MediaStepData } from '../media-protocol';
import { button, h } from './dom';
import { post } from './host';
import { classColor, drawBars, drawHeatmap, drawOverlay, loadImage } from './media-draw';

export const KIND_LABEL: Record<string, string> = {
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

export class MediaValueView {
  readonly body = h('div', { class: 'media-body' });
  readonly legend = h('div', { class: 'class-legend' });
  /** Class ids seen here so far, with their names. */
  private readonly classes = new Map<number, string>();
  private heatmap?: HTMLCanvasElement;
  private last?: { item: MediaItem; data: MediaStepData | undefined };

  /**
   * `hidden` holds the class ids hidden on the card (shared by a compare card's runs);
   * `onHiddenChange` runs after a toggle here changed it. `run` names the compared run whose
   * page "Open Run in Browser" opens.
   */
  constructor(
    private readonly series: MediaSeries,
    private readonly hidden: Set<number>,
    private readonly onHiddenChange: () => void,
    private readonly run?: number,
  ) {
    this.legend.hidden = true;
  }

  /** Nothing to show (the compare panel: this run logged no value at or before the step). */
  empty(text: string): void {
    this.last = undefined;
    this.heatmap = undefined;
    this.body.replaceChildren(h('p', { class: 'media-note media-none' }, text));
  }

  /** Draws the last value shown again (after the hidden classes changed). */
  redraw(): void {
    if (this.last) this.show(this.last.item, this.last.data);
  }

  private openInBrowser(): HTMLButtonElement {
    return button('Open Run in Browser', 'link-external', () => post(this.run === undefined ? { type: 'command', command: 'openInBrowser' } : { type: 'command', command: 'openInBrowser', run: this.run }), 'secondary small');
  }

  show(item: MediaItem, data: MediaStepData | undefined): void {
    this.last = { item, data };
    this.heatmap = undefined;
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
          h('p', { class: 'media-note' }, `${item.kind === 'html' ? 'HTML' : 'A Plotly figure'} is not run inside the panel; its source is below.`, ' ', this.openInBrowser()),
          h('pre', { class: 'media-source' }, data?.texts[item.path] ?? ''),
        );
        break;
      case 'table':
        parts.push(h('p', { class: 'media-note' }, `Table ${item.rows !== undefined ? `of ${item.rows} rows ` : ''}(${item.path})`, ' ', this.openInBrowser()));
        break;
      case 'object3D':
        parts.push(h('p', { class: 'media-note' }, `3D object ${item.path}: shown in the browser only.`, ' ', this.openInBrowser()));
        break;
      default:
        parts.push(h('p', { class: 'media-note' }, `A ${item.kind === 'other' ? item.type : item.kind} value: the panel cannot show this kind yet.`));
    }
    this.body.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
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
        box.addEventListener('change', () => {
          if (box.checked) this.hidden.delete(id);
          else this.hidden.add(id);
          this.onHiddenChange();
        });
        const swatch = h('span', { class: 'swatch' });
        swatch.style.background = classColor(id);
        return h('label', { class: 'class-toggle', 'data-class': String(id) }, box, swatch, this.classes.get(id)!);
      }),
    );
  }

  /** The key's histograms over all steps as a heat map marked at `index`, and that step's bars; resolves once drawn. */
  histogram(index: number): Promise<void> {
    const hists = this.series.items.map((i) => (i.kind === 'histogram' ? i : { values: [0], bins: [0, 1] }));
    const color = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
    if (!this.heatmap) {
      this.last = undefined;
      this.heatmap = h('canvas', { class: 'heatmap' });
      const bars = h('canvas', { class: 'bars' });
      this.body.replaceChildren(h('div', { class: 'media-note' }, 'All steps (darker: more values there)'), this.heatmap, h('div', { class: 'media-note' }, 'This step'), bars);
    }
    const heatmap = this.heatmap;
    return new Promise((done) =>
      requestAnimationFrame(() => {
        if (this.series.steps.length > 1) drawHeatmap(heatmap, hists, index, color);
        else heatmap.hidden = true;
        const bars = this.body.querySelector<HTMLCanvasElement>('canvas.bars');
        if (bars) drawBars(bars, hists[index]!, color);
        done();
      }),
    );
  }
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
