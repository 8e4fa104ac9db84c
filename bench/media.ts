/**
 * The run panel's Media tab on a 1,000-step run logging 20 images (with boxes and masks) every
 * 5 steps (200 slider stops per card): the real webview bundle in headless Chromium, its messages answered by the
 * extension's own MediaHost against the dev server (what the run panel does, minus VS Code).
 *
 * - First card painted: from the page's ask for the media index to the first card's image
 *   decoded and the next frame painted (ms, reported). Beside it, the same image decoded and
 *   painted alone in a bare page (what no panel can beat).
 * - One card's slider moved 50 times quickly (one move per frame, to spread-out steps): storage
 *   requests issued. Goal: at most 3 per step the card actually showed (image, boxes, mask; the
 *   classes file is shared and cached) plus 20 (one superseded ask for each card at most): what
 *   a fetch per step passed over (50 × 3 = 150 and more) would far exceed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { MediaHost, mediaIndexFor, mediaStepFor } from '../src/webviews/media-host';
import { remoteRunFiles } from '../src/webviews/run-file-reader';
import { parseWebviewMessage, type HostMessage } from '../src/webviews/protocol';
import { shapeRun } from '../src/webviews/run-data';
import { DEMO_PROJECT, DEMO_USER } from '../test/server/demo-names';
import { figure, median, nowMs, round, type Figure } from './figure';
import { BENCH } from './names';
import { packageBuild } from './package-build';
import type { BenchServer, LoggedRequest } from './server-proc';
import { makeApi } from './tree';
import { benchPageHtml } from './bench-page';
import { CHROMIUM, CHROMIUM_ARGS, serveWebview } from './webview-page';

const HOST_JS = fileURLToPath(new URL('./media-host.js', import.meta.url));
const NONCE = 'benchNonce0123456789';
const MOVES = 50;
/** Storage files one step of an image card needs once the shared classes file is cached. */
const FILES_PER_STEP = 3;
const CARDS = BENCH.mediaImageKeys;
/** A run file fetched from storage (the dev server serves them under `/files/`). */
const isFileGet = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith('/files/');
/** The baseline page: the same image set as an <img> source, decoded, the next frame painted. */
const BARE_JS = `window.decodeAlone = (src) => new Promise((resolve) => {
  const img = new Image();
  const t0 = performance.now();
  img.onload = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  document.body.append(img);
  img.src = src;
});`;

function panelHtml(origin: string): string {
  const init = { ref: { entity: DEMO_USER, project: DEMO_PROJECT, runId: BENCH.mediaRun } };
  return benchPageHtml({ origin, nonce: NONCE, bundle: 'run', init, spec: { state: { kind: 'run', tab: 'media' } }, host: { src: '/media-host.js' } });
}

