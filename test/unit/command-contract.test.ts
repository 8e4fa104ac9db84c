// The command contract: the ids module, package.json and what activation registers agree, and
// the one registration wrapper gates on sign-in, reports by error kind and logs once per run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** What the fake VS Code below saw. */
const host = vi.hoisted(() => ({
  registered: new Map<string, (...args: unknown[]) => unknown>(),
  messages: [] as Array<{ level: string; text: string; actions: string[] }>,
  answer: undefined as string | undefined,
  executed: [] as unknown[][],
}));

vi.mock('vscode', async (importOriginal) => {
  const base = await importOriginal<typeof import('./vscode-mock')>();
  const event = () => () => new base.Disposable();
  const message = (level: string) => async (text: string, ...rest: unknown[]) => {
    host.messages.push({ level, text, actions: rest.filter((r): r is string => typeof r === 'string') });
    return host.answer;
  };
  return {
    ...base,
    version: '1.100.0-test',
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (host.registered.has(id)) throw new Error(`command ${id} registered twice`);
        host.registered.set(id, fn);
        return new base.Disposable(() => host.registered.delete(id));
      },
      executeCommand: async (...args: unknown[]) => {
        host.executed.push(args);
        return undefined;
      },
      getCommands: async () => [...host.registered.keys()],
    },
    window: {
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, show() {}, dispose() {} }),
      createTreeView: () => ({
        selection: [],
        visible: false,
        onDidChangeVisibility: event(),
        onDidExpandElement: event(),
        onDidCollapseElement: event(),
        onDidChangeSelection: event(),
        dispose() {},
      }),
      registerWebviewPanelSerializer: () => new base.Disposable(),
      showWarningMessage: message('warning'),
      showErrorMessage: message('error'),
      showInformationMessage: message('info'),
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: () => undefined }),
      onDidChangeConfiguration: event(),
      onDidChangeWorkspaceFolders: event(),
      createFileSystemWatcher: () => ({ onDidChange: event(), onDidCreate: event(), onDidDelete: event(), dispose() {} }),
      registerTextDocumentContentProvider: () => new base.Disposable(),
      registerFileSystemProvider: () => new base.Disposable(),
    },
  };
});

import * as vscode from 'vscode';
import { activate } from '../../src/extension';
import { CMD } from '../../src/ids';
import { registerCommands, type CommandServices } from '../../src/commands/register';
import { WandbError } from '../../src/api/errors';
import { typeScriptFilesUnder } from './source-files';
import type { Session } from '../../src/auth/session';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>> };
};
const ids = Object.values(CMD) as string[];

function memento() {
  const data = new Map<string, unknown>();
  return { get: (k: string) => data.get(k), update: async (k: string, v: unknown) => void data.set(k, v), keys: () => [...data.keys()] };
}

describe('command ids', () => {
  it('are exactly the commands package.json contributes', () => {
    expect([...ids].sort()).toEqual(manifest.contributes.commands.map((c) => c.command).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cover every command a menu names', () => {
    const inMenus = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.command));
    expect(inMenus.filter((c) => !ids.includes(c))).toEqual([]);
  });

  it('are spelled out nowhere else in src (the tree, panels and commands use the ids module)', () => {
    const files = typeScriptFilesUnder(path.join(root, 'src'));
    const offenders = files
      .filter((f) => path.relative(root, f) !== path.join('src', 'ids.ts'))
      .flatMap((f) => ids.filter((id) => readFileSync(f, 'utf8').includes(`'${id}'`)).map((id) => `${path.relative(root, f)}: ${id}`));
    expect(offenders).toEqual([]);
  });
});

