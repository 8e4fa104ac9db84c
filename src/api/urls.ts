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

/** A run reference typed by a person: `entity/project/runId` or a W&B run page URL. */
export interface ParsedRunPath {
  entity: string;
  project: string;
  runId: string;
}

/**
 * Parses `entity/project/runId`, `entity/project/runs/runId`, or a run page URL
 * (`https://wandb.ai/e/p/runs/id?workspace=...`). Returns undefined when it is neither.
 */
export function parseRunPath(input: string): ParsedRunPath | undefined {
  const text = input.trim();
  let path = text;
  const isUrl = /^https?:\/\//i.test(text);
  if (isUrl) {
    try {
      path = new URL(text).pathname;
    } catch {
      return undefined;
    }
  }
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts.length === 4 && parts[2] === 'runs') return { entity: parts[0]!, project: parts[1]!, runId: parts[3]! };
  // A URL names a run only with `/runs/`; `e/p/workspace` is a project page.
  if (!isUrl && parts.length === 3 && parts[2] !== 'runs') return { entity: parts[0]!, project: parts[1]!, runId: parts[2]! };
  return undefined;
}
