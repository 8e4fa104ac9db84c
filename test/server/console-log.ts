/**
 * A run's console output as the service holds it: lines streamed while the run runs
 * (`Run.logLines`), and `output.log`, which the SDK's core uploads only when the run ends
 * (`core/internal/runconsolelogs/outputfilewriter.go`: `Finish` uploads the file; without
 * multipart logging nothing is uploaded before). Runs synced from an offline folder have the
 * file and no streamed lines.
 */
import { lazyBlob } from './blob.js';
import type { LogLineRec, RunRec, Store } from './model.js';

const LIVE_STATES = new Set(['running', 'pending']);

export function isLive(state: string): boolean {
  return LIVE_STATES.has(state);
}

/** Lines that grow as `count()` grows; `lineAt(n)` builds line n (pure, so any prefix is stable). */
export function growingLines(count: () => number, lineAt: (n: number) => LogLineRec): () => LogLineRec[] {
  const lines: LogLineRec[] = [];
  return () => {
    const n = count();
    while (lines.length < n) lines.push(lineAt(lines.length));
    return n < lines.length ? lines.slice(0, n) : lines;
  };
}

/** The streamed lines as one text, the way `output.log` holds them once the run ends. */
export function outputLogOf(lines: readonly LogLineRec[]): string {
  return lines.map((l) => `${l.line}\n`).join('');
}

/** The run ended: its streamed lines become `output.log`, as the SDK uploads it at the end. */
export function uploadOutputLog(store: Store, run: RunRec, now: number): void {
  const files = run.files();
  const lines = run.logLines();
  if (lines.length === 0 || files.some((f) => f.name === 'output.log')) return;
  const text = outputLogOf(lines);
  files.push(store.newRunFile(run, 'output.log', lazyBlob(() => text, 'text/plain'), now));
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
