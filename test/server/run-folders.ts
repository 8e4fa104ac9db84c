/**
 * Plain W&B run folders as the SDK leaves them on disk (`wandb/run-<date>_<time>-<id>/` or
 * `offline-run-…`, `files/` inside since SDK 0.10, flat before): `config.yaml`,
 * `wandb-summary.json`, `wandb-history.jsonl` / `wandb-events.jsonl` where the SDK wrote them
 * (≤ 0.9), `wandb-metadata.json`, `output.log` and media. Read from those files only (never the
 * `.wandb` log, which the extension's own reader decodes): what a user exported is served as is.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { lazyBlob, mimeFor } from './blob.js';
import { arrayHistory, Store, type ProjectRec, type Row, type RunRec } from './model.js';
import { wbParse } from './wbjson.js';
import { parseYaml } from './yaml.js';

const RUN_DIR = /^(?:offline-)?run-(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})-([a-z0-9]+)$/;

/** Is `dir` itself a run folder (named as the SDK names them)? */
export function isRunFolder(dir: string): boolean {
  return RUN_DIR.test(basename(dir));
}

/** Run folders under `root` (or `root` itself), in name order, at most `limit`, `depth` levels down. */
export function findRunFolders(root: string, limit = Infinity, depth = 6): string[] {
  if (isRunFolder(root)) return [root];
  const out: string[] = [];
  const walk = (dir: string, level: number) => {
    if (level > depth || out.length >= limit) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = join(dir, e);
      try {
        if (!lstatSync(p).isDirectory()) continue;
      } catch {
        continue;
      }
      if (RUN_DIR.test(e)) out.push(p);
      else if (e !== 'node_modules' && !e.startsWith('.')) walk(p, level + 1);
    }
  };
  walk(root, 0);
  return out;
}

function readText(path: string): string | null {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

/** One JSON row per line; a line cut short (a killed run) is skipped, as W&B does. */
function jsonl(text: string | null): Row[] {
  const rows: Row[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push(wbParse(line) as Row);
    } catch {
      /* skipped */
    }
  }
  return rows;
}

/** The files a run folder uploads: `files/` (or the flat folder), without the `.wandb` log and local logs. */
function runFileNames(dir: string, filesDir: string): string[] {
  const names: string[] = [];
  const collect = (d: string, prefix: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        if (filesDir === dir && (e === 'logs' || e === 'files')) continue;
        collect(p, `${prefix}${e}/`);
      } else if (st.isFile() && !e.endsWith('.wandb')) names.push(`${prefix}${e}`);
    }
  };
  collect(filesDir, '');
  return names;
}

/** What a caller may set on a run built from a folder (the rest comes from its files). */
export interface RunFolderOptions {
  username: string;
  displayName?: (id: string) => string;
  tags?: string[];
  group?: string | null;
  notes?: string | null;
}

/**
 * Adds the run in `dir` to `project`; undefined when the folder has neither `config.yaml` nor
 * `wandb-summary.json`, or they cannot be read, or the project has the run already.
 */
export function addRunFolder(store: Store, project: ProjectRec, dir: string, opts: RunFolderOptions): RunRec | undefined {
  const m = RUN_DIR.exec(basename(dir));
  if (!m) return undefined;
  const id = m[7]!;
  if (project.runsByName.has(id)) return undefined;
  const filesDir = existsSync(join(dir, 'files')) ? join(dir, 'files') : dir;
  const read = (name: string) => readText(join(filesDir, name));
  const configText = read('config.yaml');
  const summaryText = read('wandb-summary.json');
  if (!configText && !summaryText) return undefined;
  let config: Record<string, unknown> = {};
  let summary: Record<string, unknown> = {};
  let meta: Record<string, unknown> = {};
  try {
    if (configText) config = (parseYaml(configText) as Record<string, unknown>) ?? {};
    delete config.wandb_version;
    if (summaryText) summary = (wbParse(summaryText) as Record<string, unknown>) ?? {};
    const metaText = read('wandb-metadata.json');
    if (metaText) meta = JSON.parse(metaText) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const createdAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const wandbRuntime = (summary._wandb as { runtime?: unknown } | undefined)?.runtime;
  const runtime = typeof summary._runtime === 'number' ? summary._runtime : typeof wandbRuntime === 'number' ? wandbRuntime : 60;
  const state = typeof meta.state === 'string' && meta.state !== 'running' ? meta.state : 'finished';
  const git = meta.git as { commit?: string } | undefined;
  const run = store.addRun(project, {
    name: id,
    displayName: opts.displayName?.(id) ?? id,
    state,
    createdAt,
    heartbeatAt: createdAt + Math.round(runtime * 1000),
    updatedAt: createdAt + Math.round(runtime * 1000),
    username: opts.username,
    tags: opts.tags ?? [],
    group: opts.group ?? null,
    jobType: null,
    notes: opts.notes ?? null,
    host: typeof meta.host === 'string' ? meta.host : null,
    commit: git?.commit ?? null,
    config,
    summary,
    history: arrayHistory(jsonl(read('wandb-history.jsonl'))),
    events: arrayHistory(jsonl(read('wandb-events.jsonl'))),
  });
  const names = runFileNames(dir, filesDir);
  run.files = store.runFiles(run, () => names.map((name) => ({ name, blob: lazyBlob(() => readFileSync(join(filesDir, name)), mimeFor(name)) })));
  return run;
}

/** The user the dev server signs in as when serving plain run folders. */
export const RUN_FOLDERS_USER = 'dev-user';

/**
 * The project plain run folders are served under: the folder holding `wandb/` (the name of the
 * user's project folder), else the folder given.
 */
export function projectNameFor(dir: string): string {
  const parts = resolve(dir).split(/[\\/]/).filter(Boolean);
  while (parts.length > 1 && (RUN_DIR.test(parts[parts.length - 1]!) || parts[parts.length - 1] === 'wandb')) parts.pop();
  return parts[parts.length - 1] ?? 'runs';
}

/** True when `dir` holds plain W&B run folders (or is one) rather than the fixture format. */
export function holdsRunFolders(dir: string): boolean {
  return !existsSync(join(dir, 'server.json')) && findRunFolders(dir, 1).length > 0;
}

/**
 * A Store serving every run folder under `dir` as the runs of one project of `dev-user`
 * (`--data` pointed at a user's own `wandb/` folder, a project folder, or one run folder).
 */
export function loadRunFolders(dir: string, now: number): Store {
  const store = new Store();
  store.viewer = store.addUser({ username: RUN_FOLDERS_USER, name: RUN_FOLDERS_USER, email: `${RUN_FOLDERS_USER}@example.com`, entity: RUN_FOLDERS_USER, teams: [], createdAt: now });
  const project = store.addProject({ name: projectNameFor(dir), entity: RUN_FOLDERS_USER, createdAt: now, username: RUN_FOLDERS_USER });
  for (const runDir of findRunFolders(dir)) addRunFolder(store, project, runDir, { username: RUN_FOLDERS_USER });
  if (project.runs.length) {
    project.createdAt = Math.min(...project.runs.map((r) => r.createdAt));
    project.updatedAt = Math.max(...project.runs.map((r) => r.updatedAt));
  }
  return store;
}
