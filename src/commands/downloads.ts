/**
 * The download, open, copy-usage and verify commands' work: what and where from the arguments
 * and settings, the engine under a cancellable progress notification, and what happened.
 * Loaded on the first of these commands (download.ts): the production build ships this module
 * and the engine (src/api/download) as dist/downloads.js, so activation never pays for them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { WandbError } from '../api/errors';
import type { WandbApi } from '../api/wandb-api';
import type { RunRef } from '../api/model/run';
import { notDownloadable, type ArtifactVersion } from '../api/model/artifacts';
import { FileChecksumCache, type ChecksumCache } from '../api/download/checksum-cache';
import { DownloadHistory } from '../api/download/download-history';
import { downloadFiles, type DownloadOptions, type DownloadPlan, type DownloadProgress, type DownloadResult } from '../api/download/engine';
import { SdkArtifactCache, sdkCacheDir } from '../api/download/sdk-cache';
import { planArtifact, planArtifactPaths, planRunFiles, usageSnippet } from '../api/download/sources';
import { parseRunPath } from '../api/urls';
import { verifyFolder } from '../api/download/verify';
import { countOf, formatBytes, formatCount } from '../format';
import { RemoteFileSystemProvider } from '../remote-fs/provider';
import type { RemoteFile } from '../remote-fs/uris';
import { artifactDestination, askFolder, runDestination, runFoldersUnder, runsDestinations } from './download-destination';
import { askArtifactName } from './artifact-name-input';
import type { DownloadStorage } from './download';
import { askAboutLocalChanges, askAboutWebReferences, progressMessage, reportDownload, reportRunsDownload, reportVerify } from './download-report';
import { signalFrom } from './report-error';
import { downloadInTurn } from './runs-in-turn';
import { fileOf, runOf as runTargetOf, versionOf } from './targets';
import { showInformation, showWarning } from '../notify';

/** What the commands accept: tree nodes (by their fields) or plain references. */
export type Arg = Record<string, unknown> | undefined;

const CFG = 'wandbExplorer';

// ---- arguments --------------------------------------------------------------------------

/** The run a node (or a plain RunRef, as the run panel sends) belongs to. */
function runOf(a: unknown): RunRef | undefined {
  return runTargetOf(a)?.ref;
}

const refLabel = (r: RunRef) => `${r.entity}/${r.project}/${r.runId}`;
const versionLabel = (v: ArtifactVersion) => `${v.collection}:${v.version}`;

// ---- the commands ------------------------------------------------------------------------

export class Downloads {
  private readonly checksums: ChecksumCache | undefined;
  private readonly history: DownloadHistory | undefined;

