/** Loaders of the top levels: the account, Pinned, and an entity's projects. */
import type { Page } from '../../api/paginate';
import type { RunSummary } from '../../api/model/run';
import type { Project } from '../../api/model/entities';
import type { Pin } from '../pins';
import { projectKey, type AccountNode, type EntityNode, type PinnedNode, type TreeNode } from '../nodes';
import { placeholderProject } from '../focus';
import { pageOf, type LoaderContext } from './context';
import { pagedRows } from './level';
import { projectNode, runNode } from './node-makers';

type RunPin = Extract<Pin, { kind: 'run' }>;

/** The entities listed: the preferred one, the viewer's, teams, extra ones, the workspace's, Go to Run's; no repeats. */
export function entityNames(ctx: LoaderContext): string[] {
  const s = ctx.settings();
  const ws = ctx.workspaceProject?.()?.entity;
  return [preferredEntity(ctx), ctx.viewerEntity, ...ctx.teams, ...s.extraEntities.map((e) => e.trim()), ...(ws ? [ws] : []), ...ctx.focus.extraEntities()].filter(
    (n, i, all) => !!n && all.indexOf(n) === i,
  );
}

function preferredEntity(ctx: LoaderContext): string {
  return (ctx.settings().defaultEntity ?? '').trim() || ctx.viewerEntity;
}

/** Pinned (when something is pinned on this host), then the entities. No request. */
export function loadAccount(node: AccountNode, ctx: LoaderContext): TreeNode[] {
  const out: TreeNode[] = [];
  if (ctx.pins.list(ctx.host).length > 0) out.push(ctx.nodes.intern({ kind: 'pinned', id: `${node.id}/pinned` }));
  const preferred = preferredEntity(ctx);
  const members = new Set([ctx.viewerEntity, ...ctx.teams]);
  for (const entity of entityNames(ctx)) {
    out.push(ctx.nodes.intern({ kind: 'entity', id: `${node.id}/e:${entity}`, entity, isDefault: entity === preferred, extra: !members.has(entity) && entity !== preferred }));
  }
  return out;
}

/** Pinned projects (no request), then pinned runs (one request per project that has some). */
export async function loadPinned(node: PinnedNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const pins = ctx.pins.list(ctx.host);
  const out: TreeNode[] = [];
  for (const p of pins) if (p.kind === 'project') out.push(projectNode(ctx, node.id, placeholderProject(p), { pinned: true }));
  const runPins = currentRunPins(ctx);
  if (runPins.length === 0) return out;
  // The fetch reads the pins when it runs, not these: the list outlives a change of pins.
  const list = ctx.lists.get({ kind: 'pinnedRuns', host: ctx.host }, (_after, signal) => fetchPinnedRuns(ctx, currentRunPins(ctx), signal));
  // The pins may have changed since the list loaded (pinned from another window, say).
  // Compared as sets: the fetch groups the runs by project.
  const same = (a: string[], b: string[]) => a.length === b.length && a.sort().join('\n') === b.sort().join('\n');
  if (list.isLoaded && !same(list.items.map(runPath), runPins.map(runPath))) list.reset();
  out.push(...(await pagedRows(ctx.nodes, node, list, '', (r) => runNode(ctx, node.id, r, { pinned: true }))));
  return out.filter((n) => !(n.kind === 'message' && !n.error));
}

const runPath = (r: { entity: string; project: string; runId: string }) => `${r.entity}/${r.project}/${r.runId}`;

function currentRunPins(ctx: LoaderContext): RunPin[] {
  return ctx.pins.list(ctx.host).filter((p): p is RunPin => p.kind === 'run');
}

async function fetchPinnedRuns(ctx: LoaderContext, runPins: RunPin[], signal: AbortSignal): Promise<Page<RunSummary>> {
  const byProject = new Map<string, RunPin[]>();
  for (const p of runPins) byProject.set(projectKey(p), [...(byProject.get(projectKey(p)) ?? []), p]);
  const items: RunSummary[] = [];
  for (const group of byProject.values()) {
    const { entity, project } = group[0]!;
    const page = await ctx.api.runs({ entity, project, filters: { name: { $in: group.map((g) => g.runId) } } }, { first: group.length, signal });
    for (const g of group) {
      // A pinned run the server no longer returns still shows, by the name it was pinned with.
      items.push(page.items.find((r) => r.runId === g.runId) ?? { id: '', entity, project, runId: g.runId, displayName: g.displayName ?? g.runId, state: 'unknown', tags: [] });
    }
  }
  return { items, endCursor: undefined, hasNextPage: false };
}

/** The entity's projects, after the workspace's project and any Go to Run brought in. */
export function loadEntity(node: EntityNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'projects', entity: node.entity }, (after, signal) => ctx.api.projects(node.entity, pageOf(ctx, after, signal)));
  const ws = ctx.workspaceProject?.();
  const wsHere = ws && ws.entity === node.entity ? ws : undefined;
  const top: Project[] = [...(wsHere ? [placeholderProject(wsHere)] : []), ...ctx.focus.projectsOf(node.entity)];
  return pagedRows(ctx.nodes, node, list, 'No projects in this entity yet.', (p) => projectNode(ctx, node.id, p), {
    items: top,
    keyOf: (p) => p.name,
    toNode: (p) => projectNode(ctx, node.id, p, { workspace: !!ws && ws.entity === p.entity && ws.project === p.name }),
  });
}
