// Stands in for VS Code's webview host in the chart benchmark page (served by bench/charts.ts,
// loaded before the real panel bundle). Provides `acquireVsCodeApi`, answers the panel's
// `ready` with a run (or compare) message and its `history` request with generated columns
// (bench/chart-series.js), and times the answer until the chart has drawn and the next frame
// has painted. When the request names the chart's pixel columns, the extension sends the rows
// on screen first (firstScreenRows): that step runs in Node (`benchFirstScreen`, exposed by
// bench/charts.ts), on the same columns, and its measured time is added to the panel's.
/* global window, document, performance, requestAnimationFrame, MutationObserver, benchSeries */
(function () {
  const spec = JSON.parse(document.getElementById('bench-spec').textContent);
  const KEY = 'train/loss';
  const B = (window.__bench = { spec, posted: [], state: spec.state, result: null, error: null });
  // Settled with the result (or the error): the bench awaits it instead of polling the page,
  // whose polls would run inside the timed frames.
  B.done = new Promise((resolve) => (B.finish = resolve));

  // Generated before the panel asks, so generation is not timed.
  const runs = [];
  for (let r = 0; r < spec.lines; r++) runs.push({ run: r, columns: benchSeries(spec.points, r, KEY) });

  function header(i) {
    return {
      ref: { entity: 'bench', project: 'charts', runId: 'run' + i },
      name: 'bench-run-' + i,
      state: 'finished',
      tags: [],
      webUrl: 'http://127.0.0.1/bench',
      lastStep: spec.points - 1,
    };
  }

  const metrics = [{ key: KEY, count: spec.points }];
  const settings = { chartPoints: 1500, livePollSeconds: 0 };

  // VS Code's webview frame hands a message's ArrayBuffers to the page as transferables
  // (`contentWindow.postMessage(message, '*', transfer)`): moved, not copied.
  function post(msg, transfer) {
    window.postMessage(msg, '*', transfer || []);
  }

  function onFromPanel(m) {
    B.posted.push(m && m.type);
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ready') {
      setTimeout(() => {
        if (spec.bundle === 'compare') {
          const rs = [];
          for (let i = 0; i < spec.lines; i++) rs.push({ header: header(i), config: [], summary: [] });
          post({ type: 'compare', runs: rs, metrics, settings });
        } else {
          post({ type: 'run', header: header(0), config: [], summary: [], metrics, systemKeys: [], live: false, settings });
        }
      }, 0);
      return;
    }
    if (m.type === 'history' && m.key === KEY && !B.requested) {
      // When the chart asked: whatever the panel does before the answer (it builds the chart's
      // frame meanwhile) is inside requestToPaintedMs, which a host answering at once gives.
      B.requested = performance.now();
      setTimeout(() => answer(m), 0);
    }
  }

  function toFloat64(columns) {
    const out = {};
    for (const k in columns) out[k] = Float64Array.from(columns[k]);
    return out;
  }

  async function answer(m) {
    const body = document.querySelector('.chart-panel[data-metric="' + KEY + '"] .chart-body');
    if (!body) {
      B.error = 'no chart panel for ' + KEY;
      B.finish();
      return;
    }
    // The extension's first-screen step, in Node; only its own measured time counts (hostMs),
    // not the round trip to Node, which stands for nothing the extension does.
    const asked = performance.now();
    const first = m.columns ? await window.benchFirstScreen(spec.points, spec.lines, m.columns) : { hostMs: 0, runs: null };
    const expected = spec.points * spec.lines;
    let drawn = 0;
    let painted = 0;
    let full = 0;
    const finish = () => {
      if (!painted || !full) return;
      mo.disconnect();
      const at = (t) => t - B.t0 + first.hostMs;
      B.result = {
        drawnMs: at(drawn),
        paintedMs: at(painted),
        requestToPaintedMs: asked - B.requested + at(painted),
        // Every point taken in (after the first screen, when one came first).
        fullMs: at(full),
        hostMs: first.hostMs,
        points: Number(body.dataset.points),
        pointsDrawn: Number(body.dataset.drawn ?? body.dataset.points),
        // The plot's width, so uPlot alone draws the same pixels.
        width: body.clientWidth,
      };
      B.finish();
    };
    const mo = new MutationObserver(() => {
      if (!body.dataset.points) return;
      if (!drawn) {
        drawn = performance.now();
        requestAnimationFrame(() =>
          setTimeout(() => {
            painted = performance.now();
            finish();
          }, 0),
        );
      }
      if (!full && Number(body.dataset.points) === expected && body.dataset.partial === undefined) {
        full = performance.now();
        finish();
      }
    });
    mo.observe(body, { attributes: true, attributeFilter: ['data-points', 'data-partial'] });
    B.t0 = performance.now();
    const partial = first.runs && first.runs.map((r) => ({ run: r.run, columns: toFloat64(r.columns) }));
    // The first screen, then every row, as the extension posts them; each message's buffers
    // transferred, as VS Code's webview frame delivers them.
    if (partial) post({ type: 'history', requestId: m.requestId, key: m.key, xKey: m.xKey, partial: true, runs: partial }, buffersOf(partial));
    post({ type: 'history', requestId: m.requestId, key: m.key, xKey: m.xKey, runs }, buffersOf(runs));
  }

  function buffersOf(rs) {
    const out = [];
    for (const r of rs) for (const k in r.columns) out.push(r.columns[k].buffer);
    return out;
  }

  window.acquireVsCodeApi = function () {
    return {
      postMessage: onFromPanel,
      getState: () => B.state,
      setState: (s) => {
        B.state = s;
      },
    };
  };
})();
