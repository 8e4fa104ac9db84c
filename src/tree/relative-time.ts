/** "3 min ago", "2 days ago": short, for tree descriptions. */
export function relativeTime(date: Date, now: number = Date.now()): string {
  const s = Math.round((now - date.getTime()) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 60) return `${d} days ago`;
  return date.toISOString().slice(0, 10);
}