describe('activation', () => {
  const subscriptions: Array<{ dispose(): unknown }> = [];

  beforeEach(() => {
    // No key anywhere: activation must not reach a server.
    vi.stubEnv('HOME', mkdtempSync(path.join(tmpdir(), 'wandb-explorer-home-')));
    vi.stubEnv('WANDB_API_KEY', '');
    vi.stubEnv('WANDB_BASE_URL', '');
    host.registered.clear();
  });

  afterEach(() => {
    for (const d of subscriptions.splice(0)) d.dispose();
    vi.unstubAllEnvs();
  });

  it('registers every contributed command, once, and nothing else', async () => {
    const context = {
      subscriptions,
      extension: { packageJSON: { version: '0.0.0-test' } },
      extensionUri: vscode.Uri.from({ scheme: 'file', path: root }),
      globalStorageUri: { fsPath: path.join(tmpdir(), 'wandb-explorer-storage') },
      globalState: memento(),
      workspaceState: memento(),
      secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => new vscode.Disposable(() => undefined) },
    };
    await activate(context as unknown as Parameters<typeof activate>[0]);
    expect([...host.registered.keys()].sort()).toEqual([...ids].sort());
  });
});

describe('the registration wrapper', () => {
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`), show: vi.fn() };
  let state: { kind: string } = { kind: 'signedOut' };
  const services = { session: { get state() { return state; } } as unknown as Session, log: log as unknown as CommandServices['log'], selection: () => [] };

  beforeEach(() => {
    lines.length = 0;
    host.messages.length = 0;
    host.executed.length = 0;
    host.registered.clear();
    host.answer = undefined;
    state = { kind: 'signedOut' };
  });

  const register = (run: () => unknown, signedIn = false) => registerCommands(services, [{ id: CMD.renameRun, title: 'Rename Run', signedIn, run }]);
  const invoke = (...args: unknown[]) => host.registered.get(CMD.renameRun)!(...args);

  it('offers Sign In instead of running a command that needs a session', async () => {
    const run = vi.fn();
    register(run, true);
    host.answer = 'Sign In';
    await invoke();
    expect(run).not.toHaveBeenCalled();
    expect(host.messages).toEqual([{ level: 'warning', text: 'Sign in to W&B first.', actions: ['Sign In'] }]);
    expect(host.executed).toContainEqual([CMD.signIn]);
    state = { kind: 'signedIn' };
    await invoke();
    expect(run).toHaveBeenCalledOnce();
  });

  it('reports failures by kind with Show Log (and Sign In for auth); a cancellation is only logged', async () => {
    let error: unknown;
    register(() => {
      throw error;
    });
    error = new WandbError('server', 'boom');
    host.answer = 'Show Log';
    await invoke();
    expect(host.messages.pop()).toEqual({ level: 'error', text: 'Rename Run: boom', actions: ['Show Log'] });
    expect(log.show).toHaveBeenCalled();
    error = new WandbError('auth', 'no key');
    await invoke();
    expect(host.messages.pop()?.actions).toEqual(['Sign In', 'Show Log']);
    error = new WandbError('cancelled', 'Cancelled.');
    await invoke();
    expect(host.messages).toEqual([]);
    expect(lines).toEqual(['error Rename Run: boom', 'error Rename Run: no key', 'info Rename Run: cancelled']);
  });

  it('writes one log line per successful run, and names the target a command found', async () => {
    registerCommands(services, [
      {
        id: CMD.addArtifactAlias,
        title: 'Add Alias',
        run: (c) => {
          c.what = 'Add Alias (data:v3)';
        },
      },
    ]);
    await host.registered.get(CMD.addArtifactAlias)!();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^info Add Alias \(data:v3\): done in \d+ ms$/);
  });

  it('hands the clicked row and the selection to the one target rule', async () => {
    const seen: string[][] = [];
    registerCommands(services, [{ id: CMD.copyRunId, title: 'Copy Run ID', run: (c) => void seen.push(c.targets().runs.map((r) => r.ref.runId)) }]);
    const row = (runId: string) => ({ kind: 'run', run: { entity: 'e', project: 'p', runId } });
    const [a, b, c] = [row('a'), row('b'), row('c')];
    await host.registered.get(CMD.copyRunId)!(a, [a, b]);
    await host.registered.get(CMD.copyRunId)!(c, [a, b]);
    expect(seen).toEqual([['a', 'b'], ['c']]);
  });
});
