/**
 * The run panel's Media tab messages: the index of media keys (each with the steps it was
 * logged at and what was logged), and one card's files at one step, fetched by the extension
 * and handed over as `data:` URLs. Part of the protocol (protocol.ts joins these in).
 */
import type { BoxSet, MediaItem, MediaKind } from '../api/model/media';

export type { Box, BoxSet, ImageMedia, MediaItem, MediaKind } from '../api/model/media';

/** One media key: the steps it was logged at and, in the same order, what was logged. */
export interface MediaSeries {
  key: string;
  kind: MediaKind;
  steps: number[];
  items: MediaItem[];
  /** Only in the summary (not in history): one step, the run's last. */
  summaryOnly?: boolean;
}

/** One card's files at one step. */
export interface MediaStepData {
  key: string;
  step: number;
  /** Images, masks, sound and video as `data:` URLs by run file path. */
  urls: Record<string, string>;
  /** `boxes2D` files by path. */
  boxes: Record<string, BoxSet>;
  /** Class names from classes files (merged). */
  classes: Record<number, string>;
  /** HTML and Plotly sources by path: shown as text, never run. */
  texts: Record<string, string>;
  /** Files that could not be fetched, and why. */
  errors: string[];
}

/** One run's media keys, or why they could not be read. */
export interface MediaIndex {
  series: MediaSeries[];
  /** Some key had more steps than the index holds (its steps are an even sample). */
  truncated: boolean;
  error?: string;
}

/**
 * The run panel gets `mediaIndex`; the compare panel `compareMediaIndex` (one index per run, in
 * the panel's order) and `mediaStep` answers naming the run.
 */
export type MediaHostMessage = ({ type: 'mediaIndex' } & MediaIndex) | { type: 'compareMediaIndex'; runs: MediaIndex[] } | ({ type: 'mediaStep'; run?: number } & MediaStepData);

export type MediaWebviewMessage = { type: 'mediaIndex' } | { type: 'mediaStep'; key: string; step: number; run?: number };
