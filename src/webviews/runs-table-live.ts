/**
 * The runs table's live cells: which loaded rows a tick reads again, the timer that ticks on the
 * tree's live interval, and the swap of the fresh rows into place. No `vscode`, so the logic is
 * tested with fake timers; the panel binds it to its rows, its visibility and its reads.
 */
import { isLiveState } from './live-updates';

/** Running rows read per live tick (the first ones loaded; one request). */
export const MAX_LIVE_ROWS = 200;

/** The runs a tick reads again: running or pending rows, the first `MAX_LIVE_ROWS` in table order. */
export function liveRunIds(rows: readonly { runId: string; state: string }[]): string[] {
  return rows
    .filter((r) => isLiveState(r.state))
    .slice(0, MAX_LIVE_ROWS)
    .map((r) => r.runId);
}

/**
 * `rows` with each fresh row in the place of the row of the same run: same length, same order
 * (so the page's scroll position and selection stay); a fresh row no loaded row matches is
 * dropped. Holes (rows the page has not loaded yet) stay holes.
 */
export function swapRows<R extends { runId: string } | undefined>(rows: readonly R[], fresh: readonly NonNullable<R>[]): R[] {
  const byId = new Map(fresh.map((r) => [r.runId, r]));
  return rows.map((r) => (r && byId.get(r.runId)) ?? r);
}

/**
 * Calls `tick` every `seconds` while `wanted()` (the table visible with running rows loaded),
 * never two at once: a tick still reading when the next is due makes that one skip. Nothing when
 * `seconds` is 0 (the setting turns it off); `dispose` stops it for good.
 */
export function startLiveCells(seconds: number, wanted: () => boolean, tick: () => Promise<void>): { dispose(): void } | undefined {
  if (!(seconds > 0)) return undefined;
  let pending = false;
  const done = () => (pending = false);
  const timer = setInterval(() => {
    if (pending || !wanted()) return;
    pending = true;
    tick().then(done, done);
  }, seconds * 1000);
  return { dispose: () => clearInterval(timer) };
}
