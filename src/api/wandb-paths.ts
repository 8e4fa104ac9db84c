/**
 * What a person types or pastes to name a run or a sweep: the paths the SDK's
 * `Api._parse_path` accepts (`wandb/apis/public/api.py`) and the page URLs the web app shows.
 * Pure: no vscode, no network.
 *
 *   entity/project/runs/id   entity/project/id   entity/project:id   project/id   project:id   id
 *   /runs/…  /sweeps/…  entity/project/sweeps/id
 *   https://host[/base]/entity/project/runs/id[/overview|/logs|/files/…|…][?query][#…]
 *   https://host[/base]/entity/project/sweeps/id[/…]
 *   https://host[/base]/entity/project/workspace?runs=id   (one run only)
 */

/** What fills a path's missing entity and project, as the SDK's settings and viewer do. */
export interface PathDefaults {
  /** The SDK takes `settings.entity`, else the viewer's default entity. */
  entity?: string;
  /** The SDK takes `settings.project`; there is no fallback. */
  project?: string;
}

export type WandbPathTarget =
  | { kind: 'run'; entity: string; project: string; runId: string }
  | { kind: 'sweep'; entity: string; project: string; sweepId: string };

export type ParsedWandbPath = WandbPathTarget | { kind: 'invalid'; message: string };

const EXAMPLES = 'e.g. my-team/mnist/a1b2c3d4, mnist/a1b2c3d4, a1b2c3d4 or a run page URL';

/**
 * A sweep as `Api.sweep(path)` takes it: the same path forms as a run's (`_parse_path`, so
 * `entity/project/id`, `project/id` and `id` name the sweep), `…/sweeps/id`, or a sweep page URL.
 * A run's page URL is refused: it names a run, not a sweep.
 */
export function parseSweepPath(input: string, defaults: PathDefaults = {}): Extract<WandbPathTarget, { kind: 'sweep' }> | { kind: 'invalid'; message: string } {
  const text = input.trim();
  if (!text) return { kind: 'invalid', message: 'Type a sweep path or URL, e.g. my-team/mnist/sweeps/abc123, my-team/mnist/abc123, abc123 or a sweep page URL.' };
  const p = parseWandbPath(text, defaults);
  if (p.kind === 'invalid' || p.kind === 'sweep') return p;
  if (/^https?:\/\//i.test(text)) return { kind: 'invalid', message: `That is the page of run ${p.entity}/${p.project}/${p.runId}, not a sweep: paste a sweep's page URL.` };
  return { kind: 'sweep', entity: p.entity, project: p.project, sweepId: p.runId };
}

/** Parses a run or sweep path or page URL; `invalid` says what to type instead. */
export function parseWandbPath(input: string, defaults: PathDefaults = {}): ParsedWandbPath {
  const text = input.trim();
  if (!text) return invalid(`Type a run path or URL, ${EXAMPLES}.`);
  return /^https?:\/\//i.test(text) ? parseUrl(text) : parsePath(text, defaults);
}

/** Mirrors `Api._parse_path`: `/runs/` and `/sweeps/` drop out, then 3, 2 or 1 parts. */
function parsePath(text: string, defaults: PathDefaults): ParsedWandbPath {
  const kind = text.includes('/sweeps/') ? 'sweep' : 'run';
  let entity = defaults.entity;
  let project = defaults.project;
  let id: string | undefined;
  const path = text.replaceAll('/runs/', '/').replaceAll('/sweeps/', '/').replace(/^[/ ]+|[/ ]+$/g, '');
  const parts = path.split('/');
  if (parts.length === 4 && parts[2] === 'runs') [entity, project, , id] = parts;
  else if (parts.length === 3) [entity, project, id] = parts;
  else if (parts.length === 2) {
    if (parts[1]!.includes(':')) {
      entity = parts[0];
      [project, id] = splitOnce(parts[1]!);
    } else [project, id] = parts;
  } else if (parts.length === 1 && parts[0]) {
    if (parts[0].includes(':')) [project, id] = splitOnce(parts[0]);
    else id = parts[0];
  } else {
    return invalid(`"${text}" has too many parts: type entity/project/runId, ${EXAMPLES}.`);
  }
  entity = entity?.trim();
  project = project?.trim();
  id = id?.trim();
  if (!id) return invalid(`"${text}" names no ${kind} ID: type entity/project/${kind === 'run' ? 'runId' : 'sweepId'}.`);
  if (!project) return invalid(`"${text}" names no project, and this workspace sets none (wandb/settings): type project/${id} or entity/project/${id}.`);
  if (!entity) return invalid(`"${text}" names no entity, and there is no default one: type entity/${project}/${id}.`);
  return target(kind, entity, project, id);
}

/** A page URL: entity and project are the two segments before `runs`, `sweeps` or `workspace`. */
function parseUrl(text: string): ParsedWandbPath {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(`"${text}" is not a valid URL.`);
  }
  const segs = url.pathname.split('/').filter(Boolean).map(decodeSegment);
  // The first `runs`/`sweeps` after at least two segments: a self-hosted base path may come first.
  for (let i = 2; i < segs.length; i++) {
    const seg = segs[i]!;
    const [entity, project] = [segs[i - 2]!, segs[i - 1]!];
    if ((seg === 'runs' || seg === 'sweeps') && segs[i + 1]) return target(seg === 'runs' ? 'run' : 'sweep', entity, project, segs[i + 1]!);
    if (seg === 'workspace' || seg === 'table') {
      const runs = url.searchParams.getAll('runs').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      const unique = [...new Set(runs)];
      if (unique.length === 1) return target('run', entity, project, unique[0]!);
      if (unique.length > 1) return invalid(`This workspace URL names ${unique.length} runs; open one run's page and copy its URL.`);
      return invalid(`This is the project page of ${entity}/${project}, not a run: open a run and copy its URL.`);
    }
  }
  return invalid(`"${text}" is not a run or sweep page URL (…/entity/project/runs/runId).`);
}

function target(kind: 'run' | 'sweep', entity: string, project: string, id: string): WandbPathTarget {
  return kind === 'run' ? { kind, entity, project, runId: id } : { kind, entity, project, sweepId: id };
}

function splitOnce(s: string): [string, string] {
  const at = s.indexOf(':');
  return [s.slice(0, at), s.slice(at + 1)];
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function invalid(message: string): ParsedWandbPath {
  return { kind: 'invalid', message };
}
