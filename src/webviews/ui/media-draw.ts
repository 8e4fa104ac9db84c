/**
 * Drawing for the Media tab: images with their boxes and masks over them (classes toggled per
 * card), histograms over steps as a heat map and one step as bars. Canvas only; every label
 * is drawn as text, never inserted as HTML.
 */
import type { BoxSet } from '../media-protocol';

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#fabed4', '#469990', '#dcbeff', '#9a6324'];

export function classColor(id: number): string {
  return PALETTE[((id % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Loads a data: URL into an image element (resolves once decoded, or undefined on error). */
export function loadImage(src: string): Promise<HTMLImageElement | undefined> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(undefined);
    img.src = src;
  });
}

/**
 * Masks (pixel value = class id; 0 is background) tinted by class, then boxes with their class
 * names, over a canvas of the image's natural size. Returns how many boxes it drew.
 */
export function drawOverlay(canvas: HTMLCanvasElement, width: number, height: number, masks: HTMLImageElement[], boxSets: BoxSet[], names: Record<number, string>, hidden: ReadonlySet<number>): number {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.clearRect(0, 0, width, height);
  for (const m of masks) {
    const off = document.createElement('canvas');
    off.width = width;
    off.height = height;
    const octx = off.getContext('2d', { willReadFrequently: true });
    if (!octx) continue;
    octx.imageSmoothingEnabled = false;
    octx.drawImage(m, 0, 0, width, height);
    const px = octx.getImageData(0, 0, width, height);
    const d = px.data;
    for (let i = 0; i < d.length; i += 4) {
      const id = d[i]!;
      if (id === 0 || hidden.has(id)) {
        d[i + 3] = 0;
        continue;
      }
      const [r, g, b] = rgb(classColor(id));
      d[i] = r;
      d[i + 1] = g;
      d[i + 2] = b;
      d[i + 3] = 110;
    }
    octx.putImageData(px, 0, 0);
    ctx.drawImage(off, 0, 0);
  }
  const line = Math.max(1, Math.round(Math.max(width, height) / 160));
  ctx.lineWidth = line;
  ctx.font = `${Math.max(9, line * 8)}px sans-serif`;
  ctx.textBaseline = 'top';
  let drawn = 0;
  for (const set of boxSets) {
    for (const b of set.boxes) {
      if (hidden.has(b.classId)) continue;
      const sx = b.fraction ? width : 1;
      const sy = b.fraction ? height : 1;
      const x = b.minX * sx;
      const y = b.minY * sy;
      const w = (b.maxX - b.minX) * sx;
      const h = (b.maxY - b.minY) * sy;
      const color = classColor(b.classId);
      ctx.strokeStyle = color;
      ctx.strokeRect(x, y, w, h);
      const label = b.caption ?? set.classLabels[b.classId] ?? names[b.classId] ?? `class ${b.classId}`;
      const tw = ctx.measureText(label).width + 4;
      const th = Math.max(9, line * 8) + 2;
      ctx.fillStyle = color;
      ctx.fillRect(x, Math.max(0, y - th), tw, th);
      ctx.fillStyle = '#fff';
      ctx.fillText(label, x + 2, Math.max(0, y - th) + 1);
      drawn++;
    }
  }
  return drawn;
}

/** A cleared canvas with as many pixels as it shows (CSS sets its size; `height` when it has none yet). */
function fitCanvas(canvas: HTMLCanvasElement, height: number): { ctx: CanvasRenderingContext2D; w: number; hgt: number } | undefined {
  const w = canvas.clientWidth || 480;
  const hgt = canvas.clientHeight || height;
  canvas.width = w;
  canvas.height = hgt;
  const ctx = canvas.getContext('2d');
  ctx?.clearRect(0, 0, w, hgt);
  return ctx ? { ctx, w, hgt } : undefined;
}

/** Histograms at every step as a heat map: steps across, values up, darker where more fell. */
export function drawHeatmap(canvas: HTMLCanvasElement, hists: Array<{ values: number[]; bins: number[] }>, current: number, color: string): void {
  const cols = Math.min(hists.length, 600);
  const rows = 48;
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hists) {
    lo = Math.min(lo, h.bins[0]!);
    hi = Math.max(hi, h.bins[h.bins.length - 1]!);
  }
  if (!(hi > lo)) hi = lo + 1;
  const grid = new Float64Array(cols * rows);
  hists.forEach((h, i) => {
    const c = Math.min(cols - 1, Math.floor((i * cols) / hists.length));
    for (let j = 0; j < h.values.length; j++) {
      const mid = (h.bins[j]! + h.bins[j + 1]!) / 2;
      const r = Math.min(rows - 1, Math.max(0, Math.floor(((mid - lo) / (hi - lo)) * rows)));
      grid[c * rows + r]! += h.values[j]!;
    }
  });
  const fit = fitCanvas(canvas, 140);
  if (!fit) return;
  const { ctx, w, hgt } = fit;
  const [r0, g0, b0] = rgb(color.startsWith('#') && color.length === 7 ? color : '#3794ff');
  const cw = w / cols;
  const rh = hgt / rows;
  for (let c = 0; c < cols; c++) {
    let max = 0;
    for (let r = 0; r < rows; r++) max = Math.max(max, grid[c * rows + r]!);
    if (max <= 0) continue;
    for (let r = 0; r < rows; r++) {
      const v = grid[c * rows + r]! / max;
      if (v <= 0) continue;
      ctx.fillStyle = `rgba(${r0},${g0},${b0},${(0.15 + 0.85 * v).toFixed(3)})`;
      ctx.fillRect(c * cw, hgt - (r + 1) * rh, Math.ceil(cw), Math.ceil(rh));
    }
  }
  const x = ((Math.min(cols - 1, Math.floor((current * cols) / hists.length)) + 0.5) * cw) | 0;
  ctx.fillStyle = '#f14c4c';
  ctx.fillRect(x, 0, 1, hgt);
  canvas.dataset.columns = String(cols);
  canvas.title = `${hists.length} steps; values ${lo.toPrecision(3)} to ${hi.toPrecision(3)}`;
}

/** One step's histogram as bars over its bin edges. */
export function drawBars(canvas: HTMLCanvasElement, hist: { values: number[]; bins: number[] }, color: string): void {
  const fit = fitCanvas(canvas, 100);
  if (!fit) return;
  const { ctx, w, hgt } = fit;
  const lo = hist.bins[0]!;
  const hi = hist.bins[hist.bins.length - 1]!;
  const span = hi > lo ? hi - lo : 1;
  const max = Math.max(...hist.values, 0) || 1;
  ctx.fillStyle = color;
  hist.values.forEach((v, j) => {
    const x0 = ((hist.bins[j]! - lo) / span) * w;
    const x1 = ((hist.bins[j + 1]! - lo) / span) * w;
    const bh = (v / max) * (hgt - 2);
    ctx.fillRect(x0, hgt - bh, Math.max(1, x1 - x0 - 1), bh);
  });
  canvas.title = `${lo.toPrecision(3)} … ${hi.toPrecision(3)}; highest bar ${max}`;
}
