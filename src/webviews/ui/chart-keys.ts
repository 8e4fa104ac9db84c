/**
 * A chart from the keyboard, as plain arithmetic: where a cursor over the chart's x values moves
 * on a key, and which x range a zoom in or out around it shows. No DOM here (unit-tested).
 */
import { lowerBound, upperBound } from '../decimate';

export type Range = readonly [lo: number, hi: number];

/** Zoom in halves the shown width, zoom out doubles it. */
export const ZOOM_IN = 0.5;
export const ZOOM_OUT = 2;

/** The x values the cursor stops at: every run's x, merged, ascending and unique. */
export function cursorStops(xs: readonly ArrayLike<number>[]): Float64Array {
  if (xs.length === 1) return Float64Array.from(xs[0]!);
  const all: number[] = [];
  for (const x of xs) for (let i = 0; i < x.length; i++) all.push(x[i]!);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of all) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return Float64Array.from(out);
}

/** The indices of the stops inside `view` ([first, last]), or undefined when none is. */
export function stopsInView(stops: ArrayLike<number>, view: Range | undefined): Range | undefined {
  const first = view ? lowerBound(stops, view[0]) : 0;
  const last = (view ? upperBound(stops, view[1]) : stops.length) - 1;
  return first <= last ? [first, last] : undefined;
}

/**
 * Where the cursor goes on `key`, among the stops `[first, last]` on screen: Left/Right one stop,
 * PageUp/PageDown a tenth of the view (as a slider: Page Up goes up the axis), Home/End to the
 * ends. Without a cursor yet, a key places it at the start (End, Left: at the end). Undefined for
 * other keys.
 */
export function cursorAfterKey(key: string, cursor: number | undefined, [first, last]: Range): number | undefined {
  const clamp = (i: number) => Math.min(last, Math.max(first, i));
  const page = Math.max(1, Math.round((last - first + 1) / 10));
  if (cursor === undefined || cursor < first || cursor > last) {
    if (key === 'End' || key === 'ArrowLeft' || key === 'PageDown') return last;
    return key === 'Home' || key === 'ArrowRight' || key === 'PageUp' ? first : undefined;
  }
  switch (key) {
    case 'ArrowRight':
      return clamp(cursor + 1);
    case 'ArrowLeft':
      return clamp(cursor - 1);
    case 'PageUp':
      return clamp(cursor + page);
    case 'PageDown':
      return clamp(cursor - page);
    case 'Home':
      return first;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

/**
 * The x range after zooming `view` by `factor` around `center`, which keeps its place on screen.
 * Kept within `extent` (shifted back in when it would stick out) and no narrower than
 * `minWidth`. Undefined when the result covers the whole extent: that is no zoom at all.
 */
export function zoomAround(view: Range, extent: Range, center: number, factor: number, minWidth = 0): Range | undefined {
  const full = extent[1] - extent[0];
  const width = Math.max(minWidth, (view[1] - view[0]) * factor);
  if (!(full > 0) || width >= full) return undefined;
  const c = Math.min(view[1], Math.max(view[0], center));
  const share = view[1] > view[0] ? (c - view[0]) / (view[1] - view[0]) : 0.5;
  let lo = c - share * width;
  lo = Math.min(extent[1] - width, Math.max(extent[0], lo));
  return [lo, lo + width];
}
