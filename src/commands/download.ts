/**
 * Download, open, copy-usage and verify commands for run files and artifacts. Thin: work out
 * what and where from the arguments and settings, run the engine under a cancellable progress
 * notification, and say what happened.
 */
import { realpath } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { WandbError } from '../api/errors';
import type { WandbApi } from '../api/wandb-api';
import type { RunRef } from '../api/model/run';
import type { ArtifactVersion } from '../api/model/artifacts';
import { FileChecksumCache, type ChecksumCache } from '../api/download/checksum-cache';
import { downloadFiles, formatBytes, formatMs, summarize, type DownloadPlan, type DownloadProgress, type DownloadResult } from '../api/download/engine';
import { artifactFilesRefresher, artifactUrls, manifestItem, parseArtifactPath, planArtifact, planRunFiles, usageSnippet } from '../api/download/sources';
import { parseRunPath } from '../api/urls';
import { checkRemoteName, displayName } from '../api/download/safe-path';
import { describeVerify, isClean, verifyFolder } from '../api/download/verify';
import { RemoteFileSystemProvider } from '../remote-fs/provider';
import type { RemoteFile } from '../remote-fs/uris';
import { signalFrom } from './report-error';
import { CMD } from '../ids';
import type { CommandDef } from './register';
import { chosenRows, fileOf, runOf as runTargetOf, versionOf } from './targets';

/** What the commands accept: tree nodes (by their fields) or plain references. */
type Arg = Record<string, unknown> | undefined;

const CFG = 'wandbExplorer';

/** Where the download commands keep what they know about folders, outside those folders. */
export interface DownloadStorage {
  globalStorageUri: vscode.Uri;
  globalState: vscode.Memento;
}

/** The file system behind "Open" (read-only editors on the `wandb-explorer:` scheme). */
export function registerRemoteFiles(session: Session, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const files = new RemoteFileSystemProvider(session, log);
  return [files, vscode.workspace.registerFileSystemProvider('wandb-explorer', files, { isReadonly: true, isCaseSensitive: true }), session.onDidChange(() => files.clear())];
}

export function downloadCommands(session: Session, log: vscode.LogOutputChannel, storage?: DownloadStorage): CommandDef[] {
  const d = new Downloads(session, log, storage);
  const arg = (c: { args: readonly unknown[] }) => c.args[0] as Arg;
  return [
    { id: CMD.downloadFile, title: 'Download', run: (c) => d.downloadFiles(chosenRows(c.args[0], c.args[1]), false) },
    { id: CMD.downloadFileTo, title: 'Download', run: (c) => d.downloadFiles(chosenRows(c.args[0], c.args[1]), true) },
    { id: CMD.downloadFolder, title: 'Download', run: (c) => d.downloadFolder(arg(c), false) },
    { id: CMD.downloadFolderTo, title: 'Download', run: (c) => d.downloadFolder(arg(c), true) },
    { id: CMD.downloadRunFiles, title: 'Download', run: (c) => d.downloadRun(arg(c), false) },
    { id: CMD.downloadRunFilesTo, title: 'Download', run: (c) => d.downloadRun(arg(c), true) },
    { id: CMD.downloadArtifact, title: 'Download', run: (c) => d.downloadArtifact(arg(c), false) },
    { id: CMD.downloadArtifactTo, title: 'Download', run: (c) => d.downloadArtifact(arg(c), true) },
    { id: CMD.downloadArtifactByName, title: 'Download', run: (c) => d.downloadArtifactByName(typeof c.args[0] === 'string' ? c.args[0] : undefined) },
    { id: CMD.openRemoteFile, title: 'Open file', run: (c) => d.openRemoteFile(arg(c)) },
    { id: CMD.copyArtifactUsage, title: 'Copy usage snippet', run: (c) => d.copyUsage(arg(c)) },
    // From the W&B tree: (version node). From the Explorer's folder menu: (folder Uri, selection).
    {
      id: CMD.verifyArtifactFolder,
      title: 'Verify artifact folder',
      run: ({ args: [a, folder] }) => (a instanceof vscode.Uri ? d.verify(undefined, a) : d.verify(a as Arg, folder instanceof vscode.Uri ? folder : undefined)),
    },
  ];
}

// ---- arguments --------------------------------------------------------------------------

