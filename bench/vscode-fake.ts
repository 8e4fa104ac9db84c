/**
 * A small stand-in for the `vscode` module, enough to run the bundled extension's `activate()` in
 * plain Node: real EventEmitter, Disposable, Uri, configuration, commands, secrets and memento;
 * a tree view that hands its provider to the bench; webview panels whose messages the bench
 * drives. Everything else is a permissive stub (callable, any property, never thenable), so new
 * API use in the extension does not break the bench.
 */
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

/** Callable, constructible, any property; not a thenable (so `await stub` resolves to it). */
function stub(name = 'stub'): unknown {
  const fn = function () {};
  const cache = new Map<PropertyKey, unknown>();
  const proxy: unknown = new Proxy(fn, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => 0;
      if (prop === 'toString') return () => `[${name}]`;
      if (prop === 'dispose') return () => undefined;
      if (!cache.has(prop)) cache.set(prop, stub(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    set(_t, prop, value) {
      cache.set(prop, value);
      return true;
    },
    apply() {
      return proxy;
    },
    construct() {
      return stub(`new ${name}`) as object;
    },
  });
  return proxy;
}

/** An object with the given members, falling back to stubs for anything else. */
function withStubs<T extends object>(name: string, members: T): T {
  return new Proxy(members, {
    get(t, prop) {
      if (prop in t) return (t as Record<PropertyKey, unknown>)[prop];
      if (prop === 'then') return undefined;
      const s = stub(`${name}.${String(prop)}`);
      (t as Record<PropertyKey, unknown>)[prop] = s;
      return s;
    },
  });
}

class Disposable {
  static from(...ds: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  constructor(private readonly fn: () => unknown) {}
  dispose(): void {
    this.fn();
  }
}

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>, thisArg?: unknown, bucket?: Disposable[]) => {
    const bound: Listener<T> = thisArg ? l.bind(thisArg) : l;
    this.listeners.add(bound);
    const d = new Disposable(() => this.listeners.delete(bound));
    bucket?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', '', p, '', '');
  }
  static parse(s: string): Uri {
    const u = new URL(s);
    return new Uri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...parts), base.query, base.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  with(c: Partial<{ scheme: string; authority: string; path: string; query: string; fragment: string }>): Uri {
    return new Uri(c.scheme ?? this.scheme, c.authority ?? this.authority, c.path ?? this.path, c.query ?? this.query, c.fragment ?? this.fragment);
  }
  toString(): string {
    return this.scheme === 'file' ? pathToFileURL(this.path).href : `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

class TreeItem {
  constructor(
    public label?: unknown,
    public collapsibleState?: number,
  ) {}
}

class ThemeIcon {
  static File = new ThemeIcon('file');
  static Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class MarkdownString {
  constructor(public value = '') {}
  appendText(t: string): this {
    this.value += t;
    return this;
  }
  appendMarkdown(t: string): this {
    this.value += t;
    return this;
  }
  appendCodeblock(t: string): this {
    this.value += t;
    return this;
  }
}

class Memento {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string, def?: T): T | undefined {
    return (this.data.has(key) ? this.data.get(key) : def) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
  }
  keys(): string[] {
    return [...this.data.keys()];
  }
  setKeysForSync(): void {}
}

export interface FakeWebviewPanel {
  viewType: string;
  title: string;
  /** Messages the extension posted to the webview. */
  posted: unknown[];
  /** Deliver a message from the (pretend) webview to the extension. */
  receive(msg: unknown): void;
  onPost?: (msg: unknown) => void;
}

export interface FakeHost {
  vscode: Record<string, unknown>;
  /** Providers given to createTreeView / registerTreeDataProvider, by view id. */
  treeProviders: Map<string, { getChildren(node?: unknown): Promise<unknown[]> | unknown[]; onDidChangeTreeData?: (l: () => void) => unknown }>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  panels: FakeWebviewPanel[];
  onPanel?: (p: FakeWebviewPanel) => void;
  context(extensionPath: string, packageJSON: unknown): Record<string, unknown>;
  /** Makes `require('vscode')` return the fake while `fn` loads modules. */
  install(): () => void;
}

export function makeFakeHost(settings: Record<string, unknown>): FakeHost {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const treeProviders: FakeHost['treeProviders'] = new Map();
  const panels: FakeWebviewPanel[] = [];
  const host: Partial<FakeHost> = {};

  const configuration = (section?: string) =>
    withStubs('configuration', {
      get: <T>(key: string, def?: T): T | undefined => {
        const full = section ? `${section}.${key}` : key;
        return (full in settings ? settings[full] : def) as T | undefined;
      },
      has: (key: string) => (section ? `${section}.${key}` : key) in settings,
      inspect: () => undefined,
      update: async () => undefined,
    });

  const createWebviewPanel = (viewType: string, title: string) => {
    const toExt = new EventEmitter<unknown>();
    const disposeEv = new EventEmitter<void>();
    const viewState = new EventEmitter<unknown>();
    const fp: FakeWebviewPanel = {
      viewType,
      title,
      posted: [],
      receive: (msg) => toExt.fire(msg),
    };
    const webview = withStubs('webview', {
      html: '',
      options: {},
      cspSource: 'http://127.0.0.1',
      asWebviewUri: (u: Uri) => u,
      postMessage: async (msg: unknown) => {
        fp.posted.push(msg);
        fp.onPost?.(msg);
        return true;
      },
      onDidReceiveMessage: toExt.event,
    });
    const panel = withStubs('panel', {
      viewType,
      title,
      webview,
      visible: true,
      active: true,
      viewColumn: 1,
      onDidDispose: disposeEv.event,
      onDidChangeViewState: viewState.event,
      reveal: () => undefined,
      dispose: () => disposeEv.fire(),
      iconPath: undefined,
    });
    panels.push(fp);
    queueMicrotask(() => host.onPanel?.(fp));
    return panel;
  };

  const vscode: Record<string, unknown> = withStubs('vscode', {
    version: '1.100.3',
    Disposable,
    EventEmitter,
    Uri,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    commands: withStubs('commands', {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async (id: string, ...args: unknown[]) => commands.get(id)?.(...args),
      getCommands: async () => [...commands.keys()],
    }),
    workspace: withStubs('workspace', {
      getConfiguration: configuration,
      workspaceFolders: undefined,
      onDidChangeConfiguration: new EventEmitter<unknown>().event,
      createFileSystemWatcher: () => withStubs('watcher', { onDidChange: new EventEmitter().event, onDidCreate: new EventEmitter().event, onDidDelete: new EventEmitter().event, dispose() {} }),
    }),
    window: withStubs('window', {
      createOutputChannel: () => withStubs('log', { info() {}, warn() {}, error() {}, debug() {}, trace() {}, append() {}, appendLine() {}, show() {}, dispose() {} }),
      createTreeView: (id: string, opts: { treeDataProvider: FakeHost['treeProviders'] extends Map<string, infer P> ? P : never }) => {
        treeProviders.set(id, opts.treeDataProvider);
        return withStubs('treeView', {
          visible: true,
          selection: [],
          description: undefined,
          message: undefined,
          onDidChangeVisibility: new EventEmitter().event,
          onDidChangeSelection: new EventEmitter().event,
          onDidExpandElement: new EventEmitter().event,
          onDidCollapseElement: new EventEmitter().event,
          reveal: async () => undefined,
          dispose() {},
        });
      },
      registerTreeDataProvider: (id: string, p: never) => {
        treeProviders.set(id, p);
        return new Disposable(() => undefined);
      },
      createWebviewPanel,
      registerWebviewPanelSerializer: () => new Disposable(() => undefined),
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => undefined) }),
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(() => undefined),
    }),
  });

  const context = (extensionPath: string, packageJSON: unknown) => {
    const secretsChanged = new EventEmitter<{ key: string }>();
    const secrets = new Map<string, string>();
    return withStubs('context', {
      subscriptions: [] as Array<{ dispose(): unknown }>,
      extensionPath,
      extensionUri: Uri.file(extensionPath),
      extension: { id: 'wandb-explorer.wandb-explorer', packageJSON, extensionUri: Uri.file(extensionPath) },
      globalState: new Memento(),
      workspaceState: new Memento(),
      secrets: {
        get: async (k: string) => secrets.get(k),
        store: async (k: string, v: string) => {
          secrets.set(k, v);
          secretsChanged.fire({ key: k });
        },
        delete: async (k: string) => {
          secrets.delete(k);
          secretsChanged.fire({ key: k });
        },
        onDidChange: secretsChanged.event,
      },
      globalStorageUri: Uri.file(path.join(extensionPath, '.bench-storage')),
      storageUri: undefined,
      logUri: Uri.file(path.join(extensionPath, '.bench-log')),
      extensionMode: 1,
    });
  };

  const install = () => {
    const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = M._load;
    M._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return vscode;
      return original.call(this, request, ...rest);
    };
    return () => {
      M._load = original;
    };
  };

  Object.assign(host, { vscode, treeProviders, commands, panels, context, install });
  return host as FakeHost;
}
