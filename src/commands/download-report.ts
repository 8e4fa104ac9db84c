/**
 * What a download or a verify says while it runs and when it ends: the progress line of the
 * notification, the result notification with its actions, and the details in the log.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { summarize, type DownloadProgress, type DownloadResult, type LocalChange, type LocalChangesAnswer } from '../api/download/engine';
import { displayName } from '../api/download/safe-path';
import { describeVerify, isClean, type VerifyResult } from '../api/download/verify';
import { countOf, formatBytes, formatCount, formatDuration } from '../format';
import { showInformation, showWarning } from '../notify';

/** `120 of 2,000 files · 1.23 MB of 20.5 MB · 4.56 MB/s`. */
export function progressMessage(p: DownloadProgress): string {
  const rate = p.elapsedMs > 500 ? `${formatBytes(Math.round(p.bytesReceived / (p.elapsedMs / 1000)))}/s` : '';
  const files = `${formatCount(p.filesDone)} of ${countOf(p.filesTotal, 'file')}`;
  const bytes = p.bytesTotal > 0 ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
  return [files, bytes, rate].filter(Boolean).join(' · ');
}

/**
 * Logs what was skipped or failed and shows the result; the action chosen there is carried out
 * whenever it is chosen. Returns at once: a notification that hid into the notification center
 * is answered, if ever, only when someone opens it, and nothing may wait for that (the runs
 * table downloads its selected runs one after another). `single`: one file was asked for (it may
 * be opened).
 */
export function reportDownload(log: vscode.LogOutputChannel, label: string, r: DownloadResult, single: boolean): void {
  logDetails(log, r);
  showResult(log, `${r.cancelled ? 'Download cancelled' : 'Downloaded'} ${label}: ${summarize(r)}.`, label, r, single);
}

/** What became of one run of a download of several (Downloads.downloadRuns). */
export interface RunOutcome {
  /** `files of run entity/project/id`. */
  label: string;
  /** The run's download, when it got as far as downloading. */
  result?: DownloadResult;
  /** Why it did not (its files could not be listed, its folder not made). */
  error?: string;
}

/**
 * One result for a download of several runs: their files added up, the runs that failed
 * named, each run's own line in the log. One notification, not one per run: VS Code shows a
 * few toasts at a time, and a burst of them mostly lands unseen in the notification center.
 * `asked`: runs there were to download (a cancel leaves some not started). Returns at once.
 */
/**
 * The one result of several runs' download. `stopped`: a failure every later run would meet too
 * ended it (runs-in-turn.ts); the runs after it were never started, as after a cancel.
 */
export function reportRunsDownload(log: vscode.LogOutputChannel, outcomes: readonly RunOutcome[], asked: number, cancelled: boolean, stopped = false): void {
  const results = outcomes.flatMap((o) => (o.result ? [o.result] : []));
  const all = addUp(results, cancelled);
  for (const o of outcomes) {
    if (o.result) {
      log.info(`${o.label}: ${summarize(o.result)}`);
      logDetails(log, o.result);
    } else log.warn(`${o.label}: ${o.error ?? 'not downloaded'}`);
  }
  const failedRuns = outcomes.filter((o) => !o.result);
  const notStarted = asked - outcomes.length;
  const label = `files of ${countOf(asked, 'run')}`;
  const finished = results.filter((r) => !r.cancelled).length;
  const head = cancelled
    ? `Download cancelled after ${formatCount(finished)} of ${countOf(asked, 'run')}`
    : stopped
      ? `Download stopped after ${formatCount(finished)} of ${countOf(asked, 'run')}`
      : `Downloaded ${label}`;
  const first = failedRuns[0];
  const why = (first?.error ?? 'not downloaded').replace(/\.$/, '');
  const runsFailed = first ? ` ${countOf(failedRuns.length, 'run')} not downloaded: ${first.label.replace(/^files of /, '')}: ${why}${failedRuns.length > 1 ? ' (and more: Show Details)' : ''}.` : '';
  const skippedRuns = notStarted > 0 ? ` ${countOf(notStarted, 'run')} not started.` : '';
  showResult(log, `${head}: ${summarize(all)}.${runsFailed}${skippedRuns}`, label, all, false, failedRuns.length > 0);
}

/** Several runs' results as one: their files together, under the folder they share. */
function addUp(results: readonly DownloadResult[], cancelled: boolean): DownloadResult {
  const sum = (f: (r: DownloadResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    root: commonFolder(results.map((r) => r.root)),
    filesTotal: sum((r) => r.filesTotal),
    downloaded: results.flatMap((r) => r.downloaded),
    skipped: results.flatMap((r) => r.skipped),
    failed: results.flatMap((r) => r.failed),
    notDone: sum((r) => r.notDone),
    cancelled,
    bytes: sum((r) => r.bytes),
    ms: sum((r) => r.ms),
  };
}

/** The deepest folder holding every one of `folders` (absolute paths of one platform). */
export function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return '';
  const split = folders.map((f) => path.resolve(f).split(path.sep));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return common.join(path.sep) || path.sep;
}

/** Files skipped, kept or failed, one line each in the log. */
function logDetails(log: vscode.LogOutputChannel, r: DownloadResult): void {
  for (const s of r.skipped.filter((x) => x.kind === 'reference')) log.info(`  skipped ${displayName(s.name)}: ${s.reason}`);
  for (const s of r.skipped.filter((x) => x.kind === 'kept')) log.info(`  kept ${displayName(s.name)}: ${s.reason}`);
  for (const f of r.failed) log.warn(`  failed ${displayName(f.name)}: ${f.reason}`);
}

