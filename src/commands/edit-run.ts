/**
 * Editing runs (`Run.update`): rename, notes, tags, and stopping a running run. Invoked on run
 * rows of the tree (several selected rows for tags) or on the run panel in front. Every edit
 * is announced on RunChanges, so it shows at once in the tree and in the open panels, and is
 * undone there with a message saying why when the server refuses it (a read-only run, no
 * permission).
 */
import * as vscode from 'vscode';
import { assertEditable, checkTag, normaliseTags, type EditableRun, type RunEditState, type WandbEdits } from '../api/edits';
import { WandbError } from '../api/errors';
import type { RunRef, RunSummary } from '../api/model/run';
import type { RunChange, RunPatch } from '../run-changes';
import { reportError, signalFrom } from './report-error';
import { editsOf, redraw, runLabel, type EditDeps } from './edit-targets';
import type { CommandDef, Invocation } from './register';
import type { RunTarget } from './targets';
import { CMD } from '../ids';
import { showInformation, showWarning } from '../notify';

export const NOTES_SCHEME = 'wandb-explorer-notes';

export function editRunCommands(deps: EditDeps): CommandDef[] {
  return [
    { id: CMD.renameRun, title: 'Rename Run', run: (c) => renameRun(deps, targetsOf(deps, c)) },
    { id: CMD.editRunNotes, title: 'Edit Notes', run: (c) => editNotes(deps, targetsOf(deps, c)) },
    { id: CMD.addRunTags, title: 'Add Tags', run: (c) => addTags(deps, targetsOf(deps, c)) },
    { id: CMD.removeRunTags, title: 'Remove Tags', run: (c) => removeTags(deps, targetsOf(deps, c)) },
    { id: CMD.stopRun, title: 'Stop Run', run: (c) => stopRun(deps, targetsOf(deps, c)) },
  ];
}

