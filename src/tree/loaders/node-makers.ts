import type { Project } from '../../api/model/entities';
import type { RunSummary } from '../../api/model/run';
import type { ProjectNode, RunNode } from '../nodes';
import type { LoaderContext } from './context';

/** Rows under Pinned carry the whole path in their id: the same run may be pinned from two projects. */
function underPinned(parentId: string): boolean {
  return parentId.endsWith('/pinned');
}

export function projectNode(ctx: LoaderContext, parentId: string, p: Project, extra: { pinned?: boolean; workspace?: boolean } = {}): ProjectNode {
  const pinned = extra.pinned ?? ctx.pins.has(ctx.host, { kind: 'project', entity: p.entity, project: p.name });
  const id = underPinned(parentId) ? `${parentId}/p:${p.entity}/${p.name}` : `${parentId}/p:${p.name}`;
  const existing = ctx.nodes.get(id);
  // A placeholder (from a pin or Go to Run) must not overwrite a loaded project's run count.
  const project = existing?.kind === 'project' && p.id === '' && existing.project.id !== '' ? existing.project : p;
  return ctx.nodes.intern({ kind: 'project', id, project, pinned, workspace: extra.workspace });
}

export function runNode(ctx: LoaderContext, parentId: string, r: RunSummary, extra: Partial<Pick<RunNode, 'metricKey' | 'best' | 'pinned'>> = {}): RunNode {
  const pinned = extra.pinned ?? ctx.pins.has(ctx.host, { kind: 'run', entity: r.entity, project: r.project, runId: r.runId });
  const id = underPinned(parentId) ? `${parentId}/r:${r.entity}/${r.project}/${r.runId}` : `${parentId}/r:${r.runId}`;
  return ctx.nodes.intern({ kind: 'run', id, run: r, metricKey: extra.metricKey, best: extra.best, pinned });
}
