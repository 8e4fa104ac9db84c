/**
 * The panels' data source for runs on disk: the calls the run and compare panels make of the
 * W&B API (run, sampled history, history pages, system events), answered from a run folder
 * through the shared `LocalRunStore`, plus the console log, the run's files (images, media,
 * tables) and the header's links. No `vscode` here, so it is tested with real run folders.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { WandbError } from '../api/errors';
import { checkRemoteName, resolveInside } from '../api/download/safe-path';
import type { HistoryRow } from '../api/model/history';
import type { RunRef } from '../api/model/run';
import type { LogChunk } from '../api/run-files';
import { MAX_LOG_BYTES } from '../api/run-files';
import { runWebUrl } from '../api/urls';
import type { LocalRun } from '../local/local-run';
import { localFolderOf } from '../local/local-ref';
import type { LocalRunStore } from '../local/run-store';
import type { HistorySource, LoadedRun } from './run-data';
import { notAmongFiles, tooLargeToShow, type RunFileBytes, type RunFileReader } from './run-file-reader';

/** Every `n`-th row so that at most `samples` remain, the last row always kept (the newest value). */
export function sampleRows<T>(rows: readonly T[], samples: number): T[] {
  if (rows.length <= samples || samples < 2) return [...rows];
  const out: T[] = [];
  const stride = (rows.length - 1) / (samples - 1);
  for (let i = 0; i < samples; i++) out.push(rows[Math.round(i * stride)]!);
  return out;
}

function inRange(row: HistoryRow, minStep: number | undefined, maxStep: number | undefined): boolean {
  const s = typeof row._step === 'number' ? row._step : 0;
  return (minStep === undefined || s >= minStep) && (maxStep === undefined || s < maxStep);
}

function pick(row: HistoryRow, keys: readonly string[]): HistoryRow {
  const out: HistoryRow = {};
  for (const k of keys) if (row[k] !== undefined) out[k] = row[k]!;
  return out;
}

/** `_runtime` for rows that have only `_timestamp` (stats records), as W&B's events stream has it. */
function withRuntime(rows: readonly HistoryRow[], startSeconds: number | undefined): HistoryRow[] {
  if (startSeconds === undefined) return [...rows];
  return rows.map((r) => (r._runtime === undefined && typeof r._timestamp === 'number' ? { ...r, _runtime: r._timestamp - startSeconds } : r));
}

export class LocalRunSource implements HistorySource {
  constructor(private readonly store: LocalRunStore) {}

  /** The run as it is on disk now: what the log gained is read first (only that). */
  async run(ref: RunRef): Promise<LocalRun> {
    const folder = localFolderOf(ref);
    if (!folder) throw new WandbError('badRequest', `${ref.entity}/${ref.project}/${ref.runId} is not a local run.`);
    await this.store.refresh(folder);
    const run = await this.store.snapshot(folder);
    if (!run) throw new WandbError('notFound', `${folder} holds no W&B run (it was moved or deleted?).`);
    return run;
  }

  /** The run without reading the folder again (for the calls that follow a `run`). */
  private async current(ref: RunRef): Promise<LocalRun> {
    const folder = localFolderOf(ref);
    const run = folder ? await this.store.snapshot(folder) : undefined;
    return run ?? this.run(ref);
  }

  async sampledHistory(ref: RunRef, specs: Array<{ keys: string[]; samples: number; minStep?: number; maxStep?: number }>): Promise<HistoryRow[][]> {
    const run = await this.current(ref);
    return specs.map((spec) => {
      const valueKeys = spec.keys.filter((k) => !k.startsWith('_'));
      const rows = run.history.filter((r) => inRange(r, spec.minStep, spec.maxStep) && (valueKeys.length === 0 || valueKeys.some((k) => r[k] !== undefined)));
      return sampleRows(rows, spec.samples).map((r) => pick(r, spec.keys));
    });
  }

  async historyPage(ref: RunRef, minStep: number, maxStep: number): Promise<HistoryRow[]> {
    const run = await this.current(ref);
    return run.history.filter((r) => inRange(r, minStep, maxStep));
  }

  async systemEvents(ref: RunRef, samples: number): Promise<HistoryRow[]> {
    const run = await this.current(ref);
    const start = run.createdAt ? run.createdAt.getTime() / 1000 : undefined;
    return withRuntime(sampleRows(run.systemMetricsRows, samples), start);
  }

  /**
   * The run's files as the panels read them (images, media, tables): from the folder's `files/`
   * (a legacy folder keeps them at its top). Names come from the run's own records, so they are
   * checked as any remote name is: nothing outside the folder, no links followed.
   */
  files(ref: RunRef): RunFileReader {
    return {
      read: async (names, maxBytes) => {
        const run = await this.current(ref);
        const folder = localFolderOf(ref)!;
        const dir = run.layout === 'legacy' ? folder : join(folder, 'files');
        const out: RunFileBytes = new Map();
        await Promise.all(names.map(async (name) => out.set(name, await readInside(dir, name, maxBytes))));
        return out;
      },
    };
  }

  /** The console output from `offset` (characters of the whole text), as the remote log reader answers. */
  async log(ref: RunRef, offset: number): Promise<LogChunk | undefined> {
    const run = await this.current(ref);
    return logChunk(run, offset);
  }
}

/** One file under `dir` by its run-relative name, or why the panel cannot have it. */
async function readInside(dir: string, name: string, maxBytes: number): Promise<Buffer | WandbError> {
  const checked = checkRemoteName(name);
  const path = checked.ok ? resolveInside(dir, checked.segments) : undefined;
  if (!path) return new WandbError('badRequest', `refused: ${checked.ok ? 'it resolves outside the run folder' : checked.reason}`);
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isFile()) return notAmongFiles();
  if (stat.size > maxBytes) return tooLargeToShow(stat.size);
  // O_NOFOLLOW: a link put in its place since the lstat is not followed either.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => undefined);
  if (!handle) return notAmongFiles();
  try {
    return await handle.readFile();
  } catch (e) {
    return new WandbError('badRequest', e instanceof Error ? e.message : String(e));
  } finally {
    await handle.close();
  }
}

/** The run's console lines as one text, from `offset` on; the head is left out past the size limit. */
export function logChunk(run: Pick<LocalRun, 'logLines'>, offset: number): LogChunk | undefined {
  if (run.logLines.length === 0) return undefined;
  const text = run.logLines.map((l) => (l.text.endsWith('\n') || l.text.endsWith('\r') ? l.text : `${l.text}\n`)).join('');
  if (offset > 0) return { text: text.slice(offset), offset: text.length, truncated: false, append: true };
  const truncated = text.length > MAX_LOG_BYTES;
  return { text: truncated ? text.slice(text.length - MAX_LOG_BYTES) : text, offset: text.length, truncated, append: false };
}

/** The W&B page of a local run that was synced (not an offline folder, entity and project known). */
export function twinUrl(run: Pick<LocalRun, 'offline' | 'entity' | 'project' | 'runId'>, appUrl: string): string | undefined {
  return !run.offline && run.entity && run.project && appUrl ? runWebUrl(appUrl, run.entity, run.project, run.runId) : undefined;
}

/** A shaped local run as the panels show it: its own ref (so a restored panel finds the folder again), the W&B link only for a synced run. */
export function asLocalShape(shaped: LoadedRun, ref: RunRef, appUrl: string): LoadedRun {
  const run = shaped.detail as LocalRun;
  shaped.header = { ...shaped.header, ref: { entity: ref.entity, project: ref.project, runId: ref.runId }, webUrl: twinUrl(run, appUrl) ?? '' };
  return shaped;
}