/** Shows a result with the actions that fit it, carried out whenever one is chosen. */
function showResult(log: vscode.LogOutputChannel, text: string, label: string, r: DownloadResult, single: boolean, moreDetails = false): void {
  const refs = r.skipped.filter((x) => x.kind === 'reference');
  const kept = r.skipped.filter((x) => x.kind === 'kept');
  const refNote = refs.length ? ` ${refs.length} reference${refs.length === 1 ? '' : 's'} stored outside W&B skipped (${refs[0]!.ref}${refs.length > 1 ? ', …' : ''}).` : '';
  const keptNote = kept.length ? ` ${formatCount(kept.length)} changed local file${kept.length === 1 ? '' : 's'} kept (${displayName(kept[0]!.name)}${kept.length > 1 ? ', …' : ''}).` : '';
  const firstFail = r.failed[0] ? ` ${displayName(r.failed[0].name)}: ${r.failed[0].reason}${r.failed.length > 1 ? ' (and more: Show Details)' : ''}.` : '';
  const actions: string[] = [];
  const onlyFile = single && r.downloaded.length + r.skipped.length === 1 ? (r.downloaded[0]?.path ?? r.skipped[0]?.path) : undefined;
  if (onlyFile) actions.push('Open File');
  if (r.downloaded.length + r.skipped.length > 0) actions.push('Reveal in Explorer', 'Open Folder');
  if (r.failed.length || refs.length || kept.length || moreDetails) actions.push('Show Details');
  const show = r.failed.length || moreDetails ? showWarning : showInformation;
  void Promise.resolve(show(text + refNote + keptNote + firstFail, ...actions))
    .then((choice) => carryOut(log, r, choice, onlyFile))
    .catch((e: unknown) => log.warn(`after the download of ${label}: ${e instanceof Error ? e.message : String(e)}`));
}

/** The action chosen on a download's result notification. */
async function carryOut(log: vscode.LogOutputChannel, r: DownloadResult, choice: string | undefined, onlyFile: string | undefined): Promise<void> {
  const rootUri = vscode.Uri.file(r.root);
  if (choice === 'Open File' && onlyFile) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(onlyFile));
  if (choice === 'Show Details') log.show(true);
  if (choice === 'Open Folder') await vscode.commands.executeCommand('vscode.openFolder', rootUri, { forceNewWindow: true });
  if (choice === 'Reveal in Explorer') {
    const first = r.downloaded[0]?.path ?? r.skipped.find((s) => s.path)?.path;
    const target = first ? vscode.Uri.file(first) : rootUri;
    if (vscode.workspace.getWorkspaceFolder(target)) await vscode.commands.executeCommand('revealInExplorer', target);
    else await vscode.commands.executeCommand('revealFileInOS', target);
  }
}

/**
 * Asks once what to do with files on disk that differ from W&B's. Closing the question cancels.
 */
export async function askAboutLocalChanges(label: string, changes: LocalChange[]): Promise<LocalChangesAnswer> {
  const n = changes.length;
  const first = displayName(changes[0]!.name);
  const detail = `${first}${n > 1 ? ` and ${formatCount(n - 1)} more` : ''} differ${n === 1 ? 's' : ''} from W&B's copy (edited here, or an older version).`;
  const choice = await showWarning(
    `${formatCount(n)} file${n === 1 ? '' : 's'} of ${label} changed on disk. Replace them with W&B's?`,
    { modal: true, detail },
    'Replace All',
    'Keep Mine',
  );
  return choice === 'Replace All' ? 'replace' : choice === 'Keep Mine' ? 'keep' : 'cancel';
}

/** Asks once whether to fetch references to web addresses outside W&B (never with the API key). */
export async function askAboutWebReferences(label: string, refs: Array<{ name: string; ref: string }>): Promise<boolean> {
  const n = refs.length;
  const first = displayName(refs[0]!.ref);
  const choice = await showWarning(
    `${formatCount(n)} file${n === 1 ? '' : 's'} of ${label} ${n === 1 ? 'is a reference' : 'are references'} to a web address outside W&B. Download ${n === 1 ? 'it' : 'them'} too?`,
    { modal: true, detail: `${first}${n > 1 ? ` and ${formatCount(n - 1)} more` : ''}. Your W&B API key is never sent to these addresses.` },
    'Download Them',
    'Skip Them',
  );
  return choice === 'Download Them';
}

/**
 * Logs a verify's findings and shows its result. Returns true when the user asked to download
 * the missing and changed files.
 */
export async function reportVerify(log: vscode.LogOutputChannel, label: string, where: string, result: VerifyResult): Promise<boolean> {
  const summary = `${label} in ${where}: ${describeVerify(result)} (${formatDuration(result.ms)}).`;
  log.info(`verify ${summary}`);
  for (const m of result.missing) log.info(`  missing  ${m}`);
  for (const c of result.changed) log.info(`  changed  ${c.path}: ${c.reason}`);
  for (const x of result.extra) log.info(`  extra    ${x}`);
  for (const r of result.references) log.info(`  reference ${r.path} → ${r.ref}`);
  for (const r of result.refused) log.warn(`  unsafe name ${displayName(r.path)}: ${r.reason}`);
  if (isClean(result)) {
    void showInformation(`Verified ${summary}`);
    return false;
  }
  const actions = result.missing.length || result.changed.length ? ['Download Missing and Changed', 'Show Details'] : ['Show Details'];
  const choice = await showWarning(`Verify ${summary}`, ...actions);
  if (choice === 'Show Details') log.show(true);
  return choice === 'Download Missing and Changed';
}
