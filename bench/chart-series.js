// The chart benchmark's history, one generator for both sides: the page stand-in for VS Code's
// host (served before bench/charts-host.js) and bench/charts.ts, which runs the extension's
// own first-screen step on the same columns in Node, where the extension host runs it.
// Columns as the extension posts them: Float64Array, NaN for no value.
/* exported benchSeries */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a global for the pages that load this script
function benchSeries(points, seed, key) {
  const step = new Float64Array(points);
  const y = new Float64Array(points);
  let v = 2.3 + seed * 0.01;
  let s = (seed + 1) * 2654435761;
  for (let i = 0; i < points; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v = v * 0.99999 + (s / 4294967296 - 0.5) * 0.02;
    step[i] = i;
    y[i] = Math.round(Math.max(0.0001, 0.03 + v * Math.exp((-5 * i) / points)) * 1e6) / 1e6;
  }
  const cols = { _step: step };
  cols[key] = y;
  return cols;
}
