/**
 * Choosing a project: the ones the caller already knows first (the workspace's, the side bar's),
 * then the projects of the viewer's entities from the server, or `entity/project` typed by hand.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';

export interface ProjectChoice {
  entity: string;
  project: string;
}

interface ProjectItem extends vscode.QuickPickItem {
  choice?: ProjectChoice;
}

export interface ProjectPickOptions {
  title: string;
  /** Projects offered first, in this order (the workspace's, then those the side bar lists). */
  known?: readonly KnownProject[];
}

export interface KnownProject extends ProjectChoice {
  /** Why it is offered first: `workspace`, `in the side bar`. */
  why: string;
}

/**
 * Projects the caller knows (the workspace's first), then the first page of projects of each of
 * the viewer's entities, or `entity/project` typed by hand.
 */
export async function pickProject(session: Session, options: ProjectPickOptions): Promise<ProjectChoice | undefined> {
  const { title } = options;
  const state = session.state;
  if (state.kind !== 'signedIn') return undefined;
  const api = state.api;
  const entities = [state.viewer.defaultEntity, ...state.viewer.teams].filter((e, i, all) => e && all.indexOf(e) === i);
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<ProjectItem>();
    qp.title = `${title}: choose a project`;
    qp.placeholder = 'Pick a project, or type entity/project';
    qp.matchOnDescription = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    const known: ProjectItem[] = (options.known ?? []).map((p) => ({ label: p.project, description: `${p.entity} · ${p.why}`, choice: { entity: p.entity, project: p.project } }));
    const isKnown = (c: ProjectChoice) => known.some((k) => k.choice!.entity === c.entity && k.choice!.project === c.project);
    let listed: ProjectItem[] = known;
    let done = false;
    const controller = new AbortController();
    const finish = (v: ProjectChoice | undefined) => {
      if (done) return;
      done = true;
      controller.abort();
      resolve(v);
      qp.dispose();
    };
    const typed = (v: string): ProjectItem[] => {
      const m = /^\s*([^/\s]+)\/([^/\s]+)\s*$/.exec(v);
      return m ? [{ label: `$(go-to-file) ${m[1]}/${m[2]}`, description: 'typed', choice: { entity: m[1]!, project: m[2]! }, alwaysShow: true }] : [];
    };
    qp.onDidChangeValue((v) => {
      qp.items = [...typed(v), ...listed];
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (item?.choice) finish(item.choice);
    });
    qp.onDidHide(() => finish(undefined));
    qp.items = listed;
    qp.show();
    void Promise.all(
      entities.map((entity) =>
        api.projects(entity, { first: 100, signal: controller.signal }).then(
          (page) => page.items.map((p): ProjectItem => ({ label: p.name, description: entity, choice: { entity, project: p.name } })),
          () => [] as ProjectItem[],
        ),
      ),
    ).then((lists) => {
      if (done) return;
      listed = [...known, ...lists.flat().filter((i) => !isKnown(i.choice!))];
      qp.items = [...typed(qp.value), ...listed];
      qp.busy = false;
    });
  });
}
