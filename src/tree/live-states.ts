import type { RunLiveState } from '../api/model/run';
import type { ProjectRef, RunNode } from './nodes';
import { projectKey } from './nodes';

/** The one API call the live refresh makes (a fake in unit tests). */
export type RunStatesApi = (q: ProjectRef, runIds: string[], signal?: AbortSignal) => Promise<Map<string, RunLiveState>>;

/**
 * Asks the server for the state of the given running runs (one request per project, at most
 * `max` runs each) and updates their nodes in place, so VS Code keeps the same objects.
 * Returns the nodes whose state changed (only they need a redraw); a newer heartbeat alone
 * is kept but redraws nothing.
 */
export async function refreshRunningStates(running: readonly RunNode[], runStates: RunStatesApi, signal?: AbortSignal, max = 100): Promise<RunNode[]> {
  const changed: RunNode[] = [];
  for (const nodes of byProject(running).values()) {
    const { entity, project } = nodes[0]!.run;
    const ids = [...new Set(nodes.map((n) => n.run.runId))].slice(0, max);
    const states = await runStates({ entity, project }, ids, signal);
    for (const n of nodes) {
      const s = states.get(n.run.runId);
      if (!s) continue;
      if (s.heartbeatAt) n.run.heartbeatAt = s.heartbeatAt;
      if (s.state !== n.run.state) {
        n.run.state = s.state;
        changed.push(n);
      }
    }
  }
  return changed;
}

function byProject(nodes: readonly RunNode[]): Map<string, RunNode[]> {
  const out = new Map<string, RunNode[]>();
  for (const n of nodes) {
    const k = projectKey(n.run);
    const arr = out.get(k) ?? [];
    arr.push(n);
    out.set(k, arr);
  }
  return out;
}
