/**
 * The extension side of the run panel's Media tab: finds the run's media keys and the steps
 * each was logged at, and fetches one card's files at one step when the page asks (only the
 * cards it shows, at the step it shows). A newer ask for a card cancels the older one; a small
 * cache keeps the files of steps just seen. The history and files come from W&B or from a local
 * run's folder alike. No `vscode` here, so it is testable with a fake API.
 */
import type { RunDetail, RunRef } from '../api/model/run';
import { WandbError } from '../api/errors';
import { decodeBoxSet, decodeClasses, decodeMediaValue, filesOf, mediaKindOfTypes, type BoxSet, type MediaItem } from '../api/model/media';
import type { MediaIndex, MediaSeries, MediaStepData } from './media-protocol';
import { IMAGE_TYPES, type HistorySource } from './run-data';
import type { RunFileReader } from './run-file-reader';

/** Steps of one key the index holds (the slider's stops); longer runs are sampled evenly. */
export const MAX_MEDIA_STEPS = 2_000;
/** Files larger than this are not handed to the page (it would hold them as text twice). */
export const MAX_MEDIA_FILE_BYTES = 16_000_000;
/** HTML and Plotly sources shown up to this many bytes. */
const MAX_SOURCE_BYTES = 200_000;
/** What the cache holds at most (data URLs count as their length). */
const CACHE_BYTES = 48_000_000;

