// @vitest-environment happy-dom
// The compare panel's Media tab in its real page script (compare.main.ts), driven by the host's
// messages as the extension sends them: a load that failed says so and offers Retry, and a run
// renamed while the panel is open heads its media columns, and any note naming it, by its new
// name at once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareRunData, HostMessage, RunHeaderData, WebviewMessage } from '../../src/webviews/protocol';
import type { MediaIndex } from '../../src/webviews/media-protocol';

const posted: WebviewMessage[] = [];

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  // The page's host: what it posts is recorded; its saved state opens on the Media tab.
  (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({
    postMessage: (m: WebviewMessage) => posted.push(m),
    getState: () => ({ tab: 'media' }),
    setState: () => undefined,
  });
  await import('../../src/webviews/ui/compare.main');
});

function send(msg: HostMessage): void {
  window.dispatchEvent(new MessageEvent('message', { data: msg }));
}

const header = (runId: string, name: string): RunHeaderData => ({
  ref: { entity: 'e', project: 'p', runId },
  name,
  state: 'finished',
  tags: [],
  webUrl: `https://wandb.example/e/p/runs/${runId}`,
  lastStep: 10,
});
const run = (runId: string, name: string): CompareRunData => ({ header: header(runId, name), config: [], summary: [], steps: 11 });
const images: MediaIndex = {
  series: [{ key: 'samples', kind: 'image', steps: [10], items: [{ kind: 'image', path: 'media/images/a.png', boxes: {}, masks: {} }] }],
  truncated: false,
};

const mediaTab = () => document.querySelector<HTMLElement>('#tabpanel-media')!;
const note = () => mediaTab().querySelector<HTMLElement>('.media-view > .empty')!;
const columnNames = () => [...mediaTab().querySelectorAll('.media-card .media-run')].map((e) => e.textContent?.trim());

describe('compare panel: Media tab', () => {
  it('a load that failed says why and offers Retry instead of loading for ever', () => {
    send({ type: 'error', scope: 'run', message: 'Could not reach https://wandb.example (ECONNREFUSED).' });
    expect(note().hidden).toBe(false);
    expect(note().textContent).not.toContain('Loading media');
    expect(note().textContent).toContain('ECONNREFUSED');
    expect(note().classList.contains('error')).toBe(true);
    const retry = [...note().querySelectorAll('button')].find((b) => b.textContent?.includes('Retry'));
    expect(retry).toBeDefined();
    posted.length = 0;
    retry!.click();
    expect(posted).toContainEqual({ type: 'command', command: 'refresh' });
    expect(note().textContent).toContain('Loading media');
  });

  it('once the runs load, their media keys are asked for and each column is headed by its run', () => {
    posted.length = 0;
    send({ type: 'compare', runs: [run('a1', 'baseline'), run('b2', 'wide-lr')], metrics: [], goals: [], settings: { chartPoints: 1000, livePollSeconds: 5 } });
    expect(posted).toContainEqual({ type: 'mediaIndex' });
    send({ type: 'compareMediaIndex', runs: [images, images] });
    expect(note().hidden).toBe(true);
    expect(columnNames()).toEqual(['baseline', 'wide-lr']);
  });

  it('a rename heads the run’s columns by the new name at once, without asking again', () => {
    posted.length = 0;
    send({ type: 'header', run: 1, header: header('b2', 'wide-lr (tuned)'), live: false });
    expect(columnNames()).toEqual(['baseline', 'wide-lr (tuned)']);
    expect(posted).not.toContainEqual({ type: 'mediaIndex' });
    expect(mediaTab().querySelectorAll('.media-card')).toHaveLength(1);
  });

  it('a run whose media could not be listed is named in the note by its new name after a rename', () => {
    send({ type: 'compareMediaIndex', runs: [images, { series: [], truncated: false, error: 'the history could not be read (HTTP 502)' }] });
    expect(note().hidden).toBe(false);
    expect(note().classList.contains('error')).toBe(true);
    expect(note().textContent).toBe('wide-lr (tuned): the history could not be read (HTTP 502)');
    send({ type: 'header', run: 1, header: header('b2', 'wide-lr v2'), live: false });
    expect(note().textContent).toBe('wide-lr v2: the history could not be read (HTTP 502)');
    // The cards the other run's media made stay; only the note changed.
    expect(columnNames()).toEqual(['baseline', 'wide-lr v2']);
  });
});