/** The notes documents, and the tree following every run change. */
export function registerRunNotes(deps: EditDeps): vscode.Disposable[] {
  return [
    deps.runChanges.onDidChange((c) => showInTree(deps.tree, c)),
    vscode.workspace.registerFileSystemProvider(NOTES_SCHEME, new RunNotesFileSystem(deps), { isCaseSensitive: true }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Targets

/** The chosen runs; from the palette, the run panel in front, else the runs selected in the tree. */
function targetsOf(deps: EditDeps, call: Invocation): RunTarget[] {
  const panel = deps.runPanels.active();
  const fromTree = call.targets({ orSelection: !panel }).runs;
  if (fromTree.length > 0) return fromTree;
  return panel ? [{ ref: { ...panel.ref } }] : [];
}

function noTarget(what: string): void {
  void showInformation(`${what}: select a run in the W&B tree (or right-click it), or open its panel first.`);
}

/** Fields of the run as the server has them, plus its storage id (the tree row may be stale). */
async function current(edits: WandbEdits, t: RunTarget, signal?: AbortSignal): Promise<EditableRun & RunEditState> {
  const s = await edits.runEditState(t.ref, signal);
  return { ...t.ref, ...s };
}

/**
 * Refuses read-only runs before the user is asked anything (a name, tags, notes): the tree row
 * knows; for a run panel the server is asked. Returns what it found, one per target, so callers
 * read names and tags from it instead of asking again.
 */
async function refuseReadOnly(edits: WandbEdits, targets: readonly RunTarget[]): Promise<Array<RunSummary | RunEditState>> {
  const found: Array<RunSummary | RunEditState> = [];
  for (const t of targets) {
    const run = t.known ?? (await current(edits, t));
    assertEditable(run);
    found.push(run);
  }
  return found;
}

/** As `current`, refusing a read-only run before anything is sent. */
async function editable(edits: WandbEdits, t: RunTarget, signal?: AbortSignal): Promise<EditableRun & RunEditState> {
  const now = await current(edits, t, signal);
  assertEditable(now);
  return now;
}

// ---------------------------------------------------------------------------------------------
// Optimistic updates

/** Every copy of the run the tree shows (Runs, Pinned, sweeps), plus the row clicked. */
function shownCopies(deps: EditDeps, t: RunTarget): RunSummary[] {
  const rows = deps.tree.model?.nodesOfRun(t.ref).map((n) => n.run) ?? [];
  if (t.known && !rows.includes(t.known)) rows.push(t.known);
  return rows;
}

/** The tree's part of a run change: patch its rows in place and redraw them. */
export function showInTree(tree: EditDeps['tree'], change: RunChange): void {
  const nodes = tree.model?.nodesOfRun(change.ref) ?? [];
  for (const n of nodes) Object.assign(n.run, cleanPatch(change.patch));
  for (const n of nodes) redraw(tree, n);
}

/** Announces `patch` (tree rows, run and compare panels follow); the clicked row is patched too. */
function applyPatch(deps: EditDeps, t: RunTarget, patch: RunPatch): void {
  if (t.known) Object.assign(t.known, cleanPatch(patch));
  deps.runChanges.fire(t.ref, patch);
}

function cleanPatch(patch: RunPatch): RunPatch {
  const out: RunPatch = { ...patch };
  if (out.tags) out.tags = [...out.tags];
  return out;
}

/** What the UI shows now for `keys`: from a tree row, else from the run's panel. */
function snapshot(deps: EditDeps, t: RunTarget, keys: ReadonlyArray<keyof RunPatch>): RunPatch | undefined {
  const row = shownCopies(deps, t)[0];
  const shown: RunPatch | undefined = row ? { displayName: row.displayName, notes: row.notes, tags: row.tags } : deps.runPanels.showing(t.ref)[0]?.shownFields();
  if (!shown) return undefined;
  const before: RunPatch = {};
  for (const k of keys) {
    if (!(k in shown)) continue; // a panel still loading knows only its title
    (before as Record<string, unknown>)[k] = k === 'tags' ? [...(shown.tags ?? [])] : shown[k];
  }
  return before;
}

/**
 * Shows `patch` at once, sends the edit, then shows what the server says. If the server
 * refuses, every copy goes back to what it was and the user is told why.
 */
async function optimistic(
  deps: EditDeps,
  t: RunTarget,
  what: string,
  patch: RunPatch,
  send: (signal: AbortSignal) => Promise<RunEditState>,
): Promise<RunEditState | undefined> {
  const keys = Object.keys(patch) as Array<keyof RunPatch>;
  const before = snapshot(deps, t, keys);
  applyPatch(deps, t, patch);
  try {
    const after = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `W&B: ${what}…` }, (_p, token) => send(signalFrom(token)));
    const confirmed: RunPatch = {};
    if (keys.includes('displayName')) confirmed.displayName = after.displayName;
    if (keys.includes('notes')) confirmed.notes = after.notes;
    if (keys.includes('tags')) confirmed.tags = after.tags;
    applyPatch(deps, t, confirmed);
    deps.log.info(`${what}: done`);
    return after;
  } catch (e) {
    if (before) applyPatch(deps, t, before);
    await reportError(deps.log, `${what} was undone`, refusal(e));
    return undefined;
  }
}

/** Rewords a server refusal so it says plainly that nothing changed and why. */
function refusal(e: unknown): unknown {
  if (!(e instanceof WandbError)) return e;
  if (e.kind === 'graphql' || e.kind === 'forbidden' || e.kind === 'badRequest') {
    // A 403 always has a status: without one it is assertEditable's refusal, which says it plainly.
    if (e.kind === 'forbidden' && e.status === undefined) return e;
    const why = e.kind === 'graphql' && e.serverMessage !== undefined ? e.serverMessage : e.message;
    const hint = /read.?only/i.test(why)
      ? ''
      : /permission|not allowed|forbidden|unauthori[sz]ed/i.test(why) || e.kind === 'forbidden'
        ? ' Your account may not edit this project.'
        : '';
    return new WandbError(e.kind, `W&B refused the change: ${why}.${hint}`.replace(/\.\.+/g, '.'), { status: e.status, operation: e.operation, cause: e });
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// Rename

async function renameRun(deps: EditDeps, [t]: RunTarget[]): Promise<void> {
  if (!t) return noTarget('Rename Run');
  const edits = editsOf(deps);
  const now = (await refuseReadOnly(edits, [t]))[0]!;
  const name = await vscode.window.showInputBox({
    title: `Rename Run ${t.ref.runId}`,
    prompt: 'The run’s display name (its ID stays the same)',
    value: now.displayName,
    valueSelection: [0, now.displayName.length],
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'A run name cannot be empty.' : v.trim().length > 256 ? 'Run names are at most 256 characters.' : undefined),
  });
  if (name === undefined || name.trim() === now.displayName) return;
  // Read before the edit: `now` may be the tree's row, which the edit patches in place.
  const old = now.displayName;
  const rename = (to: string, what: string) =>
    optimistic(deps, t, what, { displayName: to }, async (signal) => edits.renameRun(await editable(edits, t, signal), to, signal));
  const done = await rename(name.trim(), `Renaming run ${runLabel(now)}`);
  if (!done) return;
  offerUndo(deps, `Renamed run ${t.ref.runId} from “${old}” to “${done.displayName}”.`, async () => {
    if (await rename(old, `Renaming run ${t.ref.runId} back`)) void showInformation(`Run ${t.ref.runId} is named “${old}” again.`);
  });
}

/**
 * Says what an edit changed, with an Undo action. Undo makes the inverse edit through the same
 * path (refused the same way, announced the same way); it is offered until the message closes.
 */
function offerUndo(deps: EditDeps, message: string, undo: () => Promise<void>): void {
  void Promise.resolve(showInformation(message, 'Undo')).then(async (choice) => {
    if (choice !== 'Undo') return;
    try {
      await undo();
    } catch (e) {
      await reportError(deps.log, 'Undo', e);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Notes: a writable virtual document; saving it sends the notes.

async function editNotes(deps: EditDeps, [t]: RunTarget[]): Promise<void> {
  if (!t) return noTarget('Edit Notes');
  await refuseReadOnly(editsOf(deps), [t]);
  const uri = notesUri(t.ref, t.known?.displayName);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.setStatusBarMessage('W&B: save (Ctrl+S / Cmd+S) to send the notes to W&B', 8000);
}

export function notesUri(ref: RunRef, displayName?: string): vscode.Uri {
  const label = (displayName || ref.runId).replace(/[\\/:*?"<>|#%\u0000-\u001f]/g, '_').slice(0, 80);
  return vscode.Uri.from({
    scheme: NOTES_SCHEME,
    path: `/${encodeURIComponent(ref.entity)}/${encodeURIComponent(ref.project)}/${encodeURIComponent(ref.runId)}/Notes of ${label}.md`,
  });
}

export function refFromNotesUri(uri: vscode.Uri): RunRef | undefined {
  const parts = uri.path.split('/');
  if (parts.length !== 5 || !parts[4]?.endsWith('.md')) return undefined;
  try {
    const [entity, project, runId] = parts.slice(1, 4).map((p) => decodeURIComponent(p));
    return entity && project && runId ? { entity, project, runId } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `wandb-explorer-notes:/entity/project/runId/Notes of <name>.md`: reading asks the server for
 * the run's notes, saving sends them (shown at once in the tree, undone if refused).
 */
class RunNotesFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly mtimes = new Map<string, number>();

  constructor(private readonly deps: EditDeps) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const ref = refFromNotesUri(uri);
    if (!ref) {
      // The run's folders: VS Code may ask about them when it resolves the document.
      if (uri.path.split('/').length < 5) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const mtime = this.mtimes.get(uri.toString()) ?? Date.now();
    this.mtimes.set(uri.toString(), mtime);
    return { type: vscode.FileType.File, ctime: 0, mtime, size: 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = refFromNotesUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      const s = await editsOf(this.deps).runEditState(ref);
      return new TextEncoder().encode(s.notes ?? '');
    } catch (e) {
      throw fsError(e, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = refFromNotesUri(uri);
    if (!ref) throw vscode.FileSystemError.NoPermissions(uri);
    const notes = new TextDecoder().decode(content);
    const edits = editsOf(this.deps);
    let now: EditableRun & RunEditState;
    try {
      now = await editable(edits, { ref });
    } catch (e) {
      // VS Code shows this as "Failed to save …: <message>" and keeps the editor dirty.
      throw fsError(e, uri);
    }
    const known = this.deps.tree.model?.nodesOfRun(ref)[0]?.run;
    const after = await optimistic(this.deps, { ref, known }, `Saving the notes of run ${runLabel(now)}`, { notes: notes || undefined }, (signal) =>
      edits.setRunNotes(now, notes, signal),
    );
    // Refused: keep the editor dirty so nothing typed is lost (the message already said why).
    if (!after) throw vscode.FileSystemError.NoPermissions('W&B refused the notes; they were not saved.');
    this.mtimes.set(uri.toString(), Date.now());
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    void vscode.window.setStatusBarMessage(`W&B: notes of ${runLabel(now)} saved`, 5000);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

function fsError(e: unknown, uri: vscode.Uri): Error {
  if (e instanceof WandbError && e.kind === 'notFound') return vscode.FileSystemError.FileNotFound(uri);
  if (e instanceof WandbError && e.kind === 'network') return vscode.FileSystemError.Unavailable(e.message);
  return vscode.FileSystemError.NoPermissions(e instanceof Error ? e.message : String(e));
}

// ---------------------------------------------------------------------------------------------
// Tags

interface TagItem extends vscode.QuickPickItem {
  tag: string;
  isNew?: boolean;
}

async function addTags(deps: EditDeps, targets: RunTarget[]): Promise<void> {
  if (targets.length === 0) return noTarget('Add Tags');
  const edits = editsOf(deps);
  await refuseReadOnly(edits, targets);
  const project = targets[0]!.ref;
  const projectTags = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'W&B: loading the project’s tags…' }, () =>
    edits.projectTags(project).catch((e: unknown) => {
      deps.log.warn(`Add Tags: could not load the tags of ${project.entity}/${project.project}: ${e instanceof Error ? e.message : String(e)}`);
      return [] as string[];
    }),
  );
  const onAll = targets.length === 1 && targets[0]!.known ? targets[0]!.known.tags : [];
  const chosen = await pickTags(
    projectTags.filter((t) => !onAll.includes(t)),
    targets.length === 1 ? `Add Tags to ${runLabel(targets[0]!.known ?? targets[0]!.ref)}` : `Add Tags to ${targets.length} Runs`,
  );
  if (!chosen || chosen.length === 0) return;
  const changed: TagChange[] = [];
  for (const t of targets) {
    const c = await changeTags(deps, t, `Tagging run ${runLabel(t.known ?? t.ref)}`, (tags) => normaliseTags([...tags, ...chosen]));
    if (c) changed.push(c);
  }
  if (changed.length === 0) return;
  offerUndo(deps, `Added ${tagList(chosen)} to ${runsLabel(changed)}.`, async () => {
    for (const c of changed) {
      const added = c.after.filter((x) => !c.before.includes(x));
      if (added.length) await changeTags(deps, c.target, `Untagging run ${runLabel(c.target.known ?? c.target.ref)}`, (tags) => tags.filter((x) => !added.includes(x)));
    }
  });
}

/** One run's tags before and after an edit that went through. */
interface TagChange {
  target: RunTarget;
  before: string[];
  after: string[];
}

/**
 * Sets a run's tags to `change(tags)`: shown at once from what the row knows, sent from what the
 * server has (so a tag added elsewhere meanwhile is kept). Undefined when refused (already said).
 */
async function changeTags(deps: EditDeps, t: RunTarget, what: string, change: (tags: readonly string[]) => string[]): Promise<TagChange | undefined> {
  const edits = editsOf(deps);
  let before: string[] = [];
  const after = await optimistic(deps, t, what, { tags: change(t.known?.tags ?? []) }, async (signal) => {
    const now = await editable(edits, t, signal);
    before = [...now.tags];
    return edits.setRunTags(now, change(now.tags), signal);
  });
  return after && { target: t, before, after: [...after.tags] };
}

function tagList(tags: readonly string[]): string {
  return `${tags.length === 1 ? 'tag' : 'tags'} ${tags.map((x) => `“${x}”`).join(', ')}`;
}

function runsLabel(changed: readonly TagChange[]): string {
  return changed.length === 1 ? `run ${runLabel(changed[0]!.target.known ?? changed[0]!.target.ref)}` : `${changed.length} runs`;
}

/** A multi-select pick of existing tags where typing a new one offers to create it. */
function pickTags(existing: string[], title: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<TagItem>();
    qp.title = title;
    qp.placeholder = existing.length > 0 ? 'Pick tags used in this project, or type a new tag' : 'Type a new tag';
    qp.canSelectMany = true;
    qp.ignoreFocusOut = true;
    const base: TagItem[] = existing.map((t) => ({ label: t, tag: t }));
    const created: TagItem[] = [];
    qp.items = base;
    let done = false;
    const finish = (v: string[] | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeValue((value) => {
      const v = value.trim();
      const selected = qp.selectedItems;
      const exists = [...base, ...created].some((i) => i.tag === v);
      const why = v ? checkTag(v) : undefined;
      const offer: TagItem[] = v && !exists ? [{ label: `$(add) ${v}`, tag: v, isNew: true, description: why ?? 'new tag', alwaysShow: true }] : [];
      qp.items = [...offer, ...created, ...base];
      qp.selectedItems = qp.items.filter((i) => !i.isNew && selected.some((s) => s.tag === i.tag && !s.isNew));
    });
    // Ticking the offered new tag keeps it in the list (ticked) while the user types more.
    qp.onDidChangeSelection((sel) => {
      const fresh = sel.filter((i) => i.isNew && !checkTag(i.tag));
      if (fresh.length === 0) return;
      for (const f of fresh) created.push({ label: f.tag, tag: f.tag, description: 'new tag' });
      const keep = sel.filter((i) => !i.isNew).map((i) => i.tag).concat(fresh.map((f) => f.tag));
      qp.items = [...created, ...base];
      qp.selectedItems = qp.items.filter((i) => keep.includes(i.tag));
      qp.value = '';
    });
    qp.onDidAccept(() => {
      const v = qp.value.trim();
      const picked = qp.selectedItems.filter((i) => !i.isNew).map((i) => i.tag);
      // Enter with a typed new tag adds it (once it is valid).
      if (v && !picked.includes(v) && ![...base, ...created].some((i) => i.tag === v)) {
        const why = checkTag(v);
        if (why) return; // the offered item already says why
        picked.push(v);
      }
      finish(normaliseTags(picked));
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

async function removeTags(deps: EditDeps, targets: RunTarget[]): Promise<void> {
  if (targets.length === 0) return noTarget('Remove Tags');
  const edits = editsOf(deps);
  const onRuns = normaliseTags((await refuseReadOnly(edits, targets)).flatMap((r) => r.tags));
  if (onRuns.length === 0) {
    void showInformation(targets.length === 1 ? `Run ${runLabel(targets[0]!.known ?? targets[0]!.ref)} has no tags.` : 'The selected runs have no tags.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    onRuns.map((t) => ({ label: t })),
    { title: targets.length === 1 ? `Remove Tags from ${runLabel(targets[0]!.known ?? targets[0]!.ref)}` : `Remove Tags from ${targets.length} Runs`, canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return;
  const drop = new Set(picked.map((p) => p.label));
  const changed: TagChange[] = [];
  for (const t of targets) {
    const c = await changeTags(deps, t, `Untagging run ${runLabel(t.known ?? t.ref)}`, (tags) => tags.filter((x) => !drop.has(x)));
    if (c) changed.push(c);
  }
  if (changed.length === 0) return;
  offerUndo(deps, `Removed ${tagList([...drop])} from ${runsLabel(changed)}.`, async () => {
    for (const c of changed) {
      const removed = c.before.filter((x) => !c.after.includes(x));
      if (removed.length) await changeTags(deps, c.target, `Tagging run ${runLabel(c.target.known ?? c.target.ref)}`, (tags) => normaliseTags([...tags, ...removed]));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Stop

async function stopRun(deps: EditDeps, [t]: RunTarget[]): Promise<void> {
  if (!t) return noTarget('Stop Run');
  const edits = editsOf(deps);
  const now = await editable(edits, t);
  const state = now.state;
  if (state !== 'running') {
    void showInformation(`Run ${runLabel(now)} is ${state}, not running: there is nothing to stop.`);
    return;
  }
  const choice = await showWarning(
    `Stop run ${runLabel(now)}?`,
    {
      modal: true,
      detail: `${t.ref.entity}/${t.ref.project}/${t.ref.runId}\n\nW&B asks the run’s process to stop at its next heartbeat; the run then ends as killed. This cannot be undone.`,
    },
    'Stop Run',
  );
  if (choice !== 'Stop Run') return;
  await Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `W&B: stopping run ${now.runId}…` }, () => edits.stopRun(now))).catch(
    (e: unknown) => {
      throw refusal(e);
    },
  );
  deps.log.info(`Stop Run: asked ${t.ref.entity}/${t.ref.project}/${t.ref.runId} to stop`);
  void showInformation(`Asked run ${runLabel(now)} to stop. Its state changes when its process notices (usually within a minute).`);
}