export async function mediaFigures(server: BenchServer, log: (s: string) => void): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set BENCH_CHROMIUM)`);
  const webviewDir = process.env.BENCH_WEBVIEW_DIR ?? (await packageBuild()).webviewDir;
  const web = await serveWebview(webviewDir, async (url, origin) => {
    if (url.pathname === '/panel') return { type: 'text/html', body: panelHtml(origin) };
    if (url.pathname === '/bare') return { type: 'text/html', body: `<!DOCTYPE html><html><body><script>${BARE_JS}</script></body></html>` };
    if (url.pathname === '/media-host.js') return { type: 'text/javascript', body: await readFile(HOST_JS) };
    return undefined;
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const abort = new AbortController();
  try {
    const api = makeApi(server);
    const ref = { entity: DEMO_USER, project: DEMO_PROJECT, runId: BENCH.mediaRun };
    const detail = await api.run(ref);
    // The dev server makes each file (PNG, boxes, mask) on first use and keeps it; a first pass
    // over the index makes them all, as stored files are on W&B, so the timings are the client's.
    const warm = nowMs();
    await new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: abort.signal, warn: log }).index(detail);
    const warmMs = nowMs() - warm;
    const host = new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: abort.signal, warn: log });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    let cspViolations = 0;
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations++;
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const send = (msg: HostMessage) => void page.evaluate((m) => window.postMessage(m, '*'), msg as unknown).catch(() => undefined);
    let indexMs: number | undefined;
    const stepMs: number[] = [];
    // The run panel's side of the channel, as RunPanel.handle does it for these messages.
    await page.exposeFunction('__toNode', (raw: unknown) => {
      const msg = parseWebviewMessage(raw);
      if (msg?.type === 'ready') {
        const s = shapeRun(detail, undefined, server.baseUrl);
        send({ type: 'run', header: s.header, config: s.config, summary: s.summary, metrics: s.metrics, systemKeys: s.systemKeys, live: false, settings: { chartPoints: 1500, livePollSeconds: 10 } });
      } else if (msg?.type === 'mediaIndex') {
        const t0 = nowMs();
        void mediaIndexFor(host, detail, abort.signal).then((index) => {
          indexMs ??= nowMs() - t0;
          if (index) send({ type: 'mediaIndex', ...index });
        });
      } else if (msg?.type === 'mediaStep') {
        const t0 = nowMs();
        void mediaStepFor(host, msg.key, msg.step, abort.signal).then((data) => {
          stepMs.push(nowMs() - t0);
          if (data) send({ type: 'mediaStep', ...data });
        });
      }
    });
    await server.requestLog(true);
    await page.goto(`${web.origin}/panel`);
    await page.waitForFunction(() => (window as unknown as { __bench: { first: unknown } }).__bench.first, null, { timeout: 60_000, polling: 50 }).catch(async (e: Error) => {
      const posted = await page.evaluate(() => (window as unknown as { __bench?: { posted: string[] } }).__bench?.posted ?? []).catch(() => []);
      throw new Error(`no media card painted (${e.message.split('\n')[0]}); panel posted ${JSON.stringify(posted)}; errors: ${errors.slice(0, 3).join(' | ')}`);
    });
    const first = await page.evaluate(() => (window as unknown as { __bench: { first: { decodedMs: number; paintedMs: number; key: string; src: string } } }).__bench.first);
    // Every card on screen has shown its last step: what opening the tab fetched.
    await page.waitForFunction(() => [...document.querySelectorAll('.media-card')].filter((c) => c.getBoundingClientRect().top < innerHeight).every((c) => (c as HTMLElement).dataset.step), null, { timeout: 60_000, polling: 50 });
    const cards = await page.locator('.media-card').count();
    const openLog = await server.requestLog(true);
    const openStorage = openLog.filter(isFileGet).length;
    const cardsFetchedAtOpen = new Set(openLog.filter((r) => isFileGet(r) && r.path.endsWith('.png') && !r.path.endsWith('.mask.png')).map((r) => /\/(pred_\d+)_/.exec(decodeURIComponent(r.path))?.[1])).size;

    // The same image alone, in a bare page of the same browser (a few times; the median).
    const bare = await browser.newPage();
    await bare.goto(`${web.origin}/bare`);
    const bareMs: number[] = [];
    for (let i = 0; i < 5; i++) bareMs.push(await bare.evaluate((src) => (window as unknown as { decodeAlone(src: string): Promise<number> }).decodeAlone(src), first.src));
    await bare.close();

    // One card's slider moved 50 times, one move per frame, to steps spread over the run.
    const moved = await page.evaluate((n) => (window as unknown as { __bench: { moveSlider(n: number): Promise<{ shown: number[]; last: number }> } }).__bench.moveSlider(n), MOVES);
    const moveLog = await server.requestLog(true);
    const storage = moveLog.filter(isFileGet).length;
    const distinct = new Set(moved.shown).size;
    const target = FILES_PER_STEP * distinct + CARDS;
    log(`media: index answered in ${round(indexMs ?? NaN, 0)} ms, a step's files in ${round(median(stepMs), 0)} ms (median)`);
    log(`media: first card painted ${round(first.paintedMs, 0)} ms (decoded ${round(first.decodedMs, 0)} ms; image alone ${bareMs.map((x) => round(x, 1)).join(', ')} ms); ${cards} cards, ${cardsFetchedAtOpen} fetched at open (${openStorage} storage requests)`);
    log(`media: ${MOVES} moves → ${distinct} steps shown, ${storage} storage requests (goal ≤ ${target}); CSP violations ${cspViolations}`);
    await page.close();
    return [
      figure({
        id: 'media.firstCardPainted',
        group: 9,
        title: 'Media tab, 20 image cards on a 1,000-step run: first card painted (from the ask for the index)',
        value: round(first.paintedMs, 0),
        unit: 'ms',
        detail: { decodedMs: round(first.decodedMs, 1), sameImageAloneMedianMs: round(median(bareMs), 1), overImageAlone: round(first.paintedMs / median(bareMs), 1), cards, cardsFetchedAtOpen, storageRequestsAtOpen: openStorage, cspViolations, devServerFilesMadeMs: round(warmMs, 0), indexAnsweredMs: round(indexMs ?? NaN, 0), stepAnswerMedianMs: round(median(stepMs), 0) },
      }),
      figure({
        id: 'media.sliderRequests',
        group: 9,
        title: `Media tab: one card's slider moved ${MOVES} times quickly: storage requests issued (goal: 3 files × steps shown + 20 cards)`,
        value: storage,
        unit: 'requests',
        goal: { op: '<=', target },
        detail: { moves: MOVES, distinctStepsShown: distinct, filesPerStep: FILES_PER_STEP, lastStep: moved.last, hostFilesFetched: host.fetchedFiles },
      }),
    ];
  } finally {
    abort.abort();
    await browser.close();
    await web.close();
  }
}
