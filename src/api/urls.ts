import { parseWandbPath, type PathDefaults } from './wandb-paths';

/**
 * Web app (UI) URLs, derived from the API base URL as W&B's SDK does:
 * `https://api.wandb.ai` → `https://wandb.ai`, other `://api.` hosts → `://app.`,
 * anything else (self-hosted W&B Server) → the same origin.
 */
export function appUrlFor(baseUrl: string, envAppUrl?: string): string {
  if (envAppUrl && envAppUrl.trim()) return envAppUrl.trim().replace(/\/+$/, '');
  const b = baseUrl.replace(/\/+$/, '');
  if (b.includes('://api.wandb.')) return b.replace('://api.', '://');
  if (b.includes('://api.')) return b.replace('://api.', '://app.');
  return b;
}

const seg = (s: string) => encodeURIComponent(s);

export function projectWebUrl(appUrl: string, entity: string, project: string): string {
  return `${appUrl}/${seg(entity)}/${seg(project)}/workspace`;
}

export function runWebUrl(appUrl: string, entity: string, project: string, runId: string): string {
  return `${appUrl}/${seg(entity)}/${seg(project)}/runs/${seg(runId)}`;
}

export function artifactWebUrl(appUrl: string, entity: string, project: string, type: string, collection: string, version: string): string {
  return `${appUrl}/${seg(entity)}/${seg(project)}/artifacts/${seg(type)}/${seg(collection)}/${seg(version)}`;
}

export function sweepWebUrl(appUrl: string, entity: string, project: string, sweepId: string): string {
  return `${appUrl}/${seg(entity)}/${seg(project)}/sweeps/${seg(sweepId)}`;
}

/** A run reference typed by a person: a run path or a W&B run page URL. */
export interface ParsedRunPath {
  entity: string;
  project: string;
  runId: string;
}

/**
 * A run path in any form `Api._parse_path` takes, or a run page URL (wandb-paths.ts), with the
 * missing entity and project taken from `defaults`. Undefined for anything else (a sweep too).
 */
export function parseRunPath(input: string, defaults: PathDefaults = {}): ParsedRunPath | undefined {
  const p = parseWandbPath(input, defaults);
  return p.kind === 'run' ? { entity: p.entity, project: p.project, runId: p.runId } : undefined;
}
