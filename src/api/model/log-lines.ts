import type { RunLogLinesQuery } from '../queries/generated';
import { parseWandbDate } from './dates';

/** One line of a run's streamed console output (`Run.logLines`). */
export interface LogLine {
  /** Position in the run's console log, from 0. */
  number: number;
  line: string;
  /** `error` for stderr, '' otherwise. */
  level: string;
  timestamp?: Date;
}

/** A page of console lines, oldest first, with the cursors to read on or page back from. */
export interface LogLinesPage {
  lines: LogLine[];
  /** Cursor of the first line (page back with `before`), undefined for an empty page. */
  startCursor?: string;
  /** Cursor of the last line (read on with `after`), undefined for an empty page. */
  endCursor?: string;
  /** Lines before this page exist. */
  hasEarlier: boolean;
  /** Lines after this page exist (already written, not yet read). */
  hasMore: boolean;
}

type RawLogLines = NonNullable<NonNullable<NonNullable<RunLogLinesQuery['project']>['run']>['logLines']>;

/** A `logLines` connection (absent: no lines) into a page; a line's missing number is its place. */
export function decodeLogLines(raw: RawLogLines | null | undefined): LogLinesPage {
  if (!raw) return { lines: [], hasEarlier: false, hasMore: false };
  const edges = raw.edges;
  const lines = edges.map((e, i): LogLine => {
    const n = e.node;
    const line: LogLine = { number: typeof n.number === 'number' ? n.number : i, line: n.line ?? '', level: n.level ?? '' };
    const t = parseWandbDate(n.timestamp);
    if (t) line.timestamp = t;
    return line;
  });
  return {
    lines,
    startCursor: edges[0]?.cursor,
    endCursor: edges[edges.length - 1]?.cursor,
    hasEarlier: raw.pageInfo.hasPreviousPage,
    hasMore: raw.pageInfo.hasNextPage,
  };
}
