import { parseWandbDate } from './dates';
import type { RawReport } from '../queries/reports';

/** A W&B report (a saved "runs" view), as its tree row shows it. */
export interface Report {
  id: string;
  entity: string;
  project: string;
  title: string;
  description?: string;
  author?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

/** `My Report: v2 (final)` → `My-Report-v2-final`. */
export function reportSlug(title: string): string {
  return title
    .replace(/[^\p{L}\p{N}_]/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function decodeReport(r: RawReport, entity: string, project: string): Report {
  return {
    id: r.id,
    entity,
    project,
    title: r.displayName || r.name || 'Untitled report',
    description: r.description || undefined,
    author: r.user?.username || r.user?.name || undefined,
    createdAt: parseWandbDate(r.createdAt),
    updatedAt: parseWandbDate(r.updatedAt),
  };
}

/**
 * The report's page in the web app: `{app}/{entity}/{project}/reports/{slug}--{id}`, built as the
 * SDK's `BetaReport.url` (`wandb/apis/public/reports.py`) and the web app build it: every
 * non-word character of the title (Python's Unicode `\W`: not a letter, digit or `_`) becomes
 * `-`, runs of `-` collapse to one, `-` is stripped from both ends, then the slug is
 * percent-encoded; the id loses its `=` padding.
 */
export function reportWebUrl(appUrl: string, r: Pick<Report, 'entity' | 'project' | 'title' | 'id'>): string {
  const slug = encodeURIComponent(reportSlug(r.title));
  return `${appUrl}/${encodeURIComponent(r.entity)}/${encodeURIComponent(r.project)}/reports/${slug}--${r.id.replace(/=/g, '')}`;
}
