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

/** The report's page in the web app: `{app}/{entity}/{project}/reports/{Title-with-dashes}--{id}` (as the SDK builds it). */
export function reportWebUrl(appUrl: string, r: Pick<Report, 'entity' | 'project' | 'title' | 'id'>): string {
  const slug = encodeURIComponent(r.title.replace(/ /g, '-'));
  return `${appUrl}/${encodeURIComponent(r.entity)}/${encodeURIComponent(r.project)}/reports/${slug}--${r.id.replace(/=/g, '')}`;
}
