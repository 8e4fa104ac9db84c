/** A download's result in one line, for notifications and logs. */
import { formatBytes, formatDuration } from '../../format';
import type { DownloadResult } from './types';

/** "12 downloaded, 3 skipped, 1 failed, 4.21 MB in 1.3 s". */
export function summarize(r: DownloadResult): string {
  const cached = r.downloaded.filter((d) => d.fromCache).length;
  const parts = [`${r.downloaded.length} downloaded${cached ? ` (${cached} from W&B's artifact cache)` : ''}`];
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  if (r.cancelled) parts.push(`${r.notDone} not done (cancelled)`);
  return `${parts.join(', ')}, ${formatBytes(r.bytes)} in ${formatDuration(r.ms)}`;
}