  constructor(
    private readonly session: Session,
    private readonly log: vscode.LogOutputChannel,
    storage?: DownloadStorage,
  ) {
    // Records of files the engine wrote, so an unchanged download skips them without reading
    // them; kept in the extension's own storage, never in the download folders.
    this.checksums = storage && new FileChecksumCache(path.join(storage.globalStorageUri.fsPath, 'download-checksums'));
    this.history = storage && new DownloadHistory(storage.globalState, (folder, e) => log.warn(`could not remember the artifact folder ${folder}: ${e.message}`));
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
      void showInformation('Right-click a run file or an artifact file in the W&B tree to download it.');
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
      const label = single ? path.posix.basename(g.names[0]!) : `${countOf(g.names.length, 'file')} of ${g.run ? refLabel(g.run) : versionLabel(g.version!)}`;
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
      void showInformation('Right-click a folder of a run or an artifact in the W&B tree to download it.');
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

  /**
   * Download All Run Files on the chosen rows: the tree's multi-selection, or the runs table's
   * selected runs (RunRefs). Several runs are downloaded one after another under one
   * notification, so that one Cancel stops them all, and end in one result.
   */
  async downloadRuns(rows: readonly unknown[], ask: boolean): Promise<void> {
    const runs = uniqueRuns(rows.map(runOf).filter((r): r is RunRef => r !== undefined));
    if (runs.length <= 1) return this.downloadRun((runs[0] ?? rows[0]) as Arg, ask);
    const chosen = ask ? await askFolder(`Download Files of ${countOf(runs.length, 'Run')} To`) : undefined;
    const roots = ask ? chosen && runFoldersUnder(chosen, runs) : await runsDestinations(runs);
    if (!roots) return;
    const api = this.api();
    const { outcomes, cancelled, stopped } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading files of ${countOf(runs.length, 'run')}`, cancellable: true },
      async (progress, token) => {
        const signal = signalFrom(token);
        const bar = progressBar(progress);
        const label = (run: RunRef) => `files of run ${refLabel(run)}`;
        return downloadInTurn(
          runs,
          label,
          async (run, i) => {
            const step = `${refLabel(run)} (${i + 1} of ${runs.length})`;
            bar(i / runs.length, `${step}: listing files…`);
            const plan = await planRunFiles(api, run, roots[i]!, {}, signal);
            const onProgress = (p: DownloadProgress) => bar((i + fractionOf(p)) / runs.length, `${step} · ${progressMessage(p)}`);
            return downloadFiles(plan, api.client, this.engineOptions(label(run), signal, true, onProgress));
          },
          () => token.isCancellationRequested,
        );
      },
    );
    reportRunsDownload(this.log, outcomes, runs.length, cancelled, stopped);
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
    const p = await askArtifactName(this.session, api, { title: 'Download Artifact by Name', prompt: 'The artifact to download', text });
    if (!p) return;
    const version = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking up ${p.name}:${p.alias}…` }, () =>
      api.artifactByName({ entity: p.entity, project: p.project, name: p.name, alias: p.alias }),
    );
    await this.downloadVersion(version, false);
  }

  private async downloadVersion(version: ArtifactVersion, ask: boolean): Promise<void> {
    // Before asking where: a PENDING version has no complete manifest to download.
    const refused = notDownloadable(version);
    if (refused) throw new WandbError('badRequest', refused);
    const root = ask ? await askFolder(`Download ${versionLabel(version)} To`) : await artifactDestination(version);
    if (!root) return;
    await this.run(versionLabel(version), root, async (signal) => (await planArtifact(this.api(), version.id, root, {}, signal)).plan, false, async (result) => {
      if (result.downloaded.length + result.skipped.length > 0) await this.history?.rememberArtifact(result.root, version);
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
        void showInformation(`${e.path} is a reference to ${e.ref}, stored outside W&B; it cannot be opened here.`);
        return;
      }
      target = { kind: 'artifact', entity: v.entity, project: v.project, collection: v.collection, version: v.version, path: e.path };
      size = e.size;
    }
    if (!target) {
      void showInformation('Click a run file or an artifact file in the W&B tree to open it.');
      return;
    }
    const limitMb = vscode.workspace.getConfiguration(CFG).get<number>('previewSizeLimitMB') ?? 5;
    if (size > limitMb * 1024 * 1024) {
      const choice = await showWarning(
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
      void showInformation('Right-click an artifact version in the W&B tree to copy how to use it.');
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
      const known = folder ? await this.history?.artifactOf(folder.fsPath) : undefined;
      const p = await askArtifactName(this.session, this.api(), {
        title: 'Verify Artifact Folder',
        prompt: folder ? `The artifact ${path.basename(folder.fsPath)} should hold` : 'The artifact the folder should hold',
        text: known,
      });
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
              progress.report({ increment: pct - last, message: `${formatCount(done)} of ${countOf(total, 'file')}` });
              last = pct;
            }
          },
        });
      },
    );
    if (await reportVerify(this.log, versionLabel(v), where, result)) {
      const names = [...result.missing, ...result.changed.map((c) => c.path)];
      // The user asked for exactly the changed files: replacing them is the answer already given.
      await this.run(`${countOf(names.length, 'file')} of ${versionLabel(v)}`, where, (signal) => planArtifactPaths(this.api(), v.id, where, names, signal), false, undefined, false);
    }
  }

  /** The engine's options as every download command sets them. */
  private engineOptions(label: string, signal: AbortSignal, askBeforeReplacing: boolean, onProgress: (p: DownloadProgress) => void): DownloadOptions {
    const cfg = vscode.workspace.getConfiguration(CFG);
    return {
      concurrency: clamp(cfg.get<number>('downloadConcurrency') ?? 32, 1, 64),
      sdkCache: cfg.get<boolean>('shareWandbArtifactCache') ?? true ? new SdkArtifactCache(sdkCacheDir()) : undefined,
      signal,
      onWebReferences: (refs) => askAboutWebReferences(label, refs),
      onLocalChanges: askBeforeReplacing ? (changes) => askAboutLocalChanges(label, changes) : undefined,
      checksums: this.checksums,
      log: { info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
      onProgress,
    };
  }

  /**
   * Plans and downloads under a cancellable notification, runs `after` on the result, then
   * reports; returns without waiting for the report to be answered.
   */
  private async run(
    label: string,
    root: string,
    makePlan: (signal: AbortSignal) => Promise<DownloadPlan>,
    single = false,
    after?: (result: DownloadResult) => Promise<void>,
    askBeforeReplacing = true,
  ): Promise<DownloadResult | undefined> {
    const api = this.api();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${label}`, cancellable: true },
      async (progress, token) => {
        const signal = signalFrom(token);
        progress.report({ message: 'listing files…' });
        const plan = await makePlan(signal);
        if (plan.items.length === 0) return undefined;
        const bar = progressBar(progress);
        return downloadFiles(plan, api.client, this.engineOptions(label, signal, askBeforeReplacing, (p) => bar(fractionOf(p), progressMessage(p))));
      },
    );
    if (!result) {
      void showInformation(`Nothing to download: ${label} has no files.`);
      return undefined;
    }
    await after?.(result).catch((e: unknown) => this.log.warn(`after the download of ${label}: ${(e as Error).message}`));
    reportDownload(this.log, label, result, single);
    return result;
  }
}

/** How far a download is, from 0 to 1: by bytes when their total is known. */
function fractionOf(p: DownloadProgress): number {
  return p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesDone / Math.max(1, p.filesTotal);
}

/** Reports a fraction done to a notification's bar, which only takes increments (never back). */
function progressBar(progress: vscode.Progress<{ message?: string; increment?: number }>): (fraction: number, message: string) => void {
  let shown = 0;
  return (fraction, message) => {
    const pct = Math.min(100, fraction * 100);
    progress.report({ increment: pct > shown ? pct - shown : 0, message });
    shown = Math.max(shown, pct);
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

/** Each run once, in the order first given. */
function uniqueRuns(runs: readonly RunRef[]): RunRef[] {
  const seen = new Set<string>();
  return runs.filter((r) => {
    const key = refLabel(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
