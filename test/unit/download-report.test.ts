// A download's result notification: shown, and its action carried out whenever it is chosen,
// without anything waiting for that choice (the runs table downloads its selected runs one after
// another; a notification that hid into the notification center may never be answered).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DownloadResult } from '../../src/api/download/types';
import { reportDownload } from '../../src/commands/download-report';

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
