/**
 * Which paged list a tree level reads, as a typed key (not a `runs:${project}` string), and
 * which lists a Refresh of a node forgets. Pure: no `vscode`, no API calls.
 */
import type { Project } from '../api/model/entities';
import type { RunRef, RunSummary } from '../api/model/run';
import type { RunFile } from '../api/model/files';
import type { ArtifactCollection, ArtifactType, ArtifactVersion, ManifestEntry } from '../api/model/artifacts';
import type { Sweep } from '../api/model/sweeps';
import type { Report } from '../api/model/reports';
import type { ProjectRef, TreeNode } from './nodes';

/** The item type of each kind of list. */
export interface ListItems {
  projects: Project;
  runs: RunSummary;
  files: RunFile;
  runArtifacts: ArtifactVersion;
  artifactTypes: ArtifactType;
  collections: ArtifactCollection;
  versions: ArtifactVersion;
  manifest: ManifestEntry;
  sweeps: Sweep;
  sweepRuns: RunSummary;
  reports: Report;
  pinnedRuns: RunSummary;
}

export type ListKey =
  | { kind: 'projects'; entity: string }
  | ({ kind: 'runs' | 'artifactTypes' | 'sweeps' | 'reports' } & ProjectRef)
  | ({ kind: 'files' } & RunRef)
  | ({ kind: 'runArtifacts'; direction: 'logged' | 'used' } & RunRef)
  | ({ kind: 'collections'; type: string } & ProjectRef)
  | ({ kind: 'versions'; type: string; collection: string } & ProjectRef)
  | ({ kind: 'sweepRuns'; sweepId: string } & ProjectRef)
  | { kind: 'manifest'; versionId: string }
  | { kind: 'pinnedRuns'; host: string };

export type ListKind = ListKey['kind'];

/** A Map key for a list key: the same fields give the same id, whatever their order. */
export function listKeyId(key: ListKey): string {
  return JSON.stringify(key, Object.keys(key).sort());
}

/** Which lists a Refresh of a node forgets: every list (the account) or those a test picks. */
export type RefreshScope = 'all' | ((key: ListKey) => boolean);

const NOTHING: RefreshScope = () => false;

export function refreshScopeOf(node: TreeNode, host: string): RefreshScope {
  switch (node.kind) {
    case 'account':
      return 'all';
    case 'pinned':
      return (k) => k.kind === 'pinnedRuns' && k.host === host;
    case 'entity':
      return (k) => 'entity' in k && k.entity === node.entity;
    case 'project':
      return inProject({ entity: node.project.entity, project: node.project.name });
    case 'runs':
      return inProject(node, ['runs']);
    case 'run':
      return ofRun(node.run);
    case 'runFiles':
    case 'runFolder':
      return ofRun(node.run, (k) => k.kind === 'files');
    case 'runArtifacts':
      return ofRun(node.run, (k) => k.kind === 'runArtifacts' && k.direction === node.direction);
    case 'artifacts':
      return inProject(node, ['artifactTypes', 'collections', 'versions']);
    case 'artifactType': {
      const project = inProject(node, ['collections', 'versions']);
      return (k) => project(k) && 'type' in k && k.type === node.type;
    }
    case 'artifactCollection': {
      const c = node.collection;
      const project = inProject(node, ['versions']);
      return (k) => project(k) && k.kind === 'versions' && k.type === c.type && k.collection === c.name;
    }
    case 'artifactVersion':
    case 'artifactFolder':
      return (k) => k.kind === 'manifest' && k.versionId === node.version.id;
    case 'sweeps':
      return inProject(node, ['sweeps', 'sweepRuns']);
    case 'sweep': {
      const s = node.sweep;
      const project = inProject({ entity: s.entity, project: s.project }, ['sweepRuns']);
      return (k) => project(k) && k.kind === 'sweepRuns' && k.sweepId === s.sweepId;
    }
    case 'reports':
      return inProject(node, ['reports']);
    default:
      return NOTHING;
  }
}

/** Lists of a project (of the given kinds, or of every kind). */
function inProject(p: ProjectRef, kinds?: ListKind[]): (key: ListKey) => boolean {
  return (k) => 'project' in k && k.entity === p.entity && k.project === p.project && (!kinds || kinds.includes(k.kind));
}

function ofRun(r: RunRef, also: (key: ListKey) => boolean = () => true): (key: ListKey) => boolean {
  return (k) => 'runId' in k && k.entity === r.entity && k.project === r.project && k.runId === r.runId && also(k);
}
