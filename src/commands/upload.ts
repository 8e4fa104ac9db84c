/**
 * Uploading files to a run (`Run.upload_file`): from the Explorer ("Upload to W&B Run…", on
 * files and folders, with a run picker) and from a run's Files node or one of its folders (with
 * an open dialog). Shows progress in bytes, can be cancelled, asks before replacing files the
 * run already has, and then reloads the run's files in the tree.
 */
import * as vscode from 'vscode';
import { createReadStream } from 'node:fs';
import pLimit from 'p-limit';
import { assertEditable, checkRunFileName, type UploadSource, type UploadTarget } from '../api/edits';
import { WandbError } from '../api/errors';
import type { RunRef } from '../api/model/run';
import { formatBytes, formatCount } from '../format';
import { signalFrom } from './report-error';
import { editsOf, refreshNode, runLabel, type EditDeps } from './edit-targets';
import { pickRun } from './run-picker';
import type { CommandDef } from './register';
import { projectRefOf, runFolderOf, type Targets } from './targets';
import { CMD } from '../ids';
import { showError, showInformation, showWarning } from '../notify';

/** One local file and the path it gets inside the run. */
export interface PlannedUpload {
  uri: vscode.Uri;
  name: string;
  size: number;
}

/** Storage services take one PUT of at most 5 GiB; larger files need multipart uploads, which we do not do. */
const MAX_SINGLE_PUT = 5 * 1024 ** 3;
const MAX_FILES = 10_000;
const URL_BATCH = 100;
const PARALLEL = 4;

export function uploadCommands(deps: EditDeps, treeSelection: () => readonly unknown[]): CommandDef[] {
  const fromExplorer = (args: readonly unknown[]) =>
    uploadFromExplorer(deps, treeSelection()[0], args[0] as vscode.Uri | undefined, args[1] as vscode.Uri[] | undefined);
  return [
    { id: CMD.uploadToRun, title: 'Upload to W&B Run', run: (c) => fromExplorer(c.args) },
    // The same, as the Explorer's context menu names it ("Upload to W&B Run…").
    { id: CMD.uploadToRunFromExplorer, title: 'Upload to W&B Run', run: (c) => fromExplorer(c.args) },
    { id: CMD.uploadFilesToRun, title: 'Upload Files', run: (c) => uploadFromTree(deps, c.targets()) },
  ];
}

