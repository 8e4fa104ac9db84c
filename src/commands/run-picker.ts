/**
 * Choosing a run without the tree: a quick pick of a project's runs, newest first, that asks
 * the server as the user types (display name or run ID), with a way to switch project.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { RunSummary } from '../api/model/run';
import type { WandbApi } from '../api/wandb-api';
import { caseInsensitiveLiteral } from '../api/runs-filter';
import { pickProject, type ProjectChoice } from './project-picker';
import { safeText } from '../text/safe-text';


interface RunItem extends vscode.QuickPickItem {
  run?: RunSummary;
  switchProject?: boolean;
}

/** Last project a run was picked from in this window: offered first next time. */
let lastProject: ProjectChoice | undefined;

/**
 * Lets the user pick a run. Starts in `project` (else the last one used, else asks for one).
 * Resolves undefined when dismissed.
 */
export async function pickRun(session: Session, options: { title: string; project?: ProjectChoice }): Promise<RunSummary | undefined> {
  const api = session.requireApi();
  let project = options.project ?? lastProject ?? (await pickProject(session, { title: options.title }));
  while (project) {
    const result = await pickRunIn(api, project, options.title);
    if (result === 'switch') {
      project = await pickProject(session, { title: options.title });
      continue;
    }
    if (result) lastProject = project;
    return result;
  }
  return undefined;
}

/** `display_name` or run ID contains `text`, case-insensitively (W&B regexes are RE2, no flags). */
export function runSearchFilter(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const pattern = caseInsensitiveLiteral(t);
  return { $or: [{ display_name: { $regex: pattern } }, { name: { $regex: pattern } }] };
}

function pickRunIn(api: WandbApi, project: ProjectChoice, title: string): Promise<RunSummary | 'switch' | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<RunItem>();
    qp.title = `${title}: run in ${project.entity}/${project.project}`;
    qp.placeholder = 'Type to search runs by name or ID';
    qp.matchOnDescription = true;
    qp.ignoreFocusOut = true;
    const switchItem: RunItem = { label: '$(arrow-swap) Other project…', switchProject: true, alwaysShow: true };
    let generation = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let done = false;
    const finish = (v: RunSummary | 'switch' | undefined) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      resolve(v);
      qp.dispose();
    };
    const load = async (text: string) => {
      const gen = ++generation;
      controller?.abort();
      controller = new AbortController();
      qp.busy = true;
      try {
        const page = await api.runs({ entity: project.entity, project: project.project, filters: runSearchFilter(text) }, { first: 50, signal: controller.signal });
        if (gen !== generation || done) return;
        const items: RunItem[] = page.items.map((r) => ({
          label: safeText(r.displayName),
          description: `${safeText(r.runId)} · ${r.state}${r.readOnly ? ' · read-only' : ''}`,
          detail: r.tags.length > 0 ? r.tags.join(', ') : undefined,
          run: r,
          alwaysShow: true,
        }));
        if (items.length === 0) items.push({ label: text ? 'No runs match.' : 'No runs in this project yet.', alwaysShow: true });
        qp.items = [...items, switchItem];
      } catch (e) {
        if (gen !== generation || done) return;
        qp.items = [{ label: `$(error) ${e instanceof Error ? e.message : String(e)}`, alwaysShow: true }, switchItem];
      } finally {
        if (gen === generation) qp.busy = false;
      }
    };
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(v), 250);
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (item?.switchProject) finish('switch');
      else if (item?.run) finish(item.run);
    });
    qp.onDidHide(() => finish(undefined));
    qp.items = [switchItem];
    qp.show();
    void load('');
  });
}
