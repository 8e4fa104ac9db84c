/**
 * W&B DateTimes usually come without a zone (`2023-11-05T17:46:35`) and mean UTC;
 * some carry `Z` or an offset. Returns undefined for null or unreadable values.
 */
export function parseWandbDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  const d = new Date(hasZone ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
