/**
 * What a command acts on. VS Code calls a tree command with `(clickedRow, selectedRows)`, the
 * run panel and other commands pass plain references, the palette passes nothing. This module
 * is the one place that reads those arguments: one rule for the multi-selection, one reading
 * of each kind of target.
 */
import { asRunRef, type RunRef, type RunSummary } from '../api/model/run';
import type { ArtifactVersion, ManifestEntry } from '../api/model/artifacts';
import type { RunFile } from '../api/model/files';
import type { Sweep } from '../api/model/sweeps';
import type { Report } from '../api/model/reports';
import { projectOf, type ProjectRef, type TreeNode } from '../tree/nodes';
import { localRunOf } from './local-runs';

/**
 * The rows a command acts on (VS Code's convention): when the clicked row is part of the
 * selection, the whole selection; otherwise the clicked row alone. Without a clicked row (the
 * palette), `fallback` (the tree's selection, for the commands that use it).
 */
export function chosenRows(clicked: unknown, selection: unknown, fallback: readonly unknown[] = []): unknown[] {
  if (clicked === undefined) return [...fallback];
  if (Array.isArray(selection) && selection.includes(clicked)) return [...(selection as unknown[])];
  return [clicked];
}

/** A run to act on: where it is, and what the tree row knows of it (when invoked on a run row). */
export interface RunTarget {
  ref: RunRef;
  known?: RunSummary;
}

/** A file of a run or of an artifact version. */
export type FileTarget = { kind: 'runFile'; run: RunRef; file: RunFile } | { kind: 'artifactFile'; version: ArtifactVersion; entry: ManifestEntry };

/** A tree row, read loosely: arguments come from VS Code and other commands, not the type checker. */
type Row = Record<string, unknown> & { kind?: unknown };

function asRow(v: unknown): Row | undefined {
  return v && typeof v === 'object' ? (v as Row) : undefined;
}

/** The run of a run row or its Overview row, with what the row knows. */
export function runSummaryOf(v: unknown): RunSummary | undefined {
  const r = asRow(v);
  if (r?.kind === 'run') return r.run as RunSummary;
  if (r?.kind === 'runOverview') return (r.runNode as { run: RunSummary }).run;
  return undefined;
}

const RUN_PARTS = new Set(['runFiles', 'runFolder', 'runFile', 'runArtifacts']);

/** The run an argument means: a run row, a row inside a run (Overview, Files, a folder or file), or a plain RunRef. */
export function runOf(v: unknown): RunTarget | undefined {
  const local = localRunOf(v);
  if (local) return { ref: local.ref };
  const known = runSummaryOf(v);
  if (known) return { ref: { entity: known.entity, project: known.project, runId: known.runId }, known };
  const r = asRow(v);
  if (!r) return undefined;
  if (typeof r.kind === 'string') {
    const ref = RUN_PARTS.has(r.kind) ? asRunRef(r.run) : undefined;
    return ref && { ref };
  }
  const ref = asRunRef(r);
  return ref && { ref };
}

function isVersion(v: unknown): v is ArtifactVersion {
  const a = asRow(v);
  return !!a && typeof a.id === 'string' && typeof a.collection === 'string' && typeof a.version === 'string' && typeof a.entity === 'string';
}

const VERSION_ROWS = new Set(['artifactVersion', 'artifactFolder', 'artifactFile']);

/** The artifact version an argument means: a version row, a folder or file in it, or a plain version. */
export function versionOf(v: unknown): ArtifactVersion | undefined {
  const r = asRow(v);
  if (!r) return undefined;
  if (typeof r.kind === 'string') return VERSION_ROWS.has(r.kind) && isVersion(r.version) ? r.version : undefined;
  return isVersion(r) ? r : undefined;
}

export function fileOf(v: unknown): FileTarget | undefined {
  const r = asRow(v);
  if (r?.kind === 'runFile') {
    const run = asRunRef(r.run);
    const file = r.file as RunFile | undefined;
    return run && file?.name ? { kind: 'runFile', run, file } : undefined;
  }
  if (r?.kind === 'artifactFile') {
    const entry = r.entry as ManifestEntry | undefined;
    return isVersion(r.version) && entry?.path ? { kind: 'artifactFile', version: r.version, entry } : undefined;
  }
  return undefined;
}

export function sweepOf(v: unknown): Sweep | undefined {
  const r = asRow(v);
  return r?.kind === 'sweep' ? (r.sweep as Sweep) : undefined;
}

export function reportOf(v: unknown): Report | undefined {
  const r = asRow(v);
  return r?.kind === 'report' ? (r.report as Report) : undefined;
}

/** The project any row belongs to. */
export function projectRefOf(v: unknown): ProjectRef | undefined {
  const r = asRow(v);
  return typeof r?.kind === 'string' ? projectOf(r as unknown as TreeNode) : undefined;
}

/** The folder path inside a run of a run folder row (`media/`), else the run's top. */
export function runFolderOf(v: unknown): string {
  const r = asRow(v);
  return r?.kind === 'runFolder' && typeof r.path === 'string' ? r.path : '';
}

export function runKey(ref: RunRef): string {
  return `${ref.entity}/${ref.project}/${ref.runId}`;
}

/** The chosen rows, read as one kind of target at a time. */
export class Targets {
  constructor(
    readonly rows: readonly unknown[],
    /** The row clicked, when there was one (it leads for single-target commands). */
    private readonly clicked?: unknown,
  ) {}

  static of(clicked: unknown, selection: unknown, fallback?: readonly unknown[]): Targets {
    return new Targets(chosenRows(clicked, selection, fallback), clicked);
  }

  /** The clicked row, else the first chosen one. */
  get first(): unknown {
    return this.clicked ?? this.rows[0];
  }

  /** Each run once, in the order chosen. */
  get runs(): RunTarget[] {
    const seen = new Set<string>();
    const out: RunTarget[] = [];
    for (const row of this.rows) {
      const t = runOf(row);
      if (t && !seen.has(runKey(t.ref))) {
        seen.add(runKey(t.ref));
        out.push(t);
      }
    }
    return out;
  }

  /** The run of the clicked row, else the first chosen run. */
  get run(): RunTarget | undefined {
    return runOf(this.first) ?? this.runs[0];
  }

  get version(): ArtifactVersion | undefined {
    return versionOf(this.first);
  }

  get files(): FileTarget[] {
    return this.rows.map(fileOf).filter((f): f is FileTarget => !!f);
  }

  get project(): ProjectRef | undefined {
    return projectRefOf(this.first);
  }

  get sweep(): Sweep | undefined {
    return sweepOf(this.first);
  }

  get report(): Report | undefined {
    return reportOf(this.first);
  }
}
