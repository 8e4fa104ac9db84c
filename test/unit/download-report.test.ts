// A download's result notification: shown, and its action carried out whenever it is chosen,
// without anything waiting for that choice (the runs table downloads its selected runs one after
// another; a notification that hid into the notification center may never be answered).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DownloadResult } from '../../src/api/download/types';
import { commonFolder, reportDownload, reportRunsDownload } from '../../src/commands/download-report';

const ui = vi.hoisted(() => ({
  shown: [] as unknown[][],
  answer: (_choice: string | undefined) => {},
  commands: [] as unknown[][],
  failCommand: false,
}));
vi.mock('vscode', async (importOriginal) => {
  const base = await importOriginal<typeof import('./vscode-mock')>();
  const show = (...args: unknown[]) => {
    ui.shown.push(args);
    return new Promise<string | undefined>((resolve) => (ui.answer = resolve));
  };
  return {
    ...base,
    window: { showInformationMessage: show, showWarningMessage: show, showErrorMessage: show },
    workspace: { getWorkspaceFolder: () => ({ name: 'ws' }) },
    commands: {
      executeCommand: async (...args: unknown[]) => {
        ui.commands.push(args);
        if (ui.failCommand) throw new Error('the Explorer is not there');
      },
    },
  };
});

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), show: vi.fn() };
const result: DownloadResult = {
  root: '/ws/wandb-downloads/e/p/run1',
  filesTotal: 2,
  downloaded: [
    { name: 'config.yaml', path: '/ws/wandb-downloads/e/p/run1/config.yaml', bytes: 10 },
    { name: 'output.log', path: '/ws/wandb-downloads/e/p/run1/output.log', bytes: 20 },
  ],
  skipped: [],
  failed: [],
  notDone: 0,
  cancelled: false,
  bytes: 30,
  ms: 12,
};

beforeEach(() => {
  ui.shown.length = 0;
  ui.commands.length = 0;
  ui.failCommand = false;
  log.warn.mockClear();
  log.info.mockClear();
});

describe('download report', () => {
  it('returns as soon as the result is shown, before (and whether or not) anyone answers it', () => {
    const returned = reportDownload(log as never, 'files of run e/p/run1', result, false);
    // Nothing to wait on: the caller (the next run's download) goes on at once.
    expect(returned).toBeUndefined();
    expect(ui.shown).toEqual([['Downloaded files of run e/p/run1: 2 downloaded, 30 B in 12 ms.', 'Reveal in Explorer', 'Open Folder']]);
  });

  it('carries out the action chosen later', async () => {
    reportDownload(log as never, 'files of run e/p/run1', result, false);
    expect(ui.commands).toEqual([]);
    ui.answer('Reveal in Explorer');
    await vi.waitFor(() => expect(ui.commands).toHaveLength(1));
    expect(ui.commands[0]![0]).toBe('revealInExplorer');
    expect((ui.commands[0]![1] as { path: string }).path).toBe('/ws/wandb-downloads/e/p/run1/config.yaml');
  });

  it('an action that fails later is logged, not left as an unhandled rejection', async () => {
    ui.failCommand = true;
    reportDownload(log as never, 'files of run e/p/run1', result, false);
    ui.answer('Open Folder');
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledWith('after the download of files of run e/p/run1: the Explorer is not there'));
  });
});

describe('one result for a download of several runs', () => {
  const ofRun = (id: string, over: Partial<DownloadResult> = {}): DownloadResult => ({
    ...result,
    root: `/ws/wandb-downloads/e/p/${id}`,
    downloaded: result.downloaded.map((d) => ({ ...d, path: d.path.replace('run1', id) })),
    ...over,
  });

  it('adds the runs up in one notification, which opens the folder they share', async () => {
    reportRunsDownload(log as never, [{ label: 'files of run e/p/a', result: ofRun('a') }, { label: 'files of run e/p/b', result: ofRun('b') }], 2, false);
    expect(ui.shown).toEqual([['Downloaded files of 2 runs: 4 downloaded, 60 B in 24 ms.', 'Reveal in Explorer', 'Open Folder']]);
    // Each run's own line is in the log.
    expect(log.info).toHaveBeenCalledWith('files of run e/p/a: 2 downloaded, 30 B in 12 ms');
    expect(log.info).toHaveBeenCalledWith('files of run e/p/b: 2 downloaded, 30 B in 12 ms');
    ui.answer('Open Folder');
    await vi.waitFor(() => expect(ui.commands).toHaveLength(1));
    expect(ui.commands[0]![0]).toBe('vscode.openFolder');
    expect((ui.commands[0]![1] as { path: string }).path).toBe('/ws/wandb-downloads/e/p');
  });

  it('names a run that could not be downloaded, as a warning with its details in the log', () => {
    reportRunsDownload(
      log as never,
      [
        { label: 'files of run e/p/a', result: ofRun('a') },
        { label: 'files of run e/p/gone', error: 'Run e/p/gone was not found.' },
      ],
      2,
      false,
    );
    expect(ui.shown).toEqual([['Downloaded files of 2 runs: 2 downloaded, 30 B in 12 ms. 1 run not downloaded: run e/p/gone: Run e/p/gone was not found.', 'Reveal in Explorer', 'Open Folder', 'Show Details']]);
    expect(log.warn).toHaveBeenCalledWith('files of run e/p/gone: Run e/p/gone was not found.');
  });

  it('after a cancel, says how many runs were done and how many never started', () => {
    const cut = ofRun('b', { cancelled: true, notDone: 1, downloaded: ofRun('b').downloaded.slice(0, 1), bytes: 10 });
    reportRunsDownload(log as never, [{ label: 'files of run e/p/a', result: ofRun('a') }, { label: 'files of run e/p/b', result: cut }], 3, true);
    expect(ui.shown[0]![0]).toBe('Download cancelled after 1 of 3 runs: 3 downloaded, 1 not done (cancelled), 40 B in 24 ms. 1 run not started.');
  });

  it('stopped by a refused key: says so, names the run it met it on, and how many never started', () => {
    reportRunsDownload(
      log as never,
      [
        { label: 'files of run e/p/a', result: ofRun('a') },
        { label: 'files of run e/p/b', error: 'W&B refused the API key.' },
      ],
      4,
      false,
      true,
    );
    expect(ui.shown[0]![0]).toBe('Download stopped after 1 of 4 runs: 2 downloaded, 30 B in 12 ms. 1 run not downloaded: run e/p/b: W&B refused the API key. 2 runs not started.');
  });

  it('nothing to reveal when no run got as far as downloading', () => {
    reportRunsDownload(log as never, [{ label: 'files of run e/p/x', error: 'W&B did not answer.' }, { label: 'files of run e/p/y', error: 'W&B did not answer.' }], 2, false);
    expect(ui.shown).toEqual([['Downloaded files of 2 runs: 0 downloaded, 0 B in 0 ms. 2 runs not downloaded: run e/p/x: W&B did not answer (and more: Show Details).', 'Show Details']]);
  });

  it('the folder runs share is the deepest one holding them all', () => {
    expect(commonFolder(['/ws/d/e/p/a', '/ws/d/e/p/b'])).toBe('/ws/d/e/p');
    expect(commonFolder(['/ws/d/e/p/a', '/ws/d/e/q/b'])).toBe('/ws/d/e');
    expect(commonFolder(['/ws/d/e/p/a'])).toBe('/ws/d/e/p/a');
    // Not a prefix of names: /ws/ab is not in /ws/a.
    expect(commonFolder(['/ws/a', '/ws/ab'])).toBe('/ws');
    expect(commonFolder(['/a', '/b'])).toBe('/');
  });
});