/** From the Explorer (or the palette): local files, then a run chosen in a picker (starting in the project selected in the tree). */
async function uploadFromExplorer(deps: EditDeps, selectedRow: unknown, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> {
  let picked = uris && uris.length > 0 ? uris : uri instanceof vscode.Uri ? [uri] : undefined;
  if (!picked) {
    picked = await vscode.window.showOpenDialog({ title: 'Upload to W&B Run', canSelectMany: true, canSelectFiles: true, canSelectFolders: true, openLabel: 'Choose' });
    if (!picked || picked.length === 0) return;
  }
  const run = await pickRun(deps.session, { title: 'Upload to W&B Run', project: projectRefOf(selectedRow) });
  if (!run) return;
  assertEditable(run);
  const plan = await planUploads(picked, '');
  if (!plan) return;
  let final = plan;
  if (plan.length === 1 && !(await isFolder(picked[0]!))) {
    const name = await vscode.window.showInputBox({
      title: `Upload to ${runLabel(run)}`,
      prompt: 'Path of the file inside the run',
      value: plan[0]!.name,
      ignoreFocusOut: true,
      validateInput: (v) => checkRunFileName(v.trim()),
    });
    if (name === undefined) return;
    final = [{ ...plan[0]!, name: name.trim() }];
  }
  const ref = { entity: run.entity, project: run.project, runId: run.runId };
  const ok = await upload(deps, ref, runLabel(run), final);
  if (ok) for (const n of deps.tree.model?.nodesOfRun(ref) ?? []) refreshNode(deps.tree, n);
}

async function uploadFromTree(deps: EditDeps, targets: Targets): Promise<void> {
  const node = targets.first;
  const ref = targets.run?.ref;
  if (!ref) {
    await vscode.commands.executeCommand(CMD.uploadToRun);
    return;
  }
  const folder = runFolderOf(node);
  const picked = await vscode.window.showOpenDialog({
    title: `Upload to ${ref.runId}${folder ? `/${folder}` : ''}`,
    canSelectMany: true,
    canSelectFiles: true,
    canSelectFolders: true,
    openLabel: 'Upload',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked || picked.length === 0) return;
  const plan = await planUploads(picked, folder);
  if (!plan) return;
  const ok = await upload(deps, ref, ref.runId, plan);
  if (ok) refreshNode(deps.tree, node);
}

// ---------------------------------------------------------------------------------------------
// Planning: which files, under which names

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
}

/**
 * Files to send: each picked file as `<prefix><basename>`, each picked folder's files as
 * `<prefix><folder name>/<relative path>`. Symbolic links are skipped. Undefined if the user
 * declined (too many files, or one too large).
 */
async function planUploads(picked: readonly vscode.Uri[], prefix: string): Promise<PlannedUpload[] | undefined> {
  const out: PlannedUpload[] = [];
  const walk = async (uri: vscode.Uri, name: string): Promise<void> => {
    if (out.length > MAX_FILES) return;
    const st = await vscode.workspace.fs.stat(uri);
    if (st.type & vscode.FileType.SymbolicLink) return;
    if (st.type & vscode.FileType.Directory) {
      for (const [child, type] of await vscode.workspace.fs.readDirectory(uri)) {
        if (type & vscode.FileType.SymbolicLink) continue;
        await walk(vscode.Uri.joinPath(uri, child), `${name}/${child}`);
      }
    } else if (st.type & vscode.FileType.File) {
      out.push({ uri, name, size: st.size });
    }
  };
  for (const uri of picked) await walk(uri, `${prefix}${basename(uri)}`);
  if (out.length === 0) {
    void showInformation('Nothing to upload: the chosen folders hold no files.');
    return undefined;
  }
  if (out.length > MAX_FILES) {
    void showWarning(`That is more than ${formatCount(MAX_FILES)} files; choose fewer (or log them as an artifact with the W&B SDK).`);
    return undefined;
  }
  const big = out.find((f) => f.size > MAX_SINGLE_PUT);
  if (big) {
    void showWarning(`${big.name} is ${formatBytes(big.size)}; uploads from the editor are limited to ${formatBytes(MAX_SINGLE_PUT)} per file.`);
    return undefined;
  }
  for (const f of out) {
    const why = checkRunFileName(f.name);
    if (why) throw new WandbError('badRequest', `${f.name}: ${why}`);
  }
  if (out.length > 100) {
    const go = await showWarning(`Upload ${formatCount(out.length)} files (${formatBytes(total(out))})?`, { modal: true }, 'Upload');
    if (go !== 'Upload') return undefined;
  }
  return out;
}

function basename(uri: vscode.Uri): string {
  const p = uri.path.replace(/\/+$/, '');
  return p.slice(p.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------------------------
// Sending

/** Uploads `plan` to the run under a cancellable notification. True when every file arrived. */
async function upload(deps: EditDeps, ref: RunRef, label: string, plan: PlannedUpload[]): Promise<boolean> {
  const edits = editsOf(deps);
  const first = await edits.uploadTargets(ref, plan.slice(0, URL_BATCH).map((p) => p.name));
  const replacing = first.filter((t) => t.exists).map((t) => t.name);
  if (replacing.length > 0) {
    const shown = replacing.slice(0, 5).join(', ') + (replacing.length > 5 ? `, and ${replacing.length - 5} more` : '');
    const go = await showWarning(
      replacing.length === 1 ? `Run ${label} already has ${shown}. Replace it?` : `Run ${label} already has ${replacing.length} of these files. Replace them?`,
      { modal: true, detail: shown },
      'Replace',
    );
    if (go !== 'Replace') return false;
  }
  const bytes = total(plan);
  const failures: string[] = [];
  let sentFiles = 0;
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Uploading to ${label}`, cancellable: true },
    async (progress, token) => {
      const signal = signalFrom(token);
      let done = 0;
      const inFlight = new Map<string, number>();
      let shown = 0;
      const report = () => {
        const now = done + [...inFlight.values()].reduce((a, b) => a + b, 0);
        const pct = bytes > 0 ? (now / bytes) * 100 : (sentFiles / plan.length) * 100;
        progress.report({ increment: Math.max(0, pct - shown), message: `${sentFiles}/${plan.length} files · ${formatBytes(now)} of ${formatBytes(bytes)}` });
        shown = Math.max(shown, pct);
      };
      const limit = pLimit(PARALLEL);
      for (let i = 0; i < plan.length && !signal.aborted; i += URL_BATCH) {
        const batch = plan.slice(i, i + URL_BATCH);
        let targets: UploadTarget[];
        try {
          // URLs are presigned for a limited time: ask for each batch just before sending it.
          targets = i === 0 ? first : await edits.uploadTargets(ref, batch.map((p) => p.name), signal);
        } catch (e) {
          if (signal.aborted) break;
          throw e;
        }
        const send = async (file: PlannedUpload, k: number) => {
          if (signal.aborted) return;
          try {
            await edits.putFile(targets[k]!, sourceOf(file), {
              signal,
              onProgress: (sent) => {
                inFlight.set(file.name, sent);
                report();
              },
            });
            done += file.size;
            sentFiles++;
          } catch (e) {
            if (!signal.aborted) failures.push(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
          } finally {
            inFlight.delete(file.name);
            report();
          }
        };
        await Promise.all(batch.map((file, k) => limit(() => send(file, k))));
      }
      return signal.aborted;
    },
  );
  if (failures.length > 0) {
    for (const f of failures) deps.log.error(`Upload to ${ref.entity}/${ref.project}/${ref.runId}: ${f}`);
    const choice = await showError(
      `Uploaded ${sentFiles} of ${plan.length} files to ${label}; ${failures.length} failed: ${failures[0]}${failures.length > 1 ? ' …' : ''}`,
      'Show Log',
    );
    if (choice === 'Show Log') deps.log.show(true);
    return sentFiles > 0;
  }
  if (cancelled) {
    void showInformation(`Upload to ${label} cancelled after ${sentFiles} of ${plan.length} files.`);
    return sentFiles > 0;
  }
  deps.log.info(`Upload to ${ref.entity}/${ref.project}/${ref.runId}: ${sentFiles} files, ${bytes} bytes`);
  void showInformation(
    plan.length === 1 ? `Uploaded ${plan[0]!.name} (${formatBytes(bytes)}) to ${label}.` : `Uploaded ${plan.length} files (${formatBytes(bytes)}) to ${label}.`,
  );
  return true;
}

/** Reads a local file in chunks (again for each retry); non-file URIs are read whole. */
function sourceOf(file: PlannedUpload): UploadSource {
  return {
    size: file.size,
    open: () => (file.uri.scheme === 'file' ? (createReadStream(file.uri.fsPath, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>) : readWhole(file.uri)),
  };
}

async function* readWhole(uri: vscode.Uri): AsyncIterable<Uint8Array> {
  yield await vscode.workspace.fs.readFile(uri);
}

function total(plan: readonly PlannedUpload[]): number {
  return plan.reduce((n, p) => n + p.size, 0);
}
