/**
 * The work of the run-code commands (run-code.ts): check out or diff the commit a run ran (in
 * the workspace clone of its remote, through VS Code's git extension), open its `diff.patch`
 * and saved `code/`, copy its command line or run it again in a terminal (after asking).
 * Loaded on the first of these commands: the production build ships it, with the git helpers
 * and the patch reader, as dist/run-code-actions.js.
 */
import * as vscode from 'vscode';
import type { RunRef } from '../api/model/run';
import { programWords, type RunMetadata } from '../api/model/metadata';
import { readRunMetadata, readRunText } from '../api/run-files';
import { RemoteFileSystemProvider } from '../remote-fs/provider';
import { commandLine, shellKindOf } from '../text/shell-words';
import { applyFilePatch, parseUnifiedDiff } from '../text/unified-diff';
import { askForRun } from './ask';
import { showInformation, showWarning } from '../notify';
import type { Invocation } from './register';
import type { RunCodeDeps } from './run-code';
import { GIT_STATUS, gitApi, GitUnavailable, repositoryForRemote, uncommittedChanges, type GitApi, type GitRepository } from './git-repos';

/** Patches larger than this are not read (a `diff.patch` of a huge data file is not code). */
const MAX_PATCH_BYTES = 20_000_000;
/** Saved code listed for Open Saved Code. */
const MAX_CODE_FILES = 500;

const short = (commit: string) => commit.slice(0, 8);
const refLabel = (r: RunRef) => `${r.entity}/${r.project}/${r.runId}`;

/** Says `text` and stops the command (a refusal, not a failure: nothing to log as an error). */
class Refusal extends Error {}

interface RunCode {
  ref: RunRef;
  meta: RunMetadata;
}

/** Where the run's commit is in this workspace. */
interface CommitHere {
  git: GitApi;
  repo: GitRepository;
  commit: string;
}

/** What each command does with the run's code. */
export type RunCodeAction = 'checkout' | 'diff' | 'openPatch' | 'openSavedCode' | 'copyCommand' | 'runAgain';

export class RunCodeActions {
  constructor(private readonly deps: RunCodeDeps) {}

  /** One command: the run and its metadata, then the action; a refusal is said, not reported as a failure. */
  async run(action: RunCodeAction, title: string, call: Invocation): Promise<void> {
    try {
      const code = await this.runCode(call, title);
      if (code) await this[action](code);
    } catch (e) {
      if (!(e instanceof Refusal || e instanceof GitUnavailable)) throw e;
      this.deps.log.info(`${title}: ${e.message}`);
      void showWarning(e.message);
    }
  }

  /** The run (clicked, sent by its panel, or asked for) and its metadata. */
  async runCode(call: Invocation, title: string): Promise<RunCode | undefined> {
    const ref = call.targets().run?.ref ?? (call.args[0] === undefined ? await askForRun(title, this.deps.pathDefaults) : undefined);
    if (!ref) return undefined;
    call.what = `${title} (${refLabel(ref)})`;
    const meta = await readRunMetadata(this.deps.session.requireApi(), ref);
    if (!meta) throw new Refusal(`${refLabel(ref)} has no wandb-metadata.json, so it is not known which code it ran.`);
    return { ref, meta };
  }

  /** The workspace repository holding the run's commit, or a refusal that says what is missing. */
  private async commitHere({ ref, meta }: RunCode): Promise<CommitHere> {
    if (!meta.commit) throw new Refusal(`${refLabel(ref)} recorded no git commit (it did not run inside a git repository).`);
    if (!meta.remote) throw new Refusal(`${refLabel(ref)} recorded commit ${short(meta.commit)} but no git remote, so no workspace repository can be matched to it.`);
    const git = await gitApi();
    const repo = repositoryForRemote(git, meta.remote);
    if (!repo) throw new Refusal(`No repository open in this workspace has the remote ${meta.remote}. Open a clone of it, then try again.`);
    try {
      await repo.getCommit(meta.commit);
    } catch {
      throw new Refusal(`Commit ${short(meta.commit)} is not in ${repo.rootUri.fsPath}. Fetch it (git fetch) and try again.`);
    }
    return { git, repo, commit: meta.commit };
  }

  async checkout(code: RunCode): Promise<void> {
    const { repo, commit } = await this.commitHere(code);
    await repo.status();
    const dirty = uncommittedChanges(repo);
    if (dirty.length > 0) {
      const n = dirty.length === 1 ? '1 uncommitted change' : `${dirty.length} uncommitted changes`;
      throw new Refusal(`${repo.rootUri.fsPath} has ${n}. Commit or stash them before checking out the run's commit ${short(commit)}.`);
    }
    const head = repo.state.HEAD;
    if (head?.commit === commit) {
      void showInformation(`${repo.rootUri.fsPath} is already at the run's commit ${short(commit)}.`);
      return;
    }
    await repo.checkout(commit);
    const back = head?.name ? ` Check out ${head.name} to go back.` : '';
    void showInformation(`Checked out the run's commit ${short(commit)} in ${repo.rootUri.fsPath} (detached HEAD).${back}`);
  }

  async diff(code: RunCode): Promise<void> {
    const { git, repo, commit } = await this.commitHere(code);
    const changes = await repo.diffWith(commit);
    if (changes.length === 0) {
      void showInformation(`The working tree of ${repo.rootUri.fsPath} matches the run's commit ${short(commit)}.`);
      return;
    }
    const resources = changes.map((c) => {
      const atCommit = c.status === GIT_STATUS.INDEX_ADDED || c.status === GIT_STATUS.UNTRACKED ? undefined : git.toGitUri(c.originalUri, commit);
      const now = c.status === GIT_STATUS.DELETED ? undefined : c.uri;
      return [c.uri, atCommit, now];
    });
    await vscode.commands.executeCommand('vscode.changes', `${code.ref.runId} @ ${short(commit)} ↔ Working Tree`, resources);
  }

