import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseRunFolderName, runFolderLayout } from './folder-names';
import type { LocalRun } from './local-run';

/**
 * Finds W&B run folders under the workspace: `wandb/run-*` and `wandb/offline-run-*` at any depth
 * (SDK 0.10+, and the flat 0.8 runs, which use the same names), plus the folder `WANDB_DIR` points
 * at (the SDK writes to `$WANDB_DIR/wandb/`). Heavy trees are not entered: `node_modules`, `.git`,
 * Python virtual environments (a folder holding `pyvenv.cfg`) and conda environments (`conda-meta/`),
 * and whatever the caller excludes. The walk is bounded in depth and time and says what it touched.
 */

export interface DiscoverOptions {
  /** Folders to search (workspace folders). */
  roots: readonly string[];
  /** `WANDB_DIR`: its `wandb/` folder is searched too, even outside the roots. */
  wandbDir?: string;
  // Globs relative to a root (`**/outputs/**`, `data/*`); a matching folder is not entered.
  exclude?: readonly string[];
  /** Folder levels below a root to enter (default 8). */
  maxDepth?: number;
  /** Stop after this much time (default 3 s); what was found so far is returned. */
  timeBudgetMs?: number;
  /** The clock (epoch ms); a parameter so tests can make time pass. */
  now?: () => number;
}

export interface DiscoveredRun {
  folder: string;
  runId: string;
  offline: boolean;
  layout: LocalRun['layout'];
  /** The root it was found under (or `WANDB_DIR`). */
  root: string;
}

export type SkipReason = 'node_modules' | 'vcs' | 'virtualenv' | 'conda' | 'cache' | 'excluded' | 'depth';

export interface DiscoveryReport {
  runs: DiscoveredRun[];
  /** Folders listed (each one `readdir`). */
  foldersRead: number;
  /** Directory entries seen in them: the files and folders the walk touched. */
  entriesSeen: number;
  /** Folders not entered, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /** The first few skipped folders, to show why something was not found. */
  skippedExamples: Array<{ path: string; reason: SkipReason }>;
  /** Set when the time budget ran out before the walk ended. */
  stoppedBy?: 'time';
  elapsedMs: number;
}

const SKIP_NAMES: Record<string, SkipReason> = {
  node_modules: 'node_modules',
  '.git': 'vcs',
  '.hg': 'vcs',
  '.svn': 'vcs',
  __pycache__: 'cache',
  '.mypy_cache': 'cache',
  '.pytest_cache': 'cache',
  '.tox': 'cache',
};
const EXAMPLES = 20;

/** A glob (`*`, `?`, `**`) as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export async function discoverRuns(opts: DiscoverOptions): Promise<DiscoveryReport> {
  const now = opts.now ?? Date.now;
  const started = now();
  const budget = opts.timeBudgetMs ?? 3000;
  const maxDepth = opts.maxDepth ?? 8;
  const excludes = (opts.exclude ?? []).map(globToRegExp);
  const report: DiscoveryReport = { runs: [], foldersRead: 0, entriesSeen: 0, skipped: {}, skippedExamples: [], elapsedMs: 0 };
  const seen = new Set<string>();
  const skip = (path: string, reason: SkipReason) => {
    report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
    if (report.skippedExamples.length < EXAMPLES) report.skippedExamples.push({ path, reason });
  };

  type Item = { abs: string; rel: string; depth: number; root: string };
  const queue: Item[] = opts.roots.map((root) => ({ abs: root, rel: '', depth: 0, root }));
  if (opts.wandbDir) queue.push({ abs: join(opts.wandbDir, 'wandb'), rel: 'wandb', depth: 0, root: opts.wandbDir });

  for (let qi = 0; qi < queue.length; qi++) {
    if (now() - started > budget) {
      report.stoppedBy = 'time';
      break;
    }
    const dir = queue[qi]!;
    const entries = await readdir(dir.abs, { withFileTypes: true }).catch(() => undefined);
    if (!entries) continue;
    report.foldersRead++;
    report.entriesSeen += entries.length;
    if (dir.depth > 0 && entries.some((e) => e.name === 'pyvenv.cfg' && e.isFile())) {
      skip(dir.abs, 'virtualenv');
      continue;
    }
    if (dir.depth > 0 && entries.some((e) => e.name === 'conda-meta' && e.isDirectory())) {
      skip(dir.abs, 'conda');
      continue;
    }
    const inWandb = basename(dir.abs) === 'wandb';
    for (const e of entries) {
      // Symlinked folders are not followed: `latest-run` would list a run twice, and links can loop.
      if (!e.isDirectory()) continue;
      const abs = join(dir.abs, e.name);
      const rel = dir.rel ? `${dir.rel}/${e.name}` : e.name;
      const named = inWandb ? parseRunFolderName(e.name) : undefined;
      if (named) {
        if (seen.has(abs)) continue;
        const found = await runFolderLayout(abs);
        report.foldersRead++;
        if (!found) continue;
        report.entriesSeen += found.entries;
        seen.add(abs);
        report.runs.push({ folder: abs, runId: named.runId, offline: named.offline, layout: found.layout, root: dir.root });
        continue;
      }
      const reason = SKIP_NAMES[e.name];
      if (reason) skip(abs, reason);
      else if (excludes.some((re) => re.test(rel) || re.test(`${rel}/`))) skip(abs, 'excluded');
      else if (dir.depth + 1 > maxDepth) skip(abs, 'depth');
      else queue.push({ abs, rel, depth: dir.depth + 1, root: dir.root });
    }
  }
  report.elapsedMs = now() - started;
  return report;
}
