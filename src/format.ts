/**
 * How sizes, counts and durations read, the same in the tree, in notifications and in the
 * panels. Pure and import-free on purpose: every layer may use it, from src/api to the webview
 * bundle (which runs in a browser).
 *
 * One rounding rule for sizes: three significant digits (1.23 MB, 12.3 MB, 123 MB), binary
 * units. Durations: the two largest units that matter (2 min 5 s, 1 h 15 min, 3 d 4 h), with
 * tenths of a second below 10 s and milliseconds below 1 s.
 */

/** `512 B`, `1.23 KB`, `12.3 MB`, `123 GB`; empty for a size that is not one. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

/** A count with thousands separators: `12,345`. */
let countFormat: Intl.NumberFormat | undefined;

/**
 * `1,200`. One formatter, made on first use: `toLocaleString` builds a new one per call, which
 * was the runs table's largest cost while scrolling.
 */
export function formatCount(n: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(n);
}

/** A count and its noun, singular for one: `1 file`, `2 files`, `1,200 runs`. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** `350 ms`, `1.3 s`, `45 s`, `2 min 5 s`, `1 h 15 min`, `3 d 4 h`; empty for a negative or non-finite span. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
