/** Loaders of a project's levels and of runs: the project, Runs, a run, Sweeps and a sweep. */
import { runsOrderArg } from '../../api/runs-filter';
import type { RunSummary } from '../../api/model/run';
import type { FilterNode, OpenedRunsNode, ProjectNode, ProjectRef, RunNode, RunsFolderNode, SweepNode, SweepsFolderNode, TreeNode } from '../nodes';
import type { PagedList } from '../paged-list';
import { isNarrowed, orderLabel, sortMetric, type RunsSearch } from '../runs-search';
import { pageOf, type LoaderContext } from './context';
import { pagedRows } from './level';
import { runNode } from './node-makers';

/** The runs Go to Run opened here (when there are any), Runs, Artifacts, Sweeps, Reports: no request. */
export function loadProject(node: ProjectNode, ctx: LoaderContext): TreeNode[] {
  const ref = { entity: node.project.entity, project: node.project.name };
  const opened = ctx.focus.runsOf(ref).length ? [ctx.nodes.intern({ kind: 'openedRuns', id: `${node.id}/opened`, ...ref } satisfies OpenedRunsNode)] : [];
  return [
    ...opened,
    ctx.nodes.intern({ kind: 'runs', id: `${node.id}/runs`, ...ref, runCount: node.project.runCount }),
    ctx.nodes.intern({ kind: 'artifacts', id: `${node.id}/artifacts`, ...ref }),
    ctx.nodes.intern({ kind: 'sweeps', id: `${node.id}/sweeps`, ...ref }),
    ctx.nodes.intern({ kind: 'reports', id: `${node.id}/reports`, ...ref }),
  ];
}

/** The search row (when the search narrows), then the pages of the search: exactly what the server answered, in its order. */
export async function loadRuns(node: RunsFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  for (;;) {
    const search = ctx.searches.get(node);
    const children = await loadRunsUnder(node, search, ctx);
    // A new search or sort landed while this page was on the wire (Search then Sort at once):
    // that answer belongs to a dropped list, so load again for the search now in force.
    if (ctx.searches.get(node) === search) return children;
  }
}

async function loadRunsUnder(node: RunsFolderNode, search: RunsSearch, ctx: LoaderContext): Promise<TreeNode[]> {
  const out: TreeNode[] = [];
  if (isNarrowed(search)) {
    out.push(ctx.nodes.intern({ kind: 'filter', id: `${node.id}/filter`, entity: node.entity, project: node.project, text: search.text, order: orderLabel(search.order) } satisfies FilterNode));
  }
  const metricKey = sortMetric(search);
  const rows = await pagedRows(ctx.nodes, node, runsList(ctx, node), search.text ? 'No runs match this search.' : 'No runs in this project yet.', (r) => runNode(ctx, node.id, r, { metricKey }));
  return [...out, ...rows];
}

/** The runs Go to Run opened in this project, most recent first. No request. */
export function loadOpenedRuns(node: OpenedRunsNode, ctx: LoaderContext): TreeNode[] {
  return ctx.focus.runsOf(node).map((r) => runNode(ctx, node.id, r));
}

/** The Runs list of a project under its current search (made again when the search changes). */
export function runsList(ctx: LoaderContext, p: ProjectRef): PagedList<RunSummary> {
  const search = ctx.searches.get(p);
  const metric = sortMetric(search);
  return ctx.lists.get({ kind: 'runs', entity: p.entity, project: p.project }, (after, signal) =>
    ctx.api.runs({ entity: p.entity, project: p.project, filters: search.filter, order: runsOrderArg(search.order), metricKeys: metric ? [metric] : undefined }, pageOf(ctx, after, signal)),
  );
}

/** Overview, Files, Logged and Used artifacts: no request. */
export function loadRun(node: RunNode, ctx: LoaderContext): TreeNode[] {
  const run = { entity: node.run.entity, project: node.run.project, runId: node.run.runId };
  return [
    ctx.nodes.intern({ kind: 'runOverview', id: `${node.id}/overview`, runNode: node }),
    ctx.nodes.intern({ kind: 'runFiles', id: `${node.id}/files`, run, readOnly: node.run.readOnly }),
    ctx.nodes.intern({ kind: 'runArtifacts', id: `${node.id}/logged`, run, direction: 'logged' }),
    ctx.nodes.intern({ kind: 'runArtifacts', id: `${node.id}/used`, run, direction: 'used' }),
  ];
}

export function loadSweeps(node: SweepsFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'sweeps', entity: node.entity, project: node.project }, (after, signal) => ctx.api.sweeps(node, pageOf(ctx, after, signal)));
  return pagedRows(ctx.nodes, node, list, 'No sweeps in this project.', (s) => ctx.nodes.intern({ kind: 'sweep', id: `${node.id}/s:${s.sweepId}`, sweep: s }));
}

/**
 * A sweep's runs, best first when the sweep has a metric. The best one is marked as the server
 * says over all the sweep's runs (one request, as the SDK's `Sweep.best_run`), never guessed
 * from a loaded page; a run without the metric is never the best.
 */
export async function loadSweep(node: SweepNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const s = node.sweep;
  const list = ctx.lists.get({ kind: 'sweepRuns', entity: s.entity, project: s.project, sweepId: s.sweepId }, (after, signal) =>
    ctx.api.sweepRuns({ entity: s.entity, project: s.project, sweepId: s.sweepId, metric: s.metric }, pageOf(ctx, after, signal)),
  );
  const metric = s.metric;
  const [best] = await Promise.all([
    metric ? ctx.api.sweepBestRun({ entity: s.entity, project: s.project, sweepId: s.sweepId, metric }) : undefined,
    list.ensureFirstPage(),
  ]);
  return pagedRows(ctx.nodes, node, list, 'No runs in this sweep yet.', (r) => runNode(ctx, node.id, r, { metricKey: metric?.name, best: r.runId === best?.runId }));
}
