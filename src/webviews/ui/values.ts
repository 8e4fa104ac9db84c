/** Draws one flattened value by its type: numbers, cut strings with "more", lists, media. */
import type { FlatRow, MediaView } from '../protocol';
import { formatNumber } from './format';
import { h } from './dom';
import { formatCount } from '../../format';

export const CUT = 160;

export interface ValueContext {
  /** The data: URI of an image once the extension sent it. */
  mediaSrc(path: string): string | undefined;
  requestMedia(path: string): void;
  /** Shows the first rows of a table file in the page. */
  previewTable?(path: string, label: string): void;
  /** "Open in browser" for tables without a file the panel can read (the web app renders them). */
  openTable?(): void;
}

export function renderValue(row: FlatRow, ctx: ValueContext): HTMLElement {
  switch (row.kind) {
    case 'number':
      return h('span', { class: 'v-num', title: row.text }, row.num !== undefined ? formatNumber(row.num) : row.text);
    case 'bool':
      return h('span', { class: 'v-bool' }, row.text);
    case 'null':
      return h('span', { class: 'v-null' }, 'null');
    case 'object':
      return h('span', { class: 'v-object' }, row.text);
    case 'string':
      return cutText(row.text, 'v-str');
    case 'list':
      return listValue(row);
    case 'media':
      return row.media ? mediaValue(row.media, row.text, ctx) : h('span', null, row.text);
  }
}

function cutText(text: string, cls: string): HTMLElement {
  if (text.length <= CUT) return h('span', { class: cls }, text);
  const span = h('span', { class: `${cls} cut` }, text.slice(0, CUT), '…');
  const more = h('button', { class: 'link-button', type: 'button' }, `more (${formatCount(text.length)} chars)`);
  let open = false;
  more.addEventListener('click', () => {
    open = !open;
    span.replaceChildren(open ? text : `${text.slice(0, CUT)}…`);
    more.textContent = open ? 'less' : `more (${formatCount(text.length)} chars)`;
  });
  return h('span', { class: 'cut-wrap' }, span, ' ', more);
}

function listValue(row: FlatRow): HTMLElement {
  const n = row.children ?? 0;
  const badge = h('span', { class: 'v-badge' }, n === 1 ? '1 item' : `${formatCount(n)} items`);
  if (row.text.length <= 60) return h('span', { class: 'v-list' }, badge, ' ', h('span', { class: 'v-str' }, row.text));
  const body = h('span', { class: 'v-list-body' }, `${row.text.slice(0, 60)}…`);
  const twisty = h('button', { class: 'icon-button twisty', type: 'button', title: 'Expand', 'aria-expanded': 'false' }, h('span', { class: 'codicon codicon-chevron-right' }));
  twisty.addEventListener('click', () => {
    const open = twisty.getAttribute('aria-expanded') !== 'true';
    twisty.setAttribute('aria-expanded', String(open));
    twisty.firstElementChild!.className = `codicon codicon-chevron-${open ? 'down' : 'right'}`;
    body.className = open ? 'v-list-body open' : 'v-list-body';
    body.replaceChildren(open ? row.text : `${row.text.slice(0, 60)}…`);
  });
  return h('span', { class: 'v-list' }, twisty, badge, ' ', body);
}

function mediaValue(m: MediaView, label: string, ctx: ValueContext): HTMLElement {
  switch (m.type) {
    case 'image': {
      const img = h('img', { class: 'thumb', alt: label, 'data-media-path': m.path });
      const src = ctx.mediaSrc(m.path);
      if (src) img.src = src;
      else ctx.requestMedia(m.path);
      img.addEventListener('click', () => img.classList.toggle('large'));
      return h('span', { class: 'v-media' }, img, h('span', { class: 'v-media-label' }, label));
    }
    case 'histogram':
      return h('span', { class: 'v-media' }, histogramSparkline(m.values), h('span', { class: 'v-media-label' }, label));
    case 'table': {
      const out = h('span', { class: 'v-media' }, h('span', { class: 'codicon codicon-table' }), ' ', h('span', { class: 'v-media-label' }, label));
      const path = m.path;
      if (path && ctx.previewTable) {
        const link = h('button', { class: 'link-button table-preview-button', type: 'button', title: `Show the first rows of ${path}` }, 'preview');
        link.addEventListener('click', () => ctx.previewTable?.(path, label));
        out.append(' ', link);
      } else if (ctx.openTable) {
        const link = h('button', { class: 'link-button', type: 'button' }, 'open in browser');
        link.addEventListener('click', () => ctx.openTable?.());
        out.append(' ', link);
      }
      return out;
    }
    case 'other':
      return h('span', { class: 'v-media' }, h('span', { class: 'codicon codicon-file-media' }), ' ', h('span', { class: 'v-media-label' }, label));
  }
}

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function histogramSparkline(values: number[]): HTMLCanvasElement {
  const w = 96;
  const hgt = 22;
  const ratio = window.devicePixelRatio || 1;
  const c = h('canvas', { class: 'sparkline', width: Math.round(w * ratio), height: Math.round(hgt * ratio) });
  const ctx = c.getContext('2d');
  if (!ctx || values.length === 0) return c;
  ctx.scale(ratio, ratio);
  const max = Math.max(...values, 0) || 1;
  const bw = w / values.length;
  ctx.fillStyle = cssVar('--vscode-charts-blue', '#3794ff');
  values.forEach((v, i) => {
    const bh = (Math.max(0, v) / max) * (hgt - 1);
    ctx.fillRect(i * bw, hgt - bh, Math.max(1, bw - (bw > 3 ? 1 : 0)), bh);
  });
  return c;
}

/** Updates every thumbnail waiting for `path`. */
export function applyMedia(root: ParentNode, path: string, src: string): void {
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-media-path]')) {
    if (img.dataset.mediaPath === path) img.src = src;
  }
}