  /**
   * The patch as what it changed (a diff editor per file against the commit) when the commit
   * is here and every hunk applies; otherwise the patch itself, read-only.
   */
  async openPatch(code: RunCode): Promise<void> {
    const { ref } = code;
    const text = await readRunText(this.deps.session.requireApi(), ref, 'diff.patch', MAX_PATCH_BYTES);
    if (text === undefined) throw new Refusal(`${refLabel(ref)} saved no diff.patch (its working tree was clean, or it is larger than ${MAX_PATCH_BYTES / 1_000_000} MB).`);
    const why = await this.showPatchAsChanges(code, text).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (why === undefined) return;
    this.deps.log.info(`Open Run's diff.patch (${refLabel(ref)}): shown as text: ${why}`);
    await this.deps.docs.show(`${refLabel(ref)}/diff.patch`, text);
  }

  /** Undefined once shown; otherwise why the patch is shown as text instead. */
  private async showPatchAsChanges(code: RunCode, text: string): Promise<string | undefined> {
    const files = parseUnifiedDiff(text);
    if (files.length === 0) return 'it holds no file changes';
    const { git, repo, commit } = await this.commitHere(code);
    const resources: Array<[vscode.Uri, vscode.Uri | undefined, vscode.Uri | undefined]> = [];
    for (const f of files) {
      const path = f.newPath ?? f.oldPath;
      if (!path) continue;
      const file = vscode.Uri.joinPath(repo.rootUri, path);
      const original = f.oldPath ? await repo.show(commit, vscode.Uri.joinPath(repo.rootUri, f.oldPath).fsPath) : '';
      const patched = f.newPath ? applyFilePatch(original, f) : '';
      if (patched === undefined) return `${path} does not apply to commit ${short(commit)}`;
      const before = f.oldPath ? git.toGitUri(vscode.Uri.joinPath(repo.rootUri, f.oldPath), commit) : undefined;
      const after = f.newPath ? this.deps.docs.put(`${code.ref.runId}/diff.patch/${f.newPath}`, patched) : undefined;
      resources.push([file, before, after]);
    }
    await vscode.commands.executeCommand('vscode.changes', `${code.ref.runId}: diff.patch on ${short(commit)}`, resources);
    return undefined;
  }

  async openSavedCode({ ref, meta }: RunCode): Promise<void> {
    const page = await this.deps.session.requireApi().runFiles(ref, { first: MAX_CODE_FILES, pattern: 'code/%' });
    const names = page.items.map((f) => f.name).filter((n) => n.startsWith('code/'));
    if (names.length === 0) throw new Refusal(`${refLabel(ref)} saved no code (the SDK saves it with save_code=True or wandb.run.log_code()).`);
    const program = meta.codePath ? `code/${meta.codePath}` : undefined;
    names.sort((a, b) => Number(b === program) - Number(a === program) || a.localeCompare(b));
    const pick =
      names.length === 1
        ? names[0]
        : (await vscode.window.showQuickPick(
            names.map((n) => ({ label: n.slice('code/'.length), description: n === program ? 'the program the run started' : undefined, name: n })),
            { title: `Saved code of ${refLabel(ref)}`, placeHolder: 'A file to open (read-only)' },
          ))?.name;
    if (!pick) return;
    await vscode.commands.executeCommand('vscode.open', RemoteFileSystemProvider.uriFor({ kind: 'run', ...ref, path: pick }));
  }

  async copyCommand(code: RunCode): Promise<void> {
    const { line } = await this.reproduction(code);
    await vscode.env.clipboard.writeText(line);
    void vscode.window.setStatusBarMessage(`Copied: ${line}`, 4000);
  }

  async runAgain(code: RunCode): Promise<void> {
    const { line, cwd } = await this.reproduction(code);
    const where = cwd ? ` in ${cwd.fsPath}` : '';
    const ok = await showWarning(`Run this command in a new terminal${where}?`, { modal: true, detail: line }, 'Run');
    if (ok !== 'Run') return;
    const terminal = vscode.window.createTerminal({ name: `W&B: ${code.ref.runId}`, cwd });
    terminal.show();
    terminal.sendText(line);
  }

  /**
   * The command line for the user's shell, and where to run it: the workspace clone of the
   * run's repository (the script is then its path there), else the first workspace folder.
   */
  private async reproduction({ ref, meta }: RunCode): Promise<{ line: string; cwd?: vscode.Uri }> {
    const program = meta.program ?? meta.codePath;
    if (!program) throw new Refusal(`${refLabel(ref)} recorded no program in its wandb-metadata.json.`);
    let repo: GitRepository | undefined;
    if (meta.remote) repo = await gitApi().then((g) => repositoryForRemote(g, meta.remote!), () => undefined);
    const script = repo && meta.codePath && !program.startsWith('-m') ? [meta.codePath] : programWords(program);
    const words = [interpreterOf(meta), ...script, ...(meta.args ?? [])];
    return { line: commandLine(words, shellKindOf(vscode.env.shell)), cwd: repo?.rootUri ?? vscode.workspace.workspaceFolders?.[0]?.uri };
  }
}

/**
 * The interpreter to name: the name (not the path, which is of another machine) of the one the
 * run used when it looks like a Python, else `python`.
 */
export function interpreterOf(meta: RunMetadata): string {
  const name = meta.executable?.split(/[\\/]/).pop();
  return name && /^python[\d.]*(\.exe)?$/i.test(name) ? name : 'python';
}