const MEDIA_TYPES: Record<string, string> = {
  ...IMAGE_TYPES,
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

type Cached = { kind: 'url'; url: string } | { kind: 'boxes'; set: BoxSet } | { kind: 'classes'; names: Record<number, string> } | { kind: 'text'; text: string };

export interface MediaHostDeps {
  /** The run's history: W&B's, or its folder's for a local run. */
  history(): Pick<HistorySource, 'sampledHistory'>;
  /** The run's files, from the same place. */
  files(): RunFileReader;
  ref: RunRef;
  /** Aborted when the panel closes. */
  signal: AbortSignal;
  warn(message: string): void;
}

export class MediaHost {
  private series?: Promise<{ map: Map<string, MediaSeries>; truncated: boolean }>;
  private readonly cache = new Map<string, { value: Cached; bytes: number }>();
  private cacheBytes = 0;
  /** The ask in flight per card: a newer one for the same card aborts it. */
  private readonly inFlight = new Map<string, AbortController>();
  /** Files fetched from storage since the panel opened (the bench and tests read it). */
  fetchedFiles = 0;

  constructor(private readonly deps: MediaHostDeps) {}

  /** Forgets the index and the files (after Refresh). */
  reset(): void {
    this.series = undefined;
    this.cache.clear();
    this.cacheBytes = 0;
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
  }

  /** Media keys of the run, each with its steps and values (history first, then summary-only keys). */
  async index(detail: RunDetail): Promise<{ series: MediaSeries[]; truncated: boolean }> {
    this.series ??= (async () => {
      let truncated = false;
      const keys = detail.historyKeys.keys.filter((k) => !k.system && mediaKindOfTypes(k.typeCounts));
      const out = new Map<string, MediaSeries>();
      if (keys.length > 0) {
        const specs = keys.map((k) => ({ keys: ['_step', k.key], samples: MAX_MEDIA_STEPS }));
        const results = await this.deps.history().sampledHistory(this.deps.ref, specs, this.deps.signal);
        keys.forEach((k, i) => {
          const rows = (results[i] ?? []).slice().sort((a, b) => Number(a._step) - Number(b._step));
          if ((k.typeCounts[Object.keys(k.typeCounts)[0]!] ?? 0) > rows.length) truncated = true;
          const s: MediaSeries = { key: k.key, kind: mediaKindOfTypes(k.typeCounts)!, steps: [], items: [] };
          for (const r of rows) {
            const item = decodeMediaValue(r[k.key]);
            if (!item || typeof r._step !== 'number') continue;
            s.steps.push(r._step);
            s.items.push(item);
          }
          if (s.steps.length > 0) out.set(k.key, s);
        });
      }
      for (const [key, value] of Object.entries(detail.summary)) {
        if (out.has(key) || key.startsWith('_')) continue;
        const item = decodeMediaValue(value);
        if (!item) continue;
        const step = typeof detail.summary._step === 'number' ? detail.summary._step : Math.max(0, detail.historyKeys.lastStep);
        out.set(key, { key, kind: item.kind, steps: [step], items: [item], summaryOnly: true });
      }
      return { map: out, truncated };
    })();
    try {
      const { map, truncated } = await this.series;
      return { series: [...map.values()], truncated };
    } catch (e) {
      this.series = undefined;
      throw e;
    }
  }

  /**
   * One card's files at one step. Undefined when a newer ask for the same card replaced this
   * one (its fetches are aborted), or the key or step is not one the index holds.
   */
  async step(key: string, step: number): Promise<MediaStepData | undefined> {
    const series = (await this.series)?.map.get(key);
    const at = series ? series.steps.indexOf(step) : -1;
    if (!series || at < 0) {
      this.deps.warn('run panel: refused a media request for a key or step the run does not have');
      return undefined;
    }
    this.inFlight.get(key)?.abort();
    const mine = new AbortController();
    this.inFlight.set(key, mine);
    const signal = AbortSignal.any([this.deps.signal, mine.signal]);
    try {
      const data = await this.fetchStep(series.items[at]!, key, step, signal);
      return signal.aborted ? undefined : data;
    } finally {
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
    }
  }

  private async fetchStep(item: MediaItem, key: string, step: number, signal: AbortSignal): Promise<MediaStepData | undefined> {
    const out: MediaStepData = { key, step, urls: {}, boxes: {}, classes: {}, texts: {}, errors: [] };
    const paths = [...new Set(filesOf(item))];
    const missing = paths.filter((p) => !this.cache.has(p));
    if (missing.length > 0) {
      // All of the step's files in one ask (a remote run: one lookup, then a GET each).
      const got = await this.deps.files().read(missing, MAX_MEDIA_FILE_BYTES, signal);
      for (const p of missing) {
        const bytes = got.get(p);
        if (bytes instanceof Buffer) {
          this.fetchedFiles++;
          this.remember(p, decodeFile(p, bytes));
        } else if (!signal.aborted) out.errors.push(`${p}: ${bytes instanceof WandbError ? bytes.message : "not among the run's files"}`);
      }
    }
    if (signal.aborted) return undefined;
    for (const p of paths) {
      const c = this.recall(p);
      if (c?.kind === 'url') out.urls[p] = c.url;
      else if (c?.kind === 'boxes') out.boxes[p] = c.set;
      else if (c?.kind === 'classes') Object.assign(out.classes, c.names);
      else if (c?.kind === 'text') out.texts[p] = c.text;
    }
    return out;
  }

  private remember(path: string, value: Cached): void {
    const bytes = value.kind === 'url' ? value.url.length : value.kind === 'text' ? value.text.length : 1_000;
    this.cache.delete(path);
    this.cache.set(path, { value, bytes });
    this.cacheBytes += bytes;
    for (const [k, v] of this.cache) {
      if (this.cacheBytes <= CACHE_BYTES || k === path) break;
      this.cache.delete(k);
      this.cacheBytes -= v.bytes;
    }
  }

  /** A cached file, marked as just used. */
  private recall(path: string): Cached | undefined {
    const hit = this.cache.get(path);
    if (!hit) return undefined;
    this.cache.delete(path);
    this.cache.set(path, hit);
    return hit.value;
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A run's media index as a page gets it: a failure is the index's error (none once the panel closed). */
export async function mediaIndexFor(host: MediaHost, detail: RunDetail, signal: AbortSignal): Promise<MediaIndex | undefined> {
  try {
    return await host.index(detail);
  } catch (e) {
    return signal.aborted ? undefined : { series: [], truncated: false, error: messageOf(e) };
  }
}

/**
 * One card's files at one step as a page gets them: undefined when a newer ask replaced this one
 * or the panel closed; a failure is the card's error.
 */
export async function mediaStepFor(host: MediaHost, key: string, step: number, signal: AbortSignal): Promise<MediaStepData | undefined> {
  try {
    return await host.step(key, step);
  } catch (e) {
    return signal.aborted ? undefined : { key, step, urls: {}, boxes: {}, classes: {}, texts: {}, errors: [messageOf(e)] };
  }
}

/** What the page gets for a file: media as a `data:` URL, overlays and classes decoded, sources as text. */
function decodeFile(path: string, bytes: Buffer): Cached {
  if (path.endsWith('.boxes2D.json')) return { kind: 'boxes', set: decodeBoxSet(bytes.toString('utf8')) };
  if (path.endsWith('.classes.json')) return { kind: 'classes', names: decodeClasses(bytes.toString('utf8')) };
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const mime = MEDIA_TYPES[ext];
  if (mime) return { kind: 'url', url: `data:${mime};base64,${bytes.toString('base64')}` };
  const text = bytes.subarray(0, MAX_SOURCE_BYTES).toString('utf8');
  return { kind: 'text', text: bytes.length > MAX_SOURCE_BYTES ? `${text}\n… (${bytes.length - MAX_SOURCE_BYTES} more bytes)` : text };
}
