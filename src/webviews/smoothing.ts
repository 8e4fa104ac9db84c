/**
 * Time-weighted exponential moving average, debiased, as TensorBoard and the W&B web app draw
 * smoothed lines. With evenly spaced points it is TensorBoard's EMA:
 *
 *   acc_i = w·acc_{i-1} + (1−w)·y_i,   smoothed_i = acc_i / (1 − w^(i+1))
 *
 * With uneven spacing each step decays by w^(Δx / mean Δx), so a gap in logging counts as the
 * many steps it spans. Written here as the equivalent weighted mean
 * `num_i = d_i·num_{i-1} + y_i`, `den_i = d_i·den_{i-1} + 1`, `smoothed_i = num_i / den_i`.
 * Missing values (null, NaN, ±Infinity) stay missing (NaN in the result) and do not disturb the
 * average.
 */
export function emaSmooth(xs: ArrayLike<number | null>, ys: ArrayLike<number | null>, weight: number): Float64Array {
  const n = ys.length;
  const out = new Float64Array(n);
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0) {
    for (let i = 0; i < n; i++) out[i] = finiteOrNaN(ys[i]);
    return out;
  }
  // Mean spacing of the points that carry a value. The loops test finiteness inline (v − v is 0
  // only for finite numbers): they run once per point, mostly before the JIT has warmed up.
  let first = NaN;
  let last = NaN;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const y = ys[i];
    if (typeof y === 'number' && y - y === 0 && typeof x === 'number' && x - x === 0) {
      if (count === 0) first = x;
      last = x;
      count++;
    }
  }
  const meanDx = count > 1 ? (last - first) / (count - 1) : 0;
  let num = 0;
  let den = 0;
  let prevX = NaN; // NaN until a point with a finite x
  // Evenly spaced points share one decay: remember the last gap instead of a pow per point.
  let lastGap = NaN;
  let lastDecay = w;
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    if (typeof y !== 'number' || y - y !== 0) {
      out[i] = NaN;
      continue;
    }
    const x = xs[i];
    const xOk = typeof x === 'number' && x - x === 0;
    let decay = w;
    if (xOk && prevX === prevX && meanDx > 0) {
      const gap = x > prevX ? x - prevX : 0;
      if (gap !== lastGap) {
        lastGap = gap;
        lastDecay = Math.pow(w, gap / meanDx);
      }
      decay = lastDecay;
    }
    num = decay * num + y;
    den = decay * den + 1;
    out[i] = num / den;
    if (xOk) prevX = x;
  }
  return out;
}

function isFiniteNum(v: number | null | undefined): v is number {
  // v − v is 0 for finite numbers, NaN for NaN and ±Infinity (and cheaper than Number.isFinite cold).
  return typeof v === 'number' && v - v === 0;
}

function finiteOrNaN(v: number | null | undefined): number {
  return isFiniteNum(v) ? v : NaN;
}
