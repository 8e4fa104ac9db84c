/**
 * What the run and compare panels share: the HTML shell (set once), validated messages in,
 * typed messages out, settings, the signed-in API, and disposal.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { WandbApi } from '../api/wandb-api';
import type { RunChanges } from '../run-changes';
import type { RunPanelRegistry } from './open-panels';
import type { RunRef } from '../api/model/run';
import { isLocalRef } from '../local/local-ref';
import type { LocalRunStore } from '../local/run-store';
import { LocalRunSource } from './local-run-source';
import type { HistorySource } from './run-data';
import { remoteRunFiles, type RunFileReader } from './run-file-reader';
import { WandbError } from '../api/errors';
import { setShell } from './html';
import { PageWatchdog } from './page-watchdog';
import { showError } from '../notify';
import { parseWebviewMessage, type HostMessage, type PanelSettings, type WebviewMessage } from './protocol';
import { SETTINGS } from '../ids';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  session: Session;
  log: vscode.LogOutputChannel;
  /** Edits of runs made in this window (rename, notes, tags), which the panels show at once. */
  runChanges: RunChanges;
  /** The run panels open in this window: panels join and leave it. */
  runPanels: RunPanelRegistry;
  /** The workspace's run folders (local runs open in the same panels); absent: remote runs only. */
  localRuns?: LocalRunStore;
}

export function panelSettings(): PanelSettings {
  const cfg = vscode.workspace.getConfiguration(SETTINGS);
  const clamp = (v: number | undefined, lo: number, hi: number, d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d);
  return {
    chartPoints: Math.round(clamp(cfg.get<number>('chartPoints'), 100, 20_000, 1_500)),
    livePollSeconds: clamp(cfg.get<number>('livePollSeconds'), 2, 3_600, 10),
  };
}

/** How long a shown panel's page may take to say 'ready', and how often it is loaded again. */
const PAGE_START_TIMEOUT_MS = 15_000;
const PAGE_RELOADS = 2;

export function errorText(e: unknown): string {
  return e instanceof WandbError ? e.message : e instanceof Error ? e.message : String(e);
}

/**
 * `In`/`Out`: the panel's messages from and to its page; the run and compare panels share
 * protocol.ts, the runs table has its own contract and checker.
 */
export abstract class BasePanel<In extends { type: string } = WebviewMessage, Out = HostMessage> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  protected disposed = false;
  /** Aborted when the panel closes: every request of the panel carries it. */
  protected readonly abort = new AbortController();
  /** Loads the page again when it never says 'ready' (page-watchdog.ts says why). */
  private readonly watchdog: PageWatchdog;

  protected constructor(
    protected readonly deps: PanelDeps,
    readonly panel: vscode.WebviewPanel,
    bundle: string,
    init: unknown,
    parse: (raw: unknown) => In | undefined = parseWebviewMessage as (raw: unknown) => In | undefined,
  ) {
    setShell(panel.webview, deps.extensionUri, bundle, panel.title, init);
    this.watchdog = new PageWatchdog({
      timeoutMs: PAGE_START_TIMEOUT_MS,
      maxReloads: PAGE_RELOADS,
      reload: (attempt) => {
        deps.log.warn(`${bundle} panel: its page did not start within ${PAGE_START_TIMEOUT_MS / 1000} s; loading it again (${attempt} of ${PAGE_RELOADS})`);
        setShell(panel.webview, deps.extensionUri, bundle, panel.title, init);
      },
      gaveUp: () => {
        deps.log.error(`${bundle} panel: its page did not start after ${PAGE_RELOADS} reloads`);
        void showError(`The panel "${panel.title}" did not load. Close it and open it again.`, 'Show Log').then((c) => c === 'Show Log' && deps.log.show(true));
      },
    });
    let visible = panel.visible;
    if (visible) this.watchdog.shown();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parse(raw);
        if (!msg) {
          this.deps.log.warn(`${bundle} panel: ignored a malformed message from the webview`);
          return;
        }
        if (msg.type === 'ready') this.watchdog.ready();
        this.handle(msg).catch((e: unknown) => this.deps.log.error(`${bundle} panel: ${errorText(e)}`));
      }),
      panel.onDidChangeViewState(() => {
        // Shown again: the page loads anew (no panel keeps its page while hidden).
        if (panel.visible !== visible) {
          visible = panel.visible;
          if (visible) this.watchdog.shown();
          else this.watchdog.hidden();
        }
        this.visibilityChanged(panel.visible);
      }),
    );
  }

  protected abstract handle(msg: In): Promise<void>;

  protected visibilityChanged(_visible: boolean): void {}

  protected post(msg: Out): void {
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  protected api(): WandbApi {
    return this.deps.session.requireApi();
  }

  /**
   * The API once the session has settled: a panel restored at window reload starts before the
   * session has checked its key, so wait for that (up to 30 s) instead of failing at once.
   */
  protected async readyApi(): Promise<WandbApi> {
    const session = this.deps.session;
    if (session.state.kind === 'connecting') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => done(), 30_000);
        const sub = session.onDidChange((s) => s.kind !== 'connecting' && done());
        const done = () => {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        };
      });
    }
    return session.requireApi();
  }

  private localSource?: LocalRunSource;

  /** The run folder reader for a local ref; undefined for a remote one. */
  protected localFor(ref: RunRef): LocalRunSource | undefined {
    if (!isLocalRef(ref)) return undefined;
    const store = this.deps.localRuns;
    if (!store) throw new WandbError('badRequest', 'Local runs are not available in this window.');
    return (this.localSource ??= new LocalRunSource(store));
  }

  /** Where `ref`'s history comes from: its run folder for a local run, else the W&B API. */
  protected sourceFor(ref: RunRef): HistorySource {
    return this.localFor(ref) ?? this.api();
  }

  /** Where `ref`'s files come from (images, media, tables): its run folder, or W&B. */
  protected filesOf(ref: RunRef, label?: string): RunFileReader {
    return this.localFor(ref)?.files(ref) ?? remoteRunFiles(this.api(), ref, label);
  }

  /** Calls `changed` whenever the folder of a local ref was read further (a watcher saw it change). */
  protected followLocal(refs: readonly RunRef[], changed: (index: number) => void): void {
    const store = this.deps.localRuns;
    if (!store || !refs.some(isLocalRef)) return;
    this.disposables.push(
      store.onDidRefresh((c) => {
        if (c.records === 0 && c.bytesRead === 0) return;
        refs.forEach((r, i) => isLocalRef(r) && r.project === c.folder && changed(i));
      }),
    );
  }

  protected appUrl(): string {
    const s = this.deps.session.state;
    return s.kind === 'signedIn' ? s.appUrl : '';
  }

  /** Opens a link the page showed, after checking it is one the extension put there. */
  protected async openExternal(url: string, allowed: Iterable<string>): Promise<void> {
    if (![...allowed].includes(url)) {
      this.deps.log.warn('panel: refused to open a link the panel did not show');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watchdog.dispose();
    this.abort.abort();
    this.onDispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  protected onDispose(): void {}
}