/** The run a node (or a plain RunRef, as the run panel sends) belongs to. */
function runOf(a: unknown): RunRef | undefined {
  return runTargetOf(a)?.ref;
}

const refLabel = (r: RunRef) => `${r.entity}/${r.project}/${r.runId}`;
const versionLabel = (v: ArtifactVersion) => `${v.collection}:${v.version}`;

// ---- the commands ------------------------------------------------------------------------

/** globalState key: real path of a folder → `entity/project/collection:vN` downloaded into it. */
const ARTIFACT_FOLDERS = 'wandbExplorer.artifactFolders';
/** Folders remembered at most (the oldest are forgotten first). */
const MAX_ARTIFACT_FOLDERS = 200;

class Downloads {
  private readonly checksums: ChecksumCache | undefined;

  constructor(
    private readonly session: Session,
    private readonly log: vscode.LogOutputChannel,
    private readonly storage?: DownloadStorage,
  ) {
    // Records of files the engine wrote, so an unchanged download skips them without reading
    // them; kept in the extension's own storage, never in the download folders.
    this.checksums = storage && new FileChecksumCache(path.join(storage.globalStorageUri.fsPath, 'download-checksums'));
  }

  /** Remembers (outside the folder) which version was downloaded into `root`, for Verify. */
  private async rememberArtifactFolder(root: string, v: ArtifactVersion): Promise<void> {
    if (!this.storage) return;
    const real = await realpath(root).catch(() => root);
    const known = { ...this.storage.globalState.get<Record<string, string>>(ARTIFACT_FOLDERS) };
    delete known[real];
    known[real] = `${v.entity}/${v.project}/${v.collection}:${v.version}`;
    const keys = Object.keys(known);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ARTIFACT_FOLDERS))) delete known[k];
    // Not awaited: the value is there at once for this window; persisting it may take a while
    // and must not hold up the download's report.
    void Promise.resolve(this.storage.globalState.update(ARTIFACT_FOLDERS, known)).catch((e: unknown) =>
      this.log.warn(`could not remember the artifact folder ${real}: ${(e as Error).message}`),
    );
  }

  /** The version last downloaded into `root` by this extension, if any. */
  private async artifactOfFolder(root: string): Promise<string | undefined> {
    if (!this.storage) return undefined;
    const real = await realpath(root).catch(() => root);
    return this.storage.globalState.get<Record<string, string>>(ARTIFACT_FOLDERS)?.[real];
  }

  private api(): WandbApi {
    return this.session.requireApi();
  }

  /** Download File (the chosen rows: one node, or the tree's multi-selection). */
  async downloadFiles(rows: readonly unknown[], ask: boolean): Promise<void> {
    const files = rows.map(fileOf);
    const runFiles = files.filter((f) => f?.kind === 'runFile');
    const artFiles = files.filter((f) => f?.kind === 'artifactFile');
    if (runFiles.length === 0 && artFiles.length === 0) {
      void vscode.window.showInformationMessage('Right-click a run file or an artifact file in the W&B tree to download it.');
      return;
    }
    const single = runFiles.length + artFiles.length === 1;
    const flat = ask; // "Download to…" puts the files straight into the chosen folder
    // Group by owner: one plan per run / artifact version.
    const groups = new Map<string, { run?: RunRef; version?: ArtifactVersion; names: string[] }>();
    for (const f of runFiles) {
      const r = f.run;
      const g = groups.get(`run:${refLabel(r)}`) ?? { run: r, names: [] };
      g.names.push(f.file.name);
      groups.set(`run:${refLabel(r)}`, g);
    }
    for (const f of artFiles) {
      const v = f.version;
      const g = groups.get(`art:${v.id}`) ?? { version: v, names: [] };
      g.names.push(f.entry.path);
      groups.set(`art:${v.id}`, g);
    }
    let chosen: string | undefined;
    if (ask) {
      chosen = await askFolder(single ? 'Download File To' : 'Download Files To');
      if (!chosen) return;
    }
    for (const g of groups.values()) {
      const root = chosen ?? (g.run ? await runDestination(g.run) : await artifactDestination(g.version!));
      if (!root) return;
      const label = single ? path.posix.basename(g.names[0]!) : `${g.names.length} files of ${g.run ? refLabel(g.run) : versionLabel(g.version!)}`;
      await this.run(label, root, async (signal) => {
        const plan = g.run ? await planRunFiles(this.api(), g.run, root, { names: g.names }, signal) : (await planArtifact(this.api(), g.version!.id, root, { names: g.names }, signal)).plan;
        if (flat) for (const item of plan.items) item.target = path.posix.basename(item.name);
        return plan;
      }, single);
    }
  }

  /** Download Folder: a run folder, an artifact folder, or a run's Files node. */
  async downloadFolder(a: Arg, ask: boolean): Promise<void> {
    if (a?.kind === 'runFiles') return this.downloadRun(a, ask);
    const folder = typeof a?.path === 'string' ? a.path : undefined;
    if (!a || folder === undefined) {
      void vscode.window.showInformationMessage('Right-click a folder of a run or an artifact in the W&B tree to download it.');
      return;
    }
    const normalized = folder.endsWith('/') ? folder : `${folder}/`;
    // "Download to…": the folder itself lands in the chosen folder (`images/…`), not its parents.
    const parent = normalized.slice(0, normalized.slice(0, -1).lastIndexOf('/') + 1);
    const chosen = ask ? await askFolder('Download Folder To') : undefined;
    if (ask && !chosen) return;
    const run = a.kind === 'runFolder' ? runOf(a) : undefined;
    const version = a.kind === 'artifactFolder' ? versionOf(a) : undefined;
    if (!run && !version) return;
    const root = chosen ?? (run ? await runDestination(run) : await artifactDestination(version!));
    if (!root) return;
    await this.run(`${normalized} of ${run ? refLabel(run) : versionLabel(version!)}`, root, async (signal) => {
      const plan = run ? await planRunFiles(this.api(), run, root, { folder: normalized }, signal) : (await planArtifact(this.api(), version!.id, root, { folder: normalized }, signal)).plan;
      if (chosen) for (const item of plan.items) item.target = item.name.slice(parent.length);
      return plan;
    });
  }

  /** Download All Run Files: a run node, its Files node, or a RunRef (the run panel). */
  async downloadRun(a: Arg, ask: boolean): Promise<void> {
    const run = runOf(a) ?? (await askRun());
    if (!run) return;
    const root = ask ? await askFolder('Download Run Files To') : await runDestination(run);
    if (!root) return;
    await this.run(`files of run ${refLabel(run)}`, root, (signal) => planRunFiles(this.api(), run, root, {}, signal));
  }

  /** Download Artifact: a version node (or any node carrying a version). */
  async downloadArtifact(a: Arg, ask: boolean): Promise<void> {
    const version = versionOf(a);
    if (!version) return this.downloadArtifactByName();
    await this.downloadVersion(version, ask);
  }

  async downloadArtifactByName(text?: string): Promise<void> {
    const api = this.api();
    const input =
      text ??
      (await vscode.window.showInputBox({
        title: 'Download Artifact by Name',
        prompt: 'The artifact as entity/project/name:alias (alias: latest, v3, best…)',
        placeHolder: 'my-team/mnist/mnist-data:latest',
        ignoreFocusOut: true,
        validateInput: (v) => (parseArtifactPath(v) ? undefined : 'Type entity/project/name:alias, e.g. my-team/mnist/mnist-data:v3'),
      }));
    if (!input) return;
    const p = parseArtifactPath(input);
    if (!p) throw new WandbError('badRequest', `"${input}" is not entity/project/name:alias.`);
    const version = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking up ${p.name}:${p.alias}…` }, () =>
      api.artifactByName({ entity: p.entity, project: p.project, name: p.name, alias: p.alias }),
    );
    await this.downloadVersion(version, false);
  }

  private async downloadVersion(version: ArtifactVersion, ask: boolean): Promise<void> {
    const root = ask ? await askFolder(`Download ${versionLabel(version)} To`) : await artifactDestination(version);
    if (!root) return;
    await this.run(versionLabel(version), root, async (signal) => (await planArtifact(this.api(), version.id, root, {}, signal)).plan, false, async (result) => {
      if (result.downloaded.length + result.skipped.length > 0) await this.rememberArtifactFolder(result.root, version);
    });
  }

  /** Open: a read-only editor tab on the `wandb-explorer:` scheme. */
  async openRemoteFile(a: Arg): Promise<void> {
    let target: RemoteFile | undefined;
    let size = 0;
    const file = fileOf(a);
    if (file?.kind === 'runFile') {
      const f = file.file;
      target = { kind: 'run', ...file.run, path: f.name };
      size = f.sizeBytes;
    } else if (file?.kind === 'artifactFile') {
      const v = file.version;
      const e = file.entry;
      if (e.ref && !/^https?:/i.test(e.ref)) {
        void vscode.window.showInformationMessage(`${e.path} is a reference to ${e.ref}, stored outside W&B; it cannot be opened here.`);
        return;
      }
      target = { kind: 'artifact', entity: v.entity, project: v.project, collection: v.collection, version: v.version, path: e.path };
      size = e.size;
    }
    if (!target) {
      void vscode.window.showInformationMessage('Click a run file or an artifact file in the W&B tree to open it.');
      return;
    }
    const limitMb = vscode.workspace.getConfiguration(CFG).get<number>('previewSizeLimitMB') ?? 5;
    if (size > limitMb * 1024 * 1024) {
      const choice = await vscode.window.showWarningMessage(
        `${path.posix.basename(target.path)} is ${formatBytes(size)}, over the preview limit of ${limitMb} MB. Open it anyway?`,
        { modal: true, detail: 'The whole file is fetched into memory. The limit is the wandbExplorer.previewSizeLimitMB setting.' },
        'Open',
        'Download Instead',
      );
      if (choice === 'Download Instead') return this.downloadFiles([a], false);
      if (choice !== 'Open') return;
    }
    await vscode.commands.executeCommand('vscode.open', RemoteFileSystemProvider.uriFor(target), { preview: true });
  }

  /** Copies `run.use_artifact("entity/project/name:vN")`. */
  async copyUsage(a: Arg): Promise<void> {
    const version = versionOf(a);
    if (!version) {
      void vscode.window.showInformationMessage('Right-click an artifact version in the W&B tree to copy how to use it.');
      return;
    }
    const text = usageSnippet({ entity: version.entity, project: version.project, collection: version.collection, alias: version.version });
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied ${text}`, 4000);
  }

  /** Verify: re-hash a downloaded folder against the version's manifest. */
  async verify(a: Arg, folder?: vscode.Uri): Promise<void> {
    let version = versionOf(a);
    if (!version) {
      // A folder this extension downloaded a version into says which one; otherwise ask.
      const known = folder ? await this.artifactOfFolder(folder.fsPath) : undefined;
      const input =
        known ??
        (await vscode.window.showInputBox({
          title: 'Verify Artifact Folder',
          prompt: folder ? `The artifact ${path.basename(folder.fsPath)} should hold, as entity/project/name:alias` : 'The artifact the folder should hold, as entity/project/name:alias',
          placeHolder: 'my-team/mnist/mnist-data:v3',
          ignoreFocusOut: true,
          validateInput: (v) => (parseArtifactPath(v) ? undefined : 'Type entity/project/name:alias, e.g. my-team/mnist/mnist-data:v3'),
        }));
      const p = input ? parseArtifactPath(input) : undefined;
      if (!p) return;
      version = await this.api().artifactByName({ entity: p.entity, project: p.project, name: p.name, alias: p.alias });
    }
    const v = version;
    let root = folder?.fsPath;
    if (!root) {
      const guess = await artifactDestination(v, true);
      root = guess && (await exists(guess)) ? guess : await askFolder(`Folder holding ${versionLabel(v)}`, guess);
    }
    if (!root) return;
    const where = root;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verifying ${versionLabel(v)}`, cancellable: true },
      async (progress, token) => {
        const signal = signalFrom(token);
        progress.report({ message: 'reading the manifest…' });
        const manifest = await this.api().artifactManifest(v.id, signal);
        let last = 0;
        return verifyFolder(where, manifest.entries, {
          signal,
          onProgress: (done, total) => {
            const pct = (done / total) * 100;
            if (pct - last >= 1 || done === total) {
              progress.report({ increment: pct - last, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files` });
              last = pct;
            }
          },
        });
      },
    );
    const summary = `${versionLabel(v)} in ${where}: ${describeVerify(result)} (${formatMs(result.ms)}).`;
    this.log.info(`verify ${summary}`);
    for (const m of result.missing) this.log.info(`  missing  ${m}`);
    for (const c of result.changed) this.log.info(`  changed  ${c.path}: ${c.reason}`);
    for (const x of result.extra) this.log.info(`  extra    ${x}`);
    for (const r of result.references) this.log.info(`  reference ${r.path} → ${r.ref}`);
    for (const r of result.refused) this.log.warn(`  unsafe name ${displayName(r.path)}: ${r.reason}`);
    if (isClean(result)) {
      void vscode.window.showInformationMessage(`Verified ${summary}`);
      return;
    }
    const actions = result.missing.length || result.changed.length ? ['Download Missing and Changed', 'Show Details'] : ['Show Details'];
    const choice = await vscode.window.showWarningMessage(`Verify ${summary}`, ...actions);
    if (choice === 'Show Details') this.log.show(true);
    if (choice === 'Download Missing and Changed') {
      const names = [...result.missing, ...result.changed.map((c) => c.path)];
      await this.run(`${names.length} files of ${versionLabel(v)}`, where, async (signal) => {
        const manifest = await this.api().artifactManifest(v.id, signal);
        const wanted = new Set(names);
        const entries = manifest.entries.filter((e) => wanted.has(e.path));
        const urls = await artifactUrls(this.api(), v.id, entries.filter((e) => !e.ref).map((e) => e.path), signal);
        return { root: where, items: entries.map((e) => manifestItem(e, urls.get(e.path))), refreshUrls: artifactFilesRefresher(this.api(), v.id) };
      });
    }
  }

  /**
   * Plans and downloads under a cancellable notification, runs `after` on the result, then
   * reports (the report waits for the notification to be answered or dismissed).
   */
  private async run(
    label: string,
    root: string,
    makePlan: (signal: AbortSignal) => Promise<DownloadPlan>,
    single = false,
    after?: (result: DownloadResult) => Promise<void>,
  ): Promise<DownloadResult | undefined> {
    const api = this.api();
    const concurrency = clamp(vscode.workspace.getConfiguration(CFG).get<number>('downloadConcurrency') ?? 8, 1, 64);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${label}`, cancellable: true },
      async (progress, token) => {
        const signal = signalFrom(token);
        progress.report({ message: 'listing files…' });
        const plan = await makePlan(signal);
        if (plan.items.length === 0) return undefined;
        let shown = 0;
        return downloadFiles(plan, api.client, {
          concurrency,
          signal,
          checksums: this.checksums,
          log: { info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
          onProgress: (p) => {
            const pct = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : (p.filesDone / Math.max(1, p.filesTotal)) * 100;
            const increment = pct > shown ? pct - shown : 0;
            shown = Math.max(shown, pct);
            progress.report({ increment, message: progressMessage(p) });
          },
        });
      },
    );
    if (!result) {
      void vscode.window.showInformationMessage(`Nothing to download: ${label} has no files.`);
      return undefined;
    }
    await after?.(result).catch((e: unknown) => this.log.warn(`after the download of ${label}: ${(e as Error).message}`));
    await this.report(label, result, single);
    return result;
  }

  private async report(label: string, r: DownloadResult, single: boolean): Promise<void> {
    for (const s of r.skipped.filter((x) => x.kind === 'reference')) this.log.info(`  skipped ${displayName(s.name)}: ${s.reason}`);
    for (const f of r.failed) this.log.warn(`  failed ${displayName(f.name)}: ${f.reason}`);
    const text = `${r.cancelled ? 'Download cancelled' : 'Downloaded'} ${label}: ${summarize(r)}.`;
    const refs = r.skipped.filter((x) => x.kind === 'reference');
    const refNote = refs.length ? ` ${refs.length} reference${refs.length === 1 ? '' : 's'} stored outside W&B skipped (${refs[0]!.ref}${refs.length > 1 ? ', …' : ''}).` : '';
    const firstFail = r.failed[0] ? ` ${displayName(r.failed[0].name)}: ${r.failed[0].reason}${r.failed.length > 1 ? ' (and more: Show Details)' : ''}.` : '';
    const actions: string[] = [];
    const onlyFile = single && r.downloaded.length + r.skipped.length === 1 ? (r.downloaded[0]?.path ?? r.skipped[0]?.path) : undefined;
    if (onlyFile) actions.push('Open File');
    if (r.downloaded.length + r.skipped.length > 0) actions.push('Reveal in Explorer', 'Open Folder');
    if (r.failed.length || refs.length) actions.push('Show Details');
    const show = r.failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(text + refNote + firstFail, ...actions);
    const rootUri = vscode.Uri.file(r.root);
    if (choice === 'Open File' && onlyFile) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(onlyFile));
    if (choice === 'Show Details') this.log.show(true);
    if (choice === 'Open Folder') await vscode.commands.executeCommand('vscode.openFolder', rootUri, { forceNewWindow: true });
    if (choice === 'Reveal in Explorer') {
      const first = r.downloaded[0]?.path ?? r.skipped.find((s) => s.path)?.path;
      const target = first ? vscode.Uri.file(first) : rootUri;
      if (vscode.workspace.getWorkspaceFolder(target)) await vscode.commands.executeCommand('revealInExplorer', target);
      else await vscode.commands.executeCommand('revealFileInOS', target);
    }
  }
}

function progressMessage(p: DownloadProgress): string {
  const rate = p.elapsedMs > 500 ? `${formatBytes(Math.round(p.bytesReceived / (p.elapsedMs / 1000)))}/s` : '';
  const files = `${p.filesDone.toLocaleString('en-US')} of ${p.filesTotal.toLocaleString('en-US')} files`;
  const bytes = p.bytesTotal > 0 ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
  return [files, bytes, rate].filter(Boolean).join(' · ');
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

// ---- where files go ------------------------------------------------------------------------

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** One folder name from W&B (entity, project, run id, `name-vN`), refused if unsafe. */
function safeSegment(s: string): string {
  const c = checkRemoteName(s);
  if (!c.ok || c.segments.length !== 1) throw new WandbError('badRequest', `"${displayName(s)}" cannot be used as a folder name: ${c.ok ? 'it contains a slash' : c.reason}.`);
  return c.segments[0]!;
}

async function runDestination(run: RunRef): Promise<string | undefined> {
  return destination('runFilesFolder', 'wandb-downloads', [safeSegment(run.entity), safeSegment(run.project), safeSegment(run.runId)]);
}

async function artifactDestination(v: ArtifactVersion, quiet = false): Promise<string | undefined> {
  return destination('artifactsFolder', 'artifacts', [safeSegment(`${v.collection}-${v.version}`)], quiet);
}

/**
 * `<setting>/<parts>` under the workspace folder. A multi-root window asks which folder, a
 * window without a folder asks where (and `quiet` returns undefined instead of asking).
 */
async function destination(setting: string, fallback: string, parts: string[], quiet = false): Promise<string | undefined> {
  const configured = expandHome((vscode.workspace.getConfiguration(CFG).get<string>(setting) ?? '').trim() || fallback);
  if (path.isAbsolute(configured)) return path.join(configured, ...parts);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  let base: string | undefined;
  if (folders.length === 1) base = folders[0]!.uri.fsPath;
  else if (folders.length > 1) {
    if (quiet) return undefined;
    const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: `Download into which workspace folder? (files go to ${path.join(configured, ...parts)} in it)`, ignoreFocusOut: true });
    base = pick?.uri.fsPath;
    if (!base) return undefined;
  } else {
    if (quiet) return undefined;
    const chosen = await askFolder('Download To (no folder is open)');
    return chosen && path.join(chosen, ...parts);
  }
  return path.join(base, configured, ...parts);
}

async function askFolder(title: string, defaultPath?: string): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Choose Folder',
    defaultUri: defaultPath ? vscode.Uri.file(defaultPath) : folders[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

async function askRun(): Promise<RunRef | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Download All Run Files',
    prompt: 'The run as entity/project/runId, or a W&B run URL',
    placeHolder: 'my-team/mnist/a1b2c3d4',
    ignoreFocusOut: true,
    validateInput: (v) => (parseRunPath(v) ? undefined : 'Type entity/project/runId (e.g. my-team/mnist/a1b2c3d4) or paste a run URL.'),
  });
  const p = text ? parseRunPath(text) : undefined;
  return p && { entity: p.entity, project: p.project, runId: p.runId };
}

async function exists(p: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(p));
    return true;
  } catch {
    return false;
  }
}
