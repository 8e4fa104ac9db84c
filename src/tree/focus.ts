import type { Project } from '../api/model/entities';
import type { RunSummary } from '../api/model/run';
import { projectKey, type ProjectRef } from './nodes';

/**
 * What "Go to Run" (or Search on a project not listed) brought into the tree that its pages do
 * not (yet) hold: entities, projects and runs shown above the loaded pages of their level.
 */
export class FocusedItems {
  private readonly entities: string[] = [];
  private readonly projects = new Map<string, Project[]>();
  private readonly runs = new Map<string, RunSummary[]>();

  /** Entities to list after the ones the account knows. */
  extraEntities(): readonly string[] {
    return this.entities;
  }

  /** Projects to show first under an entity, most recently focused first. */
  projectsOf(entity: string): readonly Project[] {
    return this.projects.get(entity) ?? [];
  }

  /** Runs to show first under a project's Runs, most recently focused first. */
  runsOf(p: ProjectRef): readonly RunSummary[] {
    return this.runs.get(projectKey(p)) ?? [];
  }

  /** Adds the project (and its entity, unless `listed` already has it). */
  focusProject(p: ProjectRef, listed: readonly string[]): void {
    if (!listed.includes(p.entity) && !this.entities.includes(p.entity)) this.entities.push(p.entity);
    const list = this.projects.get(p.entity) ?? [];
    if (!list.some((x) => x.name === p.project)) list.unshift(placeholderProject(p));
    this.projects.set(p.entity, list);
  }

  /** Adds the run, its project and its entity. */
  focusRun(run: RunSummary, listed: readonly string[]): void {
    this.focusProject(run, listed);
    const key = projectKey(run);
    const list = this.runs.get(key) ?? [];
    if (!list.some((r) => r.runId === run.runId)) list.unshift(run);
    this.runs.set(key, list);
  }
}

/** A project known only by name (pinned, workspace, Go to Run) until its entity's pages load it. */
export function placeholderProject(p: ProjectRef): Project {
  return { id: '', name: p.project, entity: p.entity };
}
