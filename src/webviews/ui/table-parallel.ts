/**
 * Parallel coordinates of the runs table's loaded rows on a canvas: one vertical axis per chosen
 * column, one line per run through its values. Drag along an axis to brush a range of it (a
 * click on the axis clears its brush); rows outside the brushes are drawn faded. Runs without a
 * value on some axis are not drawn, and counted.
 */
import { columnLabel } from '../runs-table-model';
import type { TableRow } from '../runs-table-protocol';
import { axisPosition, brushFromDrag, brushSpan, plotValue, type Axis, type Brush, type Brushes } from '../table-shape';
import { h } from './dom';
import { beginDraw, drawOrder, fitText, onDrag, positionOfY, tickText, yOfPosition } from './plot-canvas';

const HEIGHT = 240;
const PAD = { top: 30, bottom: 20, side: 48 };
const BAND = { height: HEIGHT, top: PAD.top, bottom: PAD.bottom };
/** How near an axis (in pixels) a drag starts a brush on it. */
const GRAB = 18;
/** Categories labelled one by one up to this many; beyond, only the first and last. */
const MAX_CATEGORY_LABELS = 12;

export interface ParallelInput {
  rows: readonly TableRow[];
  /** Rows the brushes keep (drawn in colour). */
  kept: ReadonlySet<TableRow>;
  axes: readonly Axis[];
  brushes: Brushes;
  colorBy?: Axis;
}

export class ParallelChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private input?: ParallelInput;
  /** The brush being dragged: axis index and positions (0 to 1). */
  private dragging?: { axis: number; t0: number; t1: number };

  constructor(private readonly onBrush: (column: string, brush: Brush | undefined) => void) {
    this.canvas = h('canvas', { class: 'shape-canvas parallel-canvas', role: 'img' });
    this.element = h('div', { class: 'shape-plot' }, this.canvas);
    onDrag(this.canvas, {
      start: (x, y) => {
        const axis = this.axisNear(x);
        if (axis < 0) return false;
        const t = this.position(y);
        this.dragging = { axis, t0: t, t1: t };
        return true;
      },
      move: (_x, y) => {
        if (!this.dragging) return;
        this.dragging.t1 = this.position(y);
        this.draw();
      },
      end: (_x, y, moved) => {
        const d = this.dragging;
        this.dragging = undefined;
        const axis = d && this.input?.axes[d.axis];
        if (!d || !axis) return;
        this.onBrush(axis.column, moved ? brushFromDrag(axis, d.t0, this.position(y)) : undefined);
      },
    });
  }

  update(input: ParallelInput): void {
    this.input = input;
    this.draw();
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth || 600);
  }

  private axisX(i: number, n: number): number {
    const w = this.width() - 2 * PAD.side;
    return n <= 1 ? PAD.side + w / 2 : PAD.side + (i * w) / (n - 1);
  }

  private axisNear(x: number): number {
    const n = this.input?.axes.length ?? 0;
    let best = -1;
    for (let i = 0; i < n; i++) if (Math.abs(this.axisX(i, n) - x) <= GRAB && (best < 0 || Math.abs(this.axisX(i, n) - x) < Math.abs(this.axisX(best, n) - x))) best = i;
    return best;
  }

  /** Canvas y to axis position: 0 at the bottom, 1 at the top. */
  private position(y: number): number {
    return positionOfY(BAND, y);
  }

  private y(t: number): number {
    return yOfPosition(BAND, t);
  }

  draw(): void {
    const input = this.input;
    const width = this.width();
    const frame = input && beginDraw(this.canvas, width, HEIGHT, input.colorBy);
    if (!frame || !input) return;
    const { ctx, theme, color } = frame;
    const { axes, rows, kept } = input;
    const n = axes.length;
    ctx.lineWidth = 1;
    for (const [r, inside] of drawOrder(rows, kept)) {
      const ts = axes.map((a) => axisPosition(a, plotValue(r, a.column)));
      if (ts.some((t) => t === undefined)) continue;
      ctx.strokeStyle = inside ? color(input.colorBy && plotValue(r, input.colorBy.column)) : theme.faded;
      ctx.globalAlpha = inside ? 0.55 : 1;
      ctx.beginPath();
      ts.forEach((t, i) => (i === 0 ? ctx.moveTo(this.axisX(i, n), this.y(t!)) : ctx.lineTo(this.axisX(i, n), this.y(t!))));
      if (n === 1) ctx.lineTo(this.axisX(0, n) + 4, this.y(ts[0]!));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.font = theme.font;
    const spacing = n > 1 ? (width - 2 * PAD.side) / (n - 1) : width;
    axes.forEach((axis, i) => {
      const x = this.axisX(i, n);
      ctx.strokeStyle = theme.axis;
      ctx.beginPath();
      ctx.moveTo(x, this.y(0));
      ctx.lineTo(x, this.y(1));
      ctx.stroke();
      const brush = input.brushes.get(axis.column);
      const span = this.dragging?.axis === i ? ([Math.min(this.dragging.t0, this.dragging.t1), Math.max(this.dragging.t0, this.dragging.t1)] as [number, number]) : brush && brushSpan(axis, brush);
      if (span) {
        ctx.fillStyle = theme.brushFill;
        ctx.strokeStyle = theme.brushLine;
        ctx.fillRect(x - 7, this.y(span[1]), 14, this.y(span[0]) - this.y(span[1]));
        ctx.strokeRect(x - 7, this.y(span[1]), 14, this.y(span[0]) - this.y(span[1]));
      }
      ctx.fillStyle = theme.text;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(fitText(ctx, columnLabel(axis.column), Math.max(40, spacing - 8)), x, PAD.top - 14);
      this.ticks(ctx, axis, x, Math.max(30, spacing / 2 - 6));
    });
    this.canvas.setAttribute('aria-label', `Parallel coordinates of ${n} columns over ${rows.length} runs`);
  }

  private ticks(ctx: CanvasRenderingContext2D, axis: Axis, x: number, room: number): void {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const label = (text: string, t: number) => ctx.fillText(fitText(ctx, text, room), x + 5, this.y(t));
    if (axis.kind === 'number') {
      ctx.textBaseline = 'bottom';
      ctx.fillText(fitText(ctx, tickText(axis, axis.max), room), x + 5, this.y(1) - 1);
      ctx.textBaseline = 'top';
      ctx.fillText(fitText(ctx, tickText(axis, axis.min), room), x + 5, this.y(0) + 1);
      return;
    }
    const cats = axis.categories;
    const shown = cats.length <= MAX_CATEGORY_LABELS ? cats : [cats[0]!, cats[cats.length - 1]!];
    for (const c of shown) label(c, axisPosition(axis, c)!);
  }
}
