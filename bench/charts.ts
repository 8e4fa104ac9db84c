/**
 * Figure 4a: the run panel's real webview bundle in headless Chromium. A static page from
 * 127.0.0.1 loads `dist/webview/<bundle>.js` (the production build) under the panel's CSP,
 * with `charts-host.js` standing in for VS Code's host (`acquireVsCodeApi`, the `run` /
 * `compare` message, the answer to the panel's `history` request).
 *
 * What each time spans (both pages: same browser, same viewport, same plot width, loads
 * alternated panel / uPlot alone so both see the same moments of a noisy machine):
 * - panel (`paintedMs`): the extension's own work on the answer (firstScreenRows: with more
 *   rows than the chart has pixel columns, the rows on screen go first), run in Node on the same
 *   columns and its measured time added (`hostMs`), plus, in the page, from the host posting the
 *   answer (the first screen, then every row; typed arrays, transferred) to the first frame
 *   painted after the chart drew it: the messages' decode, the panel's own work (rows, points,
 *   decimation to min/max per pixel column), uPlot's draw, then the next animation frame and a
 *   task after it (the frame's style, layout and paint). Whatever the panel does while its
 *   request is out (it builds the chart's frame then) is not in this time, as in VS Code, where
 *   the answer is a round trip to the host away; `requestToPaintedMs` times from the request
 *   instead, with a host that answers at once. The load ends only when the chart holds every
 *   point (`fullMs`), and the point count is checked then.
 * - uPlot alone (`bare`): from posting the same columns to a page holding only uPlot to the
 *   first frame painted after `new uPlot(…)` drew every point, measured the same way.
 * The chart holds every point (`data-points`, what hover reads) but hands uPlot only the
 * min/max of each pixel column (`data-drawn`); the ink count of the canvas checks that
 * something was drawn at all.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { figure, median, nowMs, round, type Figure } from './figure';
import { firstScreenRows } from '../src/webviews/history-columns';
import type { Columns } from '../src/webviews/protocol';
import { packageBuild } from './package-build';
import { benchPageHtml } from './bench-page';
import { CHROMIUM, CHROMIUM_ARGS as ARGS, serveWebview } from './webview-page';

const HOST_JS = fileURLToPath(new URL('./charts-host.js', import.meta.url));
const SERIES_JS = fileURLToPath(new URL('./chart-series.js', import.meta.url));
const KEY = 'train/loss';

type SeriesFn = (points: number, seed: number, key: string) => Columns;
let series: SeriesFn | undefined;
const generated = new Map<string, Columns>();

/**
 * The extension's first-screen step (firstScreenRows, as run-panel.ts / compare-panel.ts run it
 * before posting) on the page's columns, in Node where the extension host runs it; timed here.
 * The columns come from the page's own generator, so both sides hold the same rows.
 */
async function firstScreenInNode(points: number, lines: number, columns: number): Promise<{ hostMs: number; runs: Array<{ run: number; columns: Record<string, number[]> }> | null }> {
  series ??= new Function(`${await readFile(SERIES_JS, 'utf8')}; return benchSeries;`)() as SeriesFn;
  const all: Columns[] = [];
  for (let r = 0; r < lines; r++) {
    const id = `${points}/${r}`;
    if (!generated.has(id)) generated.set(id, series(points, r, KEY));
    all.push(generated.get(id)!);
  }
  const t0 = nowMs();
  const first = all.map((c) => firstScreenRows(c, KEY, '_step', columns));
  const hostMs = nowMs() - t0;
  if (first.every((f) => f === undefined)) return { hostMs, runs: null };
  return { hostMs, runs: first.map((f, run) => ({ run, columns: Object.fromEntries(Object.entries(f ?? all[run]!).map(([k, v]) => [k, Array.from(v)])) })) };
}
/** Loads of each page, alternated: the median of 7 is steady where 3 was noise-bound. */
const REPEATS = 7;

interface Case {
  id: string;
  title: string;
  bundle: 'run' | 'compare';
  lines: number;
  points: number;
  /** Goal for panel / uPlot alone (single-line cases). */
  ratioGoal?: number;
}

