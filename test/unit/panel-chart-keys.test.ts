import { describe, expect, it } from 'vitest';
import { cursorAfterKey, cursorStops, stopsInView, zoomAround, ZOOM_IN, ZOOM_OUT } from '../../src/webviews/ui/chart-keys';

describe('chart keyboard cursor', () => {
  it('stops at every run\'s x, merged, ascending and once each', () => {
    expect([...cursorStops([Float64Array.of(0, 2, 4), Float64Array.of(1, 2, 3, 10)])]).toEqual([0, 1, 2, 3, 4, 10]);
    expect([...cursorStops([Float64Array.of(5, 6)])]).toEqual([5, 6]);
    expect(cursorStops([]).length).toBe(0);
  });

  it('knows which stops a zoomed view shows', () => {
    const stops = Float64Array.of(0, 10, 20, 30, 40);
    expect(stopsInView(stops, undefined)).toEqual([0, 4]);
    expect(stopsInView(stops, [5, 30])).toEqual([1, 3]);
    expect(stopsInView(stops, [11, 19])).toBeUndefined();
  });

  it('Left/Right move one stop and stop at the ends of the view', () => {
    expect(cursorAfterKey('ArrowRight', 3, [0, 9])).toBe(4);
    expect(cursorAfterKey('ArrowLeft', 3, [0, 9])).toBe(2);
    expect(cursorAfterKey('ArrowRight', 9, [0, 9])).toBe(9);
    expect(cursorAfterKey('ArrowLeft', 2, [2, 9])).toBe(2);
  });

  it('PageUp/PageDown jump a tenth of the view (Page Up goes up the axis), Home/End to its ends', () => {
    expect(cursorAfterKey('PageUp', 10, [0, 99])).toBe(20);
    expect(cursorAfterKey('PageDown', 10, [0, 99])).toBe(0);
    expect(cursorAfterKey('PageUp', 2, [0, 4])).toBe(3); // a small view still moves by one
    expect(cursorAfterKey('Home', 50, [20, 80])).toBe(20);
    expect(cursorAfterKey('End', 50, [20, 80])).toBe(80);
  });

  it('places a first cursor (or one outside a new zoom) at the start, or at the end for Left/End', () => {
    expect(cursorAfterKey('ArrowRight', undefined, [3, 8])).toBe(3);
    expect(cursorAfterKey('ArrowLeft', undefined, [3, 8])).toBe(8);
    expect(cursorAfterKey('End', 1, [3, 8])).toBe(8);
    expect(cursorAfterKey('Home', 12, [3, 8])).toBe(3);
  });

  it('ignores other keys', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Enter', 'Tab', '+']) expect(cursorAfterKey(key, 1, [0, 5])).toBeUndefined();
    expect(cursorAfterKey('Tab', undefined, [0, 5])).toBeUndefined();
  });
});

describe('chart keyboard zoom', () => {
  it('zooming in halves the view and keeps the centre where it was on screen', () => {
    expect(zoomAround([0, 100], [0, 100], 50, ZOOM_IN)).toEqual([25, 75]);
    // The cursor a quarter of the way across stays a quarter of the way across.
    expect(zoomAround([0, 100], [0, 100], 25, ZOOM_IN)).toEqual([12.5, 62.5]);
  });

  it('zooming out doubles the view, shifted back inside the data, and the whole extent is no zoom', () => {
    expect(zoomAround([10, 20], [0, 100], 12, ZOOM_OUT)).toEqual([8, 28]);
    expect(zoomAround([0, 10], [0, 100], 0, ZOOM_OUT)).toEqual([0, 20]);
    expect(zoomAround([90, 100], [0, 100], 100, ZOOM_OUT)).toEqual([80, 100]);
    expect(zoomAround([25, 75], [0, 100], 50, ZOOM_OUT)).toBeUndefined();
  });

  it('never zooms in narrower than the minimum width, nor on a chart with no width', () => {
    expect(zoomAround([0, 4], [0, 100], 2, ZOOM_IN, 3)).toEqual([0.5, 3.5]);
    expect(zoomAround([5, 5], [5, 5], 5, ZOOM_IN)).toBeUndefined();
  });
});
