/**
 * What the runs table's two plots share: a canvas sized for the screen's pixel ratio, the
 * theme's colours for text, axes and brushes, a colour per row from a third column, axis tick
 * text, and a drag (pointer down, move, up) reported in canvas pixels.
 */
import { parseColor, toHex, withContrast, minimumContrast } from '../series-colors';
import type { TableRow } from '../runs-table-protocol';
import { axisPosition, type Axis, type PlotValue } from '../table-shape';
import { formatDate, formatNumber } from './format';
import { runColor, withAlpha } from './theme-colors';
import { cssVar } from './values';

export interface PlotTheme {
  text: string;
  axis: string;
  /** Rows outside the brushes. */
  faded: string;
  brushFill: string;
  brushLine: string;
  font: string;
}

export function plotTheme(): PlotTheme {
  const text = cssVar('--vscode-foreground', '#cccccc');
  const brush = cssVar('--vscode-focusBorder', '#007fd4');
  return {
    text,
    axis: withAlpha(text, 0.6),
    faded: withAlpha(cssVar('--vscode-disabledForeground', text), 0.12),
    brushFill: withAlpha(brush, 0.18),
    brushLine: brush,
    font: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}

function highContrast(): boolean {
  const cls = document.body.classList;
  return cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
}

/** Gives the canvas `width`×`height` CSS pixels at the screen's pixel ratio; the context draws in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/** A plot area's vertical extent: `top` and `bottom` padding inside a canvas `height` high. */
export interface Band {
  height: number;
  top: number;
  bottom: number;
}

/** Canvas y to a position on a vertical axis: 0 at the bottom of the band, 1 at its top (clamped). */
export function positionOfY(band: Band, y: number): number {
  return Math.max(0, Math.min(1, (band.height - band.bottom - y) / (band.height - band.top - band.bottom)));
}

export function yOfPosition(band: Band, t: number): number {
  return band.height - band.bottom - t * (band.height - band.top - band.bottom);
}

/** One frame of a plot: the canvas sized and cleared, the theme, and each row's colour. */
export function beginDraw(canvas: HTMLCanvasElement, width: number, height: number, colorBy: Axis | undefined) {
  const ctx = sizeCanvas(canvas, width, height);
  return ctx && { ctx, theme: plotTheme(), color: colorScale(colorBy) };
}

/** Rows in drawing order with whether a brush keeps them: the faded ones first, the kept on top. */
export function* drawOrder(rows: readonly TableRow[], kept: ReadonlySet<TableRow>): Generator<[TableRow, boolean]> {
  for (const pass of [false, true]) for (const r of rows) if (kept.has(r) === pass) yield [r, pass];
}

const RAMP_STEPS = 8;

/**
 * A row's colour from a column: categories take the theme's series colours in order, numbers a
 * ramp from the first series colour (low) to the second (high), every step with the theme's
 * contrast. Without a column, every row has the first series colour.
 */
export function colorScale(axis: Axis | undefined): (value: PlotValue | undefined) => string {
  const first = runColor(0);
  if (!axis) return () => first;
  if (axis.kind === 'category') {
    const colors = axis.categories.map((_, i) => runColor(i));
    return (v) => (v === undefined ? first : colors[axis.categories.indexOf(String(v))] ?? first);
  }
  const from = parseColor(first);
  const to = parseColor(runColor(1));
  if (!from || !to) return () => first;
  const bg = cssVar('--vscode-editor-background', '#1e1e1e');
  const min = minimumContrast(highContrast());
  const ramp = Array.from({ length: RAMP_STEPS }, (_, i) => {
    const t = i / (RAMP_STEPS - 1);
    return withContrast(toHex(from.map((c, k) => c + (to[k]! - c) * t) as [number, number, number]), bg, min);
  });
  return (v) => {
    const t = axisPosition(axis, v);
    return t === undefined ? first : ramp[Math.round(t * (RAMP_STEPS - 1))]!;
  };
}

/** A value as an axis shows it: a date for the created column, else a short number or the text. */
export function tickText(axis: Axis, value: PlotValue): string {
  if (typeof value !== 'number') return value;
  return axis.column === 'run:created' ? formatDate(new Date(value).toISOString()) : formatNumber(value);
}

/** Text cut to fit `width` pixels, with an ellipsis. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}

export interface DragHandlers {
  /** Pointer down at (x, y); false: not a drag this plot takes. */
  start(x: number, y: number): boolean;
  move(x: number, y: number): void;
  /** `moved`: the pointer travelled more than a click's few pixels. */
  end(x: number, y: number, moved: boolean): void;
}

/** Pointer drags on a canvas, in CSS pixels of the canvas, captured until the button is up. */
export function onDrag(canvas: HTMLCanvasElement, handlers: DragHandlers): void {
  let origin: { x: number; y: number; id: number } | undefined;
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const p = at(e);
    if (!handlers.start(p.x, p.y)) return;
    origin = { ...p, id: e.pointerId };
    canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!origin || e.pointerId !== origin.id) return;
    const p = at(e);
    handlers.move(p.x, p.y);
  });
  const finish = (e: PointerEvent) => {
    if (!origin || e.pointerId !== origin.id) return;
    const p = at(e);
    const moved = Math.hypot(p.x - origin.x, p.y - origin.y) > 3;
    origin = undefined;
    handlers.end(p.x, p.y, moved);
  };
  canvas.addEventListener('pointerup', finish);
  canvas.addEventListener('pointercancel', finish);
}