const CASES: Case[] = [
  // The goal is the ratio to uPlot alone on the same points, same run (`…overUplot`, ≤ 0.5): an
  // absolute time says more about the machine's load than about the panel.
  { id: 'charts.firstPaint100k', title: 'Chart first paint, 1 line × 100k points', bundle: 'run', lines: 1, points: 100_000, ratioGoal: 0.5 },
  { id: 'charts.firstPaint1M', title: 'Chart first paint, 1 line × 1M points', bundle: 'run', lines: 1, points: 1_000_000 },
  { id: 'charts.firstPaint20x1500', title: 'Chart first paint, 20 lines × 1,500 points (compare panel)', bundle: 'compare', lines: 20, points: 1_500 },
];

const NONCE = 'benchNonce0123456789';

function pageState(c: Case): unknown {
  const charts = { selected: ['train/loss'], search: '', xKey: '_step', smoothing: 0.6, logY: false, logYFlipped: [] };
  return c.bundle === 'run'
    ? { kind: 'run', tab: 'charts', charts, config: { search: '', showInternal: false, collapsed: [] }, summary: { search: '', showInternal: false, collapsed: [] }, logs: { search: '', follow: true } }
    : { kind: 'compare', tab: 'charts', charts, config: { search: '', onlyDiff: true, showInternal: false }, summary: { search: '', onlyDiff: false, showInternal: false }, baseline: 0 };
}

function html(c: Case, origin: string): string {
  const init = c.bundle === 'run' ? { ref: { entity: 'bench', project: 'charts', runId: 'run0' } } : { refs: [] };
  const spec = { bundle: c.bundle, lines: c.lines, points: c.points, state: pageState(c) };
  return benchPageHtml({ origin, nonce: NONCE, bundle: c.bundle, init, spec, host: { src: '/bench-host.js' } });
}

