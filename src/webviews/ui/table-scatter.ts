/**
 * A scatter plot of two of the runs table's columns over its loaded rows, coloured by a third,
 * on a canvas. Drag a rectangle to brush both columns at once (a click clears them); rows outside
 * the brushes are drawn faded. Runs without both values are not drawn, and counted.
 */
import { columnLabel } from '../runs-table-model';
import type { TableRow } from '../runs-table-protocol';
import { axisPosition, brushFromDrag, brushSpan, plotValue, type Axis, type Brush, type Brushes } from '../table-shape';
import { h } from './dom';
import { beginDraw, drawOrder, fitText, onDrag, positionOfY, tickText, yOfPosition, type PlotTheme } from './plot-canvas';

const HEIGHT = 240;
const PAD = { top: 12, right: 16, bottom: 34, left: 64 };
const BAND = { height: HEIGHT, top: PAD.top, bottom: PAD.bottom };
const RADIUS = 2.5;

export interface ScatterInput {
  rows: readonly TableRow[];
  kept: ReadonlySet<TableRow>;
  x: Axis;
  y: Axis;
  colorBy?: Axis;
  brushes: Brushes;
}

/** A rectangle brush: one brush per column (undefined ones are cleared). */
export type RectBrush = Array<[column: string, brush: Brush | undefined]>;

export class ScatterChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private input?: ScatterInput;
  private dragging?: { x0: number; y0: number; x1: number; y1: number };

  constructor(private readonly onBrush: (brushes: RectBrush) => void) {
    this.canvas = h('canvas', { class: 'shape-canvas scatter-canvas', role: 'img' });
    this.element = h('div', { class: 'shape-plot' }, this.canvas);
    onDrag(this.canvas, {
      start: (x, y) => {
        if (!this.input) return false;
        const [tx, ty] = this.position(x, y);
        this.dragging = { x0: tx, y0: ty, x1: tx, y1: ty };
        return true;
      },
      move: (x, y) => {
        if (!this.dragging) return;
        [this.dragging.x1, this.dragging.y1] = this.position(x, y);
        this.draw();
      },
      end: (x, y, moved) => {
        const d = this.dragging;
        this.dragging = undefined;
        const input = this.input;
        if (!d || !input) return;
        if (!moved) return this.onBrush([[input.x.column, undefined], [input.y.column, undefined]]);
        const [tx, ty] = this.position(x, y);
        this.onBrush([
          [input.x.column, brushFromDrag(input.x, d.x0, tx)],
          [input.y.column, brushFromDrag(input.y, d.y0, ty)],
        ]);
      },
    });
  }

  update(input: ScatterInput): void {
    this.input = input;
    this.draw();
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth || 400);
  }

  /** Canvas pixels to axis positions (0 to 1, y upwards). */
  private position(x: number, y: number): [number, number] {
    const clamp = (v: number) => Math.max(0, Math.min(1, v));
    return [clamp((x - PAD.left) / (this.width() - PAD.left - PAD.right)), positionOfY(BAND, y)];
  }

  private px(tx: number): number {
    return PAD.left + tx * (this.width() - PAD.left - PAD.right);
  }

  private py(ty: number): number {
    return yOfPosition(BAND, ty);
  }

  draw(): void {
    const input = this.input;
    const frame = input && beginDraw(this.canvas, this.width(), HEIGHT, input.colorBy);
    if (!frame || !input) return;
    const { ctx, theme, color } = frame;
    const { x, y, rows, kept } = input;
    let drawn = 0;
    for (const [r, inside] of drawOrder(rows, kept)) {
      const tx = axisPosition(x, plotValue(r, x.column));
      const ty = axisPosition(y, plotValue(r, y.column));
      if (tx === undefined || ty === undefined) continue;
      drawn++;
      ctx.fillStyle = inside ? color(input.colorBy && plotValue(r, input.colorBy.column)) : theme.faded;
      ctx.beginPath();
      ctx.arc(this.px(tx), this.py(ty), RADIUS, 0, 2 * Math.PI);
      ctx.fill();
    }
    this.frame(ctx, input, theme);
    const d = this.dragging;
    const bx = input.brushes.get(x.column);
    const by = input.brushes.get(y.column);
    // A brush on one of the two columns alone spans the whole of the other.
    const whole: [number, number] = [0, 1];
    const sx: [number, number] | undefined = d ? [Math.min(d.x0, d.x1), Math.max(d.x0, d.x1)] : bx ? brushSpan(x, bx) : by && whole;
    const sy: [number, number] | undefined = d ? [Math.min(d.y0, d.y1), Math.max(d.y0, d.y1)] : by ? brushSpan(y, by) : bx && whole;
    if (sx && sy) {
      ctx.fillStyle = theme.brushFill;
      ctx.strokeStyle = theme.brushLine;
      const rect = [this.px(sx[0]), this.py(sy[1]), this.px(sx[1]) - this.px(sx[0]), this.py(sy[0]) - this.py(sy[1])] as const;
      ctx.fillRect(...rect);
      ctx.strokeRect(...rect);
    }
    this.canvas.setAttribute('aria-label', `Scatter plot of ${columnLabel(y.column)} against ${columnLabel(x.column)}: ${drawn} runs`);
  }

  private frame(ctx: CanvasRenderingContext2D, input: ScatterInput, theme: PlotTheme): void {
    const { x, y } = input;
    const width = this.width();
    ctx.strokeStyle = theme.axis;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(PAD.left, PAD.top);
    ctx.lineTo(PAD.left, HEIGHT - PAD.bottom);
    ctx.lineTo(width - PAD.right, HEIGHT - PAD.bottom);
    ctx.stroke();
    ctx.font = theme.font;
    ctx.fillStyle = theme.text;
    // x: ends of the axis, then its name centred below.
    ctx.textBaseline = 'top';
    const xTicks = ends(x);
    ctx.textAlign = 'left';
    if (xTicks[0] !== undefined) ctx.fillText(fitText(ctx, tickText(x, xTicks[0]), 90), PAD.left, HEIGHT - PAD.bottom + 3);
    ctx.textAlign = 'right';
    if (xTicks[1] !== undefined) ctx.fillText(fitText(ctx, tickText(x, xTicks[1]), 90), width - PAD.right, HEIGHT - PAD.bottom + 3);
    ctx.textAlign = 'center';
    ctx.fillText(fitText(ctx, columnLabel(x.column), width / 2 - 100), (PAD.left + width - PAD.right) / 2, HEIGHT - PAD.bottom + 17);
    // y: ends on the left, its name turned along the axis.
    const yTicks = ends(y);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    if (yTicks[0] !== undefined) ctx.fillText(fitText(ctx, tickText(y, yTicks[0]), PAD.left - 6), PAD.left - 4, HEIGHT - PAD.bottom);
    ctx.textBaseline = 'top';
    if (yTicks[1] !== undefined) ctx.fillText(fitText(ctx, tickText(y, yTicks[1]), PAD.left - 6), PAD.left - 4, PAD.top);
    ctx.save();
    ctx.translate(12, (PAD.top + HEIGHT - PAD.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, columnLabel(y.column), HEIGHT - PAD.top - PAD.bottom - 60), 0, 0);
    ctx.restore();
  }
}

/** The values at an axis's two ends: min and max, or the first and last category. */
function ends(axis: Axis): [number | string | undefined, number | string | undefined] {
  if (axis.kind === 'number') return axis.present ? [axis.min, axis.max] : [undefined, undefined];
  return [axis.categories[0], axis.categories[axis.categories.length - 1]];
}
