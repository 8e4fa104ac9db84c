/**
 * Figure 4b: decoding 100k history rows with `decodeHistoryRows` (W&B's JSON dialect: bare NaN /
 * Infinity allowed) against a bare `JSON.parse` of the same row strings. The rows are the real
 * bytes the dev server sends for the demo run's 100k-step history (`HistoryPage` query).
 */
import { HISTORY_PAGE } from '../src/api/queries';
import { decodeHistoryRows } from '../src/api/model/history';
import { DEMO_PROJECT, DEMO_RUN_HISTORY_STEPS, DEMO_RUN_ID, DEMO_USER } from '../test/server/demo-names';
import { figure, median, nowMs, round, type Figure } from './figure';
import type { BenchServer } from './server-proc';

export async function fetchHistoryRows(server: BenchServer, runId = DEMO_RUN_ID, steps = DEMO_RUN_HISTORY_STEPS): Promise<string[]> {
  const res = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`api:${server.apiKey}`).toString('base64') },
    body: JSON.stringify({ query: HISTORY_PAGE.text, variables: { entity: DEMO_USER, project: DEMO_PROJECT, runId, minStep: 0, maxStep: steps, samples: steps } }),
  });
  const body = (await res.json()) as { data?: { project?: { run?: { history?: string[] } } }; errors?: unknown };
  const rows = body.data?.project?.run?.history;
  if (!rows) throw new Error(`HistoryPage failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return rows;
}

export async function decodeFigures(server: BenchServer, log: (s: string) => void): Promise<Figure[]> {
  const rows = await fetchHistoryRows(server);
  const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r), 0);
  const withNonFinite = rows.filter((r) => /\bNaN\b|Infinity/.test(r)).length;
  // The bare baseline cannot parse bare NaN: give it the same rows with those tokens as null
  // (same length give or take a byte), so both parse the same number of values.
  const strict = withNonFinite ? rows.map((r) => r.replace(/-?Infinity|NaN/g, 'null')) : rows;
  let sink = 0;
  const bare = () => {
    const out = new Array<unknown>(strict.length);
    for (let i = 0; i < strict.length; i++) out[i] = JSON.parse(strict[i]!);
    sink += out.length;
  };
  const ours = () => {
    sink += decodeHistoryRows(rows).length;
  };
  // Warm up both, then alternate; the ratio of medians over 7 rounds.
  bare();
  ours();
  const tb: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t0 = nowMs();
    bare();
    tb.push(nowMs() - t0);
    t0 = nowMs();
    ours();
    to.push(nowMs() - t0);
  }
  log(`decode: ${rows.length} rows (${sink > 0 ? 'ok' : ''}), ours ${round(median(to))} ms, JSON.parse ${round(median(tb))} ms`);
  return [
    figure({
      id: 'charts.decodeVsJsonParse',
      group: 4,
      title: `Decoding ${rows.length.toLocaleString('en')} history rows / bare JSON.parse of the same bytes`,
      value: round(median(to) / median(tb)),
      unit: 'ratio',
      detail: { rows: rows.length, bytes, rowsWithNaNOrInfinity: withNonFinite, decodeMedianMs: round(median(to)), jsonParseMedianMs: round(median(tb)) },
    }),
  ];
}