/** The same data drawn by uPlot alone (one series, no panel code): the in-run baseline. */
function bareHtml(points: number, width: number): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><link rel="stylesheet" href="/uplot.css"><title>bare</title></head>
<body style="width:1200px"><div id="plot"></div>
<script src="/uplot.js"></script>
<script src="/chart-series.js"></script>
<script>
(function () {
  const n = ${points};
  // The panel's run 0, from the same generator, as typed arrays (as the panel gets them).
  const cols = benchSeries(n, 0, 'loss'), x = cols._step, y = cols.loss;
  const B = (window.__bench = { result: null, error: null });
  B.done = new Promise((resolve) => (B.finish = resolve));
  window.addEventListener('message', (ev) => {
    const d = ev.data;
    new uPlot({ width: ${width}, height: 220, series: [{}, { stroke: '#3794ff', width: 1.5, spanGaps: true, points: { show: false } }] }, [d._step, d.loss], document.getElementById('plot'));
    const drawn = performance.now();
    requestAnimationFrame(() => setTimeout(() => { B.result = { drawnMs: drawn - B.t0, paintedMs: performance.now() - B.t0, points: n }; B.finish(); }, 0));
  });
  // Moved, not copied, as the panel's host does it.
  setTimeout(() => { B.t0 = performance.now(); window.postMessage({ _step: x, loss: y }, '*', [x.buffer, y.buffer]); }, 50);
})();
</script>
</body>
</html>`;
}

const UPLOT_DIR = fileURLToPath(new URL('../node_modules/uplot/dist/', import.meta.url));

function serve(webviewDir: string) {
  return serveWebview(webviewDir, async (url, origin) => {
    if (url.pathname === '/case') {
      const c = CASES.find((x) => x.id === url.searchParams.get('id'));
      return c ? { type: 'text/html', body: html(c, origin) } : undefined;
    }
    if (url.pathname === '/bare') return { type: 'text/html', body: bareHtml(Number(url.searchParams.get('points')), Number(url.searchParams.get('width'))) };
    if (url.pathname === '/uplot.js' || url.pathname === '/uplot.css') {
      const js = url.pathname.endsWith('.js');
      return { type: js ? 'text/javascript' : 'text/css', body: await readFile(join(UPLOT_DIR, js ? 'uPlot.iife.min.js' : 'uPlot.min.css')) };
    }
    if (url.pathname === '/chart-series.js') return { type: 'text/javascript', body: await readFile(SERIES_JS) };
    if (url.pathname === '/bench-host.js') return { type: 'text/javascript', body: `${await readFile(SERIES_JS, 'utf8')}\n${await readFile(HOST_JS, 'utf8')}` };
    return undefined;
  });
}

interface Load {
  paintedMs: number;
  drawnMs: number;
  /** Panel only: from its history request to the painted frame. */
  requestToPaintedMs?: number;
  points: number;
  pointsDrawn?: number;
  /** Panel only: the extension's first-screen step, measured in Node (inside paintedMs). */
  hostMs?: number;
  /** Panel only: until every point was taken in (after the first screen, when one came first). */
  fullMs?: number;
  /** Panel only: the chart's width, which the bare page draws at. */
  width?: number;
  inkPixels: number;
  cspViolations: number;
}

async function measure(browser: Browser, origin: string, c: Case | { id: 'bare'; points: number; width: number }): Promise<Load> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (!('width' in c)) await page.exposeFunction('benchFirstScreen', firstScreenInNode);
  // BENCH_CPU_PROFILE=dir: a Chrome CPU profile of each load, to see where the time goes.
  const cdp = process.env.BENCH_CPU_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  let cspViolations = 0;
  const cspMessages: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) {
      cspViolations++;
      if (process.env.BENCH_DEBUG) cspMessages.push(m.text());
    }
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto('width' in c ? `${origin}/bare?points=${c.points}&width=${c.width}` : `${origin}/case?id=${encodeURIComponent(c.id)}`);
    try {
      // Awaited in the page, not polled: a poll would run inside the timed frames.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out after 60 s')), 60_000)));
      await Promise.race([page.evaluate(() => (window as unknown as { __bench: { done: Promise<void> } }).__bench.done), timeout]).finally(() => clearTimeout(timer));
    } catch (e) {
      const posted = await page.evaluate(() => (window as unknown as { __bench?: { posted: string[] } }).__bench?.posted ?? []).catch(() => []);
      throw new Error(`no chart drawn (${(e as Error).message.split('\n')[0]}); panel posted ${JSON.stringify(posted)}; errors: ${errors.slice(0, 3).join(' | ')}`);
    }
    const r = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { result: Omit<Load, 'inkPixels' | 'cspViolations'> | null; error: string | null } }).__bench;
      if (b.error || !b.result) return { error: b.error ?? 'no result' };
      // Did the canvas get ink? Count non-transparent pixels of the plot canvas.
      const canvas = document.querySelector('.chart-panel canvas') as HTMLCanvasElement | null;
      let ink = 0;
      if (canvas) {
        const ctx = canvas.getContext('2d');
        const img = ctx?.getImageData(0, 0, canvas.width, canvas.height);
        if (img) for (let i = 3; i < img.data.length; i += 4) if (img.data[i]! > 0) ink++;
      }
      return { ...b.result, inkPixels: ink };
    });
    if ('error' in r) throw new Error(String(r.error));
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFile, mkdir } = await import('node:fs/promises');
      await mkdir(process.env.BENCH_CPU_PROFILE!, { recursive: true });
      await writeFile(join(process.env.BENCH_CPU_PROFILE!, `${c.id}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    if (cspMessages.length) process.stderr.write(`CSP: ${cspMessages.join('\n')}\n`);
    return { ...r, cspViolations };
  } finally {
    await page.close();
  }
}

