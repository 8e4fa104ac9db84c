// Stands in for VS Code's webview host in the chart benchmark page (served by bench/charts.ts,
// loaded before the real panel bundle). Provides `acquireVsCodeApi`, answers the panel's
// `ready` with a run (or compare) message and its `history` request with generated columns,
// and times the history message until the chart has drawn and the next frame has painted.
/* global window, document, performance, requestAnimationFrame, MutationObserver */
(function () {
  const spec = JSON.parse(document.getElementById('bench-spec').textContent);
  const KEY = 'train/loss';
  const B = (window.__bench = { spec, posted: [], state: spec.state, result: null, error: null });
  // Settled with the result (or the error): the bench awaits it instead of polling the page,
  // whose polls would run inside the timed frames.
  B.done = new Promise((resolve) => (B.finish = resolve));

  function columnsFor(points, seed) {
    // As the extension posts them (src/webviews/wire-columns.ts): Float64Array, NaN for null.
    const step = new Float64Array(points);
    const y = new Float64Array(points);
    let v = 2.3 + seed * 0.01;
    let s = (seed + 1) * 2654435761;
    for (let i = 0; i < points; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      v = v * 0.99999 + ((s / 4294967296) - 0.5) * 0.02;
      step[i] = i;
      y[i] = Math.round(Math.max(0.0001, 0.03 + v * Math.exp((-5 * i) / points)) * 1e6) / 1e6;
    }
    const cols = { _step: step };
    cols[KEY] = y;
    return cols;
  }

  // Generated before the panel asks, so generation is not timed.
  const runs = [];
  for (let r = 0; r < spec.lines; r++) runs.push({ run: r, columns: columnsFor(spec.points, r) });

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
    if (m.type === 'history' && m.key === KEY && !B.t0) {
      // When the chart asked: whatever the panel does before the answer (it may build the
      // chart's frame meanwhile) is inside requestToPaintedMs, which a host answering at once gives.
      B.requested = performance.now();
      setTimeout(() => {
        const body = document.querySelector('.chart-panel[data-metric="' + KEY + '"] .chart-body');
        if (!body) {
          B.error = 'no chart panel for ' + KEY;
          B.finish();
          return;
        }
        const mo = new MutationObserver(() => {
          if (!body.dataset.points) return;
          mo.disconnect();
          const drawn = performance.now();
          requestAnimationFrame(() =>
            setTimeout(() => {
              const painted = performance.now();
              B.result = {
                drawnMs: drawn - B.t0,
                paintedMs: painted - B.t0,
                requestToPaintedMs: painted - B.requested,
                points: Number(body.dataset.points),
                pointsDrawn: Number(body.dataset.drawn ?? body.dataset.points),
                // The plot's width, so uPlot alone draws the same pixels.
                width: body.clientWidth,
              };
              B.finish();
            }, 0),
          );
        });
        mo.observe(body, { attributes: true, attributeFilter: ['data-points'] });
        B.t0 = performance.now();
        const buffers = [];
        for (const r of runs) for (const k in r.columns) buffers.push(r.columns[k].buffer);
        post({ type: 'history', requestId: m.requestId, key: m.key, xKey: m.xKey, runs }, buffers);
      }, 0);
    }
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