export async function chartFigures(log: (s: string) => void): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set BENCH_CHROMIUM)`);
  // BENCH_WEBVIEW_DIR: another build of the bundles (e.g. dist/webview of `npm run build`).
  const webviewDir = process.env.BENCH_WEBVIEW_DIR ?? (await packageBuild()).webviewDir;
  const { origin, close } = await serve(webviewDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const out: Figure[] = [];
  try {
    // One throw-away load warms up the browser's caches and compiler.
    await measure(browser, origin, CASES[2]!).catch(() => undefined);
    for (const c of CASES) {
      const runs: Awaited<ReturnType<typeof measure>>[] = [];
      // Baseline in the same run: uPlot alone drawing the same points (single-line cases),
      // alternated with the panel so both see the same moments of a noisy machine.
      const bare: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const run = await measure(browser, origin, c);
        runs.push(run);
        if (c.lines === 1) bare.push((await measure(browser, origin, { id: 'bare', points: c.points, width: run.width ?? 900 })).paintedMs);
      }
      const painted = median(runs.map((r) => r.paintedMs));
      const fromRequest = median(runs.map((r) => r.requestToPaintedMs ?? NaN));
      const expected = c.lines * c.points;
      const pointsOk = runs.every((r) => r.points === expected);
      const inkOk = runs.every((r) => r.inkPixels > 1000);
      log(`${c.id}: painted ${runs.map((r) => round(r.paintedMs, 0)).join(', ')} ms (from request ${runs.map((r) => round(r.requestToPaintedMs ?? NaN, 0)).join(', ')}), drawn ${runs.map((r) => round(r.drawnMs, 0)).join(', ')} ms, host ${runs.map((r) => round(r.hostMs ?? NaN, 1)).join(', ')} ms, all points in ${runs.map((r) => round(r.fullMs ?? NaN, 0)).join(', ')} ms; points ${runs[0]!.points} (${runs[0]!.pointsDrawn ?? runs[0]!.points} drawn); ink ${runs[0]!.inkPixels}`);
      if (bare.length) log(`  uPlot alone: ${bare.map((x) => round(x, 0)).join(', ')} ms`);
      out.push(
        figure({
          id: c.id,
          group: 4,
          title: c.title,
          value: pointsOk && inkOk ? round(painted, 0) : null,
          unit: 'ms',
          detail: {
            runsMs: runs.map((r) => round(r.paintedMs, 1)),
            bareUplotMedianMs: bare.length ? round(median(bare), 1) : null,
            panelOverBareUplot: bare.length ? round(painted / median(bare), 2) : null,
            drawnMedianMs: round(median(runs.map((r) => r.drawnMs)), 1),
            requestToPaintedMedianMs: round(fromRequest, 1),
            hostFirstScreenMs: runs.map((r) => round(r.hostMs ?? NaN, 1)),
            allPointsTakenInMedianMs: round(median(runs.map((r) => r.fullMs ?? NaN)), 1),
            chartWidthPx: runs[0]!.width ?? null,
            pointsCharted: runs[0]!.points,
            // Decimated to min/max per pixel column: what uPlot was given to draw.
            pointsDrawn: runs[0]!.pointsDrawn ?? null,
            pointsSent: expected,
            canvasInkPixels: runs[0]!.inkPixels,
            cspViolations: Math.max(...runs.map((r) => r.cspViolations)),
            bundle: `dist/webview/${c.bundle}.js (production)`,
          },
          note: pointsOk && inkOk ? undefined : `chart did not show every point or drew nothing (points ${runs[0]!.points} of ${expected}, ink ${runs[0]!.inkPixels})`,
        }),
      );
      if (c.ratioGoal !== undefined && bare.length) {
        out.push(
          figure({
            id: `${c.id}.overUplot`,
            group: 4,
            title: `${c.title}: panel / uPlot alone on the same points (same run)`,
            value: round(painted / median(bare), 2),
            unit: 'ratio',
            goal: { op: '<=', target: c.ratioGoal },
            detail: { panelMedianMs: round(painted, 1), bareUplotMedianMs: round(median(bare), 1), loads: REPEATS, panelMs: runs.map((r) => round(r.paintedMs, 0)), bareMs: bare.map((x) => round(x, 0)) },
            note: "Panel: the extension's first-screen step (measured in Node) + host posts the answer → first frame painted after the chart drew it. uPlot alone: same data posted → first frame painted after new uPlot drew every point. Same plot width, loads alternated, medians.",
          }),
        );
        // The same panel timed from its request (its frame is built in that wait), host answering at once.
        out.push(
          figure({
            id: `${c.id}.fromRequestOverUplot`,
            group: 4,
            title: `${c.title}: panel from its history request (host answering at once) / uPlot alone on the same points`,
            value: round(fromRequest / median(bare), 2),
            unit: 'ratio',
            detail: { panelFromRequestMedianMs: round(fromRequest, 1), bareUplotMedianMs: round(median(bare), 1) },
          }),
        );
      }
    }
  } finally {
    await browser.close();
    await close();
  }
  return out;
}
